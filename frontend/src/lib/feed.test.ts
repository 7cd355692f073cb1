import { describe, expect, it } from "vitest";
import { SITE_URL } from "./config";
import { reshapeFeedPost } from "./reshape";
import {
  absolutizeHtml,
  buildJsonFeed,
  buildRss,
  escapeXml,
  feedItem,
  JSON_FEED_VERSION,
} from "./feed";

const post = reshapeFeedPost({
  id: 1,
  title: "Tips & <tricks>",
  meta: {
    type: "blog.BlogPage",
    slug: "tips",
    html_url: "http://x/blog/tips/",
    first_published_at: "2026-11-01T10:00:00Z",
  },
  excerpt: "Fast \u0001 pages",
  body_html:
    '<h2 id="a">Part &amp; <em>whole</em></h2><p><a href="/blog/other/">other</a> <a href="//cdn.example/x">cdn</a> <img src="http://media/a.webp" alt=""></p>',
  tags: [{ name: "python", slug: "python" }],
  authors: [{ id: 1, name: "Jane Doe", slug: "jane-doe" }],
  last_published_at: "2026-11-02T08:30:00Z",
});

describe("buildRss", () => {
  it("writes a valid RSS 2.0 channel with escaped items", () => {
    const xml = buildRss({ posts: [post] });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
    expect(xml).toContain("<title>Tips &amp; &lt;tricks&gt;</title>");
    expect(xml).toContain("/blog/tips/</link>");
    expect(xml).toContain("<pubDate>Sun, 01 Nov 2026 10:00:00 GMT</pubDate>");
    expect(xml).toContain("<category>python</category>");
    expect(xml).toContain("<dc:creator>Jane Doe</dc:creator>");
    expect(xml).not.toContain("\u0001");
    const parsed = new DOMParser().parseFromString(xml, "application/xml");
    expect(parsed.getElementsByTagName("parsererror")).toHaveLength(0);
    expect(parsed.getElementsByTagName("item")).toHaveLength(1);
  });

  it("carries the full post in content:encoded, which parses back to the same HTML", () => {
    const xml = buildRss({ posts: [post] });
    expect(xml).toContain('xmlns:content="http://purl.org/rss/1.0/modules/content/"');
    const parsed = new DOMParser().parseFromString(xml, "application/xml");
    const encoded = parsed.getElementsByTagNameNS(
      "http://purl.org/rss/1.0/modules/content/",
      "encoded",
    );
    expect(encoded).toHaveLength(1);
    const html = encoded[0]!.textContent ?? "";
    expect(html).toContain('<h2 id="a">Part &amp; <em>whole</em></h2>');
    expect(html).toContain(`href="${SITE_URL}/blog/other/"`);
    expect(html).toContain('href="//cdn.example/x"');
    // The excerpt stays the description.
    expect(parsed.getElementsByTagName("description")[1]?.textContent).toBe("Fast  pages");
  });

  it("leaves content:encoded out when a post has no body", () => {
    expect(buildRss({ posts: [{ ...post, bodyHtml: "" }] })).not.toContain("<content:encoded>");
  });

  it("escapes all five XML entities", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;",
    );
  });
});

describe("buildJsonFeed", () => {
  it("writes JSON Feed 1.1 with the full HTML of each post", () => {
    const feed = JSON.parse(
      buildJsonFeed({
        posts: [post],
        title: "Folio: python",
        path: "/tags/python/",
        feedPath: "/tags/python/feed.json",
      }),
    ) as Record<string, unknown> & { items: Record<string, unknown>[] };
    expect(feed.version).toBe(JSON_FEED_VERSION);
    expect(feed.title).toBe("Folio: python");
    expect(feed.home_page_url).toBe(`${SITE_URL}/tags/python/`);
    expect(feed.feed_url).toBe(`${SITE_URL}/tags/python/feed.json`);
    expect(feed.items).toHaveLength(1);
    const item = feed.items[0]!;
    expect(item).toMatchObject({
      id: `${SITE_URL}/blog/tips/`,
      url: `${SITE_URL}/blog/tips/`,
      title: "Tips & <tricks>",
      date_published: "2026-11-01T10:00:00.000Z",
      date_modified: "2026-11-02T08:30:00.000Z",
      authors: [{ name: "Jane Doe", url: `${SITE_URL}/authors/jane-doe/` }],
      tags: ["python"],
    });
    expect(item.content_html).toContain(`<a href="${SITE_URL}/blog/other/">`);
  });

  it("defaults to the site's feed", () => {
    const feed = JSON.parse(buildJsonFeed({ posts: [] })) as Record<string, unknown>;
    expect(feed.feed_url).toBe(`${SITE_URL}/feed.json`);
    expect(feed.items).toEqual([]);
  });
});

describe("feedItem", () => {
  it("is the one item both formats write", () => {
    const item = feedItem(post);
    expect(item).toMatchObject({
      url: `${SITE_URL}/blog/tips/`,
      published: new Date("2026-11-01T10:00:00Z"),
      modified: new Date("2026-11-02T08:30:00Z"),
      authors: [{ name: "Jane Doe", url: `${SITE_URL}/authors/jane-doe/` }],
      tags: ["python"],
    });
    const json = JSON.parse(buildJsonFeed({ posts: [post] })) as { items: unknown[] };
    expect(json.items[0]).toMatchObject({
      url: item.url,
      content_html: item.contentHtml,
      date_published: item.published?.toISOString(),
      authors: item.authors,
    });
    const rss = new DOMParser().parseFromString(buildRss({ posts: [post] }), "application/xml");
    const encoded = rss.getElementsByTagNameNS(
      "http://purl.org/rss/1.0/modules/content/",
      "encoded",
    );
    expect(rss.getElementsByTagName("link")[1]?.textContent).toBe(item.url);
    expect(rss.getElementsByTagName("pubDate")[0]?.textContent).toBe(item.published?.toUTCString());
    expect(encoded[0]?.textContent).toBe(item.contentHtml);
  });

  it("falls back to the publication date and leaves an empty body empty", () => {
    const item = feedItem({ ...post, firstPublishedAt: null, date: "2026-01-02", bodyHtml: "" });
    expect(item.published).toEqual(new Date("2026-01-02T00:00:00Z"));
    expect(item.contentHtml).toBe("");
  });
});

describe("absolutizeHtml", () => {
  it("makes site-relative links and images absolute, nothing else", () => {
    expect(
      absolutizeHtml(
        '<a href="/a/">x</a><img src="/m.png"><a href="https://o/">o</a><a href="#f">f</a>',
        "https://s",
      ),
    ).toBe(
      '<a href="https://s/a/">x</a><img src="https://s/m.png"><a href="https://o/">o</a><a href="#f">f</a>',
    );
  });
});
