import { beforeEach, describe, expect, it, vi } from "vitest";

const revalidateTag = vi.fn();
vi.mock("next/cache", () => ({ revalidateTag }));

const { applySignal, hasValidSecret, parseSignal, pathTag } = await import("./revalidate");

describe("hasValidSecret", () => {
  it("accepts only the exact bearer secret", () => {
    expect(hasValidSecret("Bearer s3cret", "s3cret")).toBe(true);
    expect(hasValidSecret("Bearer s3cret!", "s3cret")).toBe(false);
    expect(hasValidSecret("s3cret", "s3cret")).toBe(false);
    expect(hasValidSecret(null, "s3cret")).toBe(false);
  });

  it("refuses everything when no secret is configured", () => {
    expect(hasValidSecret("Bearer ", "")).toBe(false);
    expect(hasValidSecret("Bearer x", undefined)).toBe(false);
  });
});

describe("parseSignal", () => {
  it("keeps well-formed tags and site paths only", () => {
    expect(
      parseSignal({
        tags: ["page:12", "posts", "tag:python", "bad tag", 3, "posts"],
        paths: ["/blog/hello/", "//evil.example/", "https://evil.example/", 7],
      }),
    ).toEqual({ tags: ["page:12", "posts", "tag:python"], paths: ["/blog/hello/"] });
  });

  it("rejects a body that is not an object", () => {
    expect(parseSignal(null)).toBeNull();
    expect(parseSignal("posts")).toBeNull();
    expect(parseSignal({})).toEqual({ tags: [], paths: [] });
  });
});

describe("applySignal", () => {
  beforeEach(() => {
    revalidateTag.mockClear();
  });

  it("marks tags and path tags stale (stale-while-revalidate), once each", () => {
    applySignal({ tags: ["page:12", "posts", "path:/blog/hello/"], paths: ["/blog/hello/"] });
    expect(revalidateTag.mock.calls).toEqual([
      ["page:12", "max"],
      ["posts", "max"],
      ["path:/blog/hello/", "max"],
    ]);
  });

  it("expires the data at once when an edge cache is purged next", () => {
    expect(parseSignal({ tags: ["posts"], paths: [], expire: "now" })).toEqual({
      tags: ["posts"],
      paths: [],
      expire: "now",
    });
    expect(parseSignal({ tags: [], paths: [], expire: "later" })).toEqual({ tags: [], paths: [] });
    applySignal({ tags: ["posts"], paths: ["/blog/hello/"], expire: "now" });
    expect(revalidateTag.mock.calls).toEqual([
      ["posts", { expire: 0 }],
      ["path:/blog/hello/", { expire: 0 }],
    ]);
  });

  it("names paths with a trailing slash, as the page tree does", () => {
    expect(pathTag("/blog/hello")).toBe("path:/blog/hello/");
    expect(pathTag("/")).toBe("path:/");
  });
});
