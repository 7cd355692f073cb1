import type { NextConfig } from "next";

const apiOrigin = new URL(process.env.NEXT_PUBLIC_API_URL || "http://127.0.0.1:8000").origin;

const nextConfig: NextConfig = {
  // scripts/e2e builds into its own folder so it never clobbers a dev build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Wagtail's URLs end with a slash; keeping the same form means an editor's
  // page URL is the site's URL, with no redirect hop.
  trailingSlash: true,
  poweredByHeader: false,
  reactStrictMode: true,
  images: {
    // The API serves WebP renditions at these widths; the hero image loader
    // maps each srcset width onto one of them.
    deviceSizes: [400, 800, 1200, 1600],
    imageSizes: [96, 200],
    qualities: [75],
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          // Wagtail's preview panel (on the backend's origin) may frame the site; nobody else.
          { key: "Content-Security-Policy", value: `frame-ancestors 'self' ${apiOrigin}` },
        ],
      },
    ];
  },
};

export default nextConfig;
