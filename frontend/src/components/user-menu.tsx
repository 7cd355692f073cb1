"use client";

import { useRouter } from "next/navigation";
import { sendJson } from "@/lib/client";
import { useSession } from "./session";
import { SignedOutLinks } from "./signed-out-links";

/** Header links: sign in / sign up, or the account and a sign-out button. */
export function UserMenu() {
  const { user, status, setUser } = useSession();
  const router = useRouter();

  async function signOut() {
    await sendJson("/api/session/signout/", "POST");
    setUser(null);
    router.refresh();
  }

  if (status === "loading") return <div className="user-menu" aria-hidden="true" />;
  if (!user) return <SignedOutLinks />;
  return (
    <div className="user-menu">
      <a href="/account/" data-testid="account-link">
        {user.displayName}
      </a>
      <button type="button" className="link-button" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}
