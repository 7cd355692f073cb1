/**
 * Runtime configuration, read from the environment in one place.
 *
 * NEXT_PUBLIC_API_URL is the Django backend; SITE_URL is this site's own
 * public origin (canonical URLs, sitemap, feeds, same-origin checks).
 */

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

export const API_URL = trimSlash(process.env.NEXT_PUBLIC_API_URL || "http://127.0.0.1:8000");

export const SITE_URL = trimSlash(process.env.SITE_URL || "http://127.0.0.1:3000");

export const SITE_NAME = "Folio";

export const SITE_DESCRIPTION =
  "Folio: writing about software, the web and the craft of building things.";

/** Seconds before cached API data is refreshed even without a publish signal. */
export const FALLBACK_REVALIDATE_SECONDS = 3600;

export const POSTS_PER_PAGE = 10;

/** Absolute URL on this site for a path such as `/blog/hello/`. */
export function absoluteUrl(path: string): string {
  return `${SITE_URL}${path.startsWith("/") ? path : `/${path}`}`;
}
