import { describe, expect, it } from "vitest";
import { isExpiring, jwtExpiry } from "./jwt";

function token(payload: object): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "HS256" })}.${encode(payload)}.signature`;
}

describe("jwt expiry", () => {
  it("reads exp and decides when to refresh", () => {
    const jwt = token({ exp: 1000 });
    expect(jwtExpiry(jwt)).toBe(1000);
    expect(isExpiring(jwt, 900)).toBe(false);
    expect(isExpiring(jwt, 980)).toBe(true);
  });

  it("treats unreadable tokens as expiring", () => {
    expect(jwtExpiry("garbage")).toBeNull();
    expect(isExpiring("a.b.c", 0)).toBe(true);
  });
});
