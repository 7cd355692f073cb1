import { expect, test } from "@playwright/test";
import { BASE_URL, firstPost, scrollToIsland, signUpViaApi } from "./helpers";

test("a signed-in reader comments, replies, edits and deletes their comment", async ({
  page,
  request,
}) => {
  const post = await firstPost(request);
  await signUpViaApi(page);
  await page.goto(post.path);
  await scrollToIsland(page, "comments");
  const text = `First! ${Date.now()}`;
  await page.getByLabel("Add a comment").fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  const mine = page.getByTestId("comment").filter({ hasText: text }).first();
  await expect(mine).toBeVisible();

  // Reply
  await mine
    .getByRole("button", { name: /^Reply/ })
    .first()
    .click();
  await mine.getByLabel(/Reply to/).fill("Replying to myself");
  await mine.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByTestId("comment").filter({ hasText: "Replying to myself" })).toBeVisible();

  // Edit
  const top = page.getByTestId("comment").filter({ hasText: text }).first();
  await top.getByRole("button", { name: "Edit" }).first().click();
  await top.getByLabel("Edit your comment").fill(`${text} (fixed)`);
  await top.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(`${text} (fixed)`)).toBeVisible();
  await expect(
    page
      .getByTestId("comment")
      .filter({ hasText: `${text} (fixed)` })
      .getByText("(edited)")
      .first(),
  ).toBeVisible();

  // Reload: the comment persisted
  await page.reload();
  await scrollToIsland(page, "comments");
  await expect(page.getByText(`${text} (fixed)`)).toBeVisible();
  await page.locator(".comments").screenshot({ path: "e2e/artifacts/comments.png" });

  // Delete (soft): the reply keeps its place under "[deleted]"
  page.once("dialog", (dialog) => void dialog.accept());
  const edited = page
    .getByTestId("comment")
    .filter({ hasText: `${text} (fixed)` })
    .first();
  await edited.getByRole("button", { name: "Delete" }).first().click();
  await expect(page.getByText(`${text} (fixed)`)).toHaveCount(0);
  await expect(page.getByText("Replying to myself")).toBeVisible();
});

test("a reader cannot edit or delete another reader's comment", async ({ browser, request }) => {
  const post = await firstPost(request);
  const alice = await browser.newContext({ baseURL: BASE_URL });
  const alicePage = await alice.newPage();
  await signUpViaApi(alicePage);
  const created = await alicePage.request.post(`/api/community/posts/${post.id}/comments/`, {
    headers: { Origin: BASE_URL },
    data: { body: "Alice was here" },
  });
  expect(created.status()).toBe(201);
  const commentId = ((await created.json()) as { id: number }).id;

  const bob = await browser.newContext({ baseURL: BASE_URL });
  const bobPage = await bob.newPage();
  await signUpViaApi(bobPage);
  await bobPage.goto(post.path);
  await scrollToIsland(bobPage, "comments");
  const alices = bobPage.locator(`[data-comment-id="${commentId}"]`);
  await expect(alices).toContainText("Alice was here");
  await expect(alices.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(alices.getByRole("button", { name: "Delete" })).toHaveCount(0);

  const patch = await bobPage.request.patch(`/api/community/comments/${commentId}/`, {
    headers: { Origin: BASE_URL },
    data: { body: "Bob rewrote this" },
  });
  expect([403, 404]).toContain(patch.status());
  const del = await bobPage.request.delete(`/api/community/comments/${commentId}/`, {
    headers: { Origin: BASE_URL },
  });
  expect([403, 404]).toContain(del.status());
  await alice.close();
  await bob.close();
});

test("a signed-out reader sees the thread and is invited to sign in", async ({ page, request }) => {
  const post = await firstPost(request);
  await page.goto(post.path);
  await scrollToIsland(page, "comments");
  await expect(page.getByRole("heading", { name: /^Comments/ })).toBeVisible();
  await expect(page.locator(".comments").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Add a comment")).toHaveCount(0);
});

test("a reader watching a post sees another reader's new comment within 5 seconds", async ({
  browser,
  request,
}) => {
  const post = await firstPost(request);
  const watcher = await browser.newContext({ baseURL: BASE_URL });
  const writer = await browser.newContext({ baseURL: BASE_URL });
  const watching = await watcher.newPage();
  const writing = await writer.newPage();
  await signUpViaApi(writing);
  await watching.goto(post.path);
  await writing.goto(post.path);
  await scrollToIsland(watching, "comments");
  await scrollToIsland(writing, "comments");
  await expect(watching.getByRole("heading", { name: /Comments/ })).toBeVisible();
  await watching.waitForTimeout(500); // the watcher has its first version

  const text = `Live ${Date.now()}`;
  await writing.getByLabel("Add a comment").fill(text);
  await writing.getByRole("button", { name: "Post comment" }).click();
  await expect(writing.getByTestId("comment").filter({ hasText: text })).toBeVisible();

  // No jump: a notice first, the comment once the watcher asks for it.
  const notice = watching.getByTestId("new-comments");
  await expect(notice).toHaveText(/1 new comment/, { timeout: 5000 });
  await notice.click();
  await expect(watching.getByTestId("comment").filter({ hasText: text })).toBeVisible();
  await watcher.close();
  await writer.close();
});

test("a comment's permalink scrolls to it and highlights it", async ({ page, request }) => {
  const post = await firstPost(request);
  await signUpViaApi(page);
  await page.goto(post.path);
  await scrollToIsland(page, "comments");
  const text = `Permalink ${Date.now()}`;
  await page.getByLabel("Add a comment").fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  const mine = page.getByTestId("comment").filter({ hasText: text }).first();
  const id = await mine.getAttribute("data-comment-id");
  // Opened from elsewhere: the thread loads at once (no scrolling) and goes to it.
  await page.goto(`${post.path}#comment-${id}`);
  await page.reload();
  const target = page.locator(`#comment-${id}`);
  await expect(target).toHaveAttribute("data-highlighted", "true");
  await expect(target).toBeInViewport();
});
