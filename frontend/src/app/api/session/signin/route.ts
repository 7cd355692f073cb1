import { csrfRefusal, json, readJson } from "@/lib/bff";
import { reshapeUser } from "@/lib/reshape";
import { backendFetch, clientIpOf, isTokens, setSessionCookies } from "@/lib/session";

/** Exchanges credentials for a JWT pair, kept in httpOnly cookies. */
export async function POST(request: Request) {
  const refused = csrfRefusal(request);
  if (refused) return refused;
  const body = (await readJson(request)) as { username?: unknown; password?: unknown } | undefined;
  const credentials = {
    username: String(body?.username ?? ""),
    password: String(body?.password ?? ""),
  };
  const token = await backendFetch("/api/auth/token/", {
    method: "POST",
    body: credentials,
    clientIp: clientIpOf(request),
  });
  if (token.status !== 200 || !isTokens(token.body))
    return json(token.body, token.status === 200 ? 502 : token.status);
  const me = await backendFetch("/api/auth/me/", { access: token.body.access });
  const response = json({ user: me.status === 200 ? reshapeUser(me.body) : null });
  setSessionCookies(response, token.body);
  return response;
}
