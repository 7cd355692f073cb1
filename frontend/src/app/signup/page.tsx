import type { Metadata } from "next";
import { Suspense } from "react";
import { SignUpForm } from "@/components/auth-forms";

export const metadata: Metadata = {
  title: "Sign up",
  description: "Create a Folio account to comment and like posts.",
  alternates: { canonical: "/signup/" },
};

export default function SignUpPage() {
  return (
    <>
      <h1>Create an account</h1>
      <Suspense>
        <SignUpForm />
      </Suspense>
    </>
  );
}
