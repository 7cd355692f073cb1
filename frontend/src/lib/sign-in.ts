/**
 * Errors of the sign-in form posted without the page's script: the BFF answers
 * 303 to `/signin/?error=<code>` (a code, never text or what was typed), and the
 * page shows the code's message.
 */
export const SIGN_IN_ERRORS = {
  username: "Enter your username.",
  password: "Enter your password.",
  credentials: "No active account found with the given credentials.",
  throttled: "Too many attempts. Please wait a few minutes and try again.",
  unavailable: "Signing in is unavailable right now. Please try again in a moment.",
} as const;

export type SignInError = keyof typeof SIGN_IN_ERRORS;

/** The error of a refused sign-in, from the backend's status. */
export function signInErrorCode(status: number): SignInError {
  return status === 429
    ? "throttled"
    : status >= 400 && status < 500
      ? "credentials"
      : "unavailable";
}

/** The field a posted form left empty (the form keeps `noValidate` for its script), if any. */
export function missingField(username: string, password: string): SignInError | undefined {
  if (!username.trim()) return "username";
  if (!password) return "password";
  return undefined;
}

/** Where a refused form sign-in goes: the sign-in page with the error's code (and `next`). */
export function signInErrorPath(code: SignInError, next: string | null): string {
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
