import type { Metadata } from "next";
import { connection } from "next/server";
import { ResetPasswordForm } from "@/components/password-reset-forms";

export const metadata: Metadata = {
  title: "Choose a new password",
  robots: { index: false },
  // The link carries a one-time token: keep it out of the Referer of outbound requests.
  referrer: "no-referrer",
};

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

/** The page the emailed link opens (`?uid=…&token=…`); rendered per request for the nonce CSP. */
export default async function ResetPasswordPage({ searchParams }: PageProps<"/reset-password">) {
  await connection();
  const params = await searchParams;
  return (
    <>
      <h1>Choose a new password</h1>
      <ResetPasswordForm uid={single(params.uid)} token={single(params.token)} />
    </>
  );
}
