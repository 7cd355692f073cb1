import localFont from "next/font/local";

/**
 * Geist, self-hosted from the `geist` package (no Google Fonts request: builds
 * work offline). Only the text face is preloaded; the mono face is needed just
 * for code blocks and must not compete with the hero image for bandwidth.
 */
export const geistSans = localFont({
  src: "../../node_modules/geist/dist/fonts/geist-sans/Geist-Variable.woff2",
  variable: "--font-geist-sans",
  weight: "100 900",
  display: "swap",
  preload: true,
  adjustFontFallback: "Arial",
});

export const geistMono = localFont({
  src: "../../node_modules/geist/dist/fonts/geist-mono/GeistMono-Variable.woff2",
  variable: "--font-geist-mono",
  weight: "100 900",
  display: "swap",
  preload: false,
  adjustFontFallback: false,
});
