import { createHash } from "node:crypto";
import {
  expect,
  test,
  type APIRequestContext,
  type APIResponse,
  type Page,
} from "@playwright/test";
import {
  API_URL,
  django,
  firstPost,
  PASSWORD,
  scrollToIsland,
  signUpViaApi,
  uniqueName,
} from "./helpers";

const API_ORIGIN = new URL(API_URL).origin;

/** The single Content-Security-Policy header of a response (two would be enforced together). */
function csp(response: APIResponse): string {
  const values = response
    .headersArray()
    .filter(({ name }) => name.toLowerCase() === "content-security-policy");
  expect(values, "exactly one Content-Security-Policy header").toHaveLength(1);
  return values[0]!.value;
}

function directive(policy: string, name: string): string[] {
  const part = policy
    .split(";")
    .map((item) => item.trim())
    .find((item) => item.split(/\s+/)[0] === name);
  return part ? part.split(/\s+/).slice(1) : [];
}

function expectStrictBasics(policy: string) {
  expect(directive(policy, "default-src")).toEqual(["'self'"]);
  expect(directive(policy, "object-src")).toEqual(["'none'"]);
  expect(directive(policy, "base-uri")).toEqual(["'none'"]);
  expect(directive(policy, "form-action")).toEqual(["'self'"]);
  expect(directive(policy, "frame-ancestors")).toEqual(["'self'", API_ORIGIN]);
  expect(directive(policy, "img-src")).toEqual(expect.arrayContaining(["'self'", API_ORIGIN]));
  // The e2e site runs on http: no upgrade, no HSTS.
  expect(policy).not.toContain("upgrade-insecure-requests");
}

function expectOtherHeaders(response: APIResponse) {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
    expect(headers["permissions-policy"]).toContain(`${feature}=()`);
  }
  expect(headers["strict-transport-security"]).toBeUndefined();
}

/** Executable script tags in the HTML (JSON-LD data blocks are not scripts CSP governs). */
function scriptTags(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => !/type="application\/(ld\+)?json"/.test(tag));
}

/**
 * experimental.sri: Next's bootstrap scripts carry `integrity`, and each hash
 * matches the file served. (Client-component chunks that React inserts get
 * none yet: vercel/next.js#74147.)
 */
async function expectValidIntegrity(request: APIRequestContext, html: string) {
  const checked = scriptTags(html).flatMap((tag) => {
    const src = tag.match(/ src="([^"]+)"/)?.[1];
    const integrity = tag.match(/ integrity="sha256-([^"]+)"/)?.[1];
    return src && integrity ? [{ src, integrity }] : [];
  });
  expect(checked.length).toBeGreaterThan(0);
  for (const { src, integrity } of checked) {
    const body = await (await request.get(src)).body();
    expect(createHash("sha256").update(body).digest("base64"), src).toBe(integrity);
  }
}

/**
 * Collects CSP violations from the page: the DOM's `securitypolicyviolation`
 * events and Chromium's console messages about refused resources.
 */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (t: string) => void })
        .__reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI} on ${location.pathname}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) {
      violations.push(`console: ${message.text()}`);
    }
  });
  return violations;
}

/** Checks the nonce policy of a page and that Next put that nonce on every script. */
async function expectNoncePage(request: APIRequestContext, path: string) {
  const first = await request.get(path);
  expect(first.status(), path).toBe(200);
  const policy = csp(first);
  expectStrictBasics(policy);
  expectOtherHeaders(first);
  const scripts = directive(policy, "script-src");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).toContain("'strict-dynamic'");
  const nonce = scripts.find((source) => source.startsWith("'nonce-"))?.slice(7, -1);
  expect(nonce, path).toMatch(/^[A-Za-z0-9+/]{22}==$/);

  const html = await first.text();
  const tags = scriptTags(html);
  expect(tags.length, path).toBeGreaterThan(0);
  for (const tag of tags) expect(tag, path).toContain(`nonce="${nonce}"`);
  await expectValidIntegrity(request, html);

  const second = csp(await request.get(path));
  expect(second, "a new nonce per response").not.toContain(`'nonce-${nonce}'`);
}

// `CSP_STRICT=1 scripts/e2e` runs the suite against a build where every page has a nonce.
const STRICT = process.env.CSP_STRICT === "1";

test("static pages carry the static policy and the other security headers", async ({ request }) => {
  const post = await firstPost(request);
  for (const path of ["/", post.path]) {
    if (STRICT) {
      await expectNoncePage(request, path);
      continue;
    }
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const policy = csp(response);
    expectStrictBasics(policy);
    expect(directive(policy, "script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expectOtherHeaders(response);
    await expectValidIntegrity(request, await response.text());
  }
});

test("per-request routes get a fresh nonce that Next puts on its scripts", async ({ request }) => {
  for (const path of [
    "/search/?q=cache",
    "/signin/",
    "/signup/",
    "/account/",
    "/forgot-password/",
    "/reset-password/?uid=MQ&token=x",
  ]) {
    await expectNoncePage(request, path);
  }
});

test("reading a post, signing in, liking and commenting raise no CSP violation", async ({
  page,
  request,
}) => {
  const violations = await watchCsp(page);
  const post = await firstPost(request);

  // A static page: hydration must run under 'unsafe-inline' + SRI.
  await page.goto("/");
  await page.getByRole("link", { name: post.title }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: post.title })).toBeVisible();
  await page.goto(post.path);
  await scrollToIsland(page, "like");
  await expect(page.getByTestId("post-like-count")).toHaveText(/\d+ likes?/);

  // The nonce pages: signing in works only if Next's scripts ran.
  await page.goto("/search/?q=a");
  await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
  const username = await signUpViaApi(page, uniqueName("csp"));
  await page.context().clearCookies();
  await page.goto("/signin/");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-link")).toBeVisible();

  // Back to the static post: like and comment through the BFF.
  await page.goto(post.path);
  await scrollToIsland(page, "like");
  const like = page.getByTestId("post-like");
  const pressed = await like.getAttribute("aria-pressed");
  await like.click();
  await expect(like).not.toHaveAttribute("aria-pressed", pressed ?? "false");
  const text = `CSP check ${Date.now()}`;
  await scrollToIsland(page, "comments");
  await page.getByLabel("Add a comment").fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByTestId("comment").filter({ hasText: text }).first()).toBeVisible();

  // Client-side navigation from a static page into a nonce page and back.
  await page.getByTestId("account-link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await page.goto("/account/");
  await expect(page.getByLabel("Display name")).toBeVisible();

  expect(violations).toEqual([]);
});

test("markup injected into a nonce page cannot run script", async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto("/signin/");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // The classic XSS shape: HTML with an inline event handler.
  const ran = await page.evaluate(async () => {
    const box = document.createElement("div");
    box.innerHTML = '<img src="data:," alt="" onerror="window.__injected = true">';
    document.body.append(box);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.join("\n")).toMatch(/script-src/);
});

test("a draft preview is rendered with a nonce and hydrates", async ({ page, request }) => {
  const violations = await watchCsp(page);
  const post = await firstPost(request);
  const token = django(
    [
      "from blog.models import BlogPage",
      `page = BlogPage.objects.get(id=${post.id}).get_latest_revision_as_object()`,
      "print(page.create_page_preview().token)",
    ].join("\n"),
  )
    .split("\n")
    .pop()!;
  const response = await page.goto(
    `/api/preview/?content_type=blog.blogpage&token=${encodeURIComponent(token)}`,
  );
  await expect(page).toHaveURL(new RegExp(`${post.path}$`));
  await expect(page.getByRole("status").filter({ hasText: "previewing a draft" })).toBeVisible();
  const policy = (await response!.allHeaders())["content-security-policy"] ?? "";
  const nonce = directive(policy, "script-src")
    .find((source) => source.startsWith("'nonce-"))
    ?.slice(7, -1);
  expect(nonce).toBeTruthy();
  for (const tag of scriptTags(await response!.text())) expect(tag).toContain(`nonce="${nonce}"`);
  // Hydrated: the user menu renders only once the session has been fetched.
  await expect(page.locator(".user-menu").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.getByRole("link", { name: "Exit preview" }).click();
  await expect(page.getByRole("status").filter({ hasText: "previewing a draft" })).toHaveCount(0);
  expect(violations).toEqual([]);
});
