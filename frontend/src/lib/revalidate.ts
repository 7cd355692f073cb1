/**
 * On-demand revalidation from the backend's publish signal:
 * `{"tags": ["page:12", "posts", ...], "paths": ["/blog/hello/"]}`.
 */
import { timingSafeEqual } from "node:crypto";
import { revalidateTag } from "next/cache";

/**
 * `expire: "now"`: the backend purges an edge cache (CloudFront, Varnish) right
 * after this call, so the next request must render fresh data instead of
 * being served the old page once (the edge would keep that for hours).
 */
export type RevalidateSignal = { tags: string[]; paths: string[]; expire?: "now" };

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
  const { tags, paths, expire } = body as { tags?: unknown; paths?: unknown; expire?: unknown };
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
    ...(expire === "now" ? { expire: "now" as const } : {}),
  };
}

/** The cache tag that `getPageByPath` puts on everything it resolves for `path`. */
export function pathTag(path: string): string {
  return `path:${path.endsWith("/") ? path : `${path}/`}`;
}

/**
 * Marks the tagged data stale (stale-while-revalidate). The next visit
 * triggers a background re-render with fresh data, so a publish is live
 * within seconds; and if the API is down at that moment, readers keep the
 * last good page instead of an error. Paths are turned into tags for the
 * same reason: `revalidatePath` would force a blocking re-render that fails
 * while the API is unreachable. Behind an edge cache that is purged after
 * this call (`expire: "now"`), the data expires at once instead: the edge's
 * next fetch renders fresh (and the edge, not Next, is what keeps serving
 * readers meanwhile).
 */
export function applySignal(signal: RevalidateSignal): void {
  const tags = new Set([...signal.tags, ...signal.paths.map(pathTag)]);
  const profile = signal.expire === "now" ? { expire: 0 } : "max";
  for (const tag of tags) revalidateTag(tag, profile);
}
