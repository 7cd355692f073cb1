import { csrfRefusal, readForm, seeOther } from "@/lib/bff";
import { absoluteUrl } from "@/lib/config";
import {
  EMAIL_FLASH_COOKIE,
  NEWSLETTER_PATH,
  readSubscribeForm,
  subscribeOutcome,
  subscribeResultPath,
} from "@/lib/newsletter";
import { backendFetch, clientIpOf } from "@/lib/session";

const SECURE = absoluteUrl("/").startsWith("https://");

/**
 * The subscribe form's target (a plain `<form method="post">`, no JavaScript):
 * asks the backend, then answers 303 to the result page, which says the same
 * thing for every valid address, or shows the form again with its error.
 */
export async function POST(request: Request) {
  const refused = csrfRefusal(request);
  if (refused) return refused;
  const fields = readSubscribeForm(await readForm(request));
  const result = await backendFetch("/api/newsletter/subscribe/", {
    method: "POST",
    // No topic ticked: the backend names the field (at least one is required).
    body: { email: fields.email, topics: fields.topics },
    clientIp: clientIpOf(request),
  });
  const outcome = subscribeOutcome(result.status, result.body);
  const response = seeOther(subscribeResultPath(fields, outcome));
  if (outcome.kind === "error" && fields.email) {
    // Refilled on the error page, so a typo needs one fix, not retyping.
    response.cookies.set(EMAIL_FLASH_COOKIE, fields.email.slice(0, 254), {
      httpOnly: true,
      secure: SECURE,
      sameSite: "lax",
      path: NEWSLETTER_PATH,
      maxAge: 300,
    });
  } else {
    response.cookies.set(EMAIL_FLASH_COOKIE, "", { path: NEWSLETTER_PATH, maxAge: 0 });
  }
  return response;
}
