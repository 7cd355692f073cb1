import { PostGrid } from "@/components/post-card";
import { SubscribeForm } from "@/components/subscribe-form";
import { getPosts } from "@/lib/cms";
import { BLOG_TOPIC, topicLabel } from "@/lib/newsletter";
import type { HomePage } from "@/lib/types";

/** Home: the editors' featured posts, then the latest ones. */
export async function HomeView({ page }: { page: HomePage }) {
  const latest = await getPosts({ limit: 6 });
  const featuredIds = new Set(page.featured.map((post) => post.id));
  const rest = latest.items.filter((post) => !featuredIds.has(post.id));
  return (
    <>
      <h1>{page.title}</h1>
      {page.intro ? <p className="lede">{page.intro}</p> : null}
      {page.featured.length > 0 ? (
        <section aria-labelledby="featured-heading">
          <h2 id="featured-heading" className="section-heading">
            Featured
          </h2>
          <PostGrid posts={page.featured} headingLevel={3} preloadFirst />
        </section>
      ) : null}
      <section aria-labelledby="latest-heading">
        <div className="section-heading">
          <h2 id="latest-heading">Latest posts</h2>
          <a href="/blog/">All posts →</a>
        </div>
        <PostGrid posts={rest} headingLevel={3} preloadFirst={page.featured.length === 0} />
      </section>
      <SubscribeForm
        id="subscribe"
        topics={[{ key: BLOG_TOPIC, label: topicLabel(BLOG_TOPIC), checked: true }]}
        returnPath="/"
      />
    </>
  );
}
