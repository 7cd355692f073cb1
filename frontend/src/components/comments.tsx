"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useId, useState } from "react";
import {
  deleteComment,
  editComment,
  fetchComments,
  postComment,
  reportComment,
  setLike,
} from "@/lib/client";
import { formatDate } from "@/lib/format";
import type { Comment } from "@/lib/types";
import { useSession } from "./session";

/** Markdown subset accepted by the backend, told to the commenter. */
const BODY_HINT = "Markdown: *emphasis*, `code`, links, quotes and lists. Up to 5,000 characters.";

/** Counts a thread's comments, replies included. */
export function countComments(comments: Comment[]): number {
  return comments.reduce((sum, comment) => sum + 1 + countComments(comment.replies), 0);
}

type Thread = { comments: Comment[]; count: number; hasMore: boolean };

/** The first `pages` pages of a post's top-level comments, or null on failure. */
async function loadThread(postId: number, pages: number): Promise<Thread | null> {
  const comments: Comment[] = [];
  let count = 0;
  let hasMore = false;
  for (let n = 1; n <= pages; n++) {
    const result = await fetchComments(postId, n);
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
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-body`}>{label}</label>
        <textarea
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

function CommentItem({
  comment,
  signedIn,
  onReply,
  onEdit,
  onDelete,
  onLike,
  onReport,
}: {
  comment: Comment;
  signedIn: boolean;
  onReply: (parent: number, body: string) => Promise<string | null>;
  onEdit: (id: number, body: string) => Promise<string | null>;
  onDelete: (id: number) => Promise<void>;
  onLike: (comment: Comment) => Promise<void>;
  onReport: (id: number) => Promise<void>;
}) {
  const [mode, setMode] = useState<"view" | "reply" | "edit">("view");
  const handlers = { signedIn, onReply, onEdit, onDelete, onLike, onReport };
  const name = comment.author?.displayName ?? "Anonymous";
  return (
    <li className="comment" data-testid="comment" data-comment-id={comment.id}>
      <article aria-label={comment.deleted ? "Deleted comment" : `Comment by ${name}`}>
        <div className="comment-header">
          <strong>{comment.deleted ? "[deleted]" : name}</strong>
          {!comment.deleted && comment.author?.remote ? (
            <a
              className="meta"
              href={comment.author.remote.url}
              rel="nofollow ugc noopener noreferrer"
            >
              {comment.author.remote.handle ?? "on the fediverse"}
            </a>
          ) : null}
          {comment.created ? (
            <time dateTime={comment.created} className="meta">
              {formatDate(comment.created)}
            </time>
          ) : null}
          {comment.edited && !comment.deleted ? <span className="meta">(edited)</span> : null}
          {comment.status === "pending" ? <span className="meta">(awaiting approval)</span> : null}
          {comment.status === "hidden" ? (
            <span className="meta">(hidden by a moderator)</span>
          ) : null}
        </div>
        {comment.deleted ? (
          <p className="comment-deleted">[deleted]</p>
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
        {!comment.deleted && mode === "view" ? (
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
  const [hasMore, setHasMore] = useState(false);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [message, setMessage] = useState("");

  const apply = useCallback((thread: Thread | null) => {
    if (!thread) {
      setState("error");
      return;
    }
    setComments(thread.comments);
    setCount(thread.count);
    setHasMore(thread.hasMore);
    setState("ready");
  }, []);

  useEffect(() => {
    if (status === "loading") return;
    let active = true;
    void loadThread(postId, page).then((thread) => {
      if (active) apply(thread);
    });
    return () => {
      active = false;
    };
  }, [apply, page, postId, status]);

  const load = async (pages: number) => apply(await loadThread(postId, pages));

  const signedIn = status === "signed-in";

  async function add(body: string, parent?: number): Promise<string | null> {
    const result = await postComment(postId, body, parent);
    if (!result.ok)
      return (
        result.errors.body ?? result.errors.parent ?? result.errors.detail ?? "Could not post."
      );
    setMessage(parent ? "Reply posted." : "Comment posted.");
    await load(page);
    return null;
  }

  async function edit(id: number, body: string): Promise<string | null> {
    const result = await editComment(id, body);
    if (!result.ok) return result.errors.body ?? result.errors.detail ?? "Could not save.";
    setMessage("Comment updated.");
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
      setComments((current) =>
        updateInTree(current, comment.id, (c) => ({
          ...c,
          likedByMe: result.data.liked,
          likeCount: result.data.likeCount,
        })),
      );
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
              onReply={(parent, body) => add(body, parent)}
              onEdit={edit}
              onDelete={remove}
              onLike={like}
              onReport={report}
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
