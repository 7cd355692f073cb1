import { expect, test } from "@playwright/test";
import { BASE_URL, django, PASSWORD, signInViaUi, signUpViaApi } from "./helpers";

const NEW_PASSWORD = "Fresh-Ladder-Orbit-42";

/**
 * The reset link as the backend's email would carry it (same helper), made in
 * the Django shell: the e2e run has no mailbox to read.
 */
function resetLinkFor(username: string): string {
  const link = django(
    [
      "from django.contrib.auth import get_user_model",
      "from community.password_reset import reset_link",
      `print(reset_link(get_user_model().objects.get(username=${JSON.stringify(username)})))`,
    ].join("\n"),
  );
  const url = new URL(link.split("\n").at(-1)!);
  expect(url.pathname).toMatch(/^\/reset-password\/?$/);
  return `/reset-password/${url.search}`;
}

test("a reader asks for a link, sets a new password with it and signs in", async ({ page }) => {
  // A fresh account (the demo users may have no usable password).
  const username = await signUpViaApi(page);
  await page.context().clearCookies();

  await page.goto("/signin/");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password\/$/);
  await page.getByLabel("Email").fill(`${username}@example.com`);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toContainText(
    "If an account exists for that address, we've sent a link",
  );

  // The same answer for an address nobody uses: no account enumeration.
  await page.goto("/forgot-password/");
  await page.getByLabel("Email").fill("nobody-here@example.com");
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toContainText(
    "If an account exists for that address, we've sent a link",
  );

  const link = resetLinkFor(username);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();

  // Mismatch is caught in the browser; a weak password by the backend's validators.
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill("something-else-42");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("The two passwords do not match.")).toBeVisible();

  await page.getByLabel("New password", { exact: true }).fill("12345678");
  await page.getByLabel("Confirm new password").fill("12345678");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByLabel("New password", { exact: true })).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await expect(
    page.getByRole("alert").filter({ hasText: /too common|entirely numeric/ }),
  ).toBeVisible();

  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed");
  await page.getByRole("status").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin\/$/);

  // The link works once.
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill(`${NEW_PASSWORD}-again`);
  await page.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}-again`);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("This reset link is invalid or has expired.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();

  // The old password no longer works; the new one does.
  const old = await page.request.post("/api/session/signin/", {
    headers: { Origin: BASE_URL },
    data: { username, password: PASSWORD },
  });
  expect(old.ok()).toBe(false);
  await signInViaUi(page, username, NEW_PASSWORD);
});

test("a link without its uid or token says so and offers a new one", async ({ page }) => {
  await page.goto("/reset-password/");
  await expect(page.getByText(/This reset link is incomplete/)).toBeVisible();
  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(page).toHaveURL(/\/forgot-password\/$/);
});
