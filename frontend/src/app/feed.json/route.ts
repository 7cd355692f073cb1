import { getFeedPosts } from "@/lib/cms";
import { buildJsonFeed } from "@/lib/feed";

export const revalidate = 3600;

/** JSON Feed 1.1 of the latest posts, beside /feed.xml. */
export async function GET() {
  return new Response(buildJsonFeed({ posts: await getFeedPosts() }), {
    headers: { "Content-Type": "application/feed+json; charset=utf-8" },
  });
}
