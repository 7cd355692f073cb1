import type { Metadata } from "next";
import { connection } from "next/server";
import { ForgotPasswordForm } from "@/components/password-reset-forms";

export const metadata: Metadata = {
  title: "Forgot your password?",
  description: "Get an email with a link to choose a new Folio password.",
  alternates: { canonical: "/forgot-password/" },
  robots: { index: false },
};

/** Rendered per request so src/proxy.ts can give it a strict nonce CSP. */
export default async function ForgotPasswordPage() {
  await connection();
  return (
    <>
      <h1>Forgot your password?</h1>
      <p>
        Enter the email address of your account and we&apos;ll send you a link to choose a new one.
      </p>
      <ForgotPasswordForm />
    </>
  );
}
