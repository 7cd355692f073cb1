import { tagFeedOptions } from "@/lib/cms";
import { buildRss } from "@/lib/feed";
import { slugFromParam, tagFeedPath } from "@/lib/paths";

export const revalidate = 3600;

/** RSS 2.0 feed of one tag's latest posts, each in full. */
export async function GET(_request: Request, { params }: RouteContext<"/tags/[slug]/feed.xml">) {
  const options = await tagFeedOptions(slugFromParam((await params).slug));
  if (!options) return new Response("Not found", { status: 404 });
  return new Response(buildRss({ ...options, feedPath: tagFeedPath(options.slug) }), {
    headers: { "Content-Type": "application/rss+xml; charset=utf-8" },
  });
}
