/**
 * Browser-side calls to this site's own BFF route handlers (never to the
 * backend directly: the session lives in httpOnly cookies on this origin).
 */
import { reshapeCommentPage, reshapeComment, reshapeErrors, reshapeStats } from "./reshape";
import { reshapeMySubscription, type MySubscription } from "./newsletter";
import type { Comment, CommentPage, CommentSort, PostStats, ThreadVersion } from "./types";

export type Result<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; errors: Record<string, string> };

async function request<T>(
  url: string,
  init: { method?: string; body?: unknown } = {},
  reshape: (value: unknown) => T = (value) => value as T,
): Promise<Result<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      headers:
        init.body === undefined
          ? { Accept: "application/json" }
          : { Accept: "application/json", "Content-Type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    return {
      ok: false,
      status: 0,
      errors: { detail: "Network error. Check your connection and try again." },
    };
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    body = null;
  }
  if (response.ok) return { ok: true, status: response.status, data: reshape(body) };
  const errors = reshapeErrors(body);
  if (Object.keys(errors).length === 0) {
    errors.detail =
      response.status === 401
        ? "Please sign in first."
        : response.status === 429
          ? "Too many attempts. Please wait a moment and try again."
          : `Something went wrong (${response.status}).`;
  }
  return { ok: false, status: response.status, errors };
}

export function getJson<T>(url: string): Promise<Result<T>> {
  return request<T>(url);
}

export function sendJson<T>(
  url: string,
  method: "POST" | "PATCH" | "DELETE",
  body?: unknown,
): Promise<Result<T>> {
  return request<T>(url, { method, body });
}

const community = (path: string) => `/api/community/${path}/`;

export function fetchComments(
  postId: number,
  page = 1,
  sort: CommentSort = "best",
  version = "",
): Promise<Result<CommentPage>> {
  // `v` (the live thread's version) only busts shared caches; the backend ignores it.
  const query = `?page=${page}&sort=${sort}${version ? `&v=${encodeURIComponent(version)}` : ""}`;
  return request(`${community(`posts/${postId}/comments`)}${query}`, {}, reshapeCommentPage);
}

function reshapeVersion(value: unknown): ThreadVersion {
  const body = (value ?? {}) as { version?: unknown; comment_count?: unknown };
  return {
    version: typeof body.version === "string" ? body.version : "",
    commentCount: typeof body.comment_count === "number" ? body.comment_count : 0,
  };
}

/** What live threads poll: changes whenever anything in the thread does. */
export function fetchThreadVersion(postId: number): Promise<Result<ThreadVersion>> {
  return request(community(`posts/${postId}/comments/version`), {}, reshapeVersion);
}

/** The page (of `sort`) showing comment `id`'s thread, for permalinks. */
export function fetchCommentPage(
  id: number,
  sort: CommentSort,
): Promise<Result<{ page: number; thread: number }>> {
  return request(`${community(`comments/${id}/page`)}?sort=${sort}`, {}, (value) => {
    const body = (value ?? {}) as { page?: unknown; thread?: unknown };
    return {
      page: typeof body.page === "number" ? body.page : 1,
      thread: typeof body.thread === "number" ? body.thread : 0,
    };
  });
}

export function previewComment(body: string): Promise<Result<{ bodyHtml: string }>> {
  return request(community("comments/preview"), { method: "POST", body: { body } }, (value) => ({
    bodyHtml: String((value as { body_html?: unknown } | null)?.body_html ?? ""),
  }));
}

export function setPinned(id: number, pinned: boolean): Promise<Result<Comment>> {
  return request(
    community(`comments/${id}/pin`),
    { method: pinned ? "POST" : "DELETE" },
    reshapeComment,
  );
}

export function setMuted(username: string, muted: boolean): Promise<Result<unknown>> {
  return request(community(`auth/me/mutes/${encodeURIComponent(username)}`), {
    method: muted ? "POST" : "DELETE",
  });
}

export function postComment(
  postId: number,
  body: string,
  parent?: number,
): Promise<Result<Comment>> {
  return request(
    community(`posts/${postId}/comments`),
    { method: "POST", body: parent ? { body, parent } : { body } },
    reshapeComment,
  );
}

export function editComment(id: number, body: string): Promise<Result<Comment>> {
  return request(community(`comments/${id}`), { method: "PATCH", body: { body } }, reshapeComment);
}

export function deleteComment(id: number): Promise<Result<unknown>> {
  return request(community(`comments/${id}`), { method: "DELETE" });
}

export function reportComment(id: number, reason: string): Promise<Result<unknown>> {
  return request(community(`comments/${id}/report`), { method: "POST", body: { reason } });
}

export type LikeState = { liked: boolean; likeCount: number };

function reshapeLike(value: unknown): LikeState {
  const body = (value ?? {}) as { liked?: unknown; like_count?: unknown };
  return {
    liked: body.liked === true,
    likeCount: typeof body.like_count === "number" ? body.like_count : 0,
  };
}

export function setLike(
  target: "posts" | "comments",
  id: number,
  liked: boolean,
): Promise<Result<LikeState>> {
  return request(
    community(`${target}/${id}/like`),
    { method: liked ? "POST" : "DELETE" },
    reshapeLike,
  );
}

export function fetchStats(postId: number): Promise<Result<PostStats>> {
  return request(community(`posts/${postId}/stats`), {}, reshapeStats);
}

/** The signed-in reader's newsletter subscription (BFF `/api/newsletter/me/`). */
export function fetchMySubscription(): Promise<Result<MySubscription>> {
  return request("/api/newsletter/me/", {}, reshapeMySubscription);
}

/** Sets the reader's topics; `[]` unsubscribes. */
export function saveMySubscription(topics: string[]): Promise<Result<MySubscription>> {
  return request("/api/newsletter/me/", { method: "PUT", body: { topics } }, reshapeMySubscription);
}
