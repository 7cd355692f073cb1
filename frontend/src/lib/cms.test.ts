import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./api";
import { getAllPosts, getLatestPosts, getPageByPath, getPosts, getPreviewPage } from "./cms";

type Call = { url: URL; init: RequestInit & { next?: { tags?: string[]; revalidate?: number } } };

function mockFetch(handler: (url: URL) => Response) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init: Call["init"]) => {
      const url = new URL(input);
      calls.push({ url, init });
      return handler(url);
    }),
  );
  return calls;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("getPosts", () => {
  it("asks for live blog posts, newest first, tagged for revalidation", async () => {
    const calls = mockFetch(() =>
      json({ meta: { total_count: 1 }, items: [{ id: 1, title: "A" }] }),
    );
    const result = await getPosts({
      limit: 5,
      offset: 10,
      tag: "web-performance",
      author: "jane-doe",
    });
    expect(result.total).toBe(1);
    expect(result.items[0]?.title).toBe("A");
    const call = calls[0]!;
    expect(call.url.pathname).toBe("/api/v2/pages/");
    expect(Object.fromEntries(call.url.searchParams)).toMatchObject({
      type: "blog.BlogPage",
      order: "-first_published_at",
      limit: "5",
      offset: "10",
      tag: "web-performance",
      author: "jane-doe",
    });
    // The backend's default post listing is the summary: no bodies, no field list to copy.
    expect(call.url.searchParams.has("fields")).toBe(false);
    expect(call.init.cache).toBe("force-cache");
    expect(call.init.next?.tags).toEqual(["posts", "tag:web-performance", "author:jane-doe"]);
  });

  it("never caches a search and keeps relevance order", async () => {
    const calls = mockFetch(() => json({ meta: { total_count: 0 }, items: [] }));
    await getPosts({ search: "python" });
    expect(calls[0]!.init.cache).toBe("no-store");
    expect(calls[0]!.url.searchParams.get("order")).toBeNull();
    expect(calls[0]!.url.searchParams.get("search")).toBe("python");
  });

  it("caps the page size at the API's maximum of 50", async () => {
    const calls = mockFetch(() => json({ meta: { total_count: 0 }, items: [] }));
    await getPosts({ limit: 500 });
    expect(calls[0]!.url.searchParams.get("limit")).toBe("50");
  });

  it("throws on a server error so a cached page is kept", async () => {
    mockFetch(() => json({ detail: "boom" }, 502));
    await expect(getPosts()).rejects.toBeInstanceOf(ApiError);
  });
});

describe("getAllPosts", () => {
  it("pages through the API 50 at a time", async () => {
    const calls = mockFetch((url) => {
      const offset = Number(url.searchParams.get("offset"));
      const count = offset === 0 ? 50 : 7;
      return json({
        meta: { total_count: 57 },
        items: Array.from({ length: count }, (_, i) => ({ id: offset + i })),
      });
    });
    const posts = await getAllPosts();
    expect(posts).toHaveLength(57);
    expect(calls.map((c) => c.url.searchParams.get("offset"))).toEqual(["0", "50"]);
  });
});

describe("getLatestPosts", () => {
  it("asks only for as many of the newest posts as it needs", async () => {
    const calls = mockFetch((url) => {
      const limit = Number(url.searchParams.get("limit"));
      const offset = Number(url.searchParams.get("offset"));
      return json({
        meta: { total_count: 10_000 },
        items: Array.from({ length: limit }, (_, i) => ({ id: offset + i })),
      });
    });
    const posts = await getLatestPosts(120);
    expect(posts).toHaveLength(120);
    expect(
      calls.map((c) => [c.url.searchParams.get("offset"), c.url.searchParams.get("limit")]),
    ).toEqual([
      ["0", "50"],
      ["50", "50"],
      ["100", "20"],
    ]);
    expect(calls.every((c) => !c.url.searchParams.has("fields"))).toBe(true);
  });
});

describe("getPageByPath", () => {
  it("follows the find redirect to the detail endpoint and tags it by page id", async () => {
    const calls = mockFetch((url) => {
      if (url.pathname === "/api/v2/pages/find/") {
        return new Response(null, {
          status: 302,
          headers: { Location: "http://elsewhere.invalid/api/v2/pages/12/?" },
        });
      }
      return json({
        id: 12,
        title: "Hello",
        meta: { type: "blog.BlogPage", html_url: "/blog/hello/" },
      });
    });
    const page = await getPageByPath("/blog/hello/");
    expect(page).toMatchObject({ kind: "post", id: 12, title: "Hello", path: "/blog/hello/" });
    expect(calls[0]!.url.searchParams.get("html_path")).toBe("/blog/hello/");
    expect(calls[0]!.init.redirect).toBe("manual");
    // The detail is fetched from our own API base, not the redirect's host.
    expect(calls[1]!.url.host).not.toBe("elsewhere.invalid");
    expect(calls[1]!.url.pathname).toBe("/api/v2/pages/12/");
    expect(calls[1]!.init.next?.tags).toContain("page:12");
    expect(calls[1]!.init.next?.tags).toContain("path:/blog/hello/");
  });

  it("is null for an unknown path", async () => {
    mockFetch(() => json({ message: "not found" }, 404));
    expect(await getPageByPath("/nope/")).toBeNull();
  });
});

describe("getPreviewPage", () => {
  it("fetches the draft without caching", async () => {
    const calls = mockFetch(() =>
      json({ id: 5, title: "Draft", meta: { type: "blog.BlogPage", html_url: null } }),
    );
    const page = await getPreviewPage("blog.blogpage", "id=5:tok");
    expect(page?.title).toBe("Draft");
    expect(calls[0]!.init.cache).toBe("no-store");
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toMatchObject({
      content_type: "blog.blogpage",
      token: "id=5:tok",
    });
  });
});
