import { cookies } from "next/headers";
import { csrfRefusal, json, readJson } from "@/lib/bff";
import { reshapeUser } from "@/lib/reshape";
import { applySession, backendCall, clearSessionCookies, readTokens } from "@/lib/session";
import { SIGNED_IN_COOKIE } from "@/lib/session-cookies";

/** The signed-in user (`{user: null}` when signed out), never cached. */
export async function GET() {
  const jar = await cookies();
  const { access, refresh } = readTokens(jar);
  if (!access && !refresh) {
    const response = json({ user: null });
    // A hint outliving its session would make every page ask again.
    if (jar.has(SIGNED_IN_COOKIE)) clearSessionCookies(response);
    return response;
  }
  const result = await backendCall(jar, "/api/auth/me/");
  const user = result.status === 200 ? reshapeUser(result.body) : null;
  const response = json({ user });
  if (result.status === 401 || result.status === 403) result.signedOut = true;
  return applySession(response, result);
}

/** Updates the profile: display name, bio, avatar upload id. */
export async function PATCH(request: Request) {
  const refused = csrfRefusal(request);
  if (refused) return refused;
  const body = await readJson(request);
  const result = await backendCall(await cookies(), "/api/auth/me/", { method: "PATCH", body });
  const response =
    result.status === 200
      ? json({ user: reshapeUser(result.body) })
      : json(result.body, result.status);
  return applySession(response, result);
}
