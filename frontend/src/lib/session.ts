/**
 * Backend-for-frontend session: the JWT pair lives only in httpOnly cookies
 * set by this server; client JavaScript never sees a token. Calls to the
 * community API go through `backendCall`, which refreshes an expiring access
 * token transparently (rotation: the new refresh token replaces the old one).
 */
import "server-only";
import { NextResponse } from "next/server";
import { apiUrl } from "./api";
import { cookieMaxAge, isExpiring } from "./jwt";
import {
  ACCESS_COOKIE,
  DEFAULT_REFRESH_MAX_AGE,
  REFRESH_COOKIE,
  SIGNED_IN_COOKIE,
} from "./session-cookies";
import { COOKIE_SECURE, setSignedInCookie } from "./signed-in-cookie";

export { ACCESS_COOKIE, REFRESH_COOKIE };

export type Tokens = { access: string; refresh: string };

export type BackendResult = {
  status: number;
  body: unknown;
  /** Set when the call refreshed the pair, so the response can store it. */
  tokens?: Tokens;
  /** Set when the refresh token was refused: the cookies must be cleared. */
  signedOut?: boolean;
};

type CookieReader = { get(name: string): { value: string } | undefined };

export function readTokens(cookies: CookieReader): Partial<Tokens> {
  return {
    access: cookies.get(ACCESS_COOKIE)?.value || undefined,
    refresh: cookies.get(REFRESH_COOKIE)?.value || undefined,
  };
}

const COOKIE_BASE = { secure: COOKIE_SECURE, sameSite: "lax" as const, path: "/" };

export function setSessionCookies(response: NextResponse, tokens: Tokens): void {
  const base = { ...COOKIE_BASE, httpOnly: true };
  response.cookies.set(ACCESS_COOKIE, tokens.access, {
    ...base,
    maxAge: cookieMaxAge(tokens.access, 300),
  });
  response.cookies.set(REFRESH_COOKIE, tokens.refresh, {
    ...base,
    maxAge: cookieMaxAge(tokens.refresh, DEFAULT_REFRESH_MAX_AGE),
  });
  setSignedInCookie(response, tokens.refresh);
}

export function clearSessionCookies(response: NextResponse): void {
  for (const name of [ACCESS_COOKIE, REFRESH_COOKIE, SIGNED_IN_COOKIE]) {
    response.cookies.set(name, "", {
      ...COOKIE_BASE,
      httpOnly: name !== SIGNED_IN_COOKIE,
      maxAge: 0,
    });
  }
}

/** Applies what a backend call learned about the session to the response. */
export function applySession(response: NextResponse, result: BackendResult): NextResponse {
  if (result.tokens) setSessionCookies(response, result.tokens);
  else if (result.signedOut) clearSessionCookies(response);
  return response;
}

async function parse(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

type BackendInit = {
  method?: string;
  body?: unknown;
  access?: string;
  search?: string;
  /** The browser's address, so per-IP throttles count readers, not this server. */
  clientIp?: string;
};

/**
 * The reader's address as `next start` saw it (it sets X-Forwarded-For from
 * the socket, appending to any value a proxy in front of it sent).
 */
export function clientIpOf(request: Request): string | undefined {
  const forwarded = request.headers.get("x-forwarded-for");
  const ip = forwarded?.split(",").pop()?.trim() || request.headers.get("x-real-ip")?.trim();
  return ip || undefined;
}

/** Raw call to the backend, never cached (per-user data). */
export async function backendFetch(
  path: string,
  init: BackendInit = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.clientIp) headers["X-Forwarded-For"] = init.clientIp;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  if (init.access) headers.Authorization = `Bearer ${init.access}`;
  const url = apiUrl(path) + (init.search ?? "");
  try {
    const response = await fetch(url, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: await parse(response) };
  } catch {
    return { status: 503, body: { detail: "The service is unavailable. Please try again." } };
  }
}

export function isTokens(value: unknown): value is Tokens {
  const body = value as Partial<Tokens> | null;
  return typeof body?.access === "string" && typeof body.refresh === "string";
}

// Parallel requests from one browser may all find the access token expired;
// with rotation + blacklist only the first refresh may use the old refresh
// token, so concurrent refreshes of the same token share one backend call.
const inflightRefreshes = new Map<string, Promise<Tokens | null>>();

export function refreshTokens(refresh: string): Promise<Tokens | null> {
  const pending = inflightRefreshes.get(refresh);
  if (pending) return pending;
  const promise = backendFetch("/api/auth/token/refresh/", { method: "POST", body: { refresh } })
    .then(({ status, body }) => {
      if (status !== 200) return null;
      const data = body as { access?: unknown; refresh?: unknown };
      if (typeof data.access !== "string") return null;
      // Without rotation the backend answers only `access`; keep the old refresh.
      return {
        access: data.access,
        refresh: typeof data.refresh === "string" ? data.refresh : refresh,
      };
    })
    .finally(() => {
      setTimeout(() => inflightRefreshes.delete(refresh), 10_000);
    });
  inflightRefreshes.set(refresh, promise);
  return promise;
}

/**
 * Call the community API as the signed-in user (or anonymously when there is
 * no session), refreshing the access token when it is about to expire or the
 * backend answers 401.
 */
export async function backendCall(
  cookies: CookieReader,
  path: string,
  init: Omit<BackendInit, "access"> = {},
): Promise<BackendResult> {
  let { access, refresh } = readTokens(cookies);
  let tokens: Tokens | undefined;
  const now = Date.now() / 1000;

  if (refresh && (!access || isExpiring(access, now))) {
    const fresh = await refreshTokens(refresh);
    if (fresh) {
      tokens = fresh;
      access = fresh.access;
      refresh = fresh.refresh;
    } else {
      const result = await backendFetch(path, init);
      return { ...result, signedOut: true };
    }
  }

  let result = await backendFetch(path, { ...init, access });
  if (result.status === 401 && refresh && !tokens) {
    const fresh = await refreshTokens(refresh);
    if (!fresh) return { ...(await backendFetch(path, init)), signedOut: true };
    tokens = fresh;
    result = await backendFetch(path, { ...init, access: fresh.access });
  }
  return tokens ? { ...result, tokens } : result;
}
