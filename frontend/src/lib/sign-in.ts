/**
 * Errors of the sign-in form posted without the page's script: the BFF answers
 * 303 to `/signin/?error=<code>` (a code, never text or what was typed), and the
 * page shows the code's message.
 */
export const SIGN_IN_ERRORS = {
  credentials: "No active account found with the given credentials.",
  throttled: "Too many attempts. Please wait a few minutes and try again.",
  unavailable: "Signing in is unavailable right now. Please try again in a moment.",
} as const;

export type SignInError = keyof typeof SIGN_IN_ERRORS;

/** Where a refused form sign-in goes: the sign-in page with the error's code (and `next`). */
export function signInErrorPath(status: number, next: string | null): string {
  const code: SignInError =
    status === 429 ? "throttled" : status >= 400 && status < 500 ? "credentials" : "unavailable";
  const query = new URLSearchParams({ error: code });
  if (next) query.set("next", next);
  return `/signin/?${query}`;
}

/** The message for an `error` query value, or undefined for none or an unknown one. */
export function signInErrorMessage(code: string | null): string | undefined {
  return code && Object.hasOwn(SIGN_IN_ERRORS, code)
    ? SIGN_IN_ERRORS[code as SignInError]
    : undefined;
}
