/**
 * Site paths built from the backend's identifiers. A slug is used as the API
 * gives it (taggit's `café`, `c_1`, `foo_bar`), percent-encoded where it is
 * not ASCII, so the link reaches the page the API knows by that slug.
 */

export function tagPath(slug: string): string {
  return `/tags/${encodeURIComponent(slug)}/`;
}

export function tagFeedPath(slug: string): string {
  return `${tagPath(slug)}feed.xml`;
}

/**
 * The slug in a `[slug]` route param. Next 16 passes the segment as the
 * browser sent it (`caf%C3%A9`, not `café`: without this the tag page of
 * `Café` is a 404, as e2e/follow-a-tag.spec.ts showed); slugs never contain
 * `%`, so decoding cannot change one that arrives already decoded.
 */
export function slugFromParam(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

export function tagJsonFeedPath(slug: string): string {
  return `${tagPath(slug)}feed.json`;
}
