import { describe, expect, it } from "vitest";
import { formatDate, pagePath, parsePageSuffix, totalPages } from "./format";

describe("format", () => {
  it("formats dates in UTC", () => {
    expect(formatDate("2026-11-01")).toBe("1 November 2026");
    expect(formatDate("not a date")).toBe("not a date");
  });

  it("builds and parses listing page paths", () => {
    expect(pagePath("/blog/", 1)).toBe("/blog/");
    expect(pagePath("/blog/", 3)).toBe("/blog/page/3/");
    expect(parsePageSuffix(["blog", "page", "3"])).toEqual({ base: ["blog"], page: 3 });
    expect(parsePageSuffix(["blog", "page", "0"])).toBeNull();
    expect(parsePageSuffix(["blog", "hello"])).toBeNull();
    expect(totalPages(0, 10)).toBe(1);
    expect(totalPages(21, 10)).toBe(3);
  });
});
