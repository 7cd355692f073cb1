import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { SignUpForm } from "@/components/auth-forms";

export const metadata: Metadata = {
  title: "Sign up",
  description: "Create a Folio account to comment and like posts.",
  alternates: { canonical: "/signup/" },
};

/** Rendered per request so src/proxy.ts can give it a strict nonce CSP. */
export default async function SignUpPage() {
  await connection();
  return (
    <>
      <h1>Create an account</h1>
      <Suspense>
        <SignUpForm />
      </Suspense>
    </>
  );
}
