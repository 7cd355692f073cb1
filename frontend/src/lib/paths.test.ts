import { describe, expect, it } from "vitest";
import { slugFromParam, tagFeedPath, tagPath } from "./paths";

/** Slugs as taggit makes them for names an editor can type (see blog/tests/test_tags.py). */
const SLUGS = [
  "foo_bar",
  "café",
  "c_1",
  "c",
  "日本語",
  "ab",
  "spaces",
  "100",
  "script",
  "party-popper",
];

describe("tag paths", () => {
  it("link with the API's slug, percent-encoded where it is not ASCII", () => {
    expect(tagPath("foo_bar")).toBe("/tags/foo_bar/");
    expect(tagPath("c_1")).toBe("/tags/c_1/");
    expect(tagPath("café")).toBe("/tags/caf%C3%A9/");
    expect(tagPath("日本語")).toBe("/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/");
    expect(tagFeedPath("café")).toBe("/tags/caf%C3%A9/feed.xml");
  });

  it.each(SLUGS)("give the route back the slug %s, encoded or already decoded", (slug) => {
    const segment = tagPath(slug).split("/")[2]!;
    expect(slugFromParam(segment)).toBe(slug);
    expect(slugFromParam(decodeURIComponent(segment))).toBe(slug);
    expect(new URL(tagPath(slug), "http://site.test").pathname).toBe(tagPath(slug));
  });

  it("leaves a param that is not valid percent-encoding as it is", () => {
    expect(slugFromParam("%E0%A4%A")).toBe("%E0%A4%A");
  });
});
