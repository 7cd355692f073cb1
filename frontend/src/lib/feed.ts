/** RSS 2.0 for the whole blog or one tag. */
import { absoluteUrl, SITE_DESCRIPTION, SITE_NAME } from "./config";
import type { PostSummary } from "./types";

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

function rfc822(date: string | null): string | null {
  if (!date) return null;
  const parsed = new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toUTCString();
}

export function buildRss({
  posts,
  title = SITE_NAME,
  description = SITE_DESCRIPTION,
  path = "/",
  feedPath = "/feed.xml",
}: {
  posts: PostSummary[];
  title?: string;
  description?: string;
  path?: string;
  feedPath?: string;
}): string {
  const items = posts
    .map((post) => {
      const link = absoluteUrl(post.path);
      const pubDate = rfc822(post.firstPublishedAt ?? post.date);
      const authors = post.authors.map((author) => author.name).join(", ");
      return [
        "    <item>",
        `      <title>${escapeXml(post.title)}</title>`,
        `      <link>${escapeXml(link)}</link>`,
        `      <guid isPermaLink="true">${escapeXml(link)}</guid>`,
        pubDate ? `      <pubDate>${pubDate}</pubDate>` : null,
        authors ? `      <dc:creator>${escapeXml(authors)}</dc:creator>` : null,
        ...post.tags.map((tag) => `      <category>${escapeXml(tag.name)}</category>`),
        `      <description>${escapeXml(post.excerpt)}</description>`,
        "    </item>",
      ]
        .filter((line) => line !== null)
        .join("\n");
    })
    .join("\n");
  const lastBuild = rfc822(posts[0]?.lastPublishedAt ?? posts[0]?.firstPublishedAt ?? null);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
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
