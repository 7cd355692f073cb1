/**
 * On-demand revalidation from the backend's publish signal:
 * `{"tags": ["page:12", "posts", ...], "paths": ["/blog/hello/"]}`.
 */
import { timingSafeEqual } from "node:crypto";
import { revalidatePath, revalidateTag } from "next/cache";

export type RevalidateSignal = { tags: string[]; paths: string[] };

const TAG_PATTERN = /^[\w:.-]{1,200}$/;

/** Compares the `Authorization: Bearer <secret>` header in constant time. */
export function hasValidSecret(authorization: string | null, secret: string | undefined): boolean {
  if (!secret || !authorization?.startsWith("Bearer ")) return false;
  const given = Buffer.from(authorization.slice("Bearer ".length));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Keeps only well-formed tags and site-relative paths; anything else is dropped. */
export function parseSignal(body: unknown): RevalidateSignal | null {
  if (body === null || typeof body !== "object") return null;
  const { tags, paths } = body as { tags?: unknown; paths?: unknown };
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  return {
    tags: [...new Set(strings(tags).filter((tag) => TAG_PATTERN.test(tag)))],
    paths: [
      ...new Set(
        strings(paths).filter(
          (path) => path.startsWith("/") && !path.startsWith("//") && path.length < 500,
        ),
      ),
    ],
  };
}

/**
 * Expires the tagged data at once (not stale-while-revalidate), so the first
 * visit after a publish already renders the new content.
 */
export function applySignal(signal: RevalidateSignal): void {
  for (const tag of signal.tags) revalidateTag(tag, { expire: 0 });
  for (const path of signal.paths) {
    revalidatePath(path);
    const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
    if (trimmed !== path) revalidatePath(trimmed);
  }
  // Listings and feeds live at fixed paths and carry the `posts` tag; the
  // sitemap and feeds are route handlers cached by path.
  if (signal.tags.includes("posts")) {
    revalidatePath("/sitemap.xml");
    revalidatePath("/feed.xml");
  }
}
