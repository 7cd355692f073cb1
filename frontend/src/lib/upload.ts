/**
 * Browser side of the upload API (issue 4): ask the backend for a presigned
 * POST, send the file straight to storage, mark it complete, then poll until
 * the backend has checked it.
 */
import { getJson, sendJson, type Result } from "./client";

export type UploadTicket = { id: string | number; url: string; fields: Record<string, string> };
export type UploadStatus = { status: "pending" | "ready" | "rejected"; reason: string };

export const AVATAR_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

/** Client-side check before asking for a ticket; the backend checks again. */
export function checkAvatarFile(file: { type: string; size: number }): string | null {
  if (!AVATAR_TYPES.includes(file.type)) return "Choose a JPEG, PNG, WebP or GIF image.";
  if (file.size > AVATAR_MAX_BYTES) return "The image must be 5 MB or smaller.";
  if (file.size === 0) return "The file is empty.";
  return null;
}

export async function uploadAvatar(
  file: File,
  { pollMs = 1000, maxPolls = 30 }: { pollMs?: number; maxPolls?: number } = {},
): Promise<Result<UploadStatus>> {
  const ticket = await sendJson<UploadTicket>("/api/community/uploads/", "POST", {
    filename: file.name,
    content_type: file.type,
    size: file.size,
    purpose: "avatar",
  });
  if (!ticket.ok) return ticket;
  const form = new FormData();
  for (const [key, value] of Object.entries(ticket.data.fields ?? {})) form.append(key, value);
  form.append("file", file);
  try {
    const stored = await fetch(ticket.data.url, { method: "POST", body: form });
    if (!stored.ok)
      return {
        ok: false,
        status: stored.status,
        errors: { detail: "The storage refused the file." },
      };
  } catch {
    return { ok: false, status: 0, errors: { detail: "Could not reach the storage." } };
  }
  const id = ticket.data.id;
  const complete = await sendJson(`/api/community/uploads/${id}/complete/`, "POST", {});
  if (!complete.ok) return complete;
  for (let attempt = 0; attempt < maxPolls; attempt++) {
    const status = await getJson<UploadStatus>(`/api/community/uploads/${id}/`);
    if (!status.ok) return status;
    if (status.data.status !== "pending") return status;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return {
    ok: false,
    status: 0,
    errors: { detail: "The upload is still being checked; try again later." },
  };
}
