"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useId, useState } from "react";
import { sendJson } from "@/lib/client";
import { safeRedirectPath } from "@/lib/preview";
import { signInErrorMessage } from "@/lib/sign-in";
import type { User } from "@/lib/types";
import { FormField, type FieldSpec } from "./form-field";
import { useSession } from "./session";

/**
 * A labelled form whose field errors come from the API (`{"field": ["msg"]}`).
 * With `action`, the form also works before its script runs: the browser posts
 * it there (with `next`), and the answer's redirect brings back `error` to show.
 */
function AccountForm({
  fields,
  submitLabel,
  endpoint,
  action,
}: {
  fields: FieldSpec[];
  submitLabel: string;
  endpoint: string;
  action?: string;
}) {
  const id = useId();
  const router = useRouter();
  const searchParams = useSearchParams();
  const { setUser } = useSession();
  const [errors, setErrors] = useState((): Record<string, string> => {
    const posted = action ? signInErrorMessage(searchParams.get("error")) : undefined;
    return posted ? { detail: posted } : {};
  });
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget).entries());
    setBusy(true);
    const result = await sendJson<{ user: User | null }>(endpoint, "POST", data);
    setBusy(false);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setUser(result.data.user);
    router.push(safeRedirectPath(searchParams.get("next"), "/account/"));
    router.refresh();
  }

  const known = new Set(fields.map((field) => field.name));
  const general = Object.entries(errors)
    .filter(([key]) => !known.has(key))
    .map(([, message]) => message);

  return (
    <form className="form" method="post" action={action} onSubmit={submit} noValidate>
      {action ? <input type="hidden" name="next" value={searchParams.get("next") ?? ""} /> : null}
      {general.length > 0 ? (
        <p className="error" role="alert">
          {general.join(" ")}
        </p>
      ) : null}
      {fields.map((field) => (
        <FormField key={field.name} formId={id} field={field} error={errors[field.name]} />
      ))}
      <div>
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

export function SignInForm() {
  return (
    <>
      <AccountForm
        endpoint="/api/session/signin/"
        action="/api/session/signin/"
        submitLabel="Sign in"
        fields={[
          { name: "username", label: "Username", type: "text", autoComplete: "username" },
          {
            name: "password",
            label: "Password",
            type: "password",
            autoComplete: "current-password",
          },
        ]}
      />
      <p>
        <a href="/forgot-password/">Forgot your password?</a>
      </p>
      <p>
        New here? <a href="/signup/">Create an account</a>.
      </p>
    </>
  );
}

export function SignUpForm() {
  return (
    <>
      <AccountForm
        endpoint="/api/session/signup/"
        submitLabel="Create account"
        fields={[
          { name: "username", label: "Username", type: "text", autoComplete: "username" },
          { name: "email", label: "Email", type: "email", autoComplete: "email" },
          {
            name: "password",
            label: "Password",
            type: "password",
            autoComplete: "new-password",
            hint: "At least 8 characters, not entirely numeric, not a common password.",
          },
        ]}
      />
      <p>
        Already have an account? <a href="/signin/">Sign in</a>.
      </p>
    </>
  );
}
