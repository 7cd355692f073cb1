import { tagFeedOptions } from "@/lib/cms";
import { buildJsonFeed } from "@/lib/feed";
import { slugFromParam, tagJsonFeedPath } from "@/lib/paths";

export const revalidate = 3600;

/** JSON Feed 1.1 of one tag's latest posts, beside its RSS feed. */
export async function GET(_request: Request, { params }: RouteContext<"/tags/[slug]/feed.json">) {
  const options = await tagFeedOptions(slugFromParam((await params).slug));
  if (!options) return new Response("Not found", { status: 404 });
  return new Response(buildJsonFeed({ ...options, feedPath: tagJsonFeedPath(options.slug) }), {
    headers: { "Content-Type": "application/feed+json; charset=utf-8" },
  });
}
