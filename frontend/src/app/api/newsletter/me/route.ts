import { cookies } from "next/headers";
import { csrfRefusal, json, readJson } from "@/lib/bff";
import { reshapeMySubscription } from "@/lib/newsletter";
import { applySession, backendCall, readTokens } from "@/lib/session";

/** The signed-in reader's newsletter subscription (`GET /api/newsletter/me/`), never cached. */
export async function GET() {
  const jar = await cookies();
  const { access, refresh } = readTokens(jar);
  if (!access && !refresh) return json({ detail: "Please sign in first." }, 401);
  const result = await backendCall(jar, "/api/newsletter/me/");
  const response =
    result.status === 200
      ? json(reshapeMySubscription(result.body))
      : json(result.body, result.status);
  return applySession(response, result);
}

/** Sets the reader's topics (`[]` unsubscribes); an unconfirmed address gets a confirmation email. */
export async function PUT(request: Request) {
  const refused = csrfRefusal(request);
  if (refused) return refused;
  const body = (await readJson(request)) as { topics?: unknown } | undefined;
  const result = await backendCall(await cookies(), "/api/newsletter/me/", {
    method: "PUT",
    body: { topics: body?.topics },
  });
  const response =
    result.status === 200
      ? json(reshapeMySubscription(result.body))
      : json(result.body, result.status);
  return applySession(response, result);
}
