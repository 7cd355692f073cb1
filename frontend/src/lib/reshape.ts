/**
 * Reshape functions: turn the backend's JSON into the app's own types.
 *
 * Inputs are typed as the API documents them (`api-types.ts`), and every field
 * is still read defensively, so a renamed or missing field in the API degrades
 * to an empty value here instead of crashing a page. Identifiers (slugs, paths)
 * are the backend's: they are passed through, never derived from names.
 */
import type {
  ApiAuthor,
  ApiHeroImage,
  ApiFeedPost,
  ApiPage,
  ApiPostSummary,
  ApiSimpleImage,
  ApiTag,
} from "./api-types";
import type {
  Author,
  BlogIndexPage,
  CmsPage,
  FeedPost,
  Comment,
  CommentPage,
  HeroImage,
  HomePage,
  Post,
  PostStats,
  PostSummary,
  Rendition,
  SimpleImage,
  Tag,
  User,
} from "./types";

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Json)
    : {};
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function strOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function num(value: unknown, fallback = 0): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return fallback;
}

function bool(value: unknown): boolean {
  return value === true;
}

/** Path part of an absolute or relative URL, always with a trailing slash. */
export function toPath(url: string): string {
  if (!url) return "";
  let path: string;
  try {
    path = new URL(url, "http://placeholder.invalid").pathname;
  } catch {
    return "";
  }
  return path.endsWith("/") ? path : `${path}/`;
}

export function reshapeSimpleImage(value: ApiSimpleImage | null | undefined): SimpleImage | null {
  const image = obj(value);
  const url = str(image.url);
  if (!url) return null;
  return { url, width: num(image.width), height: num(image.height) };
}

export function reshapeHeroImage(value: ApiHeroImage | null | undefined): HeroImage | null {
  const image = obj(value);
  if (Object.keys(image).length === 0) return null;
  const renditions: Rendition[] = arr(image.renditions)
    .map((r) => {
      const rendition = obj(r);
      return {
        url: str(rendition.url),
        width: num(rendition.width),
        height: num(rendition.height),
        format: str(rendition.format),
      };
    })
    .filter((r) => r.url !== "" && r.width > 0)
    .sort((a, b) => a.width - b.width);
  if (renditions.length === 0) return null;
  const largest = renditions[renditions.length - 1];
  return {
    id: num(image.id),
    alt: str(image.alt) || str(image.title),
    width: num(image.width) || (largest?.width ?? 0),
    height: num(image.height) || (largest?.height ?? 0),
    renditions,
    thumbnail: reshapeSimpleImage(image.thumbnail as ApiSimpleImage | null),
  };
}

/** `{name, slug}`; a tag without its slug has no page to link to, so it is dropped. */
export function reshapeTag(value: ApiTag): Tag | null {
  const tag = obj(value);
  const name = str(tag.name);
  const slug = str(tag.slug);
  if (!name || !slug) return null;
  const result: Tag = { name, slug };
  if (tag.post_count !== undefined) result.postCount = num(tag.post_count);
  return result;
}

/** An author; like a tag, one without its slug has no page and is dropped. */
export function reshapeAuthor(value: ApiAuthor): Author | null {
  const author = obj(value);
  const name = str(author.name);
  const slug = str(author.slug);
  if (!name || !slug) return null;
  const result: Author = {
    id: num(author.id),
    name,
    slug,
    bio: str(author.bio),
    avatar: reshapeSimpleImage(author.avatar as ApiSimpleImage | null),
  };
  if (author.post_count !== undefined) result.postCount = num(author.post_count);
  return result;
}

function isPresent<T>(value: T | null): value is T {
  return value !== null;
}

export function reshapePostSummary(value: ApiPostSummary): PostSummary {
  const item = obj(value);
  const meta = obj(item.meta);
  const hero = reshapeHeroImage(item.hero_image as ApiHeroImage | null);
  const firstPublishedAt = strOrNull(meta.first_published_at);
  return {
    id: num(item.id),
    title: str(item.title),
    slug: str(meta.slug),
    path: toPath(str(meta.html_url)),
    excerpt: str(item.excerpt),
    date: str(item.date) || (firstPublishedAt ? firstPublishedAt.slice(0, 10) : ""),
    firstPublishedAt,
    // Listed in `meta` by stock Wagtail, at the top level by Folio's serializer.
    lastPublishedAt: strOrNull(meta.last_published_at) ?? strOrNull(item.last_published_at),
    readingTime: Math.max(1, num(item.reading_time, 1)),
    heroImage: hero,
    socialImage: reshapeSimpleImage(item.social_image as ApiSimpleImage | null),
    tags: (arr(item.tags) as ApiTag[]).map(reshapeTag).filter(isPresent),
    authors: (arr(item.authors) as ApiAuthor[]).map(reshapeAuthor).filter(isPresent),
    seoTitle: str(meta.seo_title),
    searchDescription: str(meta.search_description),
    canonicalUrl: str(item.canonical_url),
  };
}

/**
 * Images inside a post body load lazily: the hero image is the page's largest
 * paint, and body images must not compete with it.
 */
export function lazyBodyImages(html: string): string {
  return html.replace(/<img(?![^>]*\sloading=)/g, '<img loading="lazy" decoding="async"');
}

export function reshapePost(value: ApiPage): Post {
  const item = obj(value);
  return {
    ...reshapePostSummary(value),
    kind: "post",
    bodyHtml: lazyBodyImages(str(item.body_html)),
    commentsEnabled: item.comments_enabled === undefined ? true : bool(item.comments_enabled),
  };
}

/** A listing item fetched with `fields=body_html` (feeds): the summary plus the sanitized body. */
export function reshapeFeedPost(value: ApiFeedPost): FeedPost {
  return { ...reshapePostSummary(value), bodyHtml: str(obj(value).body_html) };
}

/** Any page detail from API v2, dispatched on `meta.type`. */
export function reshapePage(value: ApiPage): CmsPage {
  const item = obj(value);
  const meta = obj(item.meta);
  const type = str(meta.type).toLowerCase();
  const common = {
    id: num(item.id),
    title: str(item.title),
    path: toPath(str(meta.html_url)),
    seoTitle: str(meta.seo_title),
    searchDescription: str(meta.search_description),
  };
  if (type.endsWith(".blogpage")) return reshapePost(value);
  if (type.endsWith(".homepage")) {
    const home: HomePage = {
      ...common,
      kind: "home",
      intro: str(item.intro),
      featured: (arr(item.featured_posts) as ApiPostSummary[]).map(reshapePostSummary),
    };
    return home;
  }
  if (type.endsWith(".blogindexpage")) {
    const index: BlogIndexPage = { ...common, kind: "index", intro: str(item.intro) };
    return index;
  }
  return { kind: "other", id: common.id, title: common.title, path: common.path, type };
}

/** Page id from the Location of `/api/v2/pages/find/` (`.../api/v2/pages/12/`). */
export function pageIdFromDetailUrl(location: string): number | null {
  const match = /\/pages\/(\d+)\/?(?:\?.*)?$/.exec(location);
  return match?.[1] ? Number(match[1]) : null;
}

/* Community API */

export function reshapeComment(value: unknown): Comment {
  const comment = obj(value);
  const author = obj(comment.author);
  const hasAuthor = Object.keys(author).length > 0;
  const avatar = author.avatar;
  return {
    id: num(comment.id),
    parent: comment.parent === null || comment.parent === undefined ? null : num(comment.parent),
    author: hasAuthor
      ? {
          id: num(author.id),
          username: str(author.username) || null,
          displayName: str(author.display_name) || str(author.username) || "Anonymous",
          avatar:
            typeof avatar === "string"
              ? avatar || null
              : (reshapeSimpleImage(avatar as ApiSimpleImage | null)?.url ?? null),
          ...(author.remote === true && str(author.url)
            ? { remote: { handle: str(author.handle) || null, url: str(author.url) } }
            : {}),
        }
      : null,
    bodyHtml: str(comment.body_html),
    created: str(comment.created),
    edited: bool(comment.edited),
    deleted: bool(comment.deleted),
    status: str(comment.status) || "visible",
    pinned: bool(comment.pinned),
    mentions: arr(comment.mentions).map(str),
    likeCount: num(comment.like_count),
    likedByMe: bool(comment.liked_by_me),
    muted: bool(comment.muted),
    canEdit: bool(comment.can_edit),
    canDelete: bool(comment.can_delete),
    canPin: bool(comment.can_pin),
    replies: arr(comment.replies).map(reshapeComment),
  };
}

export function reshapeCommentPage(value: unknown): CommentPage {
  const page = obj(value);
  return {
    count: num(page.count),
    next: strOrNull(page.next),
    results: arr(page.results).map(reshapeComment),
  };
}

export function reshapeStats(value: unknown): PostStats {
  const stats = obj(value);
  return {
    likeCount: num(stats.like_count),
    commentCount: num(stats.comment_count),
    likedByMe: bool(stats.liked_by_me),
  };
}

export function reshapeUser(value: unknown): User | null {
  const user = obj(value);
  if (user.id === undefined && !user.username) return null;
  const avatar = user.avatar;
  const username = str(user.username);
  return {
    id: num(user.id),
    username,
    displayName: str(user.display_name) || username,
    bio: str(user.bio),
    avatar:
      typeof avatar === "string"
        ? avatar || null
        : (reshapeSimpleImage(avatar as ApiSimpleImage | null)?.url ?? null),
    email: str(user.email),
  };
}

/** DRF errors: `{"field": ["msg"]}` or `{"detail": "msg"}` → field → first message. */
export function reshapeErrors(value: unknown): Record<string, string> {
  const body = obj(value);
  const errors: Record<string, string> = {};
  for (const [key, raw] of Object.entries(body)) {
    const message = Array.isArray(raw)
      ? raw.map(String).join(" ")
      : typeof raw === "string"
        ? raw
        : "";
    if (message) errors[key === "non_field_errors" ? "detail" : key] = message;
  }
  return errors;
}
