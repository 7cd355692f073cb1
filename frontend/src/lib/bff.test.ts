import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { isAllowedCommunityPath, isFormPost, readForm, relay, seeOther } = await import("./bff");
const { ACCESS_COOKIE } = await import("./session-cookies");

describe("relay", () => {
  const reshape = (body: unknown) => ({ reshaped: body });

  it("reshapes a success body into the app's type, never cached", async () => {
    const response = relay({ status: 200, body: { state: "confirmed" } }, reshape);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ reshaped: { state: "confirmed" } });
    expect(response.headers.get("Cache-Control")).toContain("no-store");
  });

  it("passes errors through as the backend wrote them", async () => {
    const response = relay({ status: 400, body: { topics: ["Unknown topic."] } }, reshape);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ topics: ["Unknown topic."] });
  });

  it("answers 204 without a body, and stores a refreshed session", async () => {
    const response = relay({ status: 204, body: null, tokens: { access: "a", refresh: "r" } });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(response.cookies.get(ACCESS_COOKIE)?.value).toBe("a");
  });
});

describe("isAllowedCommunityPath", () => {
  it.each([
    ["posts", "12", "comments"],
    ["posts", "12", "like"],
    ["posts", "12", "stats"],
    ["posts", "stats"],
    ["comments", "3"],
    ["comments", "3", "like"],
    ["comments", "3", "report"],
    ["posts", "12", "comments", "version"],
    ["comments", "3", "pin"],
    ["comments", "3", "page"],
    ["comments", "preview"],
    ["auth", "me", "mutes", "alice"],
    ["uploads"],
    ["uploads", "limits"],
    ["uploads", "3f2b8a7e-1c4d-4e5f-9a6b-7c8d9e0f1a2b"],
    ["uploads", "3f2b8a7e-1c4d-4e5f-9a6b-7c8d9e0f1a2b", "complete"],
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
    ["auth", "me", "mutes", ".."],
    // Upload ids are UUIDs: anything else never names an upload.
    ["uploads", "7", "complete"],
    ["uploads", "3f2b8a7e1c4d4e5f9a6b7c8d9e0f1a2b"],
    ["uploads", "------------------------------------"],
  ])("keeps %j out of reach", (...segments) => {
    expect(isAllowedCommunityPath(segments)).toBe(false);
  });
});

describe("form posts", () => {
  const post = (type: string, body: string) =>
    new Request("http://localhost/api/x/", {
      method: "POST",
      headers: { "content-type": type },
      body,
    });

  it("are told from JSON by their content type", () => {
    expect(isFormPost(post("application/x-www-form-urlencoded", "a=1"))).toBe(true);
    expect(isFormPost(post("Multipart/Form-Data; boundary=x", ""))).toBe(true);
    expect(isFormPost(post("application/json", "{}"))).toBe(false);
    expect(isFormPost(post("text/plain; application/x-www-form-urlencoded", "a=1"))).toBe(false);
  });

  it("are read as forms, or as none when the body is not one", async () => {
    expect(
      (await readForm(post("application/x-www-form-urlencoded", "next=%2Ftags%2F"))).get("next"),
    ).toBe("/tags/");
    expect([...(await readForm(post("application/json", '{"next": "/"}'))).keys()]).toEqual([]);
  });

  it("are answered 303 to a path on this site, never stored", () => {
    const answer = seeOther("/signin/?error=username");
    expect(answer.status).toBe(303);
    expect(new URL(answer.headers.get("location")!).pathname).toBe("/signin/");
    expect(answer.headers.get("cache-control")).toContain("no-store");
  });
});
