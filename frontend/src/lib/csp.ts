/**
 * Security headers for the Next.js site: the Content-Security-Policy and the
 * headers every response carries.
 *
 * Two script policies, because Next's inline hydration scripts
 * (`self.__next_f.push(...)`) differ per page:
 * - pages rendered per request (search, sign in/up, account, password reset, newsletter,
 *   Draft Mode, or every page with CSP_STRICT=1) get a fresh nonce from `src/proxy.ts`, which
 *   Next reads from the request's CSP header and puts on its own scripts;
 * - statically generated pages cannot carry a per-request nonce, so they allow
 *   `'unsafe-inline'` scripts from this origin, everything else as strict.
 *
 * Imported by next.config.ts as well, so no `@/` imports and no server-only.
 */

export type CspOptions = {
  /** The Django/Wagtail backend (images, local uploads, preview panel). */
  apiUrl: string;
  /** This site's public origin; `https://` adds upgrade-insecure-requests. */
  siteUrl: string;
  /** Extra image origins, e.g. an S3 bucket or CloudFront domain. */
  mediaOrigins?: string[];
  /** Where browsers POST uploads when not to the backend, e.g. the S3 bucket. */
  uploadOrigins?: string[];
  /** Per-request nonce; without one the static-page policy is built. */
  nonce?: string;
  /** `next dev` needs eval for React's debugging aids. */
  dev?: boolean;
};

/** Paths rendered per request, which always get a nonce policy. */
export const NONCE_PATH_PREFIXES = [
  "/search/",
  "/signin/",
  "/signup/",
  "/account/",
  "/forgot-password/",
  "/reset-password/",
  "/newsletter/",
] as const;

/** Next's Draft Mode cookie: its pages are rendered per request. */
export const DRAFT_MODE_COOKIE = "__prerender_bypass";

/** Origin of a URL (`https://cdn.example`), or null when it is not a URL. */
export function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/** Origins from a comma- or space-separated environment value; junk is dropped. */
export function parseOrigins(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .map((item) => (item ? originOf(item) : null))
    .filter((origin): origin is string => origin !== null);
}

/** 128 random bits, base64: unguessable and fresh for every request. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function unique(items: (string | null | undefined)[]): string[] {
  return [...new Set(items.filter((item): item is string => Boolean(item)))];
}

/** The Content-Security-Policy header value. */
export function buildCsp(options: CspOptions): string {
  const api = originOf(options.apiUrl);
  const https = options.siteUrl.startsWith("https://");
  const eval_ = options.dev ? ["'unsafe-eval'"] : [];
  const scripts = options.nonce
    ? ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'", ...eval_]
    : ["'self'", "'unsafe-inline'", ...eval_];
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", scripts],
    // next/image and React write style attributes, which no nonce can cover.
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", unique(["'self'", "data:", "blob:", api, ...(options.mediaOrigins ?? [])])],
    ["font-src", ["'self'"]],
    // The backend receives avatar uploads when media are on its own disk.
    ["connect-src", unique(["'self'", api, ...(options.uploadOrigins ?? [])])],
    ["object-src", ["'none'"]],
    ["base-uri", ["'none'"]],
    ["form-action", ["'self'"]],
    // Wagtail's preview panel (on the backend's origin) frames the site; nobody else.
    ["frame-ancestors", unique(["'self'", api])],
  ];
  const parts = directives.map(([name, sources]) => `${name} ${sources.join(" ")}`);
  if (https) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}

/** Policy options from the environment (the same names at build and at run time). */
export function cspOptionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): Omit<CspOptions, "nonce"> {
  return {
    apiUrl: env.NEXT_PUBLIC_API_URL || "http://127.0.0.1:8000",
    siteUrl: env.SITE_URL || "http://127.0.0.1:3000",
    mediaOrigins: parseOrigins(env.CSP_MEDIA_ORIGINS),
    uploadOrigins: parseOrigins(env.CSP_UPLOAD_ORIGINS),
    dev: env.NODE_ENV === "development",
  };
}

/** True when `CSP_STRICT` asks for per-request rendering with nonces everywhere. */
export function isStrict(value: string | undefined): boolean {
  return value === "1" || value?.toLowerCase() === "true";
}

/** Whether a page request gets the nonce policy (and so must be rendered per request). */
export function usesNonce(
  pathname: string,
  { draftMode = false, strict = false }: { draftMode?: boolean; strict?: boolean } = {},
): boolean {
  if (strict || draftMode) return true;
  const path = pathname.endsWith("/") ? pathname : `${pathname}/`;
  return NONCE_PATH_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/** Headers every response carries, besides the CSP. */
export function baseSecurityHeaders(siteUrl: string): { key: string; value: string }[] {
  const headers = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // No powerful features; no ad-interest profiling (Topics, and FLoC for older browsers).
    {
      key: "Permissions-Policy",
      value:
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=(), interest-cohort=()",
    },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
  // On local http an HSTS header would be ignored at best, sticky at worst.
  if (siteUrl.startsWith("https://")) {
    headers.push({
      key: "Strict-Transport-Security",
      value: "max-age=31536000; includeSubDomains",
    });
  }
  return headers;
}
