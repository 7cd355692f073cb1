/** `2026-11-26` → `26 November 2026`, fixed locale and time zone so server and client agree. */
export function formatDate(date: string): string {
  const parsed = new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(parsed);
}

/** Page N of a listing at `base` (`/blog/`): page 1 is the base itself. */
export function pagePath(base: string, page: number): string {
  return page <= 1 ? base : `${base}page/${page}/`;
}

export function totalPages(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** Page number from a `page/<n>` path suffix, or null if `segments` has none. */
export function parsePageSuffix(segments: string[]): { base: string[]; page: number } | null {
  if (segments.length < 2) return null;
  const last = segments[segments.length - 1] ?? "";
  if (segments[segments.length - 2] !== "page" || !/^[1-9]\d{0,4}$/.test(last)) return null;
  return { base: segments.slice(0, -2), page: Number(last) };
}
