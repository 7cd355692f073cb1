import type { Metadata } from "next";
import { PostGrid } from "@/components/post-card";
import { getPosts } from "@/lib/cms";
import { boundSearchQuery, SEARCH_MAX_WORDS } from "@/lib/search";

export const metadata: Metadata = {
  title: "Search",
  description: "Search Folio's posts.",
  robots: { index: false, follow: true },
  alternates: { canonical: "/search/" },
};

/** Server-rendered per request: results are never cached. */
export default async function SearchPage({ searchParams }: PageProps<"/search">) {
  const { q } = await searchParams;
  const { query, clipped } = boundSearchQuery(Array.isArray(q) ? q[0] : q);
  const results = query ? await getPosts({ search: query, limit: 20 }) : null;
  return (
    <>
      <h1>Search</h1>
      <form role="search" action="/search/" method="get" className="form">
        <div className="field">
          <label htmlFor="search-q">Search posts</label>
          <input id="search-q" type="search" name="q" defaultValue={query} />
        </div>
        <div>
          <button type="submit" className="button">
            Search
          </button>
        </div>
      </form>
      {clipped ? (
        <p className="notice" role="status">
          Searches use at most {SEARCH_MAX_WORDS} words and 200 characters, so only the beginning of
          your search was used.
        </p>
      ) : null}
      {results ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" className="section-heading" aria-live="polite">
            {results.total === 0
              ? `No posts match “${query}”`
              : `${results.total} ${results.total === 1 ? "result" : "results"} for “${query}”`}
          </h2>
          {results.items.length > 0 ? (
            <PostGrid posts={results.items} headingLevel={3} preloadFirst />
          ) : null}
        </section>
      ) : null}
    </>
  );
}
