import { cookies } from "next/headers";
import { csrfRefusal, json } from "@/lib/bff";
import { backendFetch, clearSessionCookies, readTokens } from "@/lib/session";

/** Blacklists the refresh token on the backend and clears the cookies. */
export async function POST(request: Request) {
  const refused = csrfRefusal(request);
  if (refused) return refused;
  const { access, refresh } = readTokens(await cookies());
  if (refresh) {
    await backendFetch("/api/auth/logout/", { method: "POST", body: { refresh }, access });
  }
  const response = json({ user: null });
  clearSessionCookies(response);
  return response;
}
