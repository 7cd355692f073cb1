import type { MetadataRoute } from "next";
import { absoluteUrl } from "@/lib/config";

export default function robots(): MetadataRoute.Robots {
  return {
    rules: [
      { userAgent: "*", allow: "/", disallow: ["/api/", "/account/", "/preview/", "/search/"] },
    ],
    sitemap: absoluteUrl("/sitemap.xml"),
  };
}
