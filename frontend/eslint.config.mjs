import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Reading pages link with plain <a>: every page is static HTML, and
    // next/link would hydrate each link and prefetch its route on load.
    rules: { "@next/next/no-html-link-for-pages": "off" },
  },
  globalIgnores([
    ".next/**",
    ".next-e2e/**",
    ".next-bench/**",
    "out/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "e2e/artifacts/**",
    "bench/results/**",
    "bench/bare/.next/**",
  ]),
]);
