import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { API_URL, BASE_URL, ROOT, django, uniqueName } from "./helpers";

/** Names an editor may type (shared with blog/tests/test_tags.py); each must lead to a working tag page, feed and sitemap entry. */
const NAMES = JSON.parse(
  readFileSync(path.join(ROOT, "blog/tests/editor_tag_names.json"), "utf8"),
) as string[];

type ApiTag = { name: string; slug: string };

/** Text as the browser renders it: runs of spaces collapse. */
const rendered = (text: string) => text.replace(/\s+/g, " ").trim();

test("a reader follows every tag of a post to its page and feed, and finds it in the sitemap", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const title = uniqueName("Tagged post ");
  const slug = uniqueName("tagged-post-");
  const id = django(
    [
      "import threading",
      "from blog.models import Author, BlogIndexPage, BlogPage, BlogPageAuthor",
      "import datetime",
      "from django.utils import timezone",
      `post = BlogPage(title=${JSON.stringify(title)}, slug=${JSON.stringify(slug)}, body="Tagged.")`,
      // Published long ago, so specs that read the newest post are not handed this one.
      "post.first_published_at = timezone.make_aware(datetime.datetime(2001, 1, 1))",
      "post.date = datetime.date(2001, 1, 1)",
      `post.tags.add(*${JSON.stringify(NAMES)})`,
      "post.page_authors.add(BlogPageAuthor(author=Author.objects.first()))",
      "BlogIndexPage.objects.first().add_child(instance=post)",
      "post.save_revision().publish()",
      // The frontend is told after the commit, from a thread: wait for it.
      "[t.join(timeout=20) for t in threading.enumerate() if t is not threading.main_thread()]",
      "print(post.id)",
    ].join("\n"),
  )
    .split("\n")
    .pop()!;

  const detail = await request.get(`${API_URL}/api/v2/pages/${id}/`);
  expect(detail.ok()).toBeTruthy();
  const body = (await detail.json()) as { tags: ApiTag[]; meta: { html_url: string } };
  const tags = body.tags;
  expect(tags.map((tag) => tag.name).sort()).toEqual([...NAMES].sort());
  expect(tags.find((tag) => tag.name === "Café")?.slug).toBe("café");
  const postPath = new URL(body.meta.html_url).pathname;

  await page.goto(postPath);
  const tagLinks = page.getByRole("list", { name: "Tags" }).getByRole("link");
  await expect(tagLinks).toHaveCount(NAMES.length);

  for (const tag of tags) {
    const href = `/tags/${encodeURIComponent(tag.slug)}/`;
    await page.goto(postPath);
    const link = page.getByRole("list", { name: "Tags" }).getByRole("link", {
      name: rendered(`#${tag.name}`),
      exact: true,
    });
    await expect(link).toHaveAttribute("href", href);
    await link.click();
    await expect(page).toHaveURL(`${BASE_URL}${href}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      rendered(`Posts tagged “${tag.name}”`),
    );
    await expect(page.getByRole("link", { name: title })).toHaveAttribute("href", postPath);

    // A direct request (no client-side navigation) answers 200 too.
    const direct = await request.get(href);
    expect(direct.status(), `${tag.name} → ${href}`).toBe(200);

    const feed = await request.get(`${href}feed.xml`);
    expect(feed.status(), `${tag.name} feed`).toBe(200);
    expect(await feed.text()).toContain(`${BASE_URL}${postPath}`);
  }

  await expect(async () => {
    const sitemap = await (await request.get("/sitemap.xml")).text();
    for (const tag of tags) {
      expect(sitemap).toContain(`<loc>${BASE_URL}/tags/${encodeURIComponent(tag.slug)}/</loc>`);
    }
  }).toPass({ timeout: 30_000 });
});
