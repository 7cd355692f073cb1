import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth-forms";

export const metadata: Metadata = {
  title: "Sign in",
  description: "Sign in to comment and like posts on Folio.",
  alternates: { canonical: "/signin/" },
};

export default function SignInPage() {
  return (
    <>
      <h1>Sign in</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
    </>
  );
}
