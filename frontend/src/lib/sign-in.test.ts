import { describe, expect, it } from "vitest";
import { missingField, signInErrorCode, signInErrorMessage, signInErrorPath } from "./sign-in";

describe("the form sign-in's errors", () => {
  it("send a code, never text, and keep next", () => {
    expect(signInErrorPath(signInErrorCode(401), "/tags/")).toBe(
      "/signin/?error=credentials&next=%2Ftags%2F",
    );
    expect(signInErrorPath(signInErrorCode(400), null)).toBe("/signin/?error=credentials");
    expect(signInErrorPath(signInErrorCode(429), null)).toBe("/signin/?error=throttled");
    expect(signInErrorPath(signInErrorCode(502), null)).toBe("/signin/?error=unavailable");
  });

  it("name the field a form left empty, the username first", () => {
    expect(missingField("", "")).toBe("username");
    expect(missingField("  ", "secret")).toBe("username");
    expect(missingField("ada", "")).toBe("password");
    expect(missingField("ada", " ")).toBeUndefined(); // a password may be spaces
    expect(signInErrorMessage(missingField("ada", "")!)).toBe("Enter your password.");
  });

  it("show a message only for a known code", () => {
    expect(signInErrorMessage("credentials")).toMatch(/No active account/);
    for (const code of [null, "", "toString", "__proto__", "<script>"])
      expect(signInErrorMessage(code)).toBeUndefined();
  });
});
