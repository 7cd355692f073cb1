import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const BASE_URL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3001";
export const API_URL = process.env.E2E_API_URL ?? "http://127.0.0.1:8001";
// scripts/e2e exports the repo root; the fallback is this file's checkout.
export const ROOT = process.env.FOLIO_ROOT ?? path.resolve(__dirname, "../..");

/**
 * Runs Python in the backend's Django shell, against the e2e database that
 * `scripts/e2e` configured through the environment. Prints are returned.
 */
export function django(code: string): string {
  return execFileSync(path.join(ROOT, ".venv/bin/python"), ["manage.py", "shell", "-c", code], {
    cwd: ROOT,
    env: process.env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

export const PASSWORD = "Corr3ct-Horse-Battery";

/** The first post listed by the API (newest), as the frontend links it. */
export async function firstPost(
  request: APIRequestContext,
): Promise<{ id: number; path: string; title: string }> {
  const response = await request.get(
    `${API_URL}/api/v2/pages/?type=blog.BlogPage&fields=title&order=-first_published_at&limit=1`,
  );
  expect(response.ok()).toBeTruthy();
  const body = (await response.json()) as {
    items: { id: number; title: string; meta: { html_url: string } }[];
  };
  const item = body.items[0]!;
  return { id: item.id, title: item.title, path: new URL(item.meta.html_url).pathname };
}

/** Signs up through the BFF from the page's context, so the session cookies land in the browser. */
export async function signUpViaApi(page: Page, username = uniqueName("reader")): Promise<string> {
  const response = await page.request.post("/api/session/signup/", {
    headers: { Origin: BASE_URL },
    data: { username, email: `${username}@example.com`, password: PASSWORD },
  });
  expect(response.status(), await response.text()).toBe(201);
  return username;
}

/**
 * Scrolls a lazy island (`data-island`: "comments", "like") into view, as a
 * reader does: its code loads only when it comes near the viewport.
 */
export async function scrollToIsland(page: Page, name: "comments" | "like"): Promise<void> {
  await page.locator(`[data-island="${name}"]`).scrollIntoViewIfNeeded();
}

export async function signInViaUi(
  page: Page,
  username: string,
  password = PASSWORD,
): Promise<void> {
  await page.goto("/signin/");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-link")).toBeVisible();
}
