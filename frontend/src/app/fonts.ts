import localFont from "next/font/local";

/**
 * Geist, self-hosted from the `geist` package (no Google Fonts request: builds
 * work offline), preloaded. Code and handles use the system's monospace face
 * (globals.css `--font-mono`): Geist Mono was 72 KB more, fetched at the highest
 * priority by any post with code or a fediverse handle in its byline, and on a
 * slow phone it delayed the post's hero image (Lighthouse's LCP 2.4-3.1 s).
 */
export const geistSans = localFont({
  src: "../../node_modules/geist/dist/fonts/geist-sans/Geist-Variable.woff2",
  variable: "--font-geist-sans",
  weight: "100 900",
  display: "swap",
  preload: true,
  adjustFontFallback: "Arial",
});
