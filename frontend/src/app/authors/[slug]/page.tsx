import type { Metadata } from "next";
import { AuthorAvatar } from "@/components/author-avatar";
import { notFound } from "next/navigation";
import { FediverseHandle } from "@/components/fediverse-handle";
import { JsonLd } from "@/components/json-ld";
import { PostGrid } from "@/components/post-card";
import { SubscribeForm } from "@/components/subscribe-form";
import { getAuthor, getAuthors, getPosts } from "@/lib/cms";
import { absoluteUrl } from "@/lib/config";
import { activityAlternate, authorActorUrl } from "@/lib/fediverse";
import { breadcrumbJsonLd, pageMetadata, SITE_FEEDS } from "@/lib/seo";

export const dynamicParams = true;

export async function generateStaticParams() {
  try {
    return (await getAuthors()).map((author) => ({ slug: author.slug }));
  } catch {
    return [];
  }
}

export async function generateMetadata({
  params,
}: PageProps<"/authors/[slug]">): Promise<Metadata> {
  const { slug } = await params;
  const author = await getAuthor(slug);
  if (!author) return { title: "Author not found" };
  const metadata = pageMetadata({
    title: author.name,
    description: author.bio || `Posts by ${author.name} on Folio.`,
    path: `/authors/${author.slug}/`,
  });
  return {
    ...metadata,
    alternates: {
      ...metadata.alternates,
      types: { ...SITE_FEEDS, ...activityAlternate(authorActorUrl(author.slug)) },
    },
  };
}

export default async function AuthorPage({ params }: PageProps<"/authors/[slug]">) {
  const { slug } = await params;
  const author = await getAuthor(slug);
  if (!author) notFound();
  const posts = await getPosts({ author: author.slug, limit: 50 });
  return (
    <>
      <div className="author-card">
        <AuthorAvatar author={author} size={96} />
        <div>
          <h1>{author.name}</h1>
          {author.bio ? <p className="lede">{author.bio}</p> : null}
          <FediverseHandle slug={author.slug} />
        </div>
      </div>
      <h2 className="section-heading">Posts by {author.name}</h2>
      <PostGrid posts={posts.items} headingLevel={3} preloadFirst />
      <SubscribeForm
        id="subscribe"
        heading={`Get posts by ${author.name} by email`}
        topics={[{ key: `author:${author.slug}`, label: `Posts by ${author.name}`, checked: true }]}
        returnPath={`/authors/${author.slug}/`}
      />
      <JsonLd
        data={{
          "@context": "https://schema.org",
          "@type": "ProfilePage",
          mainEntity: {
            "@type": "Person",
            name: author.name,
            description: author.bio || undefined,
            url: absoluteUrl(`/authors/${author.slug}/`),
          },
        }}
      />
      <JsonLd
        data={breadcrumbJsonLd([
          { name: "Home", path: "/" },
          { name: "Authors", path: "/authors/" },
          { name: author.name, path: `/authors/${author.slug}/` },
        ])}
      />
    </>
  );
}
