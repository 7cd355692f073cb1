import { cookies, draftMode } from "next/headers";
import { NextResponse } from "next/server";
import { PREVIEW_COOKIE, safeRedirectPath } from "@/lib/preview";

/** Leaves Draft Mode and returns to the (published) page. */
export async function GET(request: Request) {
  (await draftMode()).disable();
  (await cookies()).delete(PREVIEW_COOKIE);
  const next = safeRedirectPath(new URL(request.url).searchParams.get("next"), "/");
  return new NextResponse(null, {
    status: 307,
    headers: { "Cache-Control": "private, no-store, max-age=0", Location: next },
  });
}
