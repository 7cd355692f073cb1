import { notFound } from "next/navigation";
import { Pagination } from "@/components/pagination";
import { PostGrid } from "@/components/post-card";
import { getPosts } from "@/lib/cms";
import { POSTS_PER_PAGE } from "@/lib/config";
import { pagePath, totalPages } from "@/lib/format";
import type { BlogIndexPage } from "@/lib/types";

/** The blog index, page N at `/blog/page/N/`. */
export async function BlogIndexView({
  page,
  pageNumber,
}: {
  page: BlogIndexPage;
  pageNumber: number;
}) {
  const posts = await getPosts({
    limit: POSTS_PER_PAGE,
    offset: (pageNumber - 1) * POSTS_PER_PAGE,
  });
  const pages = totalPages(posts.total, POSTS_PER_PAGE);
  if (pageNumber > pages) notFound();
  return (
    <>
      <h1>
        {page.title}
        {pageNumber > 1 ? <span className="visually-hidden">, page {pageNumber}</span> : null}
      </h1>
      {page.intro && pageNumber === 1 ? <p className="lede">{page.intro}</p> : null}
      <PostGrid posts={posts.items} preloadFirst={pageNumber === 1} />
      <Pagination page={pageNumber} totalPages={pages} hrefFor={(n) => pagePath(page.path, n)} />
    </>
  );
}
