import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { expect, test, type Response } from "@playwright/test";
import { firstPost, scrollToIsland } from "./helpers";

/**
 * Reading pages are server-rendered HTML; JavaScript comes only with the
 * islands a reader uses (src/components/islands.tsx). These tests fail when a
 * page starts shipping client code for static content again.
 */

// Strings only the islands' own code contains (their data-testid values).
const COMMENTS_CODE = "comment-like-count";
const LIKE_CODE = "post-like-count";

/** The bodies of every script the page has loaded so far. */
function watchScripts(page: import("@playwright/test").Page): () => Promise<string[]> {
  const responses: Response[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") responses.push(response);
  });
  return () => Promise.all(responses.map((r) => r.text().catch(() => "")));
}

test("a post's comment thread and like button load only when the reader scrolls to them", async ({
  page,
  request,
}) => {
  const post = await firstPost(request);
  // A short window, so the thread starts well below the fold.
  await page.setViewportSize({ width: 1000, height: 500 });
  const scripts = watchScripts(page);
  await page.goto(post.path);
  await page.waitForLoadState("networkidle");
  // Hydrated (the header's account menu is an island in view), thread not loaded.
  await expect(page.locator('[data-island="user-menu"]').getByRole("link").first()).toBeVisible();
  let bodies = await scripts();
  expect(bodies.some((body) => body.includes(COMMENTS_CODE))).toBe(false);
  expect(bodies.some((body) => body.includes(LIKE_CODE))).toBe(false);
  const island = page.locator('[data-island="comments"]');
  await expect(island).toContainText("Loading comments…");
  const top = (await island.boundingBox())?.y ?? 0;
  expect(top, "the thread must start more than the island margin below the fold").toBeGreaterThan(
    500 + 300,
  );

  // The reader scrolls down: both islands load and work.
  await scrollToIsland(page, "comments");
  await expect(page.getByTestId("comment-count")).toBeVisible();
  await expect(page.getByTestId("post-like-count")).toHaveText(/\d+ likes?/);
  bodies = await scripts();
  expect(bodies.some((body) => body.includes(COMMENTS_CODE))).toBe(true);
  expect(bodies.some((body) => body.includes(LIKE_CODE))).toBe(true);
});

test("a post with code and a fediverse byline downloads no web font", async ({ page, request }) => {
  const post = await firstPost(request);
  const fonts: string[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "font") fonts.push(response.url());
  });
  await page.goto(post.path);
  await page.locator(".prose pre").first().scrollIntoViewIfNeeded();
  await page.waitForLoadState("networkidle");
  // Text, code and handles are set in the reader's system faces: nothing to fetch.
  await expect(page.locator(".prose pre").first()).toBeVisible();
  expect(fonts).toEqual([]);
});

test("a reader who never signed in costs no session request; a stale hint is cleared", async ({
  page,
  context,
  request,
}) => {
  const post = await firstPost(request);
  const sessionCalls: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/session/me/")) sessionCalls.push(r.url());
  });
  const scripts = watchScripts(page);
  await page.goto(post.path);
  await page.waitForLoadState("networkidle");
  const menu = page.locator('[data-island="user-menu"]');
  await expect(menu.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(menu.getByRole("link", { name: "Sign up" })).toBeVisible();
  expect(sessionCalls).toEqual([]);
  // The account menu's own code (its sign-out button) never came.
  expect((await scripts()).some((body) => body.includes("account-link"))).toBe(false);

  // A hint cookie whose session is gone: one question, then the hint is cleared.
  await context.addCookies([
    { name: "folio_signed_in", value: "1", url: new URL("/", page.url()).toString() },
  ]);
  await page.reload();
  await expect(menu.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect.poll(() => sessionCalls.length).toBe(1);
  await expect
    .poll(async () => (await context.cookies()).some((c) => c.name === "folio_signed_in"))
    .toBe(false);
});

test("reading pages ship no client components but the islands (build output)", () => {
  const appDir = path.join(__dirname, "..", process.env.NEXT_DIST_DIR ?? ".next", "server/app");
  // Next's own runtime pieces every App Router page has (router, boundaries).
  const framework = [
    "[project]/node_modules/next/dist/esm/client/components/",
    "[project]/node_modules/next/dist/esm/lib/framework/",
    "[project]/node_modules/next/dist/esm/lib/metadata/",
  ];
  // Ours: the islands, the fediverse handle's copy button (a few hundred bytes,
  // nothing to defer), and the error boundaries Next requires to be client code.
  const allowed = new Set([
    "[project]/src/components/islands.tsx",
    "[project]/src/components/copy-button.tsx",
    "[project]/src/app/error.tsx",
    "[project]/src/app/global-error.tsx",
  ]);
  for (const route of [
    "[[...path]]",
    "tags",
    "tags/[slug]",
    "authors",
    "authors/[slug]",
    "search",
  ]) {
    const file = path.join(appDir, route, "page_client-reference-manifest.js");
    const context: { __RSC_MANIFEST?: Record<string, { clientModules: object }> } = {};
    vm.runInNewContext(readFileSync(file, "utf8"), { globalThis: context });
    const manifest = Object.values(context.__RSC_MANIFEST ?? {})[0] ?? { clientModules: {} };
    const modules = Object.keys(manifest.clientModules).map((key) => key.split(" ")[0]!);
    expect(modules.length, route).toBeGreaterThan(0);
    const extra = [...new Set(modules)].filter(
      (module) => !allowed.has(module) && !framework.some((prefix) => module.startsWith(prefix)),
    );
    // e.g. a provider in the layout, next/link or next/image in a server component.
    expect(extra, `client code on /${route}/`).toEqual([]);
    expect(modules, route).toContain("[project]/src/components/islands.tsx");
  }
});
