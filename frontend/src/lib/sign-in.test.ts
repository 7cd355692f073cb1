import { describe, expect, it } from "vitest";
import { signInErrorMessage, signInErrorPath } from "./sign-in";

describe("the form sign-in's errors", () => {
  it("send a code, never text, and keep next", () => {
    expect(signInErrorPath(401, "/tags/")).toBe("/signin/?error=credentials&next=%2Ftags%2F");
    expect(signInErrorPath(400, null)).toBe("/signin/?error=credentials");
    expect(signInErrorPath(429, null)).toBe("/signin/?error=throttled");
    expect(signInErrorPath(502, null)).toBe("/signin/?error=unavailable");
  });

  it("show a message only for a known code", () => {
    expect(signInErrorMessage("credentials")).toMatch(/No active account/);
    for (const code of [null, "", "toString", "__proto__", "<script>"])
      expect(signInErrorMessage(code)).toBeUndefined();
  });
});
