"use client";

import { useId, useState } from "react";
import { sendJson } from "@/lib/client";
import type { User } from "@/lib/types";
import { uploadAvatar } from "@/lib/upload";
import { useSession } from "./session";

/** Profile editing: display name, bio and avatar. */
export function AccountForm() {
  const { user, status } = useSession();
  if (status === "loading") return <p className="meta">Loading your account…</p>;
  if (!user) {
    return (
      <p>
        <a href="/signin/?next=/account/">Sign in</a> to manage your account.
      </p>
    );
  }
  return <ProfileForm key={user.id} user={user} />;
}

function ProfileForm({ user }: { user: User }) {
  const id = useId();
  const { setUser, reload } = useSession();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [bio, setBio] = useState(user.bio);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [avatarMessage, setAvatarMessage] = useState("");
  const [busy, setBusy] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await sendJson<{ user: User | null }>("/api/session/me/", "PATCH", {
      display_name: displayName,
      bio,
    });
    setBusy(false);
    if (result.ok) {
      setErrors({});
      setMessage("Profile saved.");
      if (result.data.user) setUser(result.data.user);
    } else {
      setErrors(result.errors);
      setMessage("");
    }
  }

  async function changeAvatar(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setAvatarMessage("Uploading…");
    const result = await uploadAvatar(file);
    if (!result.ok) setAvatarMessage(result.errors.detail ?? "The upload failed.");
    else if (result.data.status === "rejected")
      setAvatarMessage(`Rejected: ${result.data.reason || "not a valid image"}.`);
    else {
      setAvatarMessage("Avatar updated.");
      await reload();
    }
  }

  return (
    <>
      <p>
        Signed in as <strong>{user.username}</strong>
        {user.email ? ` (${user.email})` : null}.
      </p>
      <form className="form" method="post" onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Display name</label>
          <input
            id={`${id}-name`}
            type="text"
            value={displayName}
            maxLength={100}
            onChange={(event) => setDisplayName(event.target.value)}
            aria-invalid={errors.display_name ? true : undefined}
            aria-describedby={errors.display_name ? `${id}-name-error` : undefined}
          />
          {errors.display_name ? (
            <span id={`${id}-name-error`} className="error" role="alert">
              {errors.display_name}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-bio`}>Bio</label>
          <textarea
            id={`${id}-bio`}
            value={bio}
            maxLength={1000}
            onChange={(event) => setBio(event.target.value)}
            aria-invalid={errors.bio ? true : undefined}
            aria-describedby={errors.bio ? `${id}-bio-error` : undefined}
          />
          {errors.bio ? (
            <span id={`${id}-bio-error`} className="error" role="alert">
              {errors.bio}
            </span>
          ) : null}
        </div>
        {errors.detail ? (
          <p className="error" role="alert">
            {errors.detail}
          </p>
        ) : null}
        <div>
          <button type="submit" className="button" disabled={busy}>
            Save profile
          </button>
        </div>
        <p role="status" className="meta">
          {message}
        </p>
      </form>
      <h2 className="section-heading">Avatar</h2>
      <div className="form">
        {user.avatar ? (
          // eslint-disable-next-line @next/next/no-img-element -- a user upload served by the backend's storage
          <img
            src={user.avatar}
            alt="Your current avatar"
            width={96}
            height={96}
            className="avatar"
          />
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-avatar`}>Upload a new avatar</label>
          <input
            id={`${id}-avatar`}
            type="file"
            accept="image/jpeg,image/png,image/webp,image/gif"
            onChange={changeAvatar}
          />
          <span className="hint">JPEG, PNG, WebP or GIF, up to 5 MB.</span>
        </div>
        <p role="status" className="meta">
          {avatarMessage}
        </p>
      </div>
    </>
  );
}
