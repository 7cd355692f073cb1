import { cookies } from "next/headers";
import { csrfRefusal, json, readJson, relay } from "@/lib/bff";
import { reshapeMySubscription } from "@/lib/newsletter";
import { backendCall, readTokens } from "@/lib/session";

/** The signed-in reader's newsletter subscription (`GET /api/newsletter/me/`), never cached. */
export async function GET() {
  const jar = await cookies();
  const { access, refresh } = readTokens(jar);
  if (!access && !refresh) return json({ detail: "Please sign in first." }, 401);
  return relay(await backendCall(jar, "/api/newsletter/me/"), reshapeMySubscription);
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
  return relay(result, reshapeMySubscription);
}
