/**
 * Typed getters for Wagtail API v2. Each getter carries the cache tags that
 * the backend's revalidation signal names (`posts`, `page:<id>`, `tag:<slug>`,
 * `author:<slug>`, `authors`, `tags`), so a publish refreshes exactly the data
 * it touched.
 */
import { apiFindRedirect, apiGet, type CacheOptions } from "./api";
import { tagPath } from "./paths";
import type { ApiAuthor, ApiFeedPost, ApiListing, ApiPage, ApiTag } from "./api-types";
import {
  pageIdFromDetailUrl,
  reshapeAuthor,
  reshapePage,
  reshapeFeedPost,
  reshapePostSummary,
  reshapeTag,
} from "./reshape";
import type { Author, CmsPage, FeedPost, Paginated, Post, PostSummary, Tag } from "./types";

const POST_TYPE = "blog.BlogPage";
const MAX_LIMIT = 50;

export const cacheTags = {
  posts: "posts",
  pages: "pages",
  home: "home",
  path: (path: string) => `path:${path}`,
  page: (id: number) => `page:${id}`,
  tag: (slug: string) => `tag:${slug}`,
  author: (slug: string) => `author:${slug}`,
  authors: "authors",
  tags: "tags",
} as const;

function listing<T>(value: unknown): { items: T[]; total: number } {
  const body = (value ?? {}) as Partial<ApiListing<T>>;
  const items = Array.isArray(body.items) ? body.items : [];
  const total = typeof body.meta?.total_count === "number" ? body.meta.total_count : items.length;
  return { items, total };
}

/**
 * Resolve a site path through the page tree (`/api/v2/pages/find/`) and load
 * the page's detail. `null` when no live page has that path.
 */
export async function getPageByPath(path: string): Promise<CmsPage | null> {
  const htmlPath = path.endsWith("/") ? path : `${path}/`;
  // `path:<path>` lets a publish signal name a path (a new, moved or deleted
  // page); the home page embeds featured posts and is also tagged `home`.
  const extraTags = [cacheTags.path(htmlPath), ...(htmlPath === "/" ? [cacheTags.home] : [])];
  const location = await apiFindRedirect("/api/v2/pages/find/", {
    query: { html_path: htmlPath },
    cache: { tags: [cacheTags.pages, cacheTags.posts, ...extraTags] },
  });
  if (location === null) return null;
  const id = pageIdFromDetailUrl(location);
  if (id === null) return null;
  return getPageById(id, extraTags);
}

export async function getPageById(id: number, extraTags: string[] = []): Promise<CmsPage | null> {
  const data = await apiGet(`/api/v2/pages/${id}/`, {
    cache: { tags: [cacheTags.page(id), cacheTags.pages, ...extraTags] },
  });
  return data === null ? null : reshapePage(data as ApiPage);
}

export type PostQuery = {
  limit?: number;
  offset?: number;
  /** Tag slug, as the API gives it (`?tag=<slug>`). */
  tag?: string;
  /** Author slug. */
  author?: string;
  search?: string;
};

/** One page of the post listing, raw: `fields` adds to the post summary (e.g. `body_html`). */
async function listPosts(query: PostQuery, fields?: string): Promise<ApiListing<ApiFeedPost>> {
  const tags: string[] = [cacheTags.posts];
  if (query.tag) tags.push(cacheTags.tag(query.tag));
  if (query.author) tags.push(cacheTags.author(query.author));
  const cache: CacheOptions = query.search ? { noStore: true } : { tags };
  const data = await apiGet("/api/v2/pages/", {
    query: {
      // Without `fields`, a post listing's default fields are the backend's post
      // summary (`blog/api/serializers.py`), the shape of featured posts too;
      // never the bodies.
      type: POST_TYPE,
      fields,
      // Wagtail ranks search results by relevance; ordering would override it.
      order: query.search ? undefined : "-first_published_at",
      limit: Math.min(query.limit ?? 10, MAX_LIMIT),
      offset: query.offset ?? 0,
      tag: query.tag,
      author: query.author,
      search: query.search,
    },
    cache,
  });
  const { items, total } = listing<ApiFeedPost>(data);
  return { items, meta: { total_count: total } };
}

/** Live blog posts, newest first. `search` queries are never cached. */
export async function getPosts(query: PostQuery = {}): Promise<Paginated<PostSummary>> {
  const { items, meta } = await listPosts(query);
  return { items: items.map(reshapePostSummary), total: meta.total_count };
}

/**
 * The newest posts with their full bodies, for feeds: one listing call with
 * `fields=body_html` (a column of the rows already fetched; the backend caches
 * each rendering by its Markdown's hash), not one detail call per post.
 */
export async function getFeedPosts(
  query: Pick<PostQuery, "tag" | "author"> = {},
  limit = 20,
): Promise<FeedPost[]> {
  const { items } = await listPosts({ ...query, limit }, "body_html");
  return items.map(reshapeFeedPost);
}

/** What a tag's feeds say (RSS and JSON Feed alike), or null for an unknown tag. */
export async function tagFeedOptions(slug: string) {
  const tag = await getTag(slug);
  if (!tag) return null;
  return {
    slug: tag.slug,
    posts: await getFeedPosts({ tag: tag.slug }),
    title: `Folio: ${tag.name}`,
    description: `Folio posts tagged ${tag.name}.`,
    path: tagPath(tag.slug),
  };
}

/** The newest `count` live posts (pages prebuilt at build time). */
export async function getLatestPosts(count: number): Promise<PostSummary[]> {
  const latest: PostSummary[] = [];
  for (let offset = 0; offset < count; offset += MAX_LIMIT) {
    const page = await getPosts({ limit: Math.min(MAX_LIMIT, count - offset), offset });
    latest.push(...page.items);
    if (page.items.length < MAX_LIMIT) break;
  }
  return latest;
}

/** Every live post, paging through the API 50 at a time (sitemap, feeds). */
export async function getAllPosts(
  query: Omit<PostQuery, "limit" | "offset"> = {},
): Promise<PostSummary[]> {
  const all: PostSummary[] = [];
  for (let offset = 0; ; offset += MAX_LIMIT) {
    const page = await getPosts({ ...query, limit: MAX_LIMIT, offset });
    all.push(...page.items);
    if (page.items.length < MAX_LIMIT || all.length >= page.total) return all;
  }
}

export async function getTags(): Promise<Tag[]> {
  const data = await apiGet("/api/v2/tags/", {
    cache: { tags: [cacheTags.tags, cacheTags.posts] },
  });
  return listing<ApiTag>(data)
    .items.map(reshapeTag)
    .filter((tag): tag is Tag => tag !== null);
}

/** The tag the API knows by `slug` (`/api/v2/tags/?slug=`), or `null`. */
export async function getTag(slug: string): Promise<Tag | null> {
  const data = await apiGet("/api/v2/tags/", {
    query: { slug },
    cache: { tags: [cacheTags.tags, cacheTags.tag(slug)] },
  });
  const first = listing<ApiTag>(data).items[0];
  return first === undefined ? null : reshapeTag(first);
}

export async function getAuthors(): Promise<Author[]> {
  const data = await apiGet("/api/v2/authors/", {
    query: { fields: "*", limit: MAX_LIMIT },
    cache: { tags: [cacheTags.authors] },
  });
  return listing<ApiAuthor>(data)
    .items.map(reshapeAuthor)
    .filter((author): author is Author => author !== null);
}

export async function getAuthor(slug: string): Promise<Author | null> {
  const data = await apiGet("/api/v2/authors/", {
    query: { fields: "*", slug },
    cache: { tags: [cacheTags.authors, cacheTags.author(slug)] },
  });
  const first = listing<ApiAuthor>(data).items[0];
  return first === undefined ? null : reshapeAuthor(first);
}

/**
 * The draft behind a wagtail-headless-preview token. Never cached: previews
 * must not enter the shared cache.
 */
export async function getPreviewPage(contentType: string, token: string): Promise<CmsPage | null> {
  const data = await apiGet("/api/v2/page_preview/", {
    query: { content_type: contentType, token, format: "json" },
    cache: { noStore: true },
  });
  return data === null ? null : reshapePage(data as ApiPage);
}

export function isPost(page: CmsPage | null): page is Post {
  return page?.kind === "post";
}
