/**
 * Resolves a site path through Wagtail's page tree, as the catch-all route
 * needs it: the live page, a listing page (`/blog/page/2/`), or in Draft Mode
 * the previewed revision.
 */
import "server-only";
import { cookies, draftMode } from "next/headers";
import { cache } from "react";
import { getPageByPath, getPreviewPage } from "./cms";
import { parsePageSuffix } from "./format";
import { decodePreview, PREVIEW_COOKIE } from "./preview";
import type { CmsPage } from "./types";

export type Resolved = { page: CmsPage; pageNumber: number; preview: boolean; path: string };

export function pathFromSegments(segments: string[] | undefined): string {
  const parts = (segments ?? []).map((segment) => encodeURIComponent(decodeURIComponent(segment)));
  return parts.length === 0 ? "/" : `/${parts.join("/")}/`;
}

async function resolvePreview(path: string): Promise<CmsPage | null> {
  const { isEnabled } = await draftMode();
  if (!isEnabled) return null;
  // Only read cookies in Draft Mode: reading them makes a route dynamic, and
  // public pages must stay static.
  const ref = decodePreview((await cookies()).get(PREVIEW_COOKIE)?.value);
  if (!ref) return null;
  const page = await getPreviewPage(ref.contentType, ref.token).catch(() => null);
  if (!page) return null;
  return path === "/preview/" || page.path === path ? page : null;
}

export const resolvePath = cache(
  async (segments: string[] | undefined): Promise<Resolved | null> => {
    const path = pathFromSegments(segments);
    const preview = await resolvePreview(path);
    if (preview) return { page: preview, pageNumber: 1, preview: true, path };

    const page = await getPageByPath(path);
    if (page) return { page, pageNumber: 1, preview: false, path };

    const suffix = parsePageSuffix(segments ?? []);
    if (suffix && suffix.page > 1) {
      const parentPath = pathFromSegments(suffix.base);
      const parent = await getPageByPath(parentPath);
      if (parent?.kind === "index")
        return { page: parent, pageNumber: suffix.page, preview: false, path };
    }
    return null;
  },
);
