import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SIGNED_IN_COOKIE } from "@/lib/session-cookies";
import { UserMenuIsland } from "./islands";
import { useSession } from "./session";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => {}, push: () => {} }) }));

const JANE = { id: 1, username: "jane", displayName: "Jane" };

function forgetHint() {
  document.cookie = `${SIGNED_IN_COOKIE}=; max-age=0; path=/`;
}

/** Plays the sign-in form: the BFF set the hint cookie, the form tells the store. */
function SignInHere() {
  const { setUser } = useSession();
  return (
    <button
      type="button"
      onClick={() => {
        document.cookie = `${SIGNED_IN_COOKIE}=1; path=/`;
        setUser({ id: 1, username: "jane", displayName: "Jane", bio: "", avatar: null, email: "" });
      }}
    >
      sign in
    </button>
  );
}

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fetchMock = vi.fn(async () => Response.json({ user: JANE }));
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("UserMenuIsland", () => {
  it("gives a reader who never signed in the sign-in links, with no session request", async () => {
    forgetHint();
    render(<UserMenuIsland />);
    expect(await screen.findByRole("link", { name: "Sign in" })).toHaveAttribute(
      "href",
      "/signin/",
    );
    expect(screen.getByRole("link", { name: "Sign up" })).toBeInTheDocument();
    // Let any lazy load or fetch that was going to start, start.
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(screen.queryByTestId("account-link")).toBeNull();
  });

  it("loads the account menu at once when the browser holds the signed-in hint", async () => {
    render(<UserMenuIsland />);
    expect(await screen.findByTestId("account-link")).toHaveTextContent("Jane");
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]![0]).toBe("/api/session/me/");
  });

  it("reads the signed-in hint once a page, never while rendering", async () => {
    forgetHint();
    const reads = vi.spyOn(Document.prototype, "cookie", "get");
    function Status() {
      return <p>{useSession().status}</p>;
    }
    render(
      <>
        <UserMenuIsland />
        <UserMenuIsland />
        <Status />
      </>,
    );
    // A synchronous read would block hydration on the browser's cookie store.
    expect(reads).not.toHaveBeenCalled();
    expect(await screen.findAllByRole("link", { name: "Sign in" })).toHaveLength(2);
    expect(await screen.findByText("signed-out")).toBeInTheDocument();
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
  });

  it("shows the account once the reader signs in on the page (no reload)", async () => {
    forgetHint();
    render(
      <>
        <UserMenuIsland />
        <SignInHere />
      </>,
    );
    expect(await screen.findByRole("link", { name: "Sign in" })).toBeInTheDocument();
    act(() => screen.getByRole("button", { name: "sign in" }).click());
    expect(await screen.findByTestId("account-link")).toHaveTextContent("Jane");
    expect(screen.queryByRole("link", { name: "Sign in" })).toBeNull();
  });
});
