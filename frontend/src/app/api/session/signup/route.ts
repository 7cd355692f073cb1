import { csrfRefusal, json, readJson } from "@/lib/bff";
import { reshapeUser } from "@/lib/reshape";
import { backendFetch, clientIpOf, isTokens, setSessionCookies } from "@/lib/session";

/** Registers an account, then signs it in. */
export async function POST(request: Request) {
  const refused = csrfRefusal(request);
  if (refused) return refused;
  const body = (await readJson(request)) as Record<string, unknown> | undefined;
  const account = {
    username: String(body?.username ?? ""),
    email: String(body?.email ?? ""),
    password: String(body?.password ?? ""),
  };
  const clientIp = clientIpOf(request);
  const registered = await backendFetch("/api/auth/register/", {
    method: "POST",
    body: account,
    clientIp,
  });
  if (registered.status !== 201 && registered.status !== 200)
    return json(registered.body, registered.status);
  const token = await backendFetch("/api/auth/token/", {
    method: "POST",
    body: { username: account.username, password: account.password },
    clientIp,
  });
  if (token.status !== 200 || !isTokens(token.body))
    return json({ user: null, signedIn: false }, 201);
  const me = await backendFetch("/api/auth/me/", { access: token.body.access });
  const response = json(
    { user: me.status === 200 ? reshapeUser(me.body) : null, signedIn: true },
    201,
  );
  setSessionCookies(response, token.body);
  return response;
}
