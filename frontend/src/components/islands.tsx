"use client";

/**
 * The interactive parts of Folio's reading pages, as lazy islands (see
 * `island.tsx`): server components render these, and each component's code
 * loads only when it is needed. Their props are the components' own, so the
 * components can grow without this file changing.
 */
import type { Comments } from "./comments";
import { island } from "./island";
import type { LikeButton } from "./like-button";

type CommentsProps = React.ComponentProps<typeof Comments>;
type LikeButtonProps = React.ComponentProps<typeof LikeButton>;
// The menu takes no props.
type UserMenuProps = Record<string, never>;

/** The comment thread: loads as the reader scrolls near it, or at once for a
 * comment's permalink (`#comment-<id>`), which the thread then scrolls to. */
export const CommentsIsland = island<CommentsProps>(
  "comments",
  () => import("./comments").then((m) => m.Comments),
  function CommentsPlaceholder() {
    return (
      <section className="comments" aria-labelledby="comments-heading">
        <h2 id="comments-heading">Comments</h2>
        <p className="meta">Loading comments…</p>
      </section>
    );
  },
  () => window.location.hash.startsWith("#comment-"),
);

/** The post's like button and count. */
export const LikeButtonIsland = island<LikeButtonProps>(
  "like",
  () => import("./like-button").then((m) => m.LikeButton),
  function LikeButtonPlaceholder() {
    return <div className="comment-actions like-placeholder" aria-hidden="true" />;
  },
);

/** Sign in / sign up, or the reader's account link and sign-out, in the header. */
export const UserMenuIsland = island<UserMenuProps>(
  "user-menu",
  () => import("./user-menu").then((m) => m.UserMenu),
  function UserMenuPlaceholder() {
    return <div className="user-menu" aria-hidden="true" />;
  },
);
