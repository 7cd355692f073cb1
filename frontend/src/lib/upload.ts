/**
 * Browser side of the upload API (issue 4): ask the backend for a presigned
 * POST, send the file straight to storage, mark it complete, then poll until
 * the backend has checked it.
 */
import type { ApiUploadLimits } from "./api-types";
import { getJson, sendJson, type Result } from "./client";

/** The upload's id is the backend's UUID. */
export type UploadTicket = { id: string; url: string; fields: Record<string, string> };
export type UploadStatus = { status: "pending" | "ready" | "rejected"; reason: string };

const TYPE_NAMES: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "image/gif": "GIF",
};

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/**
 * Check a file against the server's limits (`GET /api/uploads/limits/`)
 * before asking for a ticket; the backend checks again on every step.
 */
export function checkAvatarFile(
  file: { type: string; size: number },
  limits: ApiUploadLimits,
): string | null {
  if (!limits.content_types.includes(file.type)) {
    const names = limits.content_types.map((type) => TYPE_NAMES[type] ?? type);
    return `Choose a ${names.slice(0, -1).join(", ")} or ${names.at(-1) ?? ""} image.`;
  }
  if (file.size > limits.max_size)
    return `The image must be ${megabytes(limits.max_size)} or smaller.`;
  if (file.size === 0) return "The file is empty.";
  return null;
}

export async function uploadAvatar(
  file: File,
  { pollMs = 1000, maxPolls = 30 }: { pollMs?: number; maxPolls?: number } = {},
): Promise<Result<UploadStatus>> {
  const limits = await getJson<ApiUploadLimits>("/api/community/uploads/limits/");
  if (!limits.ok) return limits;
  const problem = checkAvatarFile(file, limits.data);
  if (problem) return { ok: false, status: 400, errors: { detail: problem } };
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
