import { csrfRefusal, isFormPost, json, readForm, readJson, seeOther } from "@/lib/bff";
import { safeRedirectPath } from "@/lib/preview";
import { reshapeUser } from "@/lib/reshape";
import { backendFetch, clientIpOf, isTokens, setSessionCookies } from "@/lib/session";
import { missingField, signInErrorCode, signInErrorPath } from "@/lib/sign-in";

/**
 * Exchanges credentials for a JWT pair, kept in httpOnly cookies. The page's
 * script posts JSON and gets JSON; the form itself, posted before the script
 * runs (or without it), gets a 303: to its `next` page once signed in, or back
 * to the sign-in page with an error code.
 */
export async function POST(request: Request) {
  const refused = csrfRefusal(request);
  if (refused) return refused;
  const form = isFormPost(request) ? Object.fromEntries((await readForm(request)).entries()) : null;
  const body = form ?? ((await readJson(request)) as Record<string, unknown> | undefined);
  const credentials = {
    username: String(body?.username ?? ""),
    password: String(body?.password ?? ""),
  };
  const next = typeof form?.next === "string" ? form.next : null;
  const missing = form && missingField(credentials.username, credentials.password);
  if (missing) return seeOther(signInErrorPath(missing, next));
  const token = await backendFetch("/api/auth/token/", {
    method: "POST",
    body: credentials,
    clientIp: clientIpOf(request),
  });
  if (token.status !== 200 || !isTokens(token.body)) {
    if (form) return seeOther(signInErrorPath(signInErrorCode(token.status), next));
    return json(token.body, token.status === 200 ? 502 : token.status);
  }
  const response = form
    ? seeOther(safeRedirectPath(next, "/account/"))
    : json({
        user: await backendFetch("/api/auth/me/", { access: token.body.access }).then((me) =>
          me.status === 200 ? reshapeUser(me.body) : null,
        ),
      });
  setSessionCookies(response, token.body);
  return response;
}
