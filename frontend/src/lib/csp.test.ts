import {
  baseSecurityHeaders,
  buildCsp,
  createNonce,
  cspOptionsFromEnv,
  isStrict,
  parseOrigins,
  usesNonce,
} from "./csp";

/** The policy as a map of directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(/;\s*/).map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

const LOCAL = { apiUrl: "http://127.0.0.1:8000", siteUrl: "http://127.0.0.1:3000" };

describe("buildCsp", () => {
  it("locks down everything that is not needed", () => {
    const policy = directives(buildCsp(LOCAL));
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("font-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("lets only this site and the backend (Wagtail's preview panel) frame pages", () => {
    const policy = directives(buildCsp({ ...LOCAL, apiUrl: "https://api.example.com/base/" }));
    expect(policy.get("frame-ancestors")).toEqual(["'self'", "https://api.example.com"]);
  });

  it("allows images from the backend and the configured media origins", () => {
    const policy = directives(
      buildCsp({ ...LOCAL, mediaOrigins: ["https://cdn.example.com", "http://127.0.0.1:8000"] }),
    );
    expect(policy.get("img-src")).toEqual([
      "'self'",
      "data:",
      "blob:",
      "http://127.0.0.1:8000",
      "https://cdn.example.com",
    ]);
  });

  it("lets the browser send uploads to the backend and the configured upload origins", () => {
    const policy = directives(
      buildCsp({ ...LOCAL, uploadOrigins: ["https://b.s3.amazonaws.com"] }),
    );
    expect(policy.get("connect-src")).toEqual([
      "'self'",
      "http://127.0.0.1:8000",
      "https://b.s3.amazonaws.com",
    ]);
  });

  it("allows inline scripts from this origin on static pages, without eval", () => {
    expect(directives(buildCsp(LOCAL)).get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("uses the nonce and strict-dynamic instead of unsafe-inline when given a nonce", () => {
    const scripts = directives(buildCsp({ ...LOCAL, nonce: "abc123==" })).get("script-src");
    expect(scripts).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
  });

  it("adds unsafe-eval only in development", () => {
    expect(directives(buildCsp({ ...LOCAL, dev: true })).get("script-src")).toContain(
      "'unsafe-eval'",
    );
    expect(buildCsp(LOCAL)).not.toContain("unsafe-eval");
  });

  it("upgrades insecure requests only on an https site", () => {
    expect(buildCsp(LOCAL)).not.toContain("upgrade-insecure-requests");
    const policy = directives(buildCsp({ ...LOCAL, siteUrl: "https://folio.example" }));
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("createNonce", () => {
  it("returns 128 random bits as base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(atob(nonce)).toHaveLength(16);
    }
  });
});

describe("cspOptionsFromEnv", () => {
  it("reads the backend, site and media/upload origins", () => {
    const options = cspOptionsFromEnv({
      NEXT_PUBLIC_API_URL: "https://api.example.com",
      SITE_URL: "https://folio.example",
      CSP_MEDIA_ORIGINS: "https://cdn.example.com/media/, https://b.s3.eu-west-1.amazonaws.com",
      CSP_UPLOAD_ORIGINS: "https://b.s3.eu-west-1.amazonaws.com/",
      NODE_ENV: "production",
    });
    expect(options).toEqual({
      apiUrl: "https://api.example.com",
      siteUrl: "https://folio.example",
      mediaOrigins: ["https://cdn.example.com", "https://b.s3.eu-west-1.amazonaws.com"],
      uploadOrigins: ["https://b.s3.eu-west-1.amazonaws.com"],
      dev: false,
    });
  });

  it("falls back to the local defaults", () => {
    expect(cspOptionsFromEnv({})).toMatchObject({
      apiUrl: "http://127.0.0.1:8000",
      siteUrl: "http://127.0.0.1:3000",
      mediaOrigins: [],
      uploadOrigins: [],
    });
  });
});

describe("parseOrigins", () => {
  it("keeps origins and drops what is not a URL", () => {
    expect(parseOrigins("https://a.example/x  nonsense,'self' https://b.example:8443")).toEqual([
      "https://a.example",
      "https://b.example:8443",
    ]);
    expect(parseOrigins(undefined)).toEqual([]);
  });
});

describe("usesNonce", () => {
  it.each([
    "/search/",
    "/search",
    "/signin/",
    "/signup/",
    "/account/",
    "/forgot-password/",
    "/reset-password/",
    "/newsletter/",
    "/newsletter/confirm/",
    "/newsletter/unsubscribed/",
  ])("gives the per-request route %s a nonce", (path) => expect(usesNonce(path)).toBe(true));

  it.each(["/", "/blog/", "/blog/hello/", "/tags/python/", "/authors/jane/", "/searching/"])(
    "leaves the static page %s on the static policy",
    (path) => expect(usesNonce(path)).toBe(false),
  );

  it("gives every page a nonce in Draft Mode and with CSP_STRICT", () => {
    expect(usesNonce("/blog/hello/", { draftMode: true })).toBe(true);
    expect(usesNonce("/", { strict: true })).toBe(true);
  });
});

describe("isStrict", () => {
  it("accepts 1 and true only", () => {
    expect(isStrict("1")).toBe(true);
    expect(isStrict("true")).toBe(true);
    expect(isStrict("0")).toBe(false);
    expect(isStrict("")).toBe(false);
    expect(isStrict(undefined)).toBe(false);
  });
});

describe("baseSecurityHeaders", () => {
  const byKey = (siteUrl: string) =>
    Object.fromEntries(baseSecurityHeaders(siteUrl).map(({ key, value }) => [key, value]));

  it("sends nosniff, the referrer policy, COOP and a deny-all permissions policy", () => {
    const headers = byKey("http://127.0.0.1:3000");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Cross-Origin-Opener-Policy"]).toBe("same-origin");
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
      expect(headers["Permissions-Policy"]).toContain(`${feature}=()`);
    }
    expect(headers["Permissions-Policy"]).toContain("browsing-topics=()");
    expect(headers["Permissions-Policy"]).toContain("interest-cohort=()");
  });

  it("sends HSTS on https only", () => {
    expect(byKey("http://127.0.0.1:3000")["Strict-Transport-Security"]).toBeUndefined();
    expect(byKey("https://folio.example")["Strict-Transport-Security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
  });
});
