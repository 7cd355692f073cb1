import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { backendCall, refreshTokens } = await import("./session");

function token(exp: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "HS256" })}.${encode({ exp })}.sig`;
}

const now = () => Math.floor(Date.now() / 1000);
const jar = (values: Record<string, string>) => ({
  get: (name: string) => (name in values ? { value: values[name]! } : undefined),
});

function mockBackend(handler: (path: string, init: RequestInit) => Response) {
  const calls: { path: string; auth: string | null }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init: RequestInit) => {
      const path = new URL(input).pathname;
      calls.push({ path, auth: new Headers(init.headers).get("authorization") });
      return handler(path, init);
    }),
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("backendCall", () => {
  it("sends the access token from the cookie", async () => {
    const access = token(now() + 300);
    const calls = mockBackend(() => Response.json({ id: 1 }));
    const result = await backendCall(
      jar({ folio_access: access, folio_refresh: "r" }),
      "/api/auth/me/",
    );
    expect(result.status).toBe(200);
    expect(result.tokens).toBeUndefined();
    expect(calls).toEqual([{ path: "/api/auth/me/", auth: `Bearer ${access}` }]);
  });

  it("refreshes an expiring access token first and returns the new pair", async () => {
    const fresh = token(now() + 300);
    const calls = mockBackend((path) =>
      path === "/api/auth/token/refresh/"
        ? Response.json({ access: fresh, refresh: "r2" })
        : Response.json({ id: 1 }),
    );
    const result = await backendCall(
      jar({ folio_access: token(now() - 10), folio_refresh: "r1" }),
      "/api/auth/me/",
    );
    expect(result.tokens).toEqual({ access: fresh, refresh: "r2" });
    expect(calls.map((c) => c.path)).toEqual(["/api/auth/token/refresh/", "/api/auth/me/"]);
    expect(calls[1]!.auth).toBe(`Bearer ${fresh}`);
  });

  it("signs the user out when the refresh token is refused", async () => {
    mockBackend((path) =>
      path === "/api/auth/token/refresh/"
        ? Response.json({ detail: "Token is blacklisted" }, { status: 401 })
        : Response.json(
            { detail: "Authentication credentials were not provided." },
            { status: 401 },
          ),
    );
    const result = await backendCall(jar({ folio_refresh: "revoked" }), "/api/auth/me/");
    expect(result.signedOut).toBe(true);
    expect(result.status).toBe(401);
  });

  it("answers 503 when the backend is down", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("fetch failed")));
    const result = await backendCall(jar({}), "/api/posts/1/stats/");
    expect(result.status).toBe(503);
  });
});

describe("refreshTokens", () => {
  it("shares one backend call between concurrent refreshes of the same token", async () => {
    const calls = mockBackend(() => Response.json({ access: token(now() + 300), refresh: "next" }));
    const [a, b] = await Promise.all([refreshTokens("same"), refreshTokens("same")]);
    expect(a).toEqual(b);
    expect(calls).toHaveLength(1);
  });
});
