import { formatDate } from "@/lib/format";
import type { PostSummary } from "@/lib/types";

/** Date, reading time and authors of a post, as a line of metadata. */
export function PostMeta({
  post,
  withAuthors = false,
}: {
  post: PostSummary;
  withAuthors?: boolean;
}) {
  return (
    <p className="meta">
      {post.date ? <time dateTime={post.date}>{formatDate(post.date)}</time> : null}
      <span>{post.readingTime} min read</span>
      {withAuthors && post.authors.length > 0 ? (
        <span>
          By{" "}
          {post.authors.map((author, index) => (
            <span key={author.slug}>
              {index > 0 ? (index === post.authors.length - 1 ? " and " : ", ") : null}
              <a href={`/authors/${author.slug}/`}>{author.name}</a>
            </span>
          ))}
        </span>
      ) : null}
    </p>
  );
}
