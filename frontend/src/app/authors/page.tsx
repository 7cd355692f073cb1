import type { Metadata } from "next";
import { AuthorAvatar } from "@/components/author-avatar";
import { getAuthors } from "@/lib/cms";
import { pageMetadata } from "@/lib/seo";

export const metadata: Metadata = pageMetadata({
  title: "Authors",
  description: "The people who write on Folio.",
  path: "/authors/",
});

export default async function AuthorsPage() {
  const authors = await getAuthors();
  return (
    <>
      <h1>Authors</h1>
      {authors.length === 0 ? <p className="notice">No authors yet.</p> : null}
      <ul className="post-grid">
        {authors.map((author) => (
          <li key={author.slug} className="author-card">
            <AuthorAvatar author={author} />
            <div>
              <a href={`/authors/${author.slug}/`}>{author.name}</a>
              {author.postCount !== undefined ? (
                <p>
                  {author.postCount} {author.postCount === 1 ? "post" : "posts"}
                </p>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
