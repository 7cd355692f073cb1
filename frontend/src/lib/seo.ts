/** Metadata and structured data built from the app's types. */
import type { Metadata } from "next";
import { absoluteUrl, SITE_NAME } from "./config";
import { activityAlternate, postObjectUrl } from "./fediverse";
import type { Post, PostSummary, SimpleImage } from "./types";

export type Crumb = { name: string; path: string };

/**
 * The site's feeds, linked from every page's head. Next replaces `alternates`
 * as a whole when a page sets its canonical URL, so pages repeat these.
 */
export const SITE_FEEDS = {
  "application/rss+xml": [{ url: "/feed.xml", title: `${SITE_NAME} RSS` }],
  "application/feed+json": [{ url: "/feed.json", title: `${SITE_NAME} JSON Feed` }],
};

/** The image that represents a post in link previews: social image, else the hero. */
export function shareImage(post: PostSummary): SimpleImage | null {
  if (post.socialImage) return post.socialImage;
  const hero = post.heroImage;
  if (!hero) return null;
  const rendition =
    hero.renditions.find((r) => r.width >= 1200) ?? hero.renditions[hero.renditions.length - 1];
  return rendition
    ? { url: rendition.url, width: rendition.width, height: rendition.height }
    : null;
}

export function canonicalFor(post: PostSummary): string {
  return post.canonicalUrl || absoluteUrl(post.path);
}

export function postMetadata(post: Post): Metadata {
  const title = post.seoTitle || post.title;
  const description = post.searchDescription || post.excerpt;
  const image = shareImage(post);
  const images = image
    ? [
        {
          url: image.url,
          width: image.width,
          height: image.height,
          alt: post.heroImage?.alt ?? post.title,
        },
      ]
    : [];
  return {
    title,
    description,
    alternates: {
      canonical: canonicalFor(post),
      types: { ...SITE_FEEDS, ...activityAlternate(postObjectUrl(post.id)) },
    },
    authors: post.authors.map((author) => ({
      name: author.name,
      url: absoluteUrl(`/authors/${author.slug}/`),
    })),
    keywords: post.tags.map((tag) => tag.name),
    openGraph: {
      type: "article",
      title,
      description,
      url: absoluteUrl(post.path),
      siteName: SITE_NAME,
      publishedTime: post.firstPublishedAt ?? (post.date || undefined),
      modifiedTime: post.lastPublishedAt ?? undefined,
      authors: post.authors.map((author) => absoluteUrl(`/authors/${author.slug}/`)),
      tags: post.tags.map((tag) => tag.name),
      images,
    },
    twitter: {
      card: image ? "summary_large_image" : "summary",
      title,
      description,
      images: image ? [image.url] : undefined,
    },
  };
}

/** Simple page metadata: title, description, canonical, Open Graph. */
export function pageMetadata({
  title,
  description,
  path,
}: {
  title: string;
  description: string;
  path: string;
}): Metadata {
  return {
    title,
    description,
    alternates: { canonical: absoluteUrl(path), types: SITE_FEEDS },
    openGraph: { type: "website", title, description, url: absoluteUrl(path), siteName: SITE_NAME },
    twitter: { card: "summary", title, description },
  };
}

export function blogPostingJsonLd(post: Post) {
  const image = shareImage(post);
  return {
    "@context": "https://schema.org",
    "@type": "BlogPosting",
    headline: post.title,
    description: post.searchDescription || post.excerpt,
    url: absoluteUrl(post.path),
    mainEntityOfPage: { "@type": "WebPage", "@id": canonicalFor(post) },
    datePublished: post.firstPublishedAt ?? post.date,
    dateModified: post.lastPublishedAt ?? post.firstPublishedAt ?? post.date,
    ...(image ? { image: [image.url] } : {}),
    author: post.authors.map((author) => ({
      "@type": "Person",
      name: author.name,
      url: absoluteUrl(`/authors/${author.slug}/`),
    })),
    publisher: { "@type": "Organization", name: SITE_NAME, url: absoluteUrl("/") },
    keywords: post.tags.map((tag) => tag.name).join(", "),
    timeRequired: `PT${post.readingTime}M`,
  };
}

export function breadcrumbJsonLd(crumbs: Crumb[]) {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: crumbs.map((crumb, index) => ({
      "@type": "ListItem",
      position: index + 1,
      name: crumb.name,
      item: absoluteUrl(crumb.path),
    })),
  };
}
