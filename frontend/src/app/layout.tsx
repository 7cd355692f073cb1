import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { preconnect } from "react-dom";
import { SessionProvider } from "@/components/session";
import { UserMenu } from "@/components/user-menu";
import { API_URL, SITE_DESCRIPTION, SITE_NAME, SITE_URL } from "@/lib/config";
import { SITE_FEEDS } from "@/lib/seo";
import { geistMono, geistSans } from "./fonts";
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
    <html lang="en" className={`${geistSans.variable} ${geistMono.variable}`}>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SessionProvider>
          <header className="site-header">
            <div className="site-header-inner">
              <Link href="/" className="brand">
                {SITE_NAME}
              </Link>
              <nav className="site-nav" aria-label="Main">
                <ul>
                  <li>
                    <Link href="/blog/">Blog</Link>
                  </li>
                  <li>
                    <Link href="/tags/">Tags</Link>
                  </li>
                  <li>
                    <Link href="/authors/">Authors</Link>
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
              <UserMenu />
            </div>
          </header>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </SessionProvider>
        <footer className="site-footer">
          <div className="site-footer-inner">
            <p>© {SITE_NAME}. Built with Wagtail and Next.js.</p>
            <p>
              <a href="/feed.xml">RSS feed</a> · <a href="/feed.json">JSON Feed</a> ·{" "}
              <Link href="/newsletter/">Newsletter</Link> · <a href="/sitemap.xml">Sitemap</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
