import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const jar = new Map<string, { value: string }>();
vi.mock("next/headers", () => ({ cookies: async () => jar }));
const backendCall = vi.fn();
vi.mock("@/lib/session", async (original) => ({
  ...(await original<typeof import("@/lib/session")>()),
  backendCall: (...args: unknown[]) => backendCall(...args) as unknown,
}));
const { ACCESS_COOKIE } = await import("@/lib/session-cookies");
const { GET, PUT } = await import("./route");

function put(body: unknown) {
  return new Request("http://127.0.0.1:3000/api/newsletter/me/", {
    method: "PUT",
    headers: { Origin: "http://127.0.0.1:3000", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("/api/newsletter/me/", () => {
  beforeEach(() => {
    jar.clear();
    backendCall.mockReset();
  });

  it("asks nothing of the backend for a reader who is not signed in", async () => {
    const response = await GET();
    expect(response.status).toBe(401);
    expect(backendCall).not.toHaveBeenCalled();
  });

  it("answers the reshaped subscription and stores a refreshed session", async () => {
    jar.set(ACCESS_COOKIE, { value: "old" });
    backendCall.mockResolvedValue({
      status: 200,
      body: { email: "r@example.com", state: "odd", topics: ["blog", "not a topic"], extra: 1 },
      tokens: { access: "new", refresh: "r" },
    });
    const response = await GET();
    expect(await response.json()).toEqual({
      email: "r@example.com",
      state: "none",
      topics: ["blog"],
    });
    expect(response.cookies.get(ACCESS_COOKIE)?.value).toBe("new");
  });

  it("passes the backend's field errors through", async () => {
    jar.set(ACCESS_COOKIE, { value: "a" });
    backendCall.mockResolvedValue({ status: 400, body: { topics: ["Unknown topic: 'x'."] } });
    const response = await PUT(put({ topics: ["x"] }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ topics: ["Unknown topic: 'x'."] });
    expect(backendCall.mock.calls[0]?.[2]).toEqual({ method: "PUT", body: { topics: ["x"] } });
  });
});
