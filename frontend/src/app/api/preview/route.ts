import { cookies, draftMode } from "next/headers";
import { NextResponse } from "next/server";
import { getPreviewPage } from "@/lib/cms";
import { SITE_URL } from "@/lib/config";
import {
  encodePreview,
  isValidPreviewRequest,
  PREVIEW_COOKIE,
  safeRedirectPath,
} from "@/lib/preview";

const NO_STORE = { "Cache-Control": "private, no-store, max-age=0" };
const SECURE = SITE_URL.startsWith("https://");

function refuse(status: number, detail: string) {
  return NextResponse.json({ detail }, { status, headers: NO_STORE });
}

/**
 * Entry point of Wagtail's headless preview: checks the token against the
 * backend, turns on Draft Mode and sends the editor to the page's own path.
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const contentType = params.get("content_type");
  const token = params.get("token");
  if (!isValidPreviewRequest(contentType, token) || !contentType || !token) {
    return refuse(400, "A preview needs content_type and token.");
  }

  let page;
  try {
    page = await getPreviewPage(contentType, token);
  } catch {
    page = null;
  }
  if (!page) return refuse(401, "This preview link is invalid or has expired.");

  const draft = await draftMode();
  draft.enable();
  const jar = await cookies();
  // Next marks its Draft Mode cookie Secure + SameSite=None outside `next dev`;
  // on a plain-http site (local runs) that cookie would be dropped.
  const bypass = jar.get("__prerender_bypass");
  if (bypass && !SECURE) {
    jar.set("__prerender_bypass", bypass.value, {
      httpOnly: true,
      sameSite: "lax",
      secure: false,
      path: "/",
    });
  }
  // Like Next's own Draft Mode cookie on https: SameSite=None, so the preview
  // also works inside Wagtail's preview panel when the admin is another site.
  jar.set(PREVIEW_COOKIE, encodePreview({ contentType, token }), {
    httpOnly: true,
    sameSite: SECURE ? "none" : "lax",
    secure: SECURE,
    path: "/",
    maxAge: 60 * 60,
  });

  const target = safeRedirectPath(page.path || null);
  return new NextResponse(null, {
    status: 307,
    headers: { ...NO_STORE, Location: target },
  });
}
