"use client";

/**
 * Who is signed in, as the browser learns it from the BFF (`/api/session/me/`).
 * Tokens stay in httpOnly cookies; this context only ever holds the profile.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { getJson } from "@/lib/client";
import type { User } from "@/lib/types";

type SessionState = {
  user: User | null;
  status: "loading" | "signed-in" | "signed-out";
  setUser: (user: User | null) => void;
  reload: () => Promise<void>;
};

const SessionContext = createContext<SessionState>({
  user: null,
  status: "loading",
  setUser: () => {},
  reload: async () => {},
});

export function SessionProvider({ children }: { children: React.ReactNode }) {
  const [user, setUserState] = useState<User | null>(null);
  const [loaded, setLoaded] = useState(false);

  const reload = useCallback(async () => {
    const result = await getJson<{ user: User | null }>("/api/session/me/");
    setUserState(result.ok ? result.data.user : null);
    setLoaded(true);
  }, []);

  useEffect(() => {
    let active = true;
    void getJson<{ user: User | null }>("/api/session/me/").then((result) => {
      if (!active) return;
      setUserState(result.ok ? result.data.user : null);
      setLoaded(true);
    });
    return () => {
      active = false;
    };
  }, []);

  const setUser = useCallback((next: User | null) => {
    setUserState(next);
    setLoaded(true);
  }, []);

  const value = useMemo<SessionState>(
    () => ({
      user,
      status: !loaded ? "loading" : user ? "signed-in" : "signed-out",
      setUser,
      reload,
    }),
    [user, loaded, setUser, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}
