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

/*
 * The signed-in hint as this page last read it. Reading `document.cookie` is a
 * synchronous call into the browser's cookie store (2-4 ms here, up to 26 ms,
 * multiplied by Lighthouse's 4x CPU), and the header's menu used to read it four
 * times inside the hydration task. The hint is now read once per page, without
 * blocking (the Cookie Store API where the browser has it, else
 * `document.cookie` in a task of its own), and again after a sign-in or
 * sign-out on this page.
 */
let hint: boolean | null = null;
let reading: Promise<boolean> | null = null;
let generation = 0;
const hintListeners = new Set<() => void>();

function hintIn(cookies: string): boolean {
  return cookies.split(";").some((part) => part.trim().startsWith(`${SIGNED_IN_COOKIE}=`));
}

async function readHintNow(): Promise<boolean> {
  if ("cookieStore" in window) {
    try {
      return (await window.cookieStore.get(SIGNED_IN_COOKIE)) !== null;
    } catch {
      // e.g. refused in this context: fall back to document.cookie
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
  return hintIn(document.cookie);
}

/** Whether this browser holds the signed-in hint; one read per page and session change (false on the server). */
export function readSignedInHint(): Promise<boolean> {
  if (typeof document === "undefined") return Promise.resolve(false);
  if (!reading) {
    const started = generation;
    reading = readHintNow().then((value) => {
      // A sign-in or sign-out since this read started asked for a newer one.
      if (started === generation && value !== hint) {
        hint = value;
        for (const listener of hintListeners) listener();
      }
      return value;
    });
  }
  return reading;
}

/** The hint as last read, without reading it: null until the first read answers. */
export function signedInHint(): boolean | null {
  return hint;
}

/** Calls `listener` when the hint read changes (starts the first read); returns the unsubscribe. */
export function watchSignedInHint(listener: () => void): () => void {
  hintListeners.add(listener);
  void readSignedInHint();
  return () => {
    hintListeners.delete(listener);
  };
}

/** Forgets the hint read so far (unit tests change the cookie between tests). */
export function forgetSignedInHint(): void {
  hint = null;
  reading = null;
  generation += 1;
}

/** Calls `listener` on every session change in this page; returns the unsubscribe. */
export function onSessionChange(listener: () => void): () => void {
  window.addEventListener(SESSION_CHANGE_EVENT, listener);
  return () => window.removeEventListener(SESSION_CHANGE_EVENT, listener);
}

/** Tells the page its session changed: the hint is read again, then listeners run. */
export function announceSessionChange(): void {
  // Keep showing the last hint until the new read answers.
  reading = null;
  generation += 1;
  if (hintListeners.size > 0) void readSignedInHint();
  window.dispatchEvent(new Event(SESSION_CHANGE_EVENT));
}
