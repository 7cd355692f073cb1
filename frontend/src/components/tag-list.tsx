import { tagPath } from "@/lib/paths";
import type { Tag } from "@/lib/types";

export function TagList({ tags, label = "Tags" }: { tags: Tag[]; label?: string }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tag-list" aria-label={label}>
      {tags.map((tag) => (
        <li key={tag.slug}>
          <a href={tagPath(tag.slug)}>
            #{tag.name}
            {tag.postCount !== undefined ? <span className="visually-hidden">, </span> : null}
            {tag.postCount !== undefined ? ` (${tag.postCount})` : null}
          </a>
        </li>
      ))}
    </ul>
  );
}
