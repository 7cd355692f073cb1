import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LikeButton } from "./like-button";

vi.mock("next/navigation", () => ({ usePathname: () => "/blog/hello/" }));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("LikeButton", () => {
  it("toggles the like and shows the server's count", async () => {
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === "/api/session/me/") return Response.json({ user: { id: 1, username: "jane" } });
      if (url === "/api/community/posts/5/stats/") {
        return Response.json({ like_count: 3, comment_count: 0, liked_by_me: false });
      }
      if (url === "/api/community/posts/5/like/") {
        return Response.json(
          init?.method === "POST"
            ? { liked: true, like_count: 4 }
            : { liked: false, like_count: 3 },
        );
      }
      return new Response("{}", { status: 404 });
    });
    vi.stubGlobal("fetch", fetchMock);
    const user = userEvent.setup();
    render(<LikeButton postId={5} />);
    expect(await screen.findByText("3 likes")).toBeInTheDocument();
    const button = screen.getByRole("button", { name: /Like/ });
    expect(button).toHaveAttribute("aria-pressed", "false");
    await user.click(button);
    expect(await screen.findByText("4 likes")).toBeInTheDocument();
    expect(button).toHaveAttribute("aria-pressed", "true");
    await user.click(button);
    expect(await screen.findByText("3 likes")).toBeInTheDocument();
  });

  it("rolls back and explains when the like fails", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) => {
        if (url === "/api/session/me/") return Response.json({ user: { id: 1, username: "jane" } });
        if (url.endsWith("/stats/")) return Response.json({ like_count: 1, liked_by_me: false });
        return Response.json({ detail: "Slow down." }, { status: 429 });
      }),
    );
    const user = userEvent.setup();
    render(<LikeButton postId={5} />);
    expect(await screen.findByText("1 like")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /Like/ }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Slow down.");
    expect(screen.getByText("1 like")).toBeInTheDocument();
  });

  it("asks a signed-out reader to sign in", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) =>
        url === "/api/session/me/"
          ? Response.json({ user: null })
          : Response.json({ like_count: 2 }),
      ),
    );
    render(<LikeButton postId={5} />);
    expect(
      await screen.findByRole("link", { name: "Sign in to like this post" }),
    ).toBeInTheDocument();
    expect(await screen.findByText("2 likes")).toBeInTheDocument();
  });
});
