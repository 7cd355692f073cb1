import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import { resetSession } from "@/components/session";
import { SIGNED_IN_COOKIE } from "@/lib/session-cookies";

// Each test's browser holds the BFF's signed-in hint, so the session store asks
// /api/session/me/ (which the tests answer); session.test.tsx and island tests
// clear it to play a reader who never signed in.
beforeEach(() => {
  document.cookie = `${SIGNED_IN_COOKIE}=1; path=/`;
});

afterEach(() => {
  cleanup();
  // The session is a module-level store: each test starts signed-out-unknown.
  resetSession();
});
