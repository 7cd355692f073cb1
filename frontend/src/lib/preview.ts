/** Helpers for the Draft Mode preview flow (wagtail-headless-preview). */

export const PREVIEW_COOKIE = "folio_preview";

export type PreviewRef = { contentType: string; token: string };

export function encodePreview(ref: PreviewRef): string {
  return JSON.stringify(ref);
}

export function decodePreview(value: string | undefined): PreviewRef | null {
  if (!value) return null;
  try {
    const data = JSON.parse(value) as Partial<PreviewRef>;
    if (typeof data.contentType === "string" && typeof data.token === "string") {
      return { contentType: data.contentType, token: data.token };
    }
  } catch {
    // A malformed cookie means no preview.
  }
  return null;
}

/**
 * Only this site's own paths may be a redirect target: `/blog/x/`, never
 * `//evil.example`, `/\evil.example`, `https://...` or a path with control
 * characters.
 */
export function safeRedirectPath(path: string | null | undefined, fallback = "/preview/"): string {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.includes("\\"))
    return fallback;
  if (/[\u0000-\u001f\u007f]/.test(path)) return fallback;
  try {
    const url = new URL(path, "http://site.invalid");
    if (url.origin !== "http://site.invalid") return fallback;
    return url.pathname + url.search;
  } catch {
    return fallback;
  }
}

const CONTENT_TYPE = /^[a-z0-9_]+\.[a-z0-9_]+$/i;

export function isValidPreviewRequest(contentType: string | null, token: string | null): boolean {
  return !!contentType && !!token && CONTENT_TYPE.test(contentType) && token.length < 2000;
}
