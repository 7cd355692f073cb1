/**
 * The search box's query, bounded as the backend bounds it (`search/query.py`:
 * 5,000 characters and 50 words; longer queries answer 400). The page searches
 * the first words and says so, rather than failing.
 */

export const SEARCH_MAX_CHARS = 200;
/** search/query.py DEFAULT_MAX_WORDS. */
export const SEARCH_MAX_WORDS = 50;

// Python's str.split() also splits on these, which JavaScript's \s does not.
const SEPARATORS = /[\s\x1c-\x1f\x85]+/g;

export type BoundedQuery = { query: string; clipped: boolean };

export function boundSearchQuery(raw: string | undefined): BoundedQuery {
  const words = (raw ?? "").replace(SEPARATORS, " ").trim().split(" ").filter(Boolean);
  let query = words.slice(0, SEARCH_MAX_WORDS).join(" ");
  let clipped = words.length > SEARCH_MAX_WORDS;
  if (query.length > SEARCH_MAX_CHARS) {
    query = query.slice(0, SEARCH_MAX_CHARS).trim();
    clipped = true;
  }
  return { query, clipped };
}
