import type { Metadata } from "next";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address. It may have moved or been unpublished.</p>
      <p>
        <a href="/">Go to the home page</a> or <a href="/search/">search the blog</a>.
      </p>
    </>
  );
}
