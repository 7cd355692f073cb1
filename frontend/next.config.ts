import type { NextConfig } from "next";

const nextConfig: NextConfig = {
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
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
        ],
      },
    ];
  },
};

export default nextConfig;
