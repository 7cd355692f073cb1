import { getFeedPosts } from "@/lib/cms";
import { buildRss } from "@/lib/feed";

export const revalidate = 3600;

/** RSS 2.0 feed of the latest posts, each in full (`content:encoded`). */
export async function GET() {
  return new Response(buildRss({ posts: await getFeedPosts() }), {
    headers: { "Content-Type": "application/rss+xml; charset=utf-8" },
  });
}
