/**
 * Feeds for the whole blog or one tag: RSS 2.0 with the full post in
 * `content:encoded`, and JSON Feed 1.1 beside it. The body is the backend's
 * sanitized HTML (nh3), with site-relative links made absolute for feed readers.
 */
import { absoluteUrl, SITE_DESCRIPTION, SITE_NAME, SITE_URL } from "./config";
import type { FeedPost } from "./types";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
      // Characters XML 1.0 forbids even when escaped.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
  );
}

function parseDate(date: string | null): Date | null {
  if (!date) return null;
  const parsed = new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

function rfc822(date: string | null): string | null {
  return parseDate(date)?.toUTCString() ?? null;
}

/**
 * Site-relative `href`/`src` (`/blog/x/`, not `//cdn`) made absolute: a feed
 * reader shows the HTML away from this site, where a relative link goes nowhere.
 */
export function absolutizeHtml(html: string, base = SITE_URL): string {
  return html.replace(/(\s(?:href|src))="\/(?!\/)/g, `$1="${base}/`);
}

/** One post as both feeds carry it: links made absolute, dates parsed. */
export type FeedItem = {
  url: string;
  title: string;
  summary: string;
  /** The body with site-relative links made absolute; empty when the post has none. */
  contentHtml: string;
  image: string | undefined;
  published: Date | null;
  modified: Date | null;
  authors: { name: string; url: string }[];
  tags: string[];
  externalUrl: string | undefined;
};

export function feedItem(post: FeedPost): FeedItem {
  return {
    url: absoluteUrl(post.path),
    title: post.title,
    summary: post.excerpt,
    contentHtml: absolutizeHtml(post.bodyHtml),
    image: post.socialImage?.url ?? post.heroImage?.thumbnail?.url,
    published: parseDate(post.firstPublishedAt ?? post.date),
    modified: parseDate(post.lastPublishedAt),
    authors: post.authors.map((author) => ({
      name: author.name,
      url: absoluteUrl(`/authors/${author.slug}/`),
    })),
    tags: post.tags.map((tag) => tag.name),
    externalUrl: post.canonicalUrl || undefined,
  };
}

type FeedOptions = {
  posts: FeedPost[];
  title?: string;
  description?: string;
  path?: string;
  feedPath?: string;
};

function rssItem(item: FeedItem): string {
  const authors = item.authors.map((author) => author.name).join(", ");
  return [
    "    <item>",
    `      <title>${escapeXml(item.title)}</title>`,
    `      <link>${escapeXml(item.url)}</link>`,
    `      <guid isPermaLink="true">${escapeXml(item.url)}</guid>`,
    item.published ? `      <pubDate>${item.published.toUTCString()}</pubDate>` : null,
    authors ? `      <dc:creator>${escapeXml(authors)}</dc:creator>` : null,
    ...item.tags.map((tag) => `      <category>${escapeXml(tag)}</category>`),
    `      <description>${escapeXml(item.summary)}</description>`,
    item.contentHtml
      ? `      <content:encoded>${escapeXml(item.contentHtml)}</content:encoded>`
      : null,
    "    </item>",
  ]
    .filter((line) => line !== null)
    .join("\n");
}

export function buildRss({
  posts,
  title = SITE_NAME,
  description = SITE_DESCRIPTION,
  path = "/",
  feedPath = "/feed.xml",
}: FeedOptions): string {
  const items = posts.map((post) => rssItem(feedItem(post))).join("\n");
  const lastBuild = rfc822(posts[0]?.lastPublishedAt ?? posts[0]?.firstPublishedAt ?? null);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    "  <channel>",
    `    <title>${escapeXml(title)}</title>`,
    `    <link>${escapeXml(absoluteUrl(path))}</link>`,
    `    <description>${escapeXml(description)}</description>`,
    "    <language>en</language>",
    `    <atom:link href="${escapeXml(absoluteUrl(feedPath))}" rel="self" type="application/rss+xml"/>`,
    lastBuild ? `    <lastBuildDate>${lastBuild}</lastBuildDate>` : null,
    items || null,
    "  </channel>",
    "</rss>",
    "",
  ]
    .filter((line) => line !== null)
    .join("\n");
}

function jsonFeedItem(item: FeedItem) {
  return {
    id: item.url,
    url: item.url,
    title: item.title,
    content_html: item.contentHtml,
    summary: item.summary || undefined,
    image: item.image,
    date_published: item.published?.toISOString(),
    date_modified: item.modified?.toISOString(),
    authors: item.authors,
    tags: item.tags,
    external_url: item.externalUrl,
  };
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1), the same items as the RSS feed. */
export function buildJsonFeed({
  posts,
  title = SITE_NAME,
  description = SITE_DESCRIPTION,
  path = "/",
  feedPath = "/feed.json",
}: FeedOptions): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title,
    home_page_url: absoluteUrl(path),
    feed_url: absoluteUrl(feedPath),
    description,
    language: "en",
    icon: absoluteUrl("/icon.svg"),
    items: posts.map((post) => jsonFeedItem(feedItem(post))),
  };
  return `${JSON.stringify(feed)}\n`;
}
