/** One static page, like a fresh `create-next-app` with its demo content removed. */
export default function Page() {
  return (
    <main>
      <h1>A bare Next.js page</h1>
      <p>
        This page is built with the same Next.js and React as Folio and served the same way. It has
        no data, no client components and no images: whatever Lighthouse finds here is the cost of
        the framework itself on this machine, at this moment.
      </p>
      <p>
        <a href="https://nextjs.org/docs">Next.js documentation</a>
      </p>
    </main>
  );
}
