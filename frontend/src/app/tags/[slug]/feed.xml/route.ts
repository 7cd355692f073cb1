import { getPosts, getTag } from "@/lib/cms";
import { buildRss } from "@/lib/feed";

export const revalidate = 3600;

/** RSS 2.0 feed of one tag's latest posts. */
export async function GET(_request: Request, { params }: RouteContext<"/tags/[slug]/feed.xml">) {
  const { slug } = await params;
  const tag = await getTag(slug);
  if (!tag) return new Response("Not found", { status: 404 });
  const posts = await getPosts({ tag: tag.name, limit: 20 });
  const xml = buildRss({
    posts: posts.items,
    title: `Folio: ${tag.name}`,
    description: `Folio posts tagged ${tag.name}.`,
    path: `/tags/${tag.slug}/`,
    feedPath: `/tags/${tag.slug}/feed.xml`,
  });
  return new Response(xml, { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
}
