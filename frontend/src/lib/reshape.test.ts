import { describe, expect, it } from "vitest";
import type { ApiPostSummary } from "./api-types";
import {
  lazyBodyImages,
  pageIdFromDetailUrl,
  reshapeComment,
  reshapeErrors,
  reshapeHeroImage,
  reshapePage,
  reshapePostSummary,
  reshapeUser,
  toPath,
} from "./reshape";

const postItem = {
  id: 5,
  meta: {
    type: "blog.BlogPage",
    html_url: "http://127.0.0.1:3000/blog/a-practical-guide/",
    slug: "a-practical-guide",
    first_published_at: "2026-11-01T18:14:05Z",
    seo_title: "",
    search_description: "Notes on Python.",
  },
  title: "A practical guide",
  excerpt: "Lessons.",
  date: "2026-11-01",
  reading_time: 4,
  body_html: "<h2 id='x'>X</h2>",
  hero_image: {
    id: 5,
    title: "Hero",
    alt: "Abstract illustration",
    width: 1600,
    height: 900,
    renditions: [
      { url: "http://b/1200.webp", width: 1200, height: 675, format: "webp" },
      { url: "http://b/400.webp", width: 400, height: 225, format: "webp" },
    ],
    thumbnail: { url: "http://b/thumb.webp", width: 640, height: 360 },
  },
  social_image: null,
  tags: [
    { name: "python", slug: "python" },
    { name: "Web Performance", slug: "web-performance" },
  ],
  authors: [{ id: 2, name: "Kofi Mensah", slug: "kofi-mensah", bio: "", avatar: null }],
  canonical_url: "",
  comments_enabled: false,
  last_published_at: "2026-11-02T10:00:00Z",
};

describe("reshapePostSummary", () => {
  it("maps the API item onto the app's post type", () => {
    const post = reshapePostSummary(postItem);
    expect(post).toMatchObject({
      id: 5,
      title: "A practical guide",
      path: "/blog/a-practical-guide/",
      readingTime: 4,
      date: "2026-11-01",
      lastPublishedAt: "2026-11-02T10:00:00Z",
      searchDescription: "Notes on Python.",
    });
    expect(post.tags).toEqual([
      { name: "python", slug: "python" },
      { name: "Web Performance", slug: "web-performance" },
    ]);
    expect(post.authors[0]?.slug).toBe("kofi-mensah");
  });

  it("keeps the slugs the backend gave its tags, whatever their names", () => {
    const post = reshapePostSummary({
      ...postItem,
      tags: [
        { name: "foo_bar", slug: "foo_bar" },
        { name: "Café", slug: "café" },
        { name: "C#", slug: "c_1" },
        { name: "🎉", slug: "party-popper" },
      ],
    });
    expect(post.tags.map((tag) => tag.slug)).toEqual(["foo_bar", "café", "c_1", "party-popper"]);
  });

  it("drops a tag that comes without its slug instead of inventing one", () => {
    const tags = [{ name: "Café" }, { name: "ok", slug: "ok" }] as ApiPostSummary["tags"];
    expect(reshapePostSummary({ ...postItem, tags }).tags).toEqual([{ name: "ok", slug: "ok" }]);
  });

  it("survives a missing or malformed item without throwing", () => {
    const malformed = { meta: null, tags: "nope", hero_image: 3 };
    const post = reshapePostSummary(malformed as unknown as ApiPostSummary);
    expect(post).toMatchObject({
      id: 0,
      title: "",
      path: "",
      tags: [],
      authors: [],
      heroImage: null,
    });
    expect(post.readingTime).toBe(1);
  });

  it("falls back to the first publication date when `date` is absent", () => {
    const { date, ...rest } = postItem;
    expect(date).toBeDefined();
    expect(reshapePostSummary(rest).date).toBe("2026-11-01");
  });
});

describe("reshapeHeroImage", () => {
  it("sorts renditions by width and keeps the alt text", () => {
    const hero = reshapeHeroImage(postItem.hero_image);
    expect(hero?.renditions.map((r) => r.width)).toEqual([400, 1200]);
    expect(hero?.alt).toBe("Abstract illustration");
  });

  it("is null without usable renditions", () => {
    expect(reshapeHeroImage(null)).toBeNull();
    const hero = { id: 1, title: "", alt: "", width: 10, height: 10, thumbnail: null };
    expect(reshapeHeroImage({ ...hero, renditions: [] })).toBeNull();
  });
});

const indexMeta = { type: "blog.BlogIndexPage", slug: "blog", first_published_at: null };

describe("reshapePage", () => {
  it("dispatches on meta.type", () => {
    expect(reshapePage(postItem).kind).toBe("post");
    const home = reshapePage({
      id: 3,
      meta: {
        type: "home.HomePage",
        slug: "home",
        html_url: "http://x/",
        first_published_at: null,
      },
      title: "Folio",
      intro: "Hi",
      featured_posts: [postItem],
    });
    expect(home).toMatchObject({ kind: "home", path: "/", intro: "Hi" });
    expect(home.kind === "home" && home.featured[0]?.title).toBe("A practical guide");
    expect(
      reshapePage({ id: 4, title: "Blog", meta: { ...indexMeta, html_url: "/blog/" } }).kind,
    ).toBe("index");
    const otherMeta = { ...indexMeta, type: "x.Other", html_url: null };
    expect(reshapePage({ id: 9, title: "Other", meta: otherMeta }).kind).toBe("other");
  });

  it("reads comments_enabled, defaulting to open", () => {
    const post = reshapePage(postItem);
    expect(post.kind === "post" && post.commentsEnabled).toBe(false);
    const { comments_enabled: enabled, ...open } = postItem;
    expect(enabled).toBe(false);
    const openPost = reshapePage(open);
    expect(openPost.kind === "post" && openPost.commentsEnabled).toBe(true);
  });
});

describe("helpers", () => {
  it("makes body images lazy without touching ones that say otherwise", () => {
    expect(lazyBodyImages('<p><img alt="a" src="x.jpg"></p>')).toBe(
      '<p><img loading="lazy" decoding="async" alt="a" src="x.jpg"></p>',
    );
    expect(lazyBodyImages('<img loading="eager" src="x">')).toBe('<img loading="eager" src="x">');
  });

  it("extracts a path with a trailing slash", () => {
    expect(toPath("http://127.0.0.1:3000/blog/hello")).toBe("/blog/hello/");
    expect(toPath("/blog/")).toBe("/blog/");
    expect(toPath("")).toBe("");
  });

  it("reads the page id from a find redirect", () => {
    expect(pageIdFromDetailUrl("http://127.0.0.1:8010/api/v2/pages/5/?")).toBe(5);
    expect(pageIdFromDetailUrl("/api/v2/pages/12/")).toBe(12);
    expect(pageIdFromDetailUrl("/api/v2/images/12/x")).toBeNull();
  });
});

describe("community shapes", () => {
  it("reshapes nested comments and tolerates a deleted author", () => {
    const comment = reshapeComment({
      id: 1,
      parent: null,
      author: { id: 7, display_name: "Jane", avatar: null },
      body_html: "<p>Hi</p>",
      created: "2026-11-20T10:00:00Z",
      edited: true,
      deleted: false,
      like_count: 2,
      liked_by_me: true,
      can_edit: true,
      can_delete: true,
      replies: [{ id: 2, parent: 1, author: null, deleted: true, replies: [] }],
    });
    expect(comment).toMatchObject({
      id: 1,
      edited: true,
      likeCount: 2,
      likedByMe: true,
      canEdit: true,
    });
    expect(comment.author?.displayName).toBe("Jane");
    expect(comment.replies[0]).toMatchObject({ id: 2, parent: 1, author: null, deleted: true });
  });

  it("turns DRF errors into one message per field", () => {
    expect(
      reshapeErrors({ username: ["Taken.", "Too short."], non_field_errors: ["Bad."] }),
    ).toEqual({
      username: "Taken. Too short.",
      detail: "Bad.",
    });
    expect(reshapeErrors({ detail: "No active account." })).toEqual({
      detail: "No active account.",
    });
    expect(reshapeErrors("oops")).toEqual({});
  });

  it("reads a user profile with an avatar object or URL", () => {
    expect(
      reshapeUser({ id: 1, username: "jane", avatar: { url: "http://b/a.webp" } }),
    ).toMatchObject({
      displayName: "jane",
      avatar: "http://b/a.webp",
    });
    expect(reshapeUser({})).toBeNull();
  });
});
