import { NextResponse, type NextRequest } from "next/server";
import {
  buildCsp,
  createNonce,
  cspOptionsFromEnv,
  DRAFT_MODE_COOKIE,
  isStrict,
  usesNonce,
} from "@/lib/csp";
import { PREVIEW_COOKIE } from "@/lib/preview";
import { REFRESH_COOKIE, SIGNED_IN_COOKIE } from "@/lib/session-cookies";
import { setSignedInCookie } from "@/lib/signed-in-cookie";

/**
 * Gives pages rendered per request a fresh CSP nonce. Next reads the nonce
 * from the request's Content-Security-Policy header while rendering and puts
 * it on its own scripts; the same policy goes out on the response, replacing
 * the static-page policy that next.config.ts sets on every path.
 *
 * Statically generated pages are left alone: a nonce would not match the
 * HTML built earlier, and rendering them with one could bake it into the cache.
 */
export function proxy(request: NextRequest) {
  return withSignedInHint(request, withNonce(request));
}

function withNonce(request: NextRequest): NextResponse {
  // Both cookies, not Next's alone: Next's cookie from an earlier build no
  // longer enables Draft Mode, and a nonce on the static page Next then serves
  // would block its scripts. Ours lives an hour, which bounds that case.
  const draftMode = request.cookies.has(DRAFT_MODE_COOKIE) && request.cookies.has(PREVIEW_COOKIE);
  const strict = isStrict(process.env.CSP_STRICT);
  if (!usesNonce(request.nextUrl.pathname, { draftMode, strict })) return NextResponse.next();

  const policy = buildCsp({ ...cspOptionsFromEnv(), nonce: createNonce() });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

/**
 * Sessions begun before the BFF set the readable signed-in hint get it here,
 * on their next page view: without it the page would take them for signed out.
 */
function withSignedInHint(request: NextRequest, response: NextResponse): NextResponse {
  const refresh = request.cookies.get(REFRESH_COOKIE)?.value;
  if (refresh && !request.cookies.has(SIGNED_IN_COOKIE)) setSignedInCookie(response, refresh);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes, build assets and images need no nonce.
      source: "/((?!api/|_next/static/|_next/image).*)",
      // Prefetches fetch RSC data, not documents.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
