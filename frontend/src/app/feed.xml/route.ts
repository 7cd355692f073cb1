import { getPosts } from "@/lib/cms";
import { buildRss } from "@/lib/feed";

export const revalidate = 3600;

/** RSS 2.0 feed of the latest posts. */
export async function GET() {
  const posts = await getPosts({ limit: 20 });
  return new Response(buildRss({ posts: posts.items }), {
    headers: { "Content-Type": "application/rss+xml; charset=utf-8" },
  });
}
