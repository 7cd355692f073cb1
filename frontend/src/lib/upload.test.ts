import { afterEach, describe, expect, it, vi } from "vitest";
import { checkAvatarFile, uploadAvatar } from "./upload";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** What `GET /api/uploads/limits/` answers with the default settings. */
const LIMITS = {
  max_size: 5 * 1024 * 1024,
  content_types: ["image/jpeg", "image/png", "image/webp", "image/gif"],
};

describe("checkAvatarFile", () => {
  it("accepts images up to 5 MB and explains refusals", () => {
    expect(checkAvatarFile({ type: "image/png", size: 1000 }, LIMITS)).toBeNull();
    expect(checkAvatarFile({ type: "image/svg+xml", size: 1000 }, LIMITS)).toMatch(
      "Choose a JPEG, PNG, WebP or GIF image.",
    );
    expect(checkAvatarFile({ type: "image/jpeg", size: 6 * 1024 * 1024 }, LIMITS)).toMatch(/5 MB/);
    expect(checkAvatarFile({ type: "image/jpeg", size: 0 }, LIMITS)).toMatch(/empty/);
  });

  it("checks against the limits the server sends, not copies of them", () => {
    const strict = { max_size: 1024 * 1024, content_types: ["image/png"] };
    expect(checkAvatarFile({ type: "image/jpeg", size: 10 }, strict)).toMatch(/PNG/);
    expect(checkAvatarFile({ type: "image/png", size: 2 * 1024 * 1024 }, strict)).toMatch(/1 MB/);
    expect(checkAvatarFile({ type: "image/png", size: 1024 * 1024 }, strict)).toBeNull();
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
        if (url === "/api/community/uploads/limits/") return Response.json(LIMITS);
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
      "GET /api/community/uploads/limits/",
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
        url === "/api/community/uploads/limits/"
          ? Response.json(LIMITS)
          : url.startsWith("/api/")
            ? Response.json({ id: "u-1", url: "http://storage/", fields: {} })
            : new Response("<Error/>", { status: 403 }),
      ),
    );
    const file = new File([new Uint8Array([1])], "me.png", { type: "image/png" });
    const result = await uploadAvatar(file, { pollMs: 1 });
    expect(result.ok).toBe(false);
  });

  it("refuses a file the server's limits exclude before asking for a ticket", async () => {
    const fetchMock = vi.fn(async () =>
      Response.json({ max_size: 2, content_types: ["image/png"] }),
    );
    vi.stubGlobal("fetch", fetchMock);
    const file = new File([new Uint8Array([1, 2, 3])], "me.png", { type: "image/png" });
    const result = await uploadAvatar(file, { pollMs: 1 });
    expect(result).toMatchObject({ ok: false, errors: { detail: expect.stringMatching(/MB/) } });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
