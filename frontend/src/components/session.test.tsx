import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SIGNED_IN_COOKIE } from "@/lib/session-cookies";
import { useSession } from "./session";

const RAVI = { id: 2, username: "ravi", displayName: "Ravi", bio: "", avatar: null, email: "" };

function Name({ label }: { label: string }) {
  const { user, status } = useSession();
  return (
    <p>
      {label}: {status} {user?.displayName ?? ""}
    </p>
  );
}

function SignOut() {
  const { setUser } = useSession();
  return (
    <button type="button" onClick={() => setUser(null)}>
      out
    </button>
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("useSession", () => {
  it("fetches the session once for every island on the page and shares changes", async () => {
    const fetchMock = vi.fn(async () =>
      Response.json({ user: { id: 1, username: "jane", displayName: "Jane" } }),
    );
    vi.stubGlobal("fetch", fetchMock);
    render(
      <>
        <Name label="menu" />
        <Name label="comments" />
        <SignOut />
      </>,
    );
    expect(await screen.findByText("menu: signed-in Jane")).toBeInTheDocument();
    expect(screen.getByText("comments: signed-in Jane")).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(1);

    act(() => screen.getByRole("button", { name: "out" }).click());
    expect(screen.getByText(/menu: signed-out/)).toBeInTheDocument();
    expect(screen.getByText(/comments: signed-out/)).toBeInTheDocument();
  });

  it("asks nothing of a browser without the signed-in hint: signed out at once", async () => {
    document.cookie = `${SIGNED_IN_COOKIE}=; max-age=0; path=/`;
    const fetchMock = vi.fn(async () => Response.json({ user: { id: 1, username: "jane" } }));
    vi.stubGlobal("fetch", fetchMock);
    render(<Name label="menu" />);
    expect(await screen.findByText(/menu: signed-out/)).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("lets a sign-in that lands before the first answer win", async () => {
    let answer: (response: Response) => void = () => {};
    vi.stubGlobal(
      "fetch",
      vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))),
    );
    function SignIn() {
      const { setUser } = useSession();
      return (
        <button type="button" onClick={() => setUser({ ...RAVI })}>
          in
        </button>
      );
    }
    render(
      <>
        <Name label="menu" />
        <SignIn />
      </>,
    );
    expect(screen.getByText(/menu: loading/)).toBeInTheDocument();
    act(() => screen.getByRole("button", { name: "in" }).click());
    await act(async () => answer(Response.json({ user: null })));
    expect(screen.getByText("menu: signed-in Ravi")).toBeInTheDocument();
  });
});
