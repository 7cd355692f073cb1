import type { Author } from "@/lib/types";

/**
 * An author's avatar rendition, decorative (the name is always next to it); nothing without one.
 * A plain `<img>`: the API already serves the right size, so `next/image` would only add client code.
 */
export function AuthorAvatar({ author, size = 56 }: { author: Author; size?: number }) {
  if (!author.avatar) return null;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a fixed-size rendition, no optimizer needed
    <img
      src={author.avatar.url}
      alt=""
      width={size}
      height={size}
      loading="lazy"
      decoding="async"
      className="avatar"
    />
  );
}
