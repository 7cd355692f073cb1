import type { Metadata } from "next";
import { cookies } from "next/headers";
import { SubscribeForm } from "@/components/subscribe-form";
import { getAuthor, getTag } from "@/lib/cms";
import {
  ACCEPTED_MESSAGE,
  BLOG_TOPIC,
  cleanTopics,
  EMAIL_FLASH_COOKIE,
  isErrorCode,
  safeReturnPath,
  topicLabel,
} from "@/lib/newsletter";
import { slugFromParam } from "@/lib/paths";

export const metadata: Metadata = {
  title: "Newsletter",
  description: "Get new Folio posts by email.",
  robots: { index: false, follow: true },
  alternates: { canonical: "/newsletter/" },
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function all(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Names for the topics a result URL carries (cached API reads; unknown ones keep their slug). */
async function topicNames(keys: string[]): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  await Promise.all(
    keys.map(async (key) => {
      try {
        if (key.startsWith("author:")) {
          const author = await getAuthor(key.slice("author:".length));
          if (author) names[key] = author.name;
        } else if (key.startsWith("tag:")) {
          const tag = await getTag(slugFromParam(key.slice("tag:".length)));
          if (tag) names[key] = tag.name;
        }
      } catch {
        // A label falls back to the slug; the form still works.
      }
    }),
  );
  return names;
}

/**
 * Where the subscribe forms land (rendered per request): the confirmation
 * notice, the same for every address, or the form again with its error.
 */
export default async function NewsletterPage({ searchParams }: PageProps<"/newsletter">) {
  const params = await searchParams;
  const returnPath = safeReturnPath(first(params.next));
  const back = returnPath ? (
    <p>
      <a href={returnPath}>← Back to where you were</a>
    </p>
  ) : null;
  if (first(params.status) === "sent") {
    return (
      <>
        <h1>Check your inbox</h1>
        <p className="notice" role="status">
          {ACCEPTED_MESSAGE}
        </p>
        {back}
      </>
    );
  }
  const code = first(params.error);
  const error = isErrorCode(code) ? code : undefined;
  const asked = cleanTopics(all(params.topic));
  const keys = asked.length > 0 ? asked : [BLOG_TOPIC];
  const names = await topicNames(keys);
  const email = error ? (await cookies()).get(EMAIL_FLASH_COOKIE)?.value : undefined;
  return (
    <>
      <h1>Newsletter</h1>
      <p className="lede">New posts, in full, in your inbox. Unsubscribe with one click.</p>
      <SubscribeForm
        id="newsletter"
        heading={error ? "Please check the form" : "Get new posts by email"}
        topics={keys.map((key) => ({ key, label: topicLabel(key, names), checked: true }))}
        returnPath={returnPath ?? undefined}
        error={error}
        email={email}
      />
      {back}
    </>
  );
}
