import type { Metadata } from "next";
import { CONFIRM_ACTION } from "@/lib/newsletter";

export const metadata: Metadata = {
  title: "Confirm your subscription",
  description: "Confirm your Folio newsletter subscription.",
  robots: { index: false, follow: false },
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The emailed link's page. Opening it confirms nothing: mail scanners fetch
 * links, so confirming is the button's POST (a plain form, no JavaScript),
 * which answers 303 back here with `?status=`.
 */
export default async function ConfirmPage({ searchParams }: PageProps<"/newsletter/confirm">) {
  const params = await searchParams;
  const status = first(params.status);
  const token = first(params.token)?.slice(0, 128) ?? "";
  if (status === "confirmed") {
    return (
      <>
        <h1>You’re subscribed</h1>
        <p className="notice" role="status">
          Thanks for confirming. New posts will reach your inbox as they are published.
        </p>
        <p>
          <a href="/">Read the latest posts</a>
        </p>
      </>
    );
  }
  if (status === "invalid" || !token) {
    return (
      <>
        <h1>This link does not work</h1>
        <p className="error" role="alert">
          This confirmation link is invalid, has already been used, or has expired.
        </p>
        <p>
          <a href="/newsletter/">Subscribe again</a> to get a new link. If you already confirmed,
          you are subscribed and need do nothing.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Confirm your subscription</h1>
      {status === "unavailable" ? (
        <p className="error" role="alert">
          We could not reach the newsletter service. Please try again in a moment.
        </p>
      ) : null}
      <p>One more step: confirm that you want new posts from Folio by email.</p>
      <form className="form" method="post" action={CONFIRM_ACTION}>
        <input type="hidden" name="token" value={token} />
        <div>
          <button type="submit" className="button">
            Confirm subscription
          </button>
        </div>
      </form>
    </>
  );
}
