import type { Metadata } from "next";
import { AccountForm } from "@/components/account-form";

export const metadata: Metadata = {
  title: "Your account",
  description: "Your Folio profile.",
  robots: { index: false },
};

export default function AccountPage() {
  return (
    <>
      <h1>Your account</h1>
      <AccountForm />
    </>
  );
}
