"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { fetchStats, setLike } from "@/lib/client";
import { useSession } from "./session";

function likesLabel(count: number): string {
  return `${count} ${count === 1 ? "like" : "likes"}`;
}

/**
 * Like / unlike a post. Counts and `liked_by_me` are per-user data, so they are
 * fetched in the browser and never baked into the cached page.
 */
export function LikeButton({ postId }: { postId: number }) {
  const { status } = useSession();
  const pathname = usePathname();
  const [liked, setLiked] = useState(false);
  const [count, setCount] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  useEffect(() => {
    if (status === "loading") return;
    let active = true;
    void fetchStats(postId).then((result) => {
      if (!active || !result.ok) return;
      setLiked(result.data.likedByMe);
      setCount(result.data.likeCount);
    });
    return () => {
      active = false;
    };
  }, [postId, status]);

  async function toggle() {
    const next = !liked;
    const previous = { liked, count };
    setBusy(true);
    setError("");
    setLiked(next);
    setCount((c) => (c === null ? c : Math.max(0, c + (next ? 1 : -1))));
    const result = await setLike("posts", postId, next);
    setBusy(false);
    if (result.ok) {
      setLiked(result.data.liked);
      setCount(result.data.likeCount);
    } else {
      setLiked(previous.liked);
      setCount(previous.count);
      setError(result.errors.detail ?? "Could not save your like.");
    }
  }

  const countText = count === null ? "" : likesLabel(count);
  return (
    <div className="comment-actions">
      {status === "signed-in" ? (
        <button
          type="button"
          className="button secondary like-button"
          aria-pressed={liked}
          onClick={toggle}
          disabled={busy}
          data-testid="post-like"
        >
          <span aria-hidden="true">{liked ? "♥" : "♡"}</span> {liked ? "Liked" : "Like"}
        </button>
      ) : (
        <a href={`/signin/?next=${encodeURIComponent(pathname)}`}>Sign in to like this post</a>
      )}
      <span aria-live="polite" data-testid="post-like-count">
        {countText}
      </span>
      {error ? (
        <span role="alert" className="error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
