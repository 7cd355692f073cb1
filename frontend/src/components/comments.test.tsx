import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Comment } from "@/lib/types";
import { Comments, countComments, flatten, mergeKnown, updateInTree } from "./comments";

vi.mock("next/navigation", () => ({ usePathname: () => "/blog/hello/" }));

const apiComment = (id: number, extra: object = {}) => ({
  id,
  parent: null,
  author: { id: 1, display_name: `User ${id}`, avatar: null },
  body_html: `<p>Body ${id}</p>`,
  created: "2026-11-20T10:00:00Z",
  edited: false,
  deleted: false,
  like_count: 0,
  liked_by_me: false,
  can_edit: false,
  can_delete: false,
  replies: [],
  ...extra,
});

function mockBff(routes: Record<string, (init?: RequestInit) => unknown>) {
  const calls: { url: string; method: string; body?: string }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? "GET";
      calls.push({ url, method, body: init?.body as string | undefined });
      const key = Object.keys(routes).find((prefix) => `${method} ${url}`.startsWith(prefix));
      const body = key ? routes[key]!(init) : { detail: "Not found." };
      return new Response(JSON.stringify(body), { status: key ? 200 : 404 });
    }),
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("thread helpers", () => {
  const thread = [
    { id: 1, replies: [{ id: 2, replies: [{ id: 3, replies: [] }] }] },
    { id: 4, replies: [] },
  ] as unknown as Comment[];

  it("counts replies at every depth", () => {
    expect(countComments(thread)).toBe(4);
  });

  it("updates a nested comment without touching the others", () => {
    const updated = updateInTree(thread, 3, (c) => ({ ...c, likeCount: 9 }));
    expect(updated[0]?.replies[0]?.replies[0]?.likeCount).toBe(9);
    expect(updated[1]).toEqual(thread[1]);
  });
});

describe("Comments", () => {
  it("invites a signed-out reader to sign in and shows the thread", async () => {
    mockBff({
      "GET /api/session/me/": () => ({ user: null }),
      "GET /api/community/posts/5/comments/": () => ({
        count: 1,
        next: null,
        results: [apiComment(1, { replies: [apiComment(2, { parent: 1, deleted: true })] })],
      }),
    });
    render(<Comments postId={5} />);
    expect(await screen.findByText("Body 1")).toBeInTheDocument();
    // next/link drops the trailing slash here: vitest runs without next.config's trailingSlash.
    expect(screen.getByRole("link", { name: "Sign in" }).getAttribute("href")).toMatch(
      /^\/signin\/?\?next=%2Fblog%2Fhello%2F$/,
    );
    expect(screen.getAllByText("[deleted]").length).toBeGreaterThan(0);
    expect(screen.queryByRole("button", { name: /Reply/ })).not.toBeInTheDocument();
  });

  it("lets a signed-in reader post a comment and reloads the thread", async () => {
    let posted = false;
    const calls = mockBff({
      "GET /api/session/me/": () => ({ user: { id: 1, username: "jane", display_name: "Jane" } }),
      "GET /api/community/posts/5/comments/": () => ({
        count: posted ? 1 : 0,
        next: null,
        results: posted ? [apiComment(9, { body_html: "<p>Nice post</p>", can_edit: true })] : [],
      }),
      "POST /api/community/posts/5/comments/": () => {
        posted = true;
        return apiComment(9);
      },
    });
    const user = userEvent.setup();
    render(<Comments postId={5} />);
    await user.type(await screen.findByLabelText("Add a comment"), "Nice post");
    await user.click(screen.getByRole("button", { name: "Post comment" }));
    expect(await screen.findByText("Nice post")).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST");
    expect(JSON.parse(post?.body ?? "{}")).toEqual({ body: "Nice post" });
    await waitFor(() => expect(screen.getByRole("button", { name: "Edit" })).toBeInTheDocument());
  });

  it("shows the API's validation message", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        if (url === "/api/session/me/") return Response.json({ user: { id: 1, username: "jane" } });
        if (init?.method === "POST") return Response.json({ body: ["Too long."] }, { status: 400 });
        return Response.json({ count: 0, next: null, results: [] });
      }),
    );
    const user = userEvent.setup();
    render(<Comments postId={5} />);
    await user.type(await screen.findByLabelText("Add a comment"), "x");
    await user.click(screen.getByRole("button", { name: "Post comment" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too long.");
  });
});

describe("live thread merge", () => {
  const comment = (id: number, extra: Partial<Comment> = {}): Comment => ({
    id,
    parent: null,
    author: { id: 1, username: "u", displayName: "U", avatar: null },
    bodyHtml: `<p>${id}</p>`,
    created: "",
    edited: false,
    deleted: false,
    status: "visible",
    pinned: false,
    mentions: [],
    likeCount: 0,
    likedByMe: false,
    muted: false,
    canEdit: false,
    canDelete: false,
    canPin: false,
    replies: [],
    ...extra,
  });

  it("applies edits, deletions and likes to shown comments and leaves new ones out", () => {
    const shown = [comment(1, { replies: [comment(2, { parent: 1 })] }), comment(3)];
    const fresh = [
      comment(9),
      comment(1, {
        likeCount: 4,
        replies: [comment(2, { parent: 1, deleted: true }), comment(10, { parent: 1 })],
      }),
      comment(3, { bodyHtml: "<p>edited</p>", edited: true }),
    ];
    const merged = mergeKnown(shown, fresh);
    expect(flatten(merged).map((c) => c.id)).toEqual([1, 2, 3]);
    expect(merged[0]?.likeCount).toBe(4);
    expect(merged[0]?.replies[0]?.deleted).toBe(true);
    expect(merged[1]?.bodyHtml).toBe("<p>edited</p>");
  });
});
