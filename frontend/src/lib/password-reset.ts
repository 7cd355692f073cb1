/**
 * Password reset from the browser: ask for the emailed link, then set a new
 * password with its `uid` and `token`. Both calls are anonymous and go through
 * the BFF's community allow-list (`/api/community/auth/password-reset/...`).
 */
import { sendJson, type Result } from "./client";

export const REQUEST_URL = "/api/community/auth/password-reset/";
export const CONFIRM_URL = "/api/community/auth/password-reset/confirm/";

/** Shown after any request that was accepted, whether or not the address has an account. */
export const REQUEST_SENT =
  "If an account exists for that address, we've sent a link to reset its password. " +
  "Check your inbox (and spam folder); the link works once and expires soon.";

export const INVALID_LINK = "This reset link is invalid or has expired.";

export function requestPasswordReset(email: string): Promise<Result<unknown>> {
  return sendJson(REQUEST_URL, "POST", { email: email.trim() });
}

export function confirmPasswordReset(
  uid: string,
  token: string,
  newPassword: string,
): Promise<Result<unknown>> {
  return sendJson(CONFIRM_URL, "POST", { uid, token, new_password: newPassword });
}

/** Client-side checks before the backend's validators: something typed, twice the same. */
export function checkNewPassword(password: string, confirm: string): Record<string, string> {
  if (!password) return { new_password: "Enter a new password." };
  if (password !== confirm) return { confirm_password: "The two passwords do not match." };
  return {};
}

export type ResetErrors = {
  /** Errors shown next to a field (`new_password`, `confirm_password`). */
  fields: Record<string, string>;
  /** The link itself is unusable: ask for a new one. */
  invalidLink: boolean;
  /** Anything else (throttled, network, server error). */
  general: string[];
};

const FIELDS = new Set(["new_password", "confirm_password"]);
const LINK_FIELDS = new Set(["uid", "token"]);

/** Sorts a 400's `{"field": "msg"}` into field errors, a dead link, and the rest. */
export function sortResetErrors(errors: Record<string, string>): ResetErrors {
  const sorted: ResetErrors = { fields: {}, invalidLink: false, general: [] };
  for (const [key, message] of Object.entries(errors)) {
    if (FIELDS.has(key)) sorted.fields[key] = message;
    else if (LINK_FIELDS.has(key)) sorted.invalidLink = true;
    else sorted.general.push(message);
  }
  return sorted;
}
