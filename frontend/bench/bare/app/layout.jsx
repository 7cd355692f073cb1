import localFont from "next/font/local";

// The same self-hosted font Folio uses (create-next-app would fetch Geist from Google).
const geistSans = localFont({
  src: "../../../node_modules/geist/dist/fonts/geist-sans/Geist-Variable.woff2",
  variable: "--font-geist-sans",
  weight: "100 900",
  display: "swap",
});

export const metadata = {
  title: "A bare Next.js page",
  description: "The Lighthouse yardstick for Folio: one static page, nothing else.",
};

export default function RootLayout({ children }) {
  return (
    <html lang="en" className={geistSans.variable}>
      <body
        style={{
          fontFamily: "var(--font-geist-sans), Arial, sans-serif",
          maxWidth: "44rem",
          margin: "0 auto",
          padding: "2rem 1rem",
          lineHeight: 1.6,
        }}
      >
        {children}
      </body>
    </html>
  );
}
