import type { Metadata } from "next";
import { connection } from "next/server";
import { AccountForm } from "@/components/account-form";
import { NewsletterSection } from "@/components/newsletter-section";

export const metadata: Metadata = {
  title: "Your account",
  description: "Your Folio profile.",
  robots: { index: false },
};

/** Rendered per request so src/proxy.ts can give it a strict nonce CSP. */
export default async function AccountPage() {
  await connection();
  return (
    <>
      <h1>Your account</h1>
      <AccountForm />
      <NewsletterSection />
    </>
  );
}
