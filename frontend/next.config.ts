import type { NextConfig } from "next";
import { baseSecurityHeaders, buildCsp, cspOptionsFromEnv, isStrict } from "./src/lib/csp";

const cspOptions = cspOptionsFromEnv();
// Read at build time and baked in: it decides how pages are rendered, so the
// proxy and the layout must see the value the build saw.
const cspStrict = isStrict(process.env.CSP_STRICT);

const nextConfig: NextConfig = {
  // scripts/e2e builds into its own folder so it never clobbers a dev build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Wagtail's URLs end with a slash; keeping the same form means an editor's
  // page URL is the site's URL, with no redirect hop.
  trailingSlash: true,
  poweredByHeader: false,
  env: { CSP_STRICT: cspStrict ? "1" : "" },
  experimental: {
    // integrity="sha256-…" on every script Next emits, static pages included.
    sri: { algorithm: "sha256" },
  },
  reactStrictMode: true,
  images: {
    // The API serves WebP renditions at these widths; the hero image loader
    // maps each srcset width onto one of them.
    deviceSizes: [400, 800, 1200, 1600],
    imageSizes: [96, 200],
    qualities: [75],
  },
  // Federation: handles and ActivityPub ids live on this host; Django answers them.
  async rewrites() {
    const api = (process.env.NEXT_PUBLIC_API_URL || "http://127.0.0.1:8000").replace(/\/+$/, "");
    return [
      { source: "/.well-known/webfinger", destination: `${api}/.well-known/webfinger` },
      { source: "/.well-known/nodeinfo", destination: `${api}/.well-known/nodeinfo` },
      { source: "/nodeinfo/2.1", destination: `${api}/nodeinfo/2.1` },
      // trailingSlash: true has already added the slash the ids end with; :path* drops it.
      { source: "/ap/:path*", destination: `${api}/ap/:path*/` },
    ];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          ...baseSecurityHeaders(cspOptions.siteUrl),
          // The static-page policy; src/proxy.ts replaces it with a nonce
          // policy on pages rendered per request.
          { key: "Content-Security-Policy", value: buildCsp(cspOptions) },
        ],
      },
    ];
  },
};

export default nextConfig;
