import { afterEach, describe, expect, it, vi } from "vitest";
import { checkAvatarFile, uploadAvatar } from "./upload";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("checkAvatarFile", () => {
  it("accepts images up to 5 MB and explains refusals", () => {
    expect(checkAvatarFile({ type: "image/png", size: 1000 })).toBeNull();
    expect(checkAvatarFile({ type: "image/svg+xml", size: 1000 })).toMatch(/JPEG/);
    expect(checkAvatarFile({ type: "image/jpeg", size: 6 * 1024 * 1024 })).toMatch(/5 MB/);
    expect(checkAvatarFile({ type: "image/jpeg", size: 0 })).toMatch(/empty/);
  });
});

describe("uploadAvatar", () => {
  it("asks for a ticket, posts the file to storage, completes and polls until ready", async () => {
    const calls: string[] = [];
    let polls = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        const method = init?.method ?? "GET";
        calls.push(`${method} ${url}`);
        if (url === "/api/community/uploads/") {
          expect(JSON.parse(String(init?.body))).toMatchObject({
            purpose: "avatar",
            content_type: "image/png",
          });
          return Response.json({
            id: "u-1",
            url: "http://storage/bucket/",
            fields: { key: "k", policy: "p" },
          });
        }
        if (url === "http://storage/bucket/") {
          const form = init?.body as FormData;
          expect(form.get("key")).toBe("k");
          expect(form.get("file")).toBeInstanceOf(File);
          return new Response(null, { status: 204 });
        }
        if (url.endsWith("/complete/")) return Response.json({}, { status: 202 });
        polls += 1;
        return Response.json({ status: polls < 2 ? "pending" : "ready", reason: "" });
      }),
    );
    const file = new File([new Uint8Array([1, 2, 3])], "me.png", { type: "image/png" });
    const result = await uploadAvatar(file, { pollMs: 1 });
    expect(result).toMatchObject({ ok: true, data: { status: "ready" } });
    expect(calls).toEqual([
      "POST /api/community/uploads/",
      "POST http://storage/bucket/",
      "POST /api/community/uploads/u-1/complete/",
      "GET /api/community/uploads/u-1/",
      "GET /api/community/uploads/u-1/",
    ]);
  });

  it("reports a storage refusal", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) =>
        url.startsWith("/api/")
          ? Response.json({ id: 1, url: "http://storage/", fields: {} })
          : new Response("<Error/>", { status: 403 }),
      ),
    );
    const file = new File([new Uint8Array([1])], "me.png", { type: "image/png" });
    const result = await uploadAvatar(file, { pollMs: 1 });
    expect(result.ok).toBe(false);
  });
});
