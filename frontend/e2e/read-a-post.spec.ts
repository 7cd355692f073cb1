import { expect, test } from "@playwright/test";
import { firstPost } from "./helpers";

test("a reader goes from the home page to a post and reads it", async ({ page, request }) => {
  const post = await firstPost(request);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const cards = page.getByTestId("post-card");
  expect(await cards.count()).toBeGreaterThan(0);

  await page.goto("/blog/");
  await page.getByRole("link", { name: post.title }).first().click();
  await expect(page).toHaveURL(new RegExp(`${post.path}$`));
  await expect(page.getByRole("heading", { level: 1, name: post.title })).toBeVisible();
  await expect(page.getByText(/\d+ min read/)).toBeVisible();

  const article = page.locator("article.article");
  await expect(article.locator(".prose h2").first()).toBeVisible();
  // Hero image comes from the API's WebP renditions, with alt text.
  const hero = article.locator(".article-hero img");
  if ((await hero.count()) > 0) {
    await expect(hero).toHaveAttribute("alt", /.+/);
    await expect(hero).toHaveAttribute("srcset", /format-webp/);
  }
  // Every image on the page has an alt attribute.
  const missingAlt = await page.locator("img:not([alt])").count();
  expect(missingAlt).toBe(0);
  await page.screenshot({ path: "e2e/artifacts/post.png", fullPage: true });
});

test("tag and author pages list their posts", async ({ page }) => {
  await page.goto("/tags/");
  const firstTag = page.getByRole("list", { name: "All tags" }).getByRole("link").first();
  await firstTag.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Posts tagged");
  expect(await page.getByTestId("post-card").count()).toBeGreaterThan(0);

  await page.goto("/authors/");
  await page.locator("main").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 2, name: /Posts by/ })).toBeVisible();
});

test("the blog index is paginated along the page tree", async ({ page }) => {
  await page.goto("/blog/");
  await page.getByRole("link", { name: /Older posts/ }).click();
  await expect(page).toHaveURL(/\/blog\/page\/2\/$/);
  await expect(page.getByText(/Page 2 of/)).toBeVisible();
  expect(await page.getByTestId("post-card").count()).toBeGreaterThan(0);
});

test("unknown paths answer 404 with a helpful page", async ({ page }) => {
  const response = await page.goto("/blog/this-post-does-not-exist/");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect((await page.goto("/no/such/page/"))?.status()).toBe(404);
  expect((await page.goto("/blog/page/999/"))?.status()).toBe(404);
});

test("keyboard users can skip to the content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});

test("dark mode follows the system setting", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await page.goto("/");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe("rgb(18, 18, 20)");
  await page.screenshot({ path: "e2e/artifacts/home-dark.png" });
  await context.close();
});
