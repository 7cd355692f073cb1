import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { reshapeComment } from "@/lib/reshape";
import { SITE_URL } from "@/lib/config";
import { activityAlternate, authorActorUrl, fediverseHandle, postObjectUrl } from "@/lib/fediverse";
import { Comments } from "./comments";
import { FediverseHandle, FediverseHandles } from "./fediverse-handle";

vi.mock("next/navigation", () => ({ usePathname: () => "/blog/hello/" }));

const host = new URL(SITE_URL).host;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("fediverse addresses", () => {
  it("puts handles and ActivityPub ids on the site's host, ids ending with a slash", () => {
    expect(fediverseHandle("ada-lindqvist")).toBe(`@ada-lindqvist@${host}`);
    expect(authorActorUrl("ada")).toBe(`${SITE_URL}/ap/authors/ada/`);
    expect(activityAlternate(postObjectUrl(7))).toEqual({
      "application/activity+json": `${SITE_URL}/ap/posts/7/`,
    });
  });
});

describe("FediverseHandle", () => {
  it("shows the handle and copies it", async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    render(<FediverseHandle slug="ada" />);
    expect(screen.getByText(`@ada@${host}`)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: `Copy @ada@${host}` }));
    expect(writeText).toHaveBeenCalledWith(`@ada@${host}`);
    expect(await screen.findByText("Copied")).toBeInTheDocument();
  });
});

describe("FediverseHandles", () => {
  it("shows every author's handle, named when there are several", () => {
    render(
      <FediverseHandles
        authors={[
          { slug: "ada", name: "Ada" },
          { slug: "bo", name: "Bo" },
        ]}
      />,
    );
    expect(screen.getByText(`@ada@${host}`)).toBeInTheDocument();
    expect(screen.getByText(`@bo@${host}`)).toBeInTheDocument();
    expect(screen.getByText("Follow Bo on the fediverse:")).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: /^Copy @/ })).toHaveLength(2);
  });

  it("keeps the plain label for one author", () => {
    render(<FediverseHandles authors={[{ slug: "ada", name: "Ada" }]} />);
    expect(screen.getByText("Follow on the fediverse:")).toBeInTheDocument();
    expect(screen.queryByRole("list")).toBeNull();
  });
});

const remoteAuthor = {
  id: null,
  display_name: "Ana",
  avatar: { url: "https://social.example/ana.png", width: null, height: null },
  handle: "@ana@social.example",
  url: "https://social.example/@ana",
  remote: true,
};

describe("remote comments", () => {
  it("keep the remote handle and profile URL", () => {
    const comment = reshapeComment({
      id: 3,
      author: remoteAuthor,
      body_html: "<p>Hi</p>",
      replies: [],
    });
    expect(comment.author?.remote).toEqual({
      handle: "@ana@social.example",
      url: "https://social.example/@ana",
    });
    const local = reshapeComment({
      id: 4,
      author: { id: 1, display_name: "Jo", avatar: null, remote: false },
    });
    expect(local.author?.remote).toBeUndefined();
  });

  it("render with the handle linking to the remote profile", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) => {
        const body = url.includes("/session/me/")
          ? { user: null }
          : {
              count: 1,
              next: null,
              results: [
                {
                  id: 3,
                  parent: null,
                  author: remoteAuthor,
                  body_html: "<p>From the fediverse</p>",
                  created: "2026-11-20T10:00:00Z",
                  edited: false,
                  deleted: false,
                  like_count: 0,
                  liked_by_me: false,
                  can_edit: false,
                  can_delete: false,
                  replies: [],
                },
              ],
            };
        return new Response(JSON.stringify(body), { status: 200 });
      }),
    );
    render(<Comments postId={5} />);
    expect(await screen.findByText("From the fediverse")).toBeInTheDocument();
    const link = screen.getByRole("link", { name: "@ana@social.example" });
    expect(link.getAttribute("href")).toBe("https://social.example/@ana");
    expect(link.getAttribute("rel")).toContain("nofollow");
  });
});
