/** The app's own types: what pages render, after reshaping the API's JSON. */

export type Rendition = { url: string; width: number; height: number; format: string };

export type SimpleImage = { url: string; width: number; height: number };

export type HeroImage = {
  id: number;
  alt: string;
  width: number;
  height: number;
  /** Sorted by width, smallest first. */
  renditions: Rendition[];
  thumbnail: SimpleImage | null;
};

export type Tag = { name: string; slug: string; postCount?: number };

export type Author = {
  id: number;
  name: string;
  slug: string;
  bio: string;
  avatar: SimpleImage | null;
  postCount?: number;
};

export type PostSummary = {
  id: number;
  title: string;
  slug: string;
  /** Site path from the page tree, e.g. `/blog/hello-world/`. */
  path: string;
  excerpt: string;
  /** Publication date, YYYY-MM-DD. */
  date: string;
  firstPublishedAt: string | null;
  lastPublishedAt: string | null;
  readingTime: number;
  heroImage: HeroImage | null;
  socialImage: SimpleImage | null;
  tags: Tag[];
  authors: Author[];
  seoTitle: string;
  searchDescription: string;
  canonicalUrl: string;
};

export type Post = PostSummary & {
  kind: "post";
  bodyHtml: string;
  commentsEnabled: boolean;
};

/** A post as feeds carry it: the summary and the full sanitized body HTML. */
export type FeedPost = PostSummary & { bodyHtml: string };

export type HomePage = {
  kind: "home";
  id: number;
  title: string;
  path: string;
  intro: string;
  seoTitle: string;
  searchDescription: string;
  featured: PostSummary[];
};

export type BlogIndexPage = {
  kind: "index";
  id: number;
  title: string;
  path: string;
  intro: string;
  seoTitle: string;
  searchDescription: string;
};

export type OtherPage = {
  kind: "other";
  id: number;
  title: string;
  path: string;
  type: string;
};

export type CmsPage = HomePage | BlogIndexPage | Post | OtherPage;

export type Paginated<T> = { items: T[]; total: number };

/* Community API (issue 3), as the browser sees it through the BFF. */

export type CommentAuthor = {
  id: number;
  /** Null for a fediverse author (they cannot be muted or mentioned here). */
  username: string | null;
  displayName: string;
  avatar: string | null;
  /** A fediverse author: their `@user@host` handle and profile URL. */
  remote?: { handle: string | null; url: string };
};

export type Comment = {
  id: number;
  parent: number | null;
  author: CommentAuthor | null;
  bodyHtml: string;
  created: string;
  edited: boolean;
  deleted: boolean;
  /** "visible", or "pending"/"hidden" (shown only to the author and moderators). */
  status: string;
  pinned: boolean;
  /** Usernames the body @mentions. */
  mentions: string[];
  likeCount: number;
  likedByMe: boolean;
  /** Written by someone the reader muted: shown collapsed. */
  muted: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canPin: boolean;
  replies: Comment[];
};

export type CommentSort = "best" | "newest" | "oldest";

export type ThreadVersion = { version: string; commentCount: number };

export type CommentPage = {
  count: number;
  next: string | null;
  results: Comment[];
};

export type PostStats = { likeCount: number; commentCount: number; likedByMe: boolean };

export type User = {
  id: number;
  username: string;
  displayName: string;
  bio: string;
  avatar: string | null;
  email: string;
};
