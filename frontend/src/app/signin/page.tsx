import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth-forms";

export const metadata: Metadata = {
  title: "Sign in",
  description: "Sign in to comment and like posts on Folio.",
  alternates: { canonical: "/signin/" },
};

/** Rendered per request so src/proxy.ts can give it a strict nonce CSP. */
export default async function SignInPage() {
  await connection();
  return (
    <>
      <h1>Sign in</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
    </>
  );
}
