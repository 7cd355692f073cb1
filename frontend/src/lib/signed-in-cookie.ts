/**
 * Sets the readable signed-in hint (see session-cookies.ts) on a response,
 * as long-lived as the refresh token. Server code only, without `server-only`:
 * the proxy (src/proxy.ts) cannot import modules marked so.
 */
import type { NextResponse } from "next/server";
import { SITE_URL } from "./config";
import { cookieMaxAge } from "./jwt";
import { DEFAULT_REFRESH_MAX_AGE, SIGNED_IN_COOKIE } from "./session-cookies";

export const COOKIE_SECURE = SITE_URL.startsWith("https://");

export function setSignedInCookie(response: NextResponse, refresh: string): void {
  response.cookies.set(SIGNED_IN_COOKIE, "1", {
    httpOnly: false,
    secure: COOKIE_SECURE,
    sameSite: "lax",
    path: "/",
    maxAge: cookieMaxAge(refresh, DEFAULT_REFRESH_MAX_AGE),
  });
}
