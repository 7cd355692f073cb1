import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against the real Django backend and the production Next.js
 * build, both started by `scripts/e2e` (Django on :8001, Next on :3001).
 * Chromium is Debian's (/usr/bin/chromium); Playwright never downloads one.
 */
const baseURL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3001";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./e2e/artifacts/results",
  fullyParallel: false,
  // Two cores run Django, Next and Chromium: one worker keeps timings stable.
  workers: 1,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["html", { outputFolder: "e2e/artifacts/report", open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
});
