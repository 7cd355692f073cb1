import { expect, test } from "@playwright/test";
import { BASE_URL, firstPost } from "./helpers";

test("a Mastodon user finds an author by handle and a post by its URL", async ({
  page,
  request,
}) => {
  const post = await firstPost(request);
  await page.goto(post.path);
  const handle = page.locator(".fediverse-handle code").first();
  await expect(handle).toHaveText(/^@[^@]+@[^@]+$/);
  const alternate = page.locator('link[rel="alternate"][type="application/activity+json"]');
  const articleUrl = await alternate.getAttribute("href");
  expect(articleUrl).toMatch(/\/ap\/posts\/\d+\/$/);

  // The site forwards discovery and /ap/ to Django, on its own host.
  const host = new URL(BASE_URL).host;
  const username = (await handle.textContent())!.split("@")[1];
  const finger = await request.get(`/.well-known/webfinger?resource=acct:${username}@${host}`);
  expect(finger.status()).toBe(200);
  const self = (await finger.json()).links.find((link: { rel: string }) => link.rel === "self");
  const actor = await request.get(self.href, { headers: { Accept: "application/activity+json" } });
  expect((await actor.json()).preferredUsername).toBe(username);
  const article = await request.get(articleUrl!.replace(/^https?:\/\/[^/]+/, ""), {
    headers: { Accept: "application/activity+json" },
  });
  expect((await article.json()).type).toBe("Article");
});
