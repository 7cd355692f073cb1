import Image from "next/image";
import type { Author } from "@/lib/types";

/** An author's avatar rendition, decorative (the name is always next to it); nothing without one. */
export function AuthorAvatar({ author, size = 56 }: { author: Author; size?: number }) {
  if (!author.avatar) return null;
  return (
    <Image
      src={author.avatar.url}
      alt=""
      width={size}
      height={size}
      unoptimized
      className="avatar"
    />
  );
}
