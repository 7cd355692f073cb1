import { describe, expect, it } from "vitest";
import { decodePreview, encodePreview, isValidPreviewRequest, safeRedirectPath } from "./preview";

describe("safeRedirectPath", () => {
  it("keeps the site's own paths", () => {
    expect(safeRedirectPath("/blog/hello/")).toBe("/blog/hello/");
    expect(safeRedirectPath("/search/?q=x")).toBe("/search/?q=x");
  });

  it.each([
    "//evil.example/",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "blog/hello/",
    "/\u0000x",
    "",
    null,
  ])("refuses %j", (path) => {
    expect(safeRedirectPath(path)).toBe("/preview/");
  });
});

describe("preview cookie", () => {
  it("round-trips and rejects garbage", () => {
    const ref = { contentType: "blog.blogpage", token: "id=5:abc" };
    expect(decodePreview(encodePreview(ref))).toEqual(ref);
    expect(decodePreview("{nope")).toBeNull();
    expect(decodePreview('{"token":1}')).toBeNull();
    expect(decodePreview(undefined)).toBeNull();
  });

  it("validates the query Wagtail sends", () => {
    expect(isValidPreviewRequest("blog.blogpage", "id=5:abc")).toBe(true);
    expect(isValidPreviewRequest("blog.blogpage", "")).toBe(false);
    expect(isValidPreviewRequest("../../etc", "t")).toBe(false);
    expect(isValidPreviewRequest(null, "t")).toBe(false);
  });
});
