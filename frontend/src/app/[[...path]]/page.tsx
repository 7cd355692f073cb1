import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BlogIndexView } from "@/components/views/blog-index";
import { HomeView } from "@/components/views/home";
import { PostView } from "@/components/views/post";
import { getLatestPosts } from "@/lib/cms";
import { SITE_DESCRIPTION, SITE_NAME } from "@/lib/config";
import { resolvePath } from "@/lib/routing";
import { pagePath } from "@/lib/format";
import { pageMetadata, postMetadata } from "@/lib/seo";

/**
 * Every Wagtail page: the path is resolved through the page tree and the page
 * is rendered by its type, so editors' URLs are the site's URLs.
 */
export const dynamicParams = true;

// How many of the newest posts `next build` renders ahead (PREBUILT_POSTS).
const PREBUILT_POSTS = Number(process.env.PREBUILT_POSTS ?? 200);

export async function generateStaticParams() {
  const params: { path: string[] }[] = [{ path: [] }, { path: ["blog"] }];
  try {
    // The newest posts are prebuilt; older ones render on first request (ISR),
    // so a 10,000-post site still builds in a minute.
    const posts = await getLatestPosts(PREBUILT_POSTS);
    for (const post of posts) {
      const segments = post.path.split("/").filter(Boolean);
      if (segments.length > 0) params.push({ path: segments.map(decodeURIComponent) });
    }
  } catch (error) {
    // Without the API at build time, pages are rendered on first request.
    console.warn("generateStaticParams: backend unavailable, posts will render on demand", error);
  }
  return params;
}

export async function generateMetadata({ params }: PageProps<"/[[...path]]">): Promise<Metadata> {
  const { path } = await params;
  const resolved = await resolvePath(path);
  if (!resolved) return { title: "Page not found" };
  const { page, preview, pageNumber } = resolved;
  let metadata: Metadata;
  if (page.kind === "post") {
    metadata = postMetadata(page);
  } else if (page.kind === "home") {
    metadata = {
      ...pageMetadata({
        title: page.seoTitle || SITE_NAME,
        description: page.searchDescription || page.intro || SITE_DESCRIPTION,
        path: "/",
      }),
      title: {
        absolute: page.seoTitle || `${SITE_NAME}: ${SITE_DESCRIPTION.replace(/^Folio: /, "")}`,
      },
    };
  } else if (page.kind === "index") {
    const title =
      pageNumber > 1 ? `${page.title} (page ${pageNumber})` : page.seoTitle || page.title;
    metadata = pageMetadata({
      title,
      description: page.searchDescription || page.intro || SITE_DESCRIPTION,
      path: pagePath(page.path, pageNumber),
    });
  } else {
    metadata = pageMetadata({ title: page.title, description: SITE_DESCRIPTION, path: page.path });
  }
  if (preview) metadata.robots = { index: false, follow: false };
  return metadata;
}

export default async function CmsRoute({ params }: PageProps<"/[[...path]]">) {
  const { path } = await params;
  const resolved = await resolvePath(path);
  if (!resolved) notFound();
  const { page, pageNumber, preview } = resolved;
  switch (page.kind) {
    case "home":
      return <HomeView page={page} />;
    case "index":
      return <BlogIndexView page={page} pageNumber={pageNumber} />;
    case "post":
      return <PostView post={page} preview={preview} />;
    default:
      return (
        <article className="article">
          <h1>{page.title}</h1>
        </article>
      );
  }
}
