import { describe, expect, it } from "vitest";
import { reshapePost } from "./reshape";
import { blogPostingJsonLd, breadcrumbJsonLd, postMetadata, shareImage } from "./seo";

const post = reshapePost({
  id: 5,
  title: "Hello",
  meta: {
    type: "blog.BlogPage",
    slug: "hello",
    html_url: "http://127.0.0.1:3000/blog/hello/",
    first_published_at: "2026-11-01T10:00:00Z",
    seo_title: "Hello, SEO",
  },
  excerpt: "An excerpt.",
  reading_time: 3,
  hero_image: {
    id: 2,
    title: "Hero",
    alt: "Alt",
    width: 1600,
    height: 900,
    renditions: [
      { url: "http://b/800.webp", width: 800, height: 450, format: "webp" },
      { url: "http://b/1600.webp", width: 1600, height: 900, format: "webp" },
    ],
    thumbnail: null,
  },
  tags: [{ name: "python", slug: "python" }],
  authors: [{ id: 1, name: "Jane Doe", slug: "jane-doe" }],
  canonical_url: "",
});

describe("seo", () => {
  it("uses the hero's large rendition when there is no social image", () => {
    expect(shareImage(post)?.url).toBe("http://b/1600.webp");
  });

  it("builds metadata with a canonical URL and article Open Graph", () => {
    const metadata = postMetadata(post);
    expect(metadata.title).toBe("Hello, SEO");
    expect(metadata.description).toBe("An excerpt.");
    expect(metadata.alternates?.canonical).toMatch(/\/blog\/hello\/$/);
    expect(metadata.openGraph).toMatchObject({
      type: "article",
      publishedTime: "2026-11-01T10:00:00Z",
    });
  });

  it("prefers the post's own canonical_url", () => {
    const syndicated = { ...post, canonicalUrl: "https://origin.example/hello" };
    expect(postMetadata(syndicated).alternates?.canonical).toBe("https://origin.example/hello");
  });

  it("describes the post as a BlogPosting with authors and dates", () => {
    const data = blogPostingJsonLd(post);
    expect(data).toMatchObject({
      "@type": "BlogPosting",
      headline: "Hello",
      datePublished: "2026-11-01T10:00:00Z",
      image: ["http://b/1600.webp"],
      author: [{ "@type": "Person", name: "Jane Doe" }],
    });
  });

  it("numbers breadcrumb items from 1", () => {
    const data = breadcrumbJsonLd([
      { name: "Home", path: "/" },
      { name: "Blog", path: "/blog/" },
    ]);
    expect(data.itemListElement.map((item) => item.position)).toEqual([1, 2]);
  });
});
