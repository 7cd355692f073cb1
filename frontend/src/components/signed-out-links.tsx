/** The header's links for a reader who is not signed in (the account menu and its placeholder). */
export function SignedOutLinks() {
  return (
    <div className="user-menu">
      <a href="/signin/">Sign in</a>
      <a href="/signup/" className="button small">
        Sign up
      </a>
    </div>
  );
}
