import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { preconnect } from "react-dom";
import { UserMenuIsland } from "@/components/islands";
import { SignedOutLinks } from "@/components/signed-out-links";
import { API_URL, SITE_DESCRIPTION, SITE_NAME, SITE_URL } from "@/lib/config";
import { SITE_FEEDS } from "@/lib/seo";
import "./globals.css";

export const metadata: Metadata = {
  metadataBase: new URL(SITE_URL),
  title: { default: SITE_NAME, template: `%s · ${SITE_NAME}` },
  description: SITE_DESCRIPTION,
  applicationName: SITE_NAME,
  alternates: { types: SITE_FEEDS },
  openGraph: { siteName: SITE_NAME, type: "website", locale: "en_US" },
  twitter: { card: "summary_large_image" },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#121214" },
  ],
};

export default async function RootLayout({ children }: LayoutProps<"/">) {
  // CSP_STRICT=1 (fixed at build): every page is rendered per request, so
  // src/proxy.ts can give every page a nonce policy instead of 'unsafe-inline'.
  if (process.env.CSP_STRICT) await connection();
  // Hero images and avatars come from the backend's origin.
  preconnect(API_URL);
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header-inner">
            <a href="/" className="brand">
              {SITE_NAME}
            </a>
            <nav className="site-nav" aria-label="Main">
              <ul>
                <li>
                  <a href="/blog/">Blog</a>
                </li>
                <li>
                  <a href="/tags/">Tags</a>
                </li>
                <li>
                  <a href="/authors/">Authors</a>
                </li>
              </ul>
            </nav>
            <form className="header-search" role="search" action="/search/" method="get">
              <label htmlFor="site-search" className="visually-hidden">
                Search posts
              </label>
              <input id="site-search" type="search" name="q" placeholder="Search…" />
              <button type="submit" className="button small secondary">
                Search
              </button>
            </form>
            <UserMenuIsland />
            {/* The island shows these once the page's script knows the reader is signed out;
                without a script, they are all a reader gets. */}
            <noscript>
              <SignedOutLinks />
            </noscript>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="site-footer-inner">
            <p>© {SITE_NAME}. Built with Wagtail and Next.js.</p>
            <p>
              <a href="/feed.xml">RSS feed</a> · <a href="/feed.json">JSON Feed</a> ·{" "}
              <a href="/newsletter/">Newsletter</a> · <a href="/sitemap.xml">Sitemap</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
