import { NextResponse } from "next/server";
import { csrfRefusal, NO_STORE } from "@/lib/bff";
import { absoluteUrl } from "@/lib/config";
import { confirmResultPath, confirmStatus } from "@/lib/newsletter";
import { backendFetch, clientIpOf } from "@/lib/session";

/**
 * The confirm page's button (a form POST, so a mail scanner that follows the
 * emailed link confirms nothing): confirms the token, then 303 to the result.
 */
export async function POST(request: Request) {
  const refused = csrfRefusal(request);
  if (refused) return refused;
  let token = "";
  try {
    token = String((await request.formData()).get("token") ?? "").slice(0, 128);
  } catch {
    token = "";
  }
  const result = token
    ? await backendFetch("/api/newsletter/confirm/", {
        method: "POST",
        body: { token },
        clientIp: clientIpOf(request),
      })
    : { status: 400 };
  const status = confirmStatus(result.status);
  return NextResponse.redirect(absoluteUrl(confirmResultPath(status, token)), {
    status: 303,
    headers: NO_STORE,
  });
}
