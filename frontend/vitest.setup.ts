import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { resetSession } from "@/components/session";

afterEach(() => {
  cleanup();
  // The session is a module-level store: each test starts signed-out-unknown.
  resetSession();
});
