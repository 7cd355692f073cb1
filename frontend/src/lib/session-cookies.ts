/**
 * The BFF's session cookies, by name, for code on both sides: the JWT pair
 * (httpOnly, never readable by page scripts) and `folio_signed_in`, a
 * readable cookie that says only "a session may exist here" (its value is
 * "1", no secret). Pages read it to skip the session fetch and the account
 * menu's code for readers who are not signed in: most page views.
 */
export const ACCESS_COOKIE = "folio_access";
export const REFRESH_COOKIE = "folio_refresh";
export const SIGNED_IN_COOKIE = "folio_signed_in";

/** How long a refresh token lives when its expiry cannot be read. */
export const DEFAULT_REFRESH_MAX_AGE = 60 * 60 * 24 * 7;

/** Fired on `window` whenever the page's session changes (sign-in, sign-out). */
export const SESSION_CHANGE_EVENT = "folio:session-change";

/** True when this browser holds the signed-in hint (false while rendering on the server). */
export function hasSignedInCookie(): boolean {
  if (typeof document === "undefined") return false;
  return document.cookie.split(";").some((part) => part.trim().startsWith(`${SIGNED_IN_COOKIE}=`));
}

/** Calls `listener` on every session change in this page; returns the unsubscribe. */
export function onSessionChange(listener: () => void): () => void {
  window.addEventListener(SESSION_CHANGE_EVENT, listener);
  return () => window.removeEventListener(SESSION_CHANGE_EVENT, listener);
}

export function announceSessionChange(): void {
  window.dispatchEvent(new Event(SESSION_CHANGE_EVENT));
}
