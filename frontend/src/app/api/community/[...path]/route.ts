import { cookies } from "next/headers";
import { csrfRefusal, isAllowedCommunityPath, json, readJson, relay } from "@/lib/bff";
import { backendCall, clientIpOf } from "@/lib/session";

type Context = { params: Promise<{ path: string[] }> };

/** Forwards the browser's community API calls with the session's access token. */
async function forward(request: Request, { params }: Context) {
  const refused = csrfRefusal(request);
  if (refused) return refused;
  const { path } = await params;
  if (!isAllowedCommunityPath(path)) return json({ detail: "Not found." }, 404);
  const search = new URL(request.url).search;
  const body =
    request.method === "GET" || request.method === "DELETE" ? undefined : await readJson(request);
  const result = await backendCall(await cookies(), `/api/${path.join("/")}/`, {
    method: request.method,
    body,
    search,
    clientIp: clientIpOf(request),
  });
  return relay(result);
}

export const GET = forward;
export const POST = forward;
export const PATCH = forward;
export const DELETE = forward;
