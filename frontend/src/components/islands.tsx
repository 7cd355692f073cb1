"use client";

/**
 * The interactive parts of Folio's reading pages, as lazy islands (see
 * `island.tsx`): server components render these, and each component's code
 * loads only when it is needed. Their props are the components' own, so the
 * components can grow without this file changing.
 */
import { useSyncExternalStore } from "react";
import {
  onSessionChange,
  readSignedInHint,
  signedInHint,
  watchSignedInHint,
} from "@/lib/session-cookies";
import type { Comments } from "./comments";
import { island, type IslandTrigger } from "./island";
import type { LikeButton } from "./like-button";
import { SignedOutLinks } from "./signed-out-links";

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
  { loadAtOnce: () => window.location.hash.startsWith("#comment-") },
);

/** The post's like button and count. */
export const LikeButtonIsland = island<LikeButtonProps>(
  "like",
  () => import("./like-button").then((m) => m.LikeButton),
  function LikeButtonPlaceholder() {
    return <div className="comment-actions like-placeholder" aria-hidden="true" />;
  },
);

/** Loads once the browser may hold a session: at once, or when the reader signs in on this page. */
const whenSignedIn: IslandTrigger = (_node, load) => {
  let active = true;
  const check = () => {
    void readSignedInHint().then((signedIn) => {
      if (signedIn && active) load();
    });
  };
  check();
  const stop = onSessionChange(check);
  return () => {
    active = false;
    stop();
  };
};

/** Whether the browser may hold a session; unknown (null) while the server renders, hydrates and reads the hint. */
function useMaybeSignedIn(): boolean | null {
  return useSyncExternalStore(watchSignedInHint, signedInHint, () => null);
}

/**
 * The reader's account link and sign-out, in the header. A reader who never
 * signed in (no hint cookie) gets the sign-in links from the placeholder and
 * never loads the menu's code or asks for a session.
 */
export const UserMenuIsland = island<UserMenuProps>(
  "user-menu",
  () => import("./user-menu").then((m) => m.UserMenu),
  function UserMenuPlaceholder() {
    const maybeSignedIn = useMaybeSignedIn();
    if (maybeSignedIn === false) return <SignedOutLinks />;
    return <div className="user-menu" aria-hidden="true" />;
  },
  { trigger: whenSignedIn },
);
