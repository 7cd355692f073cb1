import type { PostSummary } from "@/lib/types";
import { HeroImage } from "./hero-image";
import { PostMeta } from "./post-meta";

/** One post in a listing: image, title, date, reading time, excerpt. */
export function PostCard({
  post,
  headingLevel = 2,
  preloadImage = false,
}: {
  post: PostSummary;
  headingLevel?: 2 | 3;
  preloadImage?: boolean;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="post-card" data-testid="post-card">
      {post.heroImage ? (
        <HeroImage
          image={post.heroImage}
          sizes="(min-width: 72rem) 22rem, (min-width: 40rem) 45vw, 100vw"
          preload={preloadImage}
        />
      ) : null}
      <Heading>
        <a href={post.path}>{post.title}</a>
      </Heading>
      <PostMeta post={post} />
      {post.excerpt ? <p>{post.excerpt}</p> : null}
    </article>
  );
}

export function PostGrid({
  posts,
  headingLevel = 2,
  preloadFirst = false,
}: {
  posts: PostSummary[];
  headingLevel?: 2 | 3;
  preloadFirst?: boolean;
}) {
  if (posts.length === 0) return <p className="notice">No posts yet.</p>;
  return (
    <ul className="post-grid">
      {posts.map((post, index) => (
        <li key={post.id}>
          <PostCard
            post={post}
            headingLevel={headingLevel}
            preloadImage={preloadFirst && index === 0}
          />
        </li>
      ))}
    </ul>
  );
}
