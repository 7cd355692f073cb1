import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { isAllowedCommunityPath } = await import("./bff");

describe("isAllowedCommunityPath", () => {
  it.each([
    ["posts", "12", "comments"],
    ["posts", "12", "like"],
    ["posts", "12", "stats"],
    ["posts", "stats"],
    ["comments", "3"],
    ["comments", "3", "like"],
    ["comments", "3", "report"],
    ["uploads"],
    ["uploads", "7", "complete"],
    ["auth", "password-reset"],
    ["auth", "password-reset", "confirm"],
  ])("lets the browser reach %j", (...segments) => {
    expect(isAllowedCommunityPath(segments)).toBe(true);
  });

  it.each([
    ["auth", "token"],
    ["auth", "me"],
    ["auth", "password-reset", "confirm", "extra"],
    ["auth", "password-reset", "..", "token"],
    ["posts", "..", "auth", "token"],
    ["admin"],
    ["comments", "3", "..", "..", "auth"],
  ])("keeps %j out of reach", (...segments) => {
    expect(isAllowedCommunityPath(segments)).toBe(false);
  });
});
