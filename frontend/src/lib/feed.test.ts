import { describe, expect, it } from "vitest";
import { reshapePostSummary } from "./reshape";
import { buildRss, escapeXml } from "./feed";

describe("buildRss", () => {
  it("writes a valid RSS 2.0 channel with escaped items", () => {
    const post = reshapePostSummary({
      id: 1,
      title: "Tips & <tricks>",
      meta: {
        type: "blog.BlogPage",
        slug: "tips",
        html_url: "http://x/blog/tips/",
        first_published_at: "2026-11-01T10:00:00Z",
      },
      excerpt: "Fast \u0001 pages",
      tags: [{ name: "python", slug: "python" }],
      authors: [{ id: 1, name: "Jane Doe", slug: "jane-doe" }],
    });
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

  it("escapes all five XML entities", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;",
    );
  });
});
