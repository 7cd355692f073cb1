import type { MetadataRoute } from "next";
import { getAllPosts, getAuthors, getTags } from "@/lib/cms";
import { absoluteUrl } from "@/lib/config";
import { tagPath } from "@/lib/paths";

export const revalidate = 3600;

/** All live posts, tags and authors, with lastmod from the API. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const [posts, tags, authors] = await Promise.all([getAllPosts(), getTags(), getAuthors()]);
  const newest = posts[0]?.lastPublishedAt ?? posts[0]?.firstPublishedAt ?? undefined;
  const lastModOf = (items: typeof posts) =>
    items.reduce<string | undefined>((latest, post) => {
      const date = post.lastPublishedAt ?? post.firstPublishedAt ?? undefined;
      return date && (!latest || date > latest) ? date : latest;
    }, undefined);
  return [
    { url: absoluteUrl("/"), lastModified: newest, changeFrequency: "daily", priority: 1 },
    { url: absoluteUrl("/blog/"), lastModified: newest, changeFrequency: "daily", priority: 0.9 },
    ...posts.map((post) => ({
      url: absoluteUrl(post.path),
      lastModified: post.lastPublishedAt ?? post.firstPublishedAt ?? undefined,
      changeFrequency: "weekly" as const,
      priority: 0.8,
    })),
    { url: absoluteUrl("/tags/"), lastModified: newest, changeFrequency: "weekly", priority: 0.5 },
    ...tags.map((tag) => ({
      url: absoluteUrl(tagPath(tag.slug)),
      lastModified: lastModOf(posts.filter((post) => post.tags.some((t) => t.slug === tag.slug))),
      changeFrequency: "weekly" as const,
      priority: 0.5,
    })),
    {
      url: absoluteUrl("/authors/"),
      lastModified: newest,
      changeFrequency: "weekly",
      priority: 0.4,
    },
    ...authors.map((author) => ({
      url: absoluteUrl(`/authors/${author.slug}/`),
      lastModified: lastModOf(
        posts.filter((post) => post.authors.some((a) => a.slug === author.slug)),
      ),
      changeFrequency: "weekly" as const,
      priority: 0.4,
    })),
  ];
}
