import type { Metadata } from "next";
import { connection } from "next/server";

export const metadata: Metadata = {
  title: "Unsubscribed",
  description: "You will get no more Folio posts by email.",
  robots: { index: false, follow: false },
};

/**
 * Where the backend's unsubscribe page sends a reader after they confirmed it.
 * Rendered per request like the other `/newsletter/` pages (one nonce CSP rule for the prefix).
 */
export default async function UnsubscribedPage() {
  await connection();
  return (
    <>
      <h1>You’re unsubscribed</h1>
      <p className="notice" role="status">
        You will get no more posts from Folio by email.
      </p>
      <p>
        Changed your mind? <a href="/newsletter/">Subscribe again</a>, or keep reading on{" "}
        <a href="/">the site</a>.
      </p>
    </>
  );
}
