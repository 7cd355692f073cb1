import { expect, test } from "@playwright/test";
import { BASE_URL, firstPost } from "./helpers";

test("a post carries metadata, Open Graph and valid JSON-LD", async ({ page, request }) => {
  const post = await firstPost(request);
  await page.goto(post.path);
  await expect(page).toHaveTitle(new RegExp(post.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /.+/);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
    "href",
    `${BASE_URL}${post.path}`,
  );
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute("content", "article");
  await expect(page.locator('meta[property="og:image"]').first()).toHaveAttribute(
    "content",
    /^https?:\/\//,
  );
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", /summary/);

  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  const data = blocks.map((text) => JSON.parse(text) as Record<string, unknown>);
  const posting = data.find((d) => d["@type"] === "BlogPosting");
  const crumbs = data.find((d) => d["@type"] === "BreadcrumbList");
  expect(posting).toMatchObject({ "@context": "https://schema.org", headline: post.title });
  expect(posting?.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}/);
  expect(Array.isArray(posting?.author) && (posting.author as unknown[]).length).toBeGreaterThan(0);
  expect(posting?.image).toBeTruthy();
  const items = crumbs?.itemListElement as { position: number; item: string }[];
  expect(items.map((i) => i.position)).toEqual([1, 2, 3]);
  expect(items[2]?.item).toBe(`${BASE_URL}${post.path}`);
});

test("sitemap.xml lists every live post with lastmod", async ({ request }) => {
  const response = await request.get("/sitemap.xml");
  expect(response.status()).toBe(200);
  const xml = await response.text();
  expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"');
  const api = await request.get(
    `${process.env.E2E_API_URL ?? "http://127.0.0.1:8001"}/api/v2/pages/?type=blog.BlogPage&fields=title&limit=50`,
  );
  const posts = ((await api.json()) as { items: { meta: { html_url: string } }[] }).items;
  expect(posts.length).toBeGreaterThan(0);
  for (const post of posts) {
    expect(xml).toContain(`<loc>${BASE_URL}${new URL(post.meta.html_url).pathname}</loc>`);
  }
  expect(xml).toMatch(/<lastmod>\d{4}-\d{2}-\d{2}T/);
  expect(xml).toContain(`<loc>${BASE_URL}/tags/`);
  expect(xml).toContain(`<loc>${BASE_URL}/authors/`);
});

test("robots.txt points at the sitemap", async ({ request }) => {
  const text = await (await request.get("/robots.txt")).text();
  expect(text).toContain(`Sitemap: ${BASE_URL}/sitemap.xml`);
  expect(text).toContain("Disallow: /api/");
});

test("the RSS feeds are well-formed RSS 2.0", async ({ page, request }) => {
  for (const feedPath of ["/feed.xml", "/tags/python/feed.xml"]) {
    const response = await request.get(feedPath);
    expect(response.status(), feedPath).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/rss+xml");
    const xml = await response.text();
    await page.goto("about:blank");
    const parsed = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, "application/xml");
      return {
        errors: doc.getElementsByTagName("parsererror").length,
        version: doc.documentElement.getAttribute("version"),
        items: doc.getElementsByTagName("item").length,
        firstLink: doc.querySelector("item > link")?.textContent ?? "",
      };
    }, xml);
    expect(parsed).toMatchObject({ errors: 0, version: "2.0" });
    expect(parsed.items).toBeGreaterThan(0);
    expect(parsed.firstLink.startsWith(BASE_URL)).toBe(true);
  }
});
