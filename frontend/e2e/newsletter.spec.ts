import { expect, test, type APIRequestContext } from "@playwright/test";
import { API_URL, django, firstPost, signUpViaApi, uniqueName } from "./helpers";

/** The subscriber behind an address, as the backend has it (`null` when there is none). */
function subscriber(email: string): { state: string; topics: string[] } | null {
  const out = django(
    [
      "import json",
      "from newsletter.models import Subscriber",
      `s = Subscriber.objects.filter(email=${JSON.stringify(email)}).first()`,
      "print(json.dumps(s and {'state': s.state, 'topics': s.topic_keys}))",
    ].join("\n"),
  );
  return JSON.parse(out.split("\n").pop()!) as { state: string; topics: string[] } | null;
}

/**
 * A confirmation token for a pending address, as the emailed link carries it
 * (the backend stores only hashes, so this issues a fresh one in its place).
 */
function confirmToken(email: string): string {
  return django(
    [
      "from newsletter.models import Subscriber",
      `s = Subscriber.objects.get(email=${JSON.stringify(email)}, state="pending")`,
      "token = s.new_confirm_token()",
      "s.save()",
      "print(token)",
    ].join("\n"),
  )
    .split("\n")
    .pop()!;
}

async function firstTag(request: APIRequestContext): Promise<{ name: string; slug: string }> {
  const response = await request.get(`${API_URL}/api/v2/tags/?limit=1`);
  const body = (await response.json()) as { items: { name: string; slug: string }[] };
  return body.items[0]!;
}

test("without JavaScript a reader subscribes under a post, fixes a bad address and confirms from the link", async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const post = await firstPost(request);
  await page.goto(post.path);
  const form = page.getByRole("region", { name: "Get new posts by email" });
  await expect(form.getByRole("checkbox", { name: "Every new post" })).toBeChecked();

  // The browser accepts `name@example` as an email; the backend does not, and the page says which field.
  const bad = `${uniqueName("bad")}@example`;
  await form.getByLabel("Email address").fill(bad);
  await form.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/newsletter\/\?error=email/);
  const email = page.getByLabel("Email address");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveValue(bad);
  await expect(page.locator("main").getByRole("alert")).toHaveText(/Enter a valid email address/);

  const address = `${uniqueName("nojs")}@example.com`;
  await email.fill(address);
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(page.locator("main").getByRole("status")).toHaveText(
    /If this address can subscribe/,
  );
  await expect(page.getByRole("link", { name: /Back to where you were/ })).toHaveAttribute(
    "href",
    post.path,
  );
  expect(subscriber(address)).toEqual({ state: "pending", topics: ["blog"] });

  // Opening the link (as a mail scanner would) confirms nothing; the button does.
  const token = confirmToken(address);
  await page.goto(`/newsletter/confirm/?token=${token}`);
  expect(subscriber(address)?.state).toBe("pending");
  await page.getByRole("button", { name: "Confirm subscription" }).click();
  await expect(page.getByRole("heading", { name: "You’re subscribed" })).toBeVisible();
  expect(subscriber(address)?.state).toBe("confirmed");

  // The same link again: used.
  await page.goto(`/newsletter/confirm/?token=${token}`);
  await page.getByRole("button", { name: "Confirm subscription" }).click();
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();

  // The email's unsubscribe link (the backend's page) lands back on the site.
  const unsubscribeUrl = django(
    [
      "from newsletter import emails",
      "from newsletter.models import Subscriber",
      `print(emails.unsubscribe_url(Subscriber.objects.get(email=${JSON.stringify(address)}).pk))`,
    ].join("\n"),
  )
    .split("\n")
    .pop()!;
  await page.goto(unsubscribeUrl);
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { name: "You’re unsubscribed" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/newsletter/unsubscribed/");
  expect(subscriber(address)?.state).toBe("unsubscribed");
  await context.close();
});

test("with JavaScript a reader subscribes to one tag from its page, and to one author", async ({
  page,
  request,
}) => {
  const tag = await firstTag(request);
  await page.goto(`/tags/${encodeURIComponent(tag.slug)}/`);
  const address = `${uniqueName("tagreader")}@example.com`;
  const form = page.getByRole("region", { name: `Get posts tagged “${tag.name}” by email` });
  await form.getByLabel("Email address").fill(address);
  await form.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  expect(subscriber(address)).toEqual({ state: "pending", topics: [`tag:${tag.slug}`] });

  await page.goto("/authors/");
  await page.locator("main a[href^='/authors/']").first().click();
  await expect(page.getByRole("region", { name: /Get posts by .* by email/ })).toBeVisible();
});

test("a signed-in reader changes newsletter topics on the account page", async ({
  page,
  request,
}) => {
  const username = await signUpViaApi(page);
  const address = `${username}@example.com`;
  const tag = await firstTag(request);
  django(
    [
      "from newsletter.models import Subscriber, Topic",
      `s = Subscriber.objects.create(email=${JSON.stringify(address)}, state="confirmed")`,
      `Topic.objects.bulk_create([Topic(subscriber=s, key=k) for k in ["blog", ${JSON.stringify(`tag:${tag.slug}`)}]])`,
    ].join("\n"),
  );
  await page.goto("/account/");
  const section = page.getByRole("region", { name: "Newsletter" });
  await expect(section.getByTestId("newsletter-state")).toHaveText(`New posts go to ${address}.`);
  await section.getByRole("checkbox", { name: "Every new post" }).uncheck();
  await section.getByRole("button", { name: "Save subscriptions" }).click();
  await expect(section.getByRole("status")).toHaveText("Subscriptions saved.");
  expect(subscriber(address)).toEqual({ state: "confirmed", topics: [`tag:${tag.slug}`] });

  await section.getByRole("button", { name: "Unsubscribe from all" }).click();
  await expect(section.getByRole("status")).toHaveText("Unsubscribed.");
  expect(subscriber(address)?.state).toBe("unsubscribed");
});

test("feeds carry whole posts, as RSS content:encoded and as JSON Feed 1.1", async ({
  page,
  request,
}) => {
  const post = await firstPost(request);
  const rss = await (await request.get("/feed.xml")).text();
  expect(rss).toContain('xmlns:content="http://purl.org/rss/1.0/modules/content/"');
  expect(rss).toContain("<content:encoded>");
  const response = await request.get("/feed.json");
  expect(response.headers()["content-type"]).toContain("application/feed+json");
  const feed = (await response.json()) as {
    version: string;
    items: { url: string; content_html: string }[];
  };
  expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
  const item = feed.items.find((entry) => new URL(entry.url).pathname === post.path);
  expect(item?.content_html.length).toBeGreaterThan(100);

  const tag = await firstTag(request);
  const tagFeed = await request.get(`/tags/${encodeURIComponent(tag.slug)}/feed.json`);
  expect(tagFeed.ok()).toBeTruthy();
  await page.goto("/");
  await expect(
    page.locator('head link[rel="alternate"][type="application/feed+json"]'),
  ).toHaveAttribute("href", /\/feed\.json$/);
});
