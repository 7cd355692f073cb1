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
 * The slug in a `[slug]` route param. Next hands params over percent-decoded
 * for client navigations but may pass a prerendered or direct request's
 * segment as sent (`caf%C3%A9`); slugs never contain `%`, so decoding once
 * more is safe and gives the API's slug either way.
 */
export function slugFromParam(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}
