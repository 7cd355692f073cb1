import { csrfRefusal, readForm, seeOther } from "@/lib/bff";
import { confirmResultPath, confirmStatus } from "@/lib/newsletter";
import { backendFetch, clientIpOf } from "@/lib/session";

/**
 * The confirm page's button (a form POST, so a mail scanner that follows the
 * emailed link confirms nothing): confirms the token, then 303 to the result.
 */
export async function POST(request: Request) {
  const refused = csrfRefusal(request);
  if (refused) return refused;
  const token = String((await readForm(request)).get("token") ?? "").slice(0, 128);
  const result = token
    ? await backendFetch("/api/newsletter/confirm/", {
        method: "POST",
        body: { token },
        clientIp: clientIpOf(request),
      })
    : { status: 400 };
  const status = confirmStatus(result.status);
  return seeOther(confirmResultPath(status, token));
}
