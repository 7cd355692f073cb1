import { expect, test } from "@playwright/test";
import { firstPost, scrollToIsland, signUpViaApi } from "./helpers";

function count(text: string | null): number {
  return Number((text ?? "").match(/\d+/)?.[0] ?? NaN);
}

test("a reader likes and unlikes a post; the count persists after reload", async ({
  page,
  request,
}) => {
  const post = await firstPost(request);
  await signUpViaApi(page);
  await page.goto(post.path);
  await scrollToIsland(page, "like");
  const counter = page.getByTestId("post-like-count");
  await expect(counter).toHaveText(/\d+ likes?/);
  const before = count(await counter.textContent());
  const button = page.getByTestId("post-like");
  await expect(button).toHaveAttribute("aria-pressed", "false");

  await button.click();
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect(counter).toHaveText(new RegExp(`^${before + 1} like`));

  await page.reload();
  await scrollToIsland(page, "like");
  await expect(page.getByTestId("post-like")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("post-like-count")).toHaveText(new RegExp(`^${before + 1} like`));

  await page.getByTestId("post-like").click();
  await expect(page.getByTestId("post-like")).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("post-like-count")).toHaveText(new RegExp(`^${before} like`));
  await page.reload();
  await scrollToIsland(page, "like");
  await expect(page.getByTestId("post-like-count")).toHaveText(new RegExp(`^${before} like`));
});

test("the cached post page carries no per-user data", async ({ page, request }) => {
  const post = await firstPost(request);
  await signUpViaApi(page);
  await page.goto(post.path);
  await scrollToIsland(page, "like");
  await page.getByTestId("post-like").click();
  await expect(page.getByTestId("post-like")).toHaveAttribute("aria-pressed", "true");
  // The HTML served to an anonymous request is the shared, cached page.
  const html = await (await request.get(post.path)).text();
  expect(html).not.toContain('aria-pressed="true"');
  expect(html).not.toContain("liked_by_me");
});
