import { expect, test } from "@playwright/test";

test("a reader searches from the header and gets fresh results", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search posts" }).fill("python");
  await page.getByRole("searchbox", { name: "Search posts" }).press("Enter");
  await expect(page).toHaveURL(/\/search\/\?q=python/);
  await expect(page.getByRole("heading", { level: 2 })).toContainText(/results? for “python”/);
  expect(await page.getByTestId("post-card").count()).toBeGreaterThan(0);
});

test("a search with no match says so", async ({ page }) => {
  await page.goto("/search/?q=zzqxjvnothingmatches");
  await expect(page.getByRole("heading", { name: /No posts match/ })).toBeVisible();
});

test("search responses are rendered per request, never cached", async ({ request }) => {
  const response = await request.get("/search/?q=python");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"] ?? "").toMatch(/no-store|no-cache|private/);
});

test("a search longer than the API's 50 words runs on the first words and says so", async ({
  page,
}) => {
  const words = Array.from({ length: 80 }, (_, n) => (n === 0 ? "python" : `w${n}`)).join(" ");
  const response = await page.goto(`/search/?q=${encodeURIComponent(words)}`);
  expect(response?.status()).toBe(200);
  await expect(page.locator("main").getByRole("status")).toContainText("at most 50 words");
  await expect(page.getByRole("heading", { level: 2 })).toBeVisible();
});
