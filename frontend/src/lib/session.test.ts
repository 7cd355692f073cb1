import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { backendCall, clearSessionCookies, refreshTokens, setSessionCookies } =
  await import("./session");
const { NextResponse } = await import("next/server");
const { proxy } = await import("../proxy");
const { NextRequest } = await import("next/server");

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

describe("the signed-in hint cookie", () => {
  it("is set beside the token pair, readable by page scripts, as long-lived as the refresh token", () => {
    const response = NextResponse.json({});
    setSessionCookies(response, { access: token(now() + 300), refresh: token(now() + 3600) });
    const hint = response.cookies.get("folio_signed_in");
    expect(hint?.value).toBe("1");
    expect(hint?.httpOnly).toBe(false);
    expect(hint?.maxAge).toBeGreaterThan(3500);
    expect(hint?.maxAge).toBeLessThanOrEqual(3600);
    expect(response.cookies.get("folio_refresh")?.httpOnly).toBe(true);
  });

  it("is cleared with the pair", () => {
    const response = NextResponse.json({});
    clearSessionCookies(response);
    for (const name of ["folio_access", "folio_refresh", "folio_signed_in"]) {
      expect(response.cookies.get(name)?.maxAge).toBe(0);
    }
  });

  it("is given by the proxy to a session that began before it existed, and only then", () => {
    const refresh = token(now() + 7200);
    const page = (cookie: string) =>
      proxy(new NextRequest("http://127.0.0.1:3000/blog/", { headers: { cookie } }));
    const old = page(`folio_refresh=${refresh}`);
    expect(old.cookies.get("folio_signed_in")?.value).toBe("1");
    expect(old.cookies.get("folio_signed_in")?.maxAge).toBeGreaterThan(7000);
    expect(page(`folio_refresh=${refresh}; folio_signed_in=1`).cookies.get("folio_signed_in")).toBe(
      undefined,
    );
    expect(page("other=1").cookies.get("folio_signed_in")).toBe(undefined);
    // A refresh cookie that is no JWT still gets a bounded hint: the page asks once, and
    // /api/session/me/ clears both when the backend refuses it.
    const garbage = page("folio_refresh=%3Cscript%3E").cookies.get("folio_signed_in");
    expect(garbage?.value).toBe("1");
    expect(garbage?.maxAge).toBe(60 * 60 * 24 * 7);
  });
});
