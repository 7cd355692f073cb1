import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JsonLd } from "@/components/json-ld";
import { PostGrid } from "@/components/post-card";
import { SubscribeForm } from "@/components/subscribe-form";
import { getPosts, getTag, getTags } from "@/lib/cms";
import { slugFromParam, tagFeedPath, tagJsonFeedPath, tagPath } from "@/lib/paths";
import { breadcrumbJsonLd, pageMetadata, SITE_FEEDS } from "@/lib/seo";

export const dynamicParams = true;

export async function generateStaticParams() {
  try {
    return (await getTags()).map((tag) => ({ slug: tag.slug }));
  } catch {
    return [];
  }
}

export async function generateMetadata({ params }: PageProps<"/tags/[slug]">): Promise<Metadata> {
  const tag = await getTag(slugFromParam((await params).slug));
  if (!tag) return { title: "Tag not found" };
  return {
    ...pageMetadata({
      title: `Posts tagged “${tag.name}”`,
      description: `Folio posts about ${tag.name}.`,
      path: tagPath(tag.slug),
    }),
    alternates: {
      canonical: tagPath(tag.slug),
      types: {
        "application/rss+xml": [
          { url: tagFeedPath(tag.slug), title: `Folio: ${tag.name}` },
          ...SITE_FEEDS["application/rss+xml"],
        ],
        "application/feed+json": [
          { url: tagJsonFeedPath(tag.slug), title: `Folio: ${tag.name} (JSON Feed)` },
          ...SITE_FEEDS["application/feed+json"],
        ],
      },
    },
  };
}

export default async function TagPage({ params }: PageProps<"/tags/[slug]">) {
  const tag = await getTag(slugFromParam((await params).slug));
  if (!tag) notFound();
  const posts = await getPosts({ tag: tag.slug, limit: 50 });
  return (
    <>
      <h1>Posts tagged “{tag.name}”</h1>
      <p className="meta">
        {posts.total} {posts.total === 1 ? "post" : "posts"} ·{" "}
        <a href={tagFeedPath(tag.slug)}>RSS feed for this tag</a> ·{" "}
        <a href={tagJsonFeedPath(tag.slug)}>JSON Feed</a>
      </p>
      <PostGrid posts={posts.items} preloadFirst />
      <SubscribeForm
        id="subscribe"
        heading={`Get posts tagged “${tag.name}” by email`}
        topics={[{ key: `tag:${tag.slug}`, label: `Posts tagged “${tag.name}”`, checked: true }]}
        returnPath={tagPath(tag.slug)}
      />
      <JsonLd
        data={breadcrumbJsonLd([
          { name: "Home", path: "/" },
          { name: "Tags", path: "/tags/" },
          { name: tag.name, path: tagPath(tag.slug) },
        ])}
      />
    </>
  );
}
