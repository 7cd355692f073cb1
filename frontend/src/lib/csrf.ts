/**
 * CSRF protection for the BFF's state-changing route handlers: the request
 * must come from this site's own pages. Browsers send `Origin` on every
 * cross-origin POST/PATCH/DELETE and `Sec-Fetch-Site` on all requests, so a
 * forged form post from another site is refused even though the session
 * cookies are SameSite=Lax.
 */
export function isSameOriginRequest(request: Request, siteUrl: string): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin") return false;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const allowed = new Set<string>();
  try {
    allowed.add(new URL(siteUrl).origin);
  } catch {
    // An invalid SITE_URL simply allows nothing from it.
  }
  const host = request.headers.get("host");
  if (host) {
    const scheme = new URL(request.url).protocol;
    allowed.add(`${scheme}//${host}`);
  }
  return allowed.has(origin);
}

export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
