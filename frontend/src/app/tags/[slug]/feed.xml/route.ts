import { getPosts, getTag } from "@/lib/cms";
import { buildRss } from "@/lib/feed";
import { slugFromParam, tagFeedPath, tagPath } from "@/lib/paths";

export const revalidate = 3600;

/** RSS 2.0 feed of one tag's latest posts. */
export async function GET(_request: Request, { params }: RouteContext<"/tags/[slug]/feed.xml">) {
  const tag = await getTag(slugFromParam((await params).slug));
  if (!tag) return new Response("Not found", { status: 404 });
  const posts = await getPosts({ tag: tag.slug, limit: 20 });
  const xml = buildRss({
    posts: posts.items,
    title: `Folio: ${tag.name}`,
    description: `Folio posts tagged ${tag.name}.`,
    path: tagPath(tag.slug),
    feedPath: tagFeedPath(tag.slug),
  });
  return new Response(xml, { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
}
