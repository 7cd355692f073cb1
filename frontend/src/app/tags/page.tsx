import type { Metadata } from "next";
import { TagList } from "@/components/tag-list";
import { getTags } from "@/lib/cms";
import { pageMetadata } from "@/lib/seo";

export const metadata: Metadata = pageMetadata({
  title: "Tags",
  description: "Every topic written about on Folio.",
  path: "/tags/",
});

export default async function TagsPage() {
  const tags = await getTags();
  return (
    <>
      <h1>Tags</h1>
      {tags.length > 0 ? (
        <TagList tags={tags} label="All tags" />
      ) : (
        <p className="notice">No tags yet.</p>
      )}
    </>
  );
}
