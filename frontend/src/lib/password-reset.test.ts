import { afterEach, describe, expect, it, vi } from "vitest";
import {
  checkNewPassword,
  confirmPasswordReset,
  CONFIRM_URL,
  requestPasswordReset,
  REQUEST_URL,
  sortResetErrors,
} from "./password-reset";

function answer(status: number, body?: unknown) {
  const fetchMock = vi.fn(() =>
    Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status })),
  );
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

function sent(fetchMock: ReturnType<typeof answer>): { url: string; init: RequestInit } {
  const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
  return { url, init };
}

afterEach(() => vi.unstubAllGlobals());

describe("requestPasswordReset", () => {
  it("posts the trimmed address to the BFF", async () => {
    const fetchMock = answer(202, { detail: "If an account uses this address…" });
    const result = await requestPasswordReset("  amira@example.com ");
    expect(result.ok).toBe(true);
    const { url, init } = sent(fetchMock);
    expect(url).toBe(REQUEST_URL);
    expect(init.method).toBe("POST");
    expect(JSON.parse(init.body as string)).toEqual({ email: "amira@example.com" });
  });

  it("reports a throttled request", async () => {
    answer(429, {});
    const result = await requestPasswordReset("a@example.com");
    expect(result).toMatchObject({ ok: false, status: 429 });
    if (!result.ok) expect(result.errors.detail).toMatch(/too many attempts/i);
  });
});

describe("confirmPasswordReset", () => {
  it("posts uid, token and new_password and accepts a 204", async () => {
    const fetchMock = answer(204);
    const result = await confirmPasswordReset("MQ", "abc-123", "N3w-Passw0rd!");
    expect(result).toMatchObject({ ok: true, status: 204 });
    const { url, init } = sent(fetchMock);
    expect(url).toBe(CONFIRM_URL);
    expect(JSON.parse(init.body as string)).toEqual({
      uid: "MQ",
      token: "abc-123",
      new_password: "N3w-Passw0rd!",
    });
  });

  it("returns the backend's field errors", async () => {
    answer(400, { new_password: ["This password is too common."] });
    const result = await confirmPasswordReset("MQ", "t", "password");
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      errors: { new_password: "This password is too common." },
    });
  });
});

describe("checkNewPassword", () => {
  it("asks for a password", () => {
    expect(checkNewPassword("", "")).toEqual({ new_password: "Enter a new password." });
  });

  it("catches a mismatched confirmation", () => {
    expect(checkNewPassword("one-Passw0rd", "two-Passw0rd")).toEqual({
      confirm_password: "The two passwords do not match.",
    });
  });

  it("passes two identical passwords (strength is the backend's call)", () => {
    expect(checkNewPassword("same-Passw0rd", "same-Passw0rd")).toEqual({});
  });
});

describe("sortResetErrors", () => {
  it("keeps password errors on their field", () => {
    expect(sortResetErrors({ new_password: "Too short." })).toEqual({
      fields: { new_password: "Too short." },
      invalidLink: false,
      general: [],
    });
  });

  it.each(["token", "uid"])("treats a %s error as a dead link", (key) => {
    expect(sortResetErrors({ [key]: "This link is invalid or has expired." })).toEqual({
      fields: {},
      invalidLink: true,
      general: [],
    });
  });

  it("collects anything else as general errors", () => {
    expect(sortResetErrors({ detail: "Too many attempts." }).general).toEqual([
      "Too many attempts.",
    ]);
  });
});
