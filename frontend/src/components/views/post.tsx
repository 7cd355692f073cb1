import { AuthorAvatar } from "@/components/author-avatar";
import { HeroImage } from "@/components/hero-image";
import { JsonLd } from "@/components/json-ld";
import { CommentsIsland, LikeButtonIsland } from "@/components/islands";
import { FediverseHandles } from "@/components/fediverse-handle";
import { PostMeta } from "@/components/post-meta";
import { SubscribeForm } from "@/components/subscribe-form";
import { TagList } from "@/components/tag-list";
import { postTopics } from "@/lib/newsletter";
import { blogPostingJsonLd, breadcrumbJsonLd, type Crumb } from "@/lib/seo";
import type { Post } from "@/lib/types";

/** Parent path of a page path: `/blog/hello/` → `/blog/`. */
function parentPath(path: string): string {
  const segments = path.split("/").filter(Boolean);
  return segments.length <= 1 ? "/" : `/${segments.slice(0, -1).join("/")}/`;
}

/**
 * A blog post. The body is `body_html` from the API, already rendered from
 * Markdown and sanitized by the backend (nh3), with Pygments classes for code.
 */
export function PostView({ post, preview }: { post: Post; preview: boolean }) {
  const crumbs: Crumb[] = [
    { name: "Home", path: "/" },
    { name: "Blog", path: parentPath(post.path || "/blog/x/") },
    { name: post.title, path: post.path },
  ];
  return (
    <>
      {preview ? (
        <div className="preview-banner" role="status">
          You are previewing a draft.{" "}
          <a href={`/api/preview/exit/?next=${encodeURIComponent(post.path || "/")}`}>
            Exit preview
          </a>
        </div>
      ) : null}
      <article className="article" data-page-id={post.id}>
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <ol>
            {crumbs.map((crumb, index) => (
              <li key={crumb.path}>
                {index === crumbs.length - 1 ? (
                  <span aria-current="page">{crumb.name}</span>
                ) : (
                  <a href={crumb.path}>{crumb.name}</a>
                )}
              </li>
            ))}
          </ol>
        </nav>
        <header>
          <h1>{post.title}</h1>
          <PostMeta post={post} withAuthors />
          <FediverseHandles authors={post.authors} />
        </header>
        {post.heroImage ? (
          <figure className="article-hero">
            <HeroImage image={post.heroImage} sizes="(min-width: 46rem) 44rem, 100vw" preload />
          </figure>
        ) : null}
        <div className="prose" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
        {/* Under the post, above the footer: the like button stays next to the thread, whose
            islands load together when scrolled to (e2e/light-pages.spec.ts). */}
        {preview ? null : (
          <SubscribeForm id="subscribe" topics={postTopics(post)} returnPath={post.path} />
        )}
        <footer className="article-footer">
          <TagList tags={post.tags} />
          {preview ? null : <LikeButtonIsland postId={post.id} />}
          {post.authors.map((author) => (
            <section key={author.slug} className="author-card" aria-label={`About ${author.name}`}>
              <AuthorAvatar author={author} />
              <div>
                <a href={`/authors/${author.slug}/`}>{author.name}</a>
                {author.bio ? <p>{author.bio}</p> : null}
              </div>
            </section>
          ))}
        </footer>
        {preview ? null : post.commentsEnabled ? (
          <CommentsIsland postId={post.id} />
        ) : (
          <p className="notice">Comments are closed for this post.</p>
        )}
      </article>
      <JsonLd data={blogPostingJsonLd(post)} />
      <JsonLd data={breadcrumbJsonLd(crumbs)} />
    </>
  );
}
