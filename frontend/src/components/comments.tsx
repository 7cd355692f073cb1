"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import {
  deleteComment,
  editComment,
  fetchCommentPage,
  fetchComments,
  fetchThreadVersion,
  postComment,
  previewComment,
  reportComment,
  setLike,
  setMuted,
  setPinned,
} from "@/lib/client";
import { formatDate } from "@/lib/format";
import type { Comment, CommentAuthor, CommentSort } from "@/lib/types";
import { useSession } from "./session";

/** Markdown subset accepted by the backend, told to the commenter. */
const BODY_HINT = "Markdown: *emphasis*, `code`, links, quotes and lists. Up to 5,000 characters.";

/** Counts a thread's comments, replies included. */
export function countComments(comments: Comment[]): number {
  return comments.reduce((sum, comment) => sum + 1 + countComments(comment.replies), 0);
}

type Thread = { comments: Comment[]; count: number; hasMore: boolean };

/** How often an open thread asks whether anything changed (while the tab is visible). */
export const LIVE_POLL_MS = 3000;
const SORTS: { value: CommentSort; label: string }[] = [
  { value: "best", label: "Best" },
  { value: "newest", label: "Newest" },
  { value: "oldest", label: "Oldest" },
];

/** Every comment of a thread, replies included. */
export function flatten(comments: Comment[]): Comment[] {
  return comments.flatMap((comment) => [comment, ...flatten(comment.replies)]);
}

/**
 * The thread on screen with what changed in `fresh` applied to the comments already
 * shown (edits, deletions, like counts, pins); comments not shown yet stay out, so the
 * page does not jump: the caller offers them as "N new comments".
 */
export function mergeKnown(shown: Comment[], fresh: Comment[]): Comment[] {
  const byId = new Map(flatten(fresh).map((comment) => [comment.id, comment]));
  return shown.map((comment) => {
    const update = byId.get(comment.id);
    return { ...(update ?? comment), replies: mergeKnown(comment.replies, fresh) };
  });
}

/** The first `pages` pages of a post's top-level comments, or null on failure. */
async function loadThread(
  postId: number,
  pages: number,
  sort: CommentSort = "best",
  version = "",
): Promise<Thread | null> {
  const comments: Comment[] = [];
  let count = 0;
  let hasMore = false;
  for (let n = 1; n <= pages; n++) {
    const result = await fetchComments(postId, n, sort, version);
    if (!result.ok) return null;
    comments.push(...result.data.results);
    count = result.data.count;
    hasMore = result.data.next !== null;
    if (!hasMore) break;
  }
  return { comments, count, hasMore };
}

/** Replaces one comment anywhere in a thread. */
export function updateInTree(
  comments: Comment[],
  id: number,
  update: (c: Comment) => Comment,
): Comment[] {
  return comments.map((comment) =>
    comment.id === id
      ? update(comment)
      : { ...comment, replies: updateInTree(comment.replies, id, update) },
  );
}

function CommentForm({
  label,
  submitLabel,
  initial = "",
  onSubmit,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  initial?: string;
  onSubmit: (body: string) => Promise<string | null>;
  onCancel?: () => void;
}) {
  const id = useId();
  const [body, setBody] = useState(initial);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);

  async function showPreview() {
    if (!body.trim()) {
      setPreview("");
      return;
    }
    const result = await previewComment(body.trim());
    setPreview(result.ok ? result.data.bodyHtml : "");
    if (!result.ok) setError(result.errors.body ?? result.errors.detail ?? "No preview.");
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setError("Write something first.");
      return;
    }
    setBusy(true);
    const problem = await onSubmit(body.trim());
    setBusy(false);
    if (problem) setError(problem);
    else {
      setBody("");
      setError("");
      setPreview(null);
    }
  }

  return (
    <form className="form" method="post" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-body`}>{label}</label>
        <div className="comment-tabs" role="group" aria-label="Write or preview">
          <button
            type="button"
            className="link-button"
            aria-pressed={preview === null}
            onClick={() => setPreview(null)}
          >
            Write
          </button>
          <button
            type="button"
            className="link-button"
            aria-pressed={preview !== null}
            onClick={() => void showPreview()}
          >
            Preview
          </button>
        </div>
        {preview !== null ? (
          <div
            className="comment-body prose comment-preview"
            data-testid="comment-preview"
            dangerouslySetInnerHTML={{ __html: preview || "<p>Nothing to preview.</p>" }}
          />
        ) : null}
        <textarea
          hidden={preview !== null}
          id={`${id}-body`}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          maxLength={5000}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          aria-invalid={error ? true : undefined}
          required
        />
        <span id={`${id}-hint`} className="hint">
          {BODY_HINT}
        </span>
        {error ? (
          <span id={`${id}-error`} className="error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      <div className="comment-actions">
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="link-button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Who wrote a comment: avatar and name (one place, for other kinds of authors). */
export function CommentAuthorLine({
  author,
  deleted,
}: {
  author: CommentAuthor | null;
  deleted: boolean;
}) {
  if (deleted || !author) return <strong>[deleted]</strong>;
  return (
    <>
      {author.avatar ? (
        // eslint-disable-next-line @next/next/no-img-element -- a 160px rendition, sized here
        <img className="comment-avatar" src={author.avatar} alt="" width={32} height={32} />
      ) : (
        <span className="comment-avatar" aria-hidden="true">
          {author.displayName.slice(0, 1).toUpperCase()}
        </span>
      )}
      <strong>{author.displayName}</strong>
      {author.remote ? (
        <a className="meta" href={author.remote.url} rel="nofollow ugc noopener noreferrer">
          {author.remote.handle ?? "on the fediverse"}
        </a>
      ) : null}
    </>
  );
}

type ItemHandlers = {
  signedIn: boolean;
  highlighted: number | null;
  onReply: (parent: number, body: string) => Promise<string | null>;
  onEdit: (id: number, body: string) => Promise<string | null>;
  onDelete: (id: number) => Promise<void>;
  onLike: (comment: Comment) => Promise<void>;
  onReport: (id: number) => Promise<void>;
  onPin: (comment: Comment) => Promise<void>;
  onMute: (comment: Comment) => Promise<void>;
};

function CommentItem({ comment, ...handlers }: { comment: Comment } & ItemHandlers) {
  const { signedIn, highlighted, onReply, onEdit, onDelete, onLike, onReport, onPin, onMute } =
    handlers;
  const [mode, setMode] = useState<"view" | "reply" | "edit">("view");
  const [unmuted, setUnmuted] = useState(false);
  const name = comment.author?.displayName ?? "Anonymous";
  const collapsed = comment.muted && !unmuted;
  return (
    <li
      className={`comment${highlighted === comment.id ? " comment-highlight" : ""}`}
      id={`comment-${comment.id}`}
      data-testid="comment"
      data-comment-id={comment.id}
      data-highlighted={highlighted === comment.id ? "true" : undefined}
    >
      <article aria-label={comment.deleted ? "Deleted comment" : `Comment by ${name}`}>
        <div className="comment-header">
          <CommentAuthorLine author={comment.author} deleted={comment.deleted} />
          {comment.pinned ? <span className="badge">Pinned</span> : null}
          {comment.created ? (
            <time dateTime={comment.created} className="meta">
              {formatDate(comment.created)}
            </time>
          ) : null}
          {comment.edited && !comment.deleted ? <span className="meta">(edited)</span> : null}
          {comment.status === "pending" ? <span className="meta">(held for review)</span> : null}
          <a className="meta" href={`#comment-${comment.id}`}>
            #<span className="visually-hidden"> link to this comment</span>
          </a>
          {comment.status === "hidden" ? (
            <span className="meta">(hidden by a moderator)</span>
          ) : null}
        </div>
        {comment.deleted ? (
          <p className="comment-deleted">[deleted]</p>
        ) : collapsed ? (
          <p className="meta" data-testid="comment-muted">
            You muted {name}.{" "}
            <button type="button" className="link-button" onClick={() => setUnmuted(true)}>
              Show comment
            </button>
          </p>
        ) : mode === "edit" ? (
          <CommentForm
            label="Edit your comment"
            submitLabel="Save"
            initial={htmlToText(comment.bodyHtml)}
            onSubmit={async (body) => {
              const problem = await onEdit(comment.id, body);
              if (!problem) setMode("view");
              return problem;
            }}
            onCancel={() => setMode("view")}
          />
        ) : (
          <div
            className="comment-body prose"
            dangerouslySetInnerHTML={{ __html: comment.bodyHtml }}
          />
        )}
        {!comment.deleted && !collapsed && mode === "view" ? (
          <div className="comment-actions">
            {signedIn ? (
              <button
                type="button"
                className="link-button"
                aria-pressed={comment.likedByMe}
                onClick={() => void onLike(comment)}
              >
                {comment.likedByMe ? "Unlike" : "Like"}
                <span className="visually-hidden"> comment by {name}</span>
              </button>
            ) : null}
            <span className="meta" data-testid="comment-like-count">
              {comment.likeCount} {comment.likeCount === 1 ? "like" : "likes"}
            </span>
            {signedIn ? (
              <button type="button" className="link-button" onClick={() => setMode("reply")}>
                Reply<span className="visually-hidden"> to {name}</span>
              </button>
            ) : null}
            {comment.canEdit ? (
              <button type="button" className="link-button" onClick={() => setMode("edit")}>
                Edit
              </button>
            ) : null}
            {comment.canDelete ? (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  if (window.confirm("Delete this comment?")) void onDelete(comment.id);
                }}
              >
                Delete
              </button>
            ) : null}
            {signedIn && !comment.canEdit ? (
              <button
                type="button"
                className="link-button"
                onClick={() => void onReport(comment.id)}
              >
                Report
              </button>
            ) : null}
            {comment.canPin ? (
              <button type="button" className="link-button" onClick={() => void onPin(comment)}>
                {comment.pinned ? "Unpin" : "Pin"}
              </button>
            ) : null}
            {signedIn && !comment.canEdit && comment.author?.username ? (
              <button type="button" className="link-button" onClick={() => void onMute(comment)}>
                {comment.muted ? "Unmute" : "Mute"} {comment.author.displayName}
              </button>
            ) : null}
          </div>
        ) : null}
        {mode === "reply" ? (
          <CommentForm
            label={`Reply to ${name}`}
            submitLabel="Post reply"
            onSubmit={async (body) => {
              const problem = await onReply(comment.id, body);
              if (!problem) setMode("view");
              return problem;
            }}
            onCancel={() => setMode("view")}
          />
        ) : null}
      </article>
      {comment.replies.length > 0 ? (
        <ol className="comment-list">
          {comment.replies.map((reply) => (
            <CommentItem key={reply.id} comment={reply} {...handlers} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

/** Plain text of a comment's sanitized HTML, to prefill the edit box. */
export function htmlToText(html: string): string {
  if (typeof DOMParser === "undefined") return html.replace(/<[^>]*>/g, "");
  return (new DOMParser().parseFromString(html, "text/html").body.textContent ?? "").trim();
}

/** The comment thread of a post, loaded in the browser with the reader's session. */
export function Comments({ postId }: { postId: number }) {
  const { status } = useSession();
  const pathname = usePathname();
  const [comments, setComments] = useState<Comment[]>([]);
  const [count, setCount] = useState(0);
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<CommentSort>("best");
  const [hasMore, setHasMore] = useState(false);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [message, setMessage] = useState("");
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const [waiting, setWaiting] = useState<Thread | null>(null);
  const shown = useRef<Comment[]>([]);
  const version = useRef("");

  const apply = useCallback((thread: Thread | null) => {
    if (!thread) {
      setState("error");
      return;
    }
    shown.current = thread.comments;
    setComments(thread.comments);
    setCount(thread.count);
    setHasMore(thread.hasMore);
    setWaiting(null);
    setState("ready");
  }, []);

  useEffect(() => {
    if (status === "loading") return;
    let active = true;
    void loadThread(postId, page, sort).then((thread) => {
      if (active) apply(thread);
    });
    return () => {
      active = false;
    };
  }, [apply, page, postId, sort, status]);

  // Live thread: poll the version while the tab is visible; apply edits, deletions and
  // likes at once, and offer new comments as a notice instead of moving the page.
  useEffect(() => {
    if (status === "loading") return;
    let active = true;
    async function poll() {
      if (document.visibilityState !== "visible") return;
      const result = await fetchThreadVersion(postId);
      if (!active || !result.ok) return;
      const previous = version.current;
      version.current = result.data.version;
      if (!previous || previous === result.data.version) return;
      const fresh = await loadThread(postId, page, sort, result.data.version);
      if (!active || !fresh) return;
      const known = new Set(flatten(shown.current).map((comment) => comment.id));
      const added = flatten(fresh.comments).filter((comment) => !known.has(comment.id));
      const merged = mergeKnown(shown.current, fresh.comments);
      shown.current = merged;
      setComments(merged);
      setWaiting(added.length > 0 ? fresh : null);
    }
    void poll();
    const timer = window.setInterval(() => void poll(), LIVE_POLL_MS);
    const onVisible = () => void poll();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      active = false;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [page, postId, sort, status]);

  // Permalinks (#comment-<id>): load the page that holds it, then scroll and highlight.
  useEffect(() => {
    if (state !== "ready") return;
    const match = /^#comment-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    const id = Number(match[1]);
    if (highlighted === id) return;
    const element = document.getElementById(`comment-${id}`);
    if (element) {
      element.scrollIntoView({ block: "center" });
      void Promise.resolve().then(() => setHighlighted(id));
      return;
    }
    void fetchCommentPage(id, sort).then((result) => {
      if (result.ok && result.data.page > page) setPage(result.data.page);
      else setHighlighted(id);
    });
  }, [state, comments, highlighted, page, sort]);

  const load = async (pages: number) => apply(await loadThread(postId, pages, sort));

  const signedIn = status === "signed-in";

  async function add(body: string, parent?: number): Promise<string | null> {
    const result = await postComment(postId, body, parent);
    if (!result.ok)
      return (
        result.errors.body ?? result.errors.parent ?? result.errors.detail ?? "Could not post."
      );
    setMessage(
      result.data.status === "pending"
        ? "Your comment is held for review: a moderator will look at it soon."
        : parent
          ? "Reply posted."
          : "Comment posted.",
    );
    await load(page);
    return null;
  }

  async function edit(id: number, body: string): Promise<string | null> {
    const result = await editComment(id, body);
    if (!result.ok) return result.errors.body ?? result.errors.detail ?? "Could not save.";
    setMessage(
      result.data.status === "pending" ? "Your edit is held for review." : "Comment updated.",
    );
    await load(page);
    return null;
  }

  async function remove(id: number) {
    const result = await deleteComment(id);
    setMessage(result.ok ? "Comment deleted." : (result.errors.detail ?? "Could not delete."));
    await load(page);
  }

  async function like(comment: Comment) {
    const result = await setLike("comments", comment.id, !comment.likedByMe);
    if (result.ok) {
      const update = (current: Comment[]) =>
        updateInTree(current, comment.id, (c) => ({
          ...c,
          likedByMe: result.data.liked,
          likeCount: result.data.likeCount,
        }));
      shown.current = update(shown.current);
      setComments(update);
    } else setMessage(result.errors.detail ?? "Could not save your like.");
  }

  async function report(id: number) {
    const reason = window.prompt("Why are you reporting this comment?");
    if (!reason?.trim()) return;
    const result = await reportComment(id, reason.trim());
    setMessage(
      result.ok
        ? "Thank you, a moderator will look at it."
        : (result.errors.detail ?? "Could not report."),
    );
  }

  async function pin(comment: Comment) {
    const result = await setPinned(comment.id, !comment.pinned);
    setMessage(
      result.ok
        ? comment.pinned
          ? "Comment unpinned."
          : "Comment pinned."
        : (result.errors.detail ?? result.errors.non_field_errors ?? "Could not pin."),
    );
    await load(page);
  }

  async function mute(comment: Comment) {
    const username = comment.author?.username;
    if (!username) return;
    const result = await setMuted(username, !comment.muted);
    setMessage(result.ok ? "Saved." : (result.errors.detail ?? "Could not save."));
    await load(page);
  }

  const newCount = waiting ? flatten(waiting.comments).length - flatten(comments).length : 0;

  return (
    <section className="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">
        Comments
        {state === "ready" ? (
          // The API counts top-level comments; once all are loaded, count replies too.
          <span data-testid="comment-count"> ({hasMore ? count : countComments(comments)})</span>
        ) : null}
      </h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {message}
      </p>
      {message.includes("held for review") ? <p className="notice">{message}</p> : null}
      <div className="comment-tabs" role="group" aria-label="Sort comments">
        {SORTS.map((option) => (
          <button
            key={option.value}
            type="button"
            className="link-button"
            aria-pressed={sort === option.value}
            onClick={() => {
              setSort(option.value);
              setPage(1);
            }}
          >
            {option.label}
          </button>
        ))}
      </div>
      {signedIn ? (
        <CommentForm
          label="Add a comment"
          submitLabel="Post comment"
          onSubmit={(body) => add(body)}
        />
      ) : status === "signed-out" ? (
        <p>
          <Link href={`/signin/?next=${encodeURIComponent(pathname)}`}>Sign in</Link> or{" "}
          <Link href="/signup/">create an account</Link> to join the conversation.
        </p>
      ) : null}
      {waiting && newCount > 0 ? (
        <button
          type="button"
          className="button secondary"
          data-testid="new-comments"
          onClick={() => apply(waiting)}
        >
          {newCount} new {newCount === 1 ? "comment" : "comments"}
        </button>
      ) : null}
      {state === "loading" ? <p className="meta">Loading comments…</p> : null}
      {state === "error" ? <p className="notice">Comments could not be loaded right now.</p> : null}
      {state === "ready" && comments.length === 0 ? <p className="meta">No comments yet.</p> : null}
      {comments.length > 0 ? (
        <ol className="comment-list">
          {comments.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              signedIn={signedIn}
              highlighted={highlighted}
              onReply={(parent, body) => add(body, parent)}
              onEdit={edit}
              onDelete={remove}
              onLike={like}
              onReport={report}
              onPin={pin}
              onMute={mute}
            />
          ))}
        </ol>
      ) : null}
      {hasMore ? (
        <button type="button" className="button secondary" onClick={() => setPage((p) => p + 1)}>
          Load more comments
        </button>
      ) : null}
    </section>
  );
}
