/**
 * Newsletter forms without JavaScript: what a subscribe or confirm form posts,
 * what the backend's answer means for the reader, and the result pages' URLs.
 * The route handlers in `app/api/newsletter/` call the backend and answer
 * 303 to those pages, so a plain HTML form is the whole client.
 */

export const BLOG_TOPIC = "blog";
export const SUBSCRIBE_ACTION = "/api/newsletter/subscribe/";
export const CONFIRM_ACTION = "/api/newsletter/confirm/";
export const NEWSLETTER_PATH = "/newsletter/";
export const CONFIRM_PATH = "/newsletter/confirm/";
/** The typed address, kept for the error page only (never in a URL). */
export const EMAIL_FLASH_COOKIE = "folio_nl_email";

/** The same words whatever the address (the backend answers 202 for all of them). */
export const ACCEPTED_MESSAGE =
  "If this address can subscribe, a confirmation email is on its way. Open the link in it to start getting new posts.";

export type TopicOption = { key: string; label: string; checked: boolean };

const TOPIC_PATTERN = /^(blog|author:[^\s]{1,130}|tag:[^\s]{1,130})$/;
const MAX_TOPICS = 50;

export function isTopicKey(value: string): boolean {
  return TOPIC_PATTERN.test(value);
}

/** Topic keys from a form or a query string: well-formed, each once, at most 50. */
export function cleanTopics(values: Iterable<unknown>): string[] {
  const keys: string[] = [];
  for (const value of values) {
    if (typeof value === "string" && isTopicKey(value) && !keys.includes(value)) keys.push(value);
    if (keys.length >= MAX_TOPICS) break;
  }
  return keys;
}

/** A site path to come back to (`/blog/x/`), never another origin (`//evil`, `/\evil`). */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/")) return null;
  if (value.startsWith("//") || value.includes("\\") || value.length > 500) return null;
  return /^[\x21-\x7e]+$/.test(value) ? value : null;
}

export type SubscribeForm = { email: string; topics: string[]; next: string | null };

/** What the subscribe form posted (`email`, repeated `topic`, `next`). */
export function readSubscribeForm(form: FormData): SubscribeForm {
  return {
    email: String(form.get("email") ?? "").trim(),
    topics: cleanTopics(form.getAll("topic")),
    next: safeReturnPath(form.get("next")),
  };
}

export type SubscribeOutcome = { kind: "sent" } | { kind: "error"; code: ErrorCode };

/** The backend's answer to `POST /api/newsletter/subscribe/`, for the reader. */
export function subscribeOutcome(status: number, body: unknown): SubscribeOutcome {
  if (status === 202) return { kind: "sent" };
  const errors = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  if (status === 400 && errors.email !== undefined) return { kind: "error", code: "email" };
  if (status === 400 && errors.topics !== undefined) return { kind: "error", code: "topics" };
  if (status === 429) return { kind: "error", code: "throttled" };
  return { kind: "error", code: "unavailable" };
}

/**
 * The reader-facing words for an error code carried in the result page's URL.
 * The URL carries codes, never text, so a crafted link cannot put words on the page.
 */
export const ERROR_MESSAGES = {
  email: "Enter a valid email address, like name@example.com.",
  topics: "Choose at least one of the topics below.",
  throttled: "Too many attempts from here. Please wait a few minutes and try again.",
  unavailable: "We could not reach the newsletter service. Please try again in a moment.",
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_MESSAGES, value);
}

/** Which field an error code names (`detail`: the form as a whole). */
export function errorField(code: ErrorCode): "email" | "topics" | "detail" {
  return code === "email" || code === "topics" ? code : "detail";
}

/** Where the subscribe form's POST lands: the confirmation notice, or the form with its error. */
export function subscribeResultPath(form: SubscribeForm, outcome: SubscribeOutcome): string {
  const query = new URLSearchParams();
  if (outcome.kind === "sent") query.set("status", "sent");
  else query.set("error", outcome.code);
  for (const topic of form.topics) query.append("topic", topic);
  if (form.next) query.set("next", form.next);
  return `${NEWSLETTER_PATH}?${query.toString()}`;
}

export type ConfirmStatus = "confirmed" | "invalid" | "unavailable";

/** The backend's answer to `POST /api/newsletter/confirm/`: 200, 400 (bad/used/expired) or else. */
export function confirmStatus(status: number): ConfirmStatus {
  if (status === 200) return "confirmed";
  if (status === 400) return "invalid";
  return "unavailable";
}

/** Where the confirm button's POST lands; a failed call keeps the token to try again. */
export function confirmResultPath(status: ConfirmStatus, token: string): string {
  const query = new URLSearchParams({ status });
  if (status === "unavailable" && token) query.set("token", token);
  return `${CONFIRM_PATH}?${query.toString()}`;
}

/** Human words for a topic key, given the names the page knows. */
export function topicLabel(key: string, names: Record<string, string> = {}): string {
  if (key === BLOG_TOPIC) return "Every new post";
  const name = names[key];
  if (key.startsWith("author:")) return `Posts by ${name ?? key.slice("author:".length)}`;
  if (key.startsWith("tag:")) return `Posts tagged “${name ?? key.slice("tag:".length)}”`;
  return key;
}

/** A post's choices: the whole blog (ticked), or only one of its authors or tags. */
export function postTopics(post: {
  authors: { name: string; slug: string }[];
  tags: { name: string; slug: string }[];
}): TopicOption[] {
  return [
    { key: BLOG_TOPIC, label: topicLabel(BLOG_TOPIC), checked: true },
    ...post.authors.map((author) => ({
      key: `author:${author.slug}`,
      label: `Only posts by ${author.name}`,
      checked: false,
    })),
    ...post.tags.map((tag) => ({
      key: `tag:${tag.slug}`,
      label: `Only posts tagged “${tag.name}”`,
      checked: false,
    })),
  ];
}

export type MySubscription = {
  email: string;
  state: "none" | "pending" | "confirmed" | "unsubscribed" | "suppressed";
  topics: string[];
};

const STATES = new Set(["none", "pending", "confirmed", "unsubscribed", "suppressed"]);

/** `GET/PUT /api/newsletter/me/`'s body, defensively. */
export function reshapeMySubscription(value: unknown): MySubscription {
  const body = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const state = typeof body.state === "string" && STATES.has(body.state) ? body.state : "none";
  return {
    email: typeof body.email === "string" ? body.email : "",
    state: state as MySubscription["state"],
    topics: Array.isArray(body.topics) ? cleanTopics(body.topics) : [],
  };
}
