"use client";

import { useId, useState } from "react";
import {
  checkNewPassword,
  confirmPasswordReset,
  INVALID_LINK,
  REQUEST_SENT,
  requestPasswordReset,
  sortResetErrors,
  type ResetErrors,
} from "@/lib/password-reset";
import { FormField, type FieldSpec } from "./form-field";

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span id={id} className="error" role="alert">
      {message}
    </span>
  ) : null;
}

/** Asks for the emailed link; answers the same whether or not the address has an account. */
export function ForgotPasswordForm() {
  const id = useId();
  const [sent, setSent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    if (!email.trim()) {
      setErrors({ email: "Enter the email address of your account." });
      return;
    }
    setBusy(true);
    const result = await requestPasswordReset(email);
    setBusy(false);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setSent(true);
  }

  if (sent) {
    return (
      <>
        <p className="notice" role="status">
          {REQUEST_SENT}
        </p>
        <p>
          <a href="/signin/">Back to sign in</a>
        </p>
      </>
    );
  }

  const general = Object.entries(errors)
    .filter(([key]) => key !== "email")
    .map(([, message]) => message);
  return (
    <>
      <form className="form" method="post" onSubmit={submit} noValidate>
        {general.length > 0 ? (
          <p className="error" role="alert">
            {general.join(" ")}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? `${id}-email-error` : undefined}
          />
          <FieldError id={`${id}-email-error`} message={errors.email} />
        </div>
        <div>
          <button type="submit" className="button" disabled={busy}>
            Email me a link
          </button>
        </div>
      </form>
      <p>
        Remembered it? <a href="/signin/">Sign in</a>.
      </p>
    </>
  );
}

const NO_ERRORS: ResetErrors = { fields: {}, invalidLink: false, general: [] };

function RequestAgain({ lead }: { lead: string }) {
  return (
    <p className="error" role="alert">
      {lead} <a href="/forgot-password/">Ask for a new link</a>.
    </p>
  );
}

/** Sets a new password with the `uid` and `token` of the emailed link. */
export function ResetPasswordForm({ uid, token }: { uid: string; token: string }) {
  const id = useId();
  const [done, setDone] = useState(false);
  const [errors, setErrors] = useState<ResetErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  if (!uid || !token) {
    return <RequestAgain lead="This reset link is incomplete: it needs its uid and token." />;
  }

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = String(data.get("new_password") ?? "");
    const local = checkNewPassword(password, String(data.get("confirm_password") ?? ""));
    if (Object.keys(local).length > 0) {
      setErrors({ ...NO_ERRORS, fields: local });
      return;
    }
    setBusy(true);
    const result = await confirmPasswordReset(uid, token, password);
    setBusy(false);
    if (!result.ok) {
      setErrors(sortResetErrors(result.errors));
      return;
    }
    setErrors(NO_ERRORS);
    setDone(true);
  }

  if (done) {
    return (
      <p className="notice" role="status">
        Your password has been changed, and you have been signed out everywhere.{" "}
        <a href="/signin/">Sign in</a> with your new password.
      </p>
    );
  }

  const fields: FieldSpec[] = [
    {
      name: "new_password",
      label: "New password",
      type: "password",
      autoComplete: "new-password",
      hint: "At least 8 characters, not entirely numeric, not a common password.",
    },
    {
      name: "confirm_password",
      label: "Confirm new password",
      type: "password",
      autoComplete: "new-password",
    },
  ];
  return (
    <form className="form" method="post" onSubmit={submit} noValidate>
      {errors.invalidLink ? <RequestAgain lead={INVALID_LINK} /> : null}
      {errors.general.length > 0 ? (
        <p className="error" role="alert">
          {errors.general.join(" ")}
        </p>
      ) : null}
      {fields.map((field) => (
        <FormField key={field.name} formId={id} field={field} error={errors.fields[field.name]} />
      ))}
      <div>
        <button type="submit" className="button" disabled={busy}>
          Set new password
        </button>
      </div>
    </form>
  );
}
