/**
 * Shared pieces of the BFF route handlers: CSRF check, JSON answers and form-post
 * redirects that are never cached, and which community API paths the browser may reach.
 */
import "server-only";
import { NextResponse } from "next/server";
import { absoluteUrl, SITE_URL } from "./config";
import { isSameOriginRequest, SAFE_METHODS } from "./csrf";
import { applySession, type BackendResult } from "./session";

export const NO_STORE = { "Cache-Control": "private, no-store, max-age=0" };

export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body ?? {}, { status, headers: NO_STORE });
}

/** A 403 answer when a state-changing request does not come from this site. */
export function csrfRefusal(request: Request): NextResponse | null {
  if (SAFE_METHODS.has(request.method)) return null;
  if (isSameOriginRequest(request, SITE_URL)) return null;
  return json({ detail: "Cross-site request refused." }, 403);
}

/**
 * The backend's answer as this route's, never cached, with any refreshed (or
 * refused) session applied. `reshape` turns a success body into the app's own
 * type; errors pass through as DRF wrote them, for `reshapeErrors`.
 */
export function relay(
  result: BackendResult,
  reshape: (body: unknown) => unknown = (body) => body,
): NextResponse {
  const ok = result.status >= 200 && result.status < 300;
  // 204/205 carry no body; NextResponse.json would add one.
  const response =
    result.status === 204 || result.status === 205
      ? new NextResponse(null, { status: 204, headers: NO_STORE })
      : json(ok ? reshape(result.body) : result.body, result.status);
  return applySession(response, result);
}

/**
 * Community API paths the browser may call through `/api/community/...`:
 * comments (with the live thread's version, pins, permalink pages, the preview and
 * mutes), likes, stats, reports and uploads, plus the two anonymous password
 * reset calls (they take no token and return none). Auth endpoints that issue
 * tokens are reached only through `/api/session/*`, which keeps them server-side.
 */
const ALLOWED = [
  /^posts\/\d+\/(comments|comments\/version|like|stats)$/,
  /^posts\/stats$/,
  /^comments\/\d+(\/(like|report|pin|page))?$/,
  /^comments\/preview$/,
  /^auth\/me\/mutes\/(?!\.\.?$)[\w.@+-]{1,150}$/,
  /^uploads(\/limits)?$/,
  /^uploads\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\/complete)?$/,
  /^auth\/password-reset(\/confirm)?$/,
];

export function isAllowedCommunityPath(segments: string[]): boolean {
  const path = segments.join("/");
  return ALLOWED.some((pattern) => pattern.test(path));
}

/** Whether the request's body is an HTML form's (urlencoded or multipart). */
export function isFormPost(request: Request): boolean {
  const type = request.headers.get("content-type") ?? "";
  return /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type);
}

/** A posted form's fields; none when the body is not a readable form. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

/** A form post's answer: 303 to `path` on this site, never stored. */
export function seeOther(path: string): NextResponse {
  return NextResponse.redirect(absoluteUrl(path), { status: 303, headers: NO_STORE });
}

export async function readJson(request: Request): Promise<unknown> {
  try {
    return (await request.json()) as unknown;
  } catch {
    return undefined;
  }
}
