/**
 * Reads a JWT's expiry without verifying it. The backend verifies tokens; the
 * BFF only needs to know when to refresh and how long to keep a cookie.
 */
export function jwtExpiry(token: string): number | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      exp?: unknown;
    };
    return typeof json.exp === "number" ? json.exp : null;
  } catch {
    return null;
  }
}

/** True when the token expires within `leewaySeconds` (or has no readable expiry). */
export function isExpiring(token: string, nowSeconds: number, leewaySeconds = 30): boolean {
  const exp = jwtExpiry(token);
  return exp === null || exp - leewaySeconds <= nowSeconds;
}

/** Seconds a cookie holding `token` should live: until the token expires (`fallback` if unreadable). */
export function cookieMaxAge(token: string, fallback: number): number {
  const exp = jwtExpiry(token);
  if (exp === null) return fallback;
  return Math.max(0, Math.floor(exp - Date.now() / 1000));
}
