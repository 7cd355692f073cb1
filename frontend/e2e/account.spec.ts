import { expect, test } from "@playwright/test";
import { signUpViaApi } from "./helpers";

test("a reader edits their profile and uploads an avatar", async ({ page }) => {
  await signUpViaApi(page);
  await page.goto("/account/");
  await page.getByLabel("Display name").fill("Jane Reader");
  await page.getByLabel("Bio").fill("Reads everything about caching.");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await expect(page.getByTestId("account-link")).toHaveText("Jane Reader");
  await page.reload();
  await expect(page.getByLabel("Bio")).toHaveValue("Reads everything about caching.");

  // A real PNG drawn in the browser, sent through the upload API.
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 200;
    canvas.height = 200;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#0b57d0";
    context.fillRect(0, 0, 200, 200);
    return canvas.toDataURL("image/png");
  });
  await page.getByLabel("Upload a new avatar").setInputFiles({
    name: "avatar.png",
    mimeType: "image/png",
    buffer: Buffer.from(dataUrl.split(",")[1]!, "base64"),
  });
  await expect(page.getByText("Avatar updated.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("img", { name: "Your current avatar" })).toBeVisible();
});

test("the account page asks a signed-out visitor to sign in", async ({ page }) => {
  await page.goto("/account/");
  await expect(page.locator("main").getByRole("link", { name: "Sign in" })).toBeVisible();
});
