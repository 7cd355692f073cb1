import { expect, test, type APIRequestContext } from "@playwright/test";
import { API_URL, BASE_URL, django, firstPost, PASSWORD, uniqueName } from "./helpers";

/**
 * Through the edge cache (Varnish with deploy/varnish/folio.vcl, started by
 * scripts/e2e in front of Django and Next.js): what readers get is never stale
 * after a publish, and nothing per-user is ever served from it.
 */
const CACHE_URL = process.env.E2E_CACHE_URL ?? "http://127.0.0.1:6081";
const LISTING = "/api/v2/pages/?type=blog.BlogPage&fields=title&order=-first_published_at&limit=50";

/** The last line a Django shell printed (warnings may come before it). */
function lastLine(output: string): string {
  return output.split("\n").pop() ?? "";
}

async function fetchText(request: APIRequestContext, url: string) {
  const response = await request.get(url, { maxRedirects: 0 });
  return {
    status: response.status(),
    text: await response.text(),
    cache: response.headers()["x-cache"],
  };
}

/** Edits ``count`` random posts (titles, tags, unpublish/republish) in one Django shell. */
function randomEdits(count: number, seed: number): void {
  django(`
import random
from blog.models import BlogPage
rng = random.Random(${seed})
ids = list(BlogPage.objects.values_list("pk", flat=True))
for edit in range(${count}):
    post = BlogPage.objects.get(pk=rng.choice(ids))
    if rng.random() < 0.1 and post.live:
        post.unpublish()
        continue
    post.title = f"Edge {post.pk} edit ${seed}-{edit}"
    if rng.random() < 0.3:
        post.tags.set([rng.choice(["python", "web", "edge"])])
    post.save_revision().publish()
`);
}

test.describe("the edge cache", () => {
  test("a publish is visible through the cache within 2 s", async ({ request }) => {
    const post = await firstPost(request);
    const url = `${CACHE_URL}${post.path}`;
    // Polled: a purge repeated from an earlier test's publish (EDGE_REPURGE_SECONDS) may
    // land between two reads.
    await expect.poll(async () => (await fetchText(request, url)).cache).toBe("HIT");

    const title = uniqueName("Fresh title ");
    const publishedAt = Number(
      lastLine(
        django(`
import time
from blog.models import BlogPage
post = BlogPage.objects.get(pk=${post.id})
post.title = "${title}"
post.save_revision().publish()
print(time.time() * 1000)
`),
      ),
    );
    let visibleAt = 0;
    await expect
      .poll(
        async () => {
          const found = (await fetchText(request, url)).text.includes(title);
          if (found && !visibleAt) visibleAt = Date.now();
          return found;
        },
        { timeout: 5_000, intervals: [50] },
      )
      .toBe(true);
    console.log(`publish to visible through the cache: ${Math.round(visibleAt - publishedAt)} ms`);
    expect(visibleAt - publishedAt).toBeLessThan(2_000);
  });

  test("after 200 random edits and publishes a crawl of every sitemap URL and API listing through the cache finds nothing stale", async ({
    request,
  }) => {
    test.setTimeout(240_000);
    const sitemapUrls = async () =>
      [
        ...(await fetchText(request, `${CACHE_URL}/sitemap.xml`)).text.matchAll(
          /<loc>([^<]+)<\/loc>/g,
        ),
      ].map((match) => new URL(match[1]!).pathname);
    const crawl = async () => {
      const pages = new Map<string, string>();
      for (const path of [...(await sitemapUrls()), "/feed.xml", "/blog/page/2/"]) {
        pages.set(path, (await fetchText(request, `${CACHE_URL}${path}`)).text);
      }
      return pages;
    };

    for (let batch = 0; batch < 4; batch++) {
      await crawl(); // fill the cache, so the next edits have something to make stale
      randomEdits(50, batch);
    }
    // The worker runs jobs in order: once this last change is visible, every earlier purge is done.
    const sentinel = uniqueName("Sentinel ");
    const sentinelPost = await firstPost(request);
    django(`
from blog.models import BlogPage
post = BlogPage.objects.get(pk=${sentinelPost.id})
post.title = "${sentinel}"
post.save_revision().publish()
`);
    await expect
      .poll(
        async () => (await fetchText(request, `${CACHE_URL}${LISTING}`)).text.includes(sentinel),
        {
          timeout: 60_000,
        },
      )
      .toBe(true);
    await expect
      .poll(
        async () =>
          (await fetchText(request, `${CACHE_URL}${sentinelPost.path}`)).text.includes(sentinel),
        {
          timeout: 10_000,
        },
      )
      .toBe(true);

    const live = JSON.parse(
      lastLine(
        django(`
import json
from blog.models import BlogPage
print(json.dumps({p.url_path.removeprefix("/home"): p.title for p in BlogPage.objects.live()}))
`),
      ),
    ) as Record<string, string>;
    const liveTitles = new Set(Object.values(live));
    const pages = await crawl();
    const stale: string[] = [];
    for (const [path, html] of pages) {
      // A title that no live post has any more (an older edit, an unpublished post) is stale.
      const shown = [...html.matchAll(/Edge \d+ edit [\d-]+|Sentinel \w+/g)].map((m) => m[0]);
      const outdated = shown.filter((title) => !liveTitles.has(title));
      if (outdated.length) stale.push(`${path}: ${outdated.slice(0, 3).join(", ")}`);
      if (live[path] && !html.includes(live[path])) stale.push(`${path}: missing "${live[path]}"`);
    }
    const sitemapPosts = (await sitemapUrls()).filter((p) => /^\/blog\/(?!page\/)./.test(p));
    expect(new Set(sitemapPosts)).toEqual(new Set(Object.keys(live)));
    for (const listing of [LISTING, "/api/v2/authors/", "/api/v2/tags/"]) {
      const cached = await fetchText(request, `${CACHE_URL}${listing}`);
      const origin = await fetchText(request, `${API_URL}${listing}`);
      if (cached.text !== origin.text) stale.push(listing);
    }
    expect(stale).toEqual([]);
  });

  test("signed-in pages and per-user JSON are never served from the cache", async ({
    playwright,
  }) => {
    const context = await playwright.request.newContext({ baseURL: CACHE_URL });
    const username = uniqueName("edge");
    const signup = await context.post("/api/session/signup/", {
      headers: { Origin: BASE_URL },
      data: { username, email: `${username}@example.com`, password: PASSWORD },
    });
    expect(signup.status(), await signup.text()).toBe(201);
    for (const path of ["/account/", "/api/session/me/", "/"]) {
      const response = await context.get(path);
      expect(response.headers()["x-cache"], path).toBe("PASS");
    }
    expect(await (await context.get("/api/session/me/")).text()).toContain(username);
    await context.dispose();

    const anonymous = await playwright.request.newContext({ baseURL: CACHE_URL });
    expect(await (await anonymous.get("/api/session/me/")).text()).not.toContain(username);
    await anonymous.dispose();
  });
});
