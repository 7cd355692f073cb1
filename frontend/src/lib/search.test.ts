import { describe, expect, it } from "vitest";
import { boundSearchQuery, SEARCH_MAX_CHARS, SEARCH_MAX_WORDS } from "./search";

describe("boundSearchQuery", () => {
  it("leaves a short query alone, whitespace tidied", () => {
    expect(boundSearchQuery("  wagtail \t caching ")).toEqual({
      query: "wagtail caching",
      clipped: false,
    });
    expect(boundSearchQuery(undefined)).toEqual({ query: "", clipped: false });
  });

  it("keeps the first 50 words of a longer query (the API refuses more)", () => {
    const raw = Array.from({ length: 80 }, (_, n) => `w${n}`).join(" ");
    const { query, clipped } = boundSearchQuery(raw);
    expect(clipped).toBe(true);
    expect(query.split(" ")).toHaveLength(SEARCH_MAX_WORDS);
    expect(query.endsWith("w49")).toBe(true);
  });

  it("counts words as Python's str.split() does", () => {
    const raw = Array.from({ length: 60 }, (_, n) => `a${n}`).join("\x1f");
    expect(boundSearchQuery(raw).query.split(" ")).toHaveLength(SEARCH_MAX_WORDS);
  });

  it("clips to 200 characters", () => {
    const { query, clipped } = boundSearchQuery("x".repeat(500));
    expect(query).toHaveLength(SEARCH_MAX_CHARS);
    expect(clipped).toBe(true);
  });
});
