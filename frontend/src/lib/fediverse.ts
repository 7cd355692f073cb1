/**
 * Fediverse (ActivityPub) addresses. Django serves them; this site forwards
 * `/.well-known/webfinger`, `/.well-known/nodeinfo` and `/ap/` to it
 * (next.config.ts), so handles and actor ids live on SITE_URL's host, which is
 * the backend's FEDERATION_ORIGIN by default.
 */

import { absoluteUrl, SITE_URL } from "./config";

/** `@ada@blog.example`: how a reader finds an author from Mastodon. */
export function fediverseHandle(slug: string): string {
  return `@${slug}@${new URL(SITE_URL).host}`;
}

/** The author's ActivityPub actor. */
export function authorActorUrl(slug: string): string {
  return absoluteUrl(`/ap/authors/${encodeURIComponent(slug)}/`);
}

/** The post's ActivityPub `Article`, so pasting its URL into Mastodon's search finds it. */
export function postObjectUrl(id: number): string {
  return absoluteUrl(`/ap/posts/${id}/`);
}

/** Metadata `alternates.types` linking a page to its ActivityPub document. */
export function activityAlternate(href: string): Record<string, string> {
  return { "application/activity+json": href };
}
