import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./csrf";

function request(headers: Record<string, string>) {
  return new Request("http://127.0.0.1:3000/api/session/signin/", { method: "POST", headers });
}

describe("isSameOriginRequest", () => {
  const site = "http://127.0.0.1:3000";

  it("accepts a same-origin fetch", () => {
    expect(
      isSameOriginRequest(
        request({ origin: site, "sec-fetch-site": "same-origin", host: "127.0.0.1:3000" }),
        site,
      ),
    ).toBe(true);
  });

  it("accepts the Host header's origin behind another public name", () => {
    expect(
      isSameOriginRequest(
        request({ origin: "http://localhost:3000", host: "localhost:3000" }),
        site,
      ),
    ).toBe(true);
  });

  it("refuses cross-site posts and requests without an Origin", () => {
    expect(
      isSameOriginRequest(
        request({ origin: "https://evil.example", host: "127.0.0.1:3000" }),
        site,
      ),
    ).toBe(false);
    expect(
      isSameOriginRequest(request({ origin: site, "sec-fetch-site": "cross-site" }), site),
    ).toBe(false);
    expect(isSameOriginRequest(request({ host: "127.0.0.1:3000" }), site)).toBe(false);
  });
});
