import { describe, expect, it } from "vitest";
import {
  cleanTopics,
  confirmResultPath,
  confirmStatus,
  postTopics,
  readSubscribeForm,
  reshapeMySubscription,
  safeReturnPath,
  subscribeOutcome,
  subscribeResultPath,
  topicLabel,
} from "./newsletter";

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

describe("readSubscribeForm", () => {
  it("reads the address, each well-formed topic once, and a same-site return path", () => {
    const fields = readSubscribeForm(
      form([
        ["email", "  reader@example.com "],
        ["topic", "blog"],
        ["topic", "tag:café"],
        ["topic", "blog"],
        ["topic", "nonsense"],
        ["topic", "author:"],
        ["next", "/blog/hello/"],
      ]),
    );
    expect(fields).toEqual({
      email: "reader@example.com",
      topics: ["blog", "tag:café"],
      next: "/blog/hello/",
    });
  });

  it("sends no topics when none was ticked (the backend names the field)", () => {
    expect(readSubscribeForm(form([["email", "a@b.co"]])).topics).toEqual([]);
  });
});

describe("safeReturnPath", () => {
  it.each(["//evil.example/", "/\\evil.example", "https://evil.example/", "blog/", "/a b/", 7])(
    "refuses %s",
    (value) => expect(safeReturnPath(value)).toBeNull(),
  );

  it("keeps a site path", () =>
    expect(safeReturnPath("/tags/caf%C3%A9/")).toBe("/tags/caf%C3%A9/"));
});

describe("subscribeOutcome", () => {
  it("is the same for any 202", () => {
    expect(subscribeOutcome(202, { detail: "anything" })).toEqual({ kind: "sent" });
  });

  it.each([
    [400, { email: ["Enter a valid email address."] }, "email"],
    [400, { topics: ["Unknown topic: 'tag:x'."] }, "topics"],
    [429, { detail: "Request was throttled." }, "throttled"],
    [503, { detail: "down" }, "unavailable"],
    [400, { other: ["?"] }, "unavailable"],
  ])("maps %i %j to the %s error", (status, body, code) => {
    expect(subscribeOutcome(status, body)).toEqual({ kind: "error", code });
  });
});

describe("result paths", () => {
  it("carry codes and topics, never the address", () => {
    const fields = { email: "reader@example.com", topics: ["tag:café"], next: "/tags/x/" };
    const sent = subscribeResultPath(fields, { kind: "sent" });
    expect(sent).toBe("/newsletter/?status=sent&topic=tag%3Acaf%C3%A9&next=%2Ftags%2Fx%2F");
    const failed = subscribeResultPath(fields, { kind: "error", code: "email" });
    expect(failed).toContain("error=email");
    expect(failed).not.toContain("reader");
  });

  it("keep the token only when confirming could not be tried", () => {
    expect(confirmStatus(200)).toBe("confirmed");
    expect(confirmStatus(400)).toBe("invalid");
    expect(confirmStatus(503)).toBe("unavailable");
    expect(confirmResultPath("invalid", "tok")).toBe("/newsletter/confirm/?status=invalid");
    expect(confirmResultPath("unavailable", "tok")).toBe(
      "/newsletter/confirm/?status=unavailable&token=tok",
    );
  });
});

describe("topics", () => {
  it("offers a post's blog (ticked), authors and tags", () => {
    const options = postTopics({
      authors: [{ name: "Jane Doe", slug: "jane-doe" }],
      tags: [{ name: "Python", slug: "python" }],
    });
    expect(options.map((option) => [option.key, option.checked])).toEqual([
      ["blog", true],
      ["author:jane-doe", false],
      ["tag:python", false],
    ]);
  });

  it("labels keys with the names given, else the slug", () => {
    expect(topicLabel("blog")).toBe("Every new post");
    expect(topicLabel("author:jane", { "author:jane": "Jane" })).toBe("Posts by Jane");
    expect(topicLabel("tag:py")).toBe("Posts tagged “py”");
  });

  it("cleans at most 50 keys", () => {
    expect(cleanTopics(Array.from({ length: 60 }, (_, n) => `tag:t${n}`))).toHaveLength(50);
  });
});

describe("reshapeMySubscription", () => {
  it("reads the API's body defensively", () => {
    expect(
      reshapeMySubscription({ email: "a@b.co", state: "confirmed", topics: ["blog", 3] }),
    ).toEqual({ email: "a@b.co", state: "confirmed", topics: ["blog"] });
    expect(reshapeMySubscription({ state: "weird" })).toEqual({
      email: "",
      state: "none",
      topics: [],
    });
  });
});
