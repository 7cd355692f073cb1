"use client";

/**
 * Who is signed in, as the browser learns it from the BFF (`/api/session/me/`).
 * Tokens stay in httpOnly cookies; this store only ever holds the profile.
 *
 * A module-level store, not a context provider: a provider in the root layout
 * would be a client component wrapping every page. Only the islands that read
 * the session (account menu, like button, comments, account forms) subscribe;
 * the first subscriber fetches the session, once per page load, and only when
 * the BFF's readable signed-in hint says there may be one.
 */
import { useSyncExternalStore } from "react";
import { getJson } from "@/lib/client";
import { announceSessionChange, forgetSignedInHint, readSignedInHint } from "@/lib/session-cookies";
import type { User } from "@/lib/types";

type Snapshot = { user: User | null; status: "loading" | "signed-in" | "signed-out" };

type SessionState = Snapshot & {
  setUser: (user: User | null) => void;
  reload: () => Promise<void>;
};

const LOADING: Snapshot = { user: null, status: "loading" };
let snapshot: Snapshot = LOADING;
let loading: Promise<void> | null = null;
// Bumped by every setUser, so a fetch that started before a sign-in or
// sign-out cannot overwrite the newer answer when it resolves.
let version = 0;
const listeners = new Set<() => void>();

function show(user: User | null): void {
  version += 1;
  snapshot = { user, status: user ? "signed-in" : "signed-out" };
  for (const listener of listeners) listener();
}

/** A sign-in or sign-out on this page: every subscriber, and the signed-in hint, learn of it. */
function setUser(user: User | null): void {
  show(user);
  announceSessionChange();
}

async function reload(): Promise<void> {
  const started = version;
  // No hint cookie, no session: most readers, who then cost no request.
  if (!(await readSignedInHint())) {
    if (version === started) show(null);
    return;
  }
  const result = await getJson<{ user: User | null }>("/api/session/me/");
  // Learning the session changes nothing in the browser: no announcement.
  if (version === started) show(result.ok ? result.data.user : null);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  loading ??= reload();
  return () => {
    listeners.delete(listener);
  };
}

const getSnapshot = () => snapshot;
// Pages are rendered without a reader: the server (and hydration) sees "loading".
const getServerSnapshot = () => LOADING;

export function useSession(): SessionState {
  const current = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  return { ...current, setUser, reload };
}

/** Forgets the loaded session, so the next subscriber fetches it again (unit tests). */
export function resetSession(): void {
  forgetSignedInHint();
  snapshot = LOADING;
  loading = null;
  version += 1;
}
