import { expect, test } from "@playwright/test";
import { BASE_URL, PASSWORD, signInViaUi, signUpViaApi, uniqueName } from "./helpers";

test("a reader signs up, is signed in with httpOnly cookies only, and signs out", async ({
  page,
  context,
}) => {
  const username = uniqueName("newbie");
  await page.goto("/signup/");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(`${username}@example.com`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account\/$/);
  await expect(page.getByTestId("account-link")).toBeVisible();

  const cookies = await context.cookies();
  const session = cookies.filter((c) => c.name === "folio_access" || c.name === "folio_refresh");
  expect(session.map((c) => c.name).sort()).toEqual(["folio_access", "folio_refresh"]);
  for (const cookie of session) {
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
  }
  // Beside them, the readable signed-in hint (pages skip the session fetch without it): no token.
  const hint = cookies.find((c) => c.name === "folio_signed_in");
  expect(hint?.value).toBe("1");
  expect(hint?.httpOnly).toBe(false);
  // No token is readable from JavaScript, in cookies or storage.
  const exposed = await page.evaluate(() => ({
    cookie: document.cookie,
    local: JSON.stringify(localStorage),
    session: JSON.stringify(sessionStorage),
  }));
  expect(exposed.cookie).not.toMatch(/folio_access|folio_refresh|eyJ/);
  expect(exposed.local + exposed.session).not.toMatch(/eyJ/);

  const refresh = session.find((c) => c.name === "folio_refresh")!;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  expect((await context.cookies()).filter((c) => c.name.startsWith("folio_"))).toHaveLength(0);

  // Sign-out blacklisted the refresh token: replaying it gets no session back.
  await context.addCookies([refresh]);
  const replay = await page.request.get("/api/session/me/");
  expect(await replay.json()).toEqual({ user: null });
  expect((await context.cookies()).filter((c) => c.name.startsWith("folio_"))).toHaveLength(0);

  await signInViaUi(page, username);
});

test("sign-up errors from the API are shown next to the field", async ({ page }) => {
  await page.goto("/signup/");
  await page.getByLabel("Username").fill(uniqueName("weak"));
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("123");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").first()).toBeVisible();

  // With a valid email, the password validators speak.
  await page.getByLabel("Email").fill("weak@example.com");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Email")).not.toHaveAttribute("aria-invalid", "true");
});

test("a password typed before the page's script runs never goes into a URL", async ({
  browser,
}) => {
  // A slow phone submits before hydration: the browser sends the form itself.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const path of ["/signin/", "/signup/"]) {
    await page.goto(path);
    await page.getByLabel("Username").fill("early-bird");
    await page.getByLabel("Password").fill(PASSWORD);
    const answered = page.waitForResponse((response) => response.request().isNavigationRequest());
    await page.getByRole("button", { name: /Sign in|Create account/ }).click();
    const response = await answered;
    expect(response.request().method()).toBe("POST");
    expect(response.url()).not.toContain(PASSWORD);
    expect(response.status()).toBeLessThan(500); // the page again, to try once it has loaded
    await page.waitForLoadState();
    expect(page.url()).not.toContain(PASSWORD);
  }
  await context.close();
});

test("the sign-in form works before its script runs: the error, then signed in and sent on", async ({
  browser,
  page,
}) => {
  const username = await signUpViaApi(page);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await context.newPage();
  // The header's links are there without the script too.
  await noScript.goto("/tags/");
  await noScript.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
  await expect(noScript).toHaveURL(/\/signin\/$/);
  await expect(noScript.getByRole("banner").getByRole("link", { name: "Sign up" })).toBeVisible();

  await noScript.goto("/signin/?next=/tags/");
  await noScript.getByRole("button", { name: "Sign in" }).click(); // nothing typed
  await expect(noScript).toHaveURL(/\/signin\/\?error=username&next=%2Ftags%2F$/);
  await expect(noScript.getByRole("alert")).toHaveText("Enter your username.");
  await noScript.getByLabel("Username").fill(username);
  await noScript.getByLabel("Password").fill("wrong-password");
  await noScript.getByRole("button", { name: "Sign in" }).click();
  await expect(noScript).toHaveURL(/\/signin\/\?error=credentials&next=%2Ftags%2F$/);
  await expect(noScript.getByRole("alert")).toHaveText(/No active account/);
  expect((await context.cookies()).some((c) => c.name === "folio_access")).toBe(false);

  await noScript.getByLabel("Username").fill(username);
  await noScript.getByLabel("Password").fill(PASSWORD);
  await noScript.getByRole("button", { name: "Sign in" }).click();
  await expect(noScript).toHaveURL(/\/tags\/$/);
  const access = (await context.cookies()).find((c) => c.name === "folio_access");
  expect(access?.httpOnly).toBe(true);
  await context.close();

  // A `next` leading off the site (or nowhere) sends the reader to their account instead.
  for (const next of ["//evil.example/", "https://evil.example/", "/\\evil.example", ""]) {
    const answer = await page.request.post("/api/session/signin/", {
      headers: { Origin: BASE_URL },
      form: { username, password: PASSWORD, next },
      maxRedirects: 0,
    });
    expect(answer.status()).toBe(303);
    expect(answer.headers()["location"]).toBe(`${BASE_URL}/account/`);
  }
});

test("wrong credentials are refused with a message", async ({ page }) => {
  await page.goto("/signin/");
  await page.getByLabel("Username").fill("nobody-here");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("state-changing BFF calls from another origin are refused", async ({ request }) => {
  const response = await request.post("/api/session/signin/", {
    headers: { Origin: "https://evil.example" },
    data: { username: "x", password: "y" },
  });
  expect(response.status()).toBe(403);
  const noOrigin = await request.post("/api/community/posts/1/like/");
  expect(noOrigin.status()).toBe(403);
  const same = await request.post("/api/session/signin/", {
    headers: { Origin: BASE_URL },
    data: { username: "nobody-here", password: "wrong" },
  });
  expect([400, 401, 429]).toContain(same.status());
});

test("the BFF exposes only community paths, never the token endpoints", async ({ request }) => {
  const response = await request.get("/api/community/auth/token/");
  expect(response.status()).toBe(404);
});
