"use client";

import { useEffect, useId, useState } from "react";
import { fetchMySubscription, saveMySubscription } from "@/lib/client";
import { BLOG_TOPIC, topicLabel, type MySubscription } from "@/lib/newsletter";

const STATE_TEXT: Record<MySubscription["state"], (email: string) => string> = {
  none: () => "You are not subscribed.",
  unsubscribed: () => "You are not subscribed.",
  pending: (email) => `We emailed a confirmation link to ${email}: open it to start.`,
  confirmed: (email) => `New posts go to ${email}.`,
  suppressed: (email) =>
    `Emails to ${email} bounced or were reported as spam, so we stopped sending them.`,
};

/**
 * The account page's newsletter section: which topics reach the account's
 * address. Author and tag topics are added from their pages' forms; here they
 * can be kept or dropped.
 */
export function NewsletterSettings() {
  const id = useId();
  const [subscription, setSubscription] = useState<MySubscription | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState("");
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    fetchMySubscription().then((result) => {
      if (!live) return;
      if (result.ok) {
        setSubscription(result.data);
        setChosen(result.data.topics);
      } else setError(result.errors.detail ?? "Could not load your subscription.");
    });
    return () => {
      live = false;
    };
  }, []);

  async function save(topics: string[]) {
    setBusy(true);
    const result = await saveMySubscription(topics);
    setBusy(false);
    if (!result.ok) {
      setError(result.errors.topics ?? result.errors.email ?? result.errors.detail ?? "");
      setMessage("");
      return;
    }
    setError("");
    setSubscription(result.data);
    setChosen(result.data.topics);
    setMessage(
      topics.length === 0
        ? "Unsubscribed."
        : result.data.state === "pending"
          ? "Check your inbox to confirm."
          : "Subscriptions saved.",
    );
  }

  if (!subscription) {
    return (
      <p className="meta" role={error ? "alert" : undefined}>
        {error || "Loading your subscriptions…"}
      </p>
    );
  }
  const active = subscription.state === "confirmed" || subscription.state === "pending";
  const keys = [BLOG_TOPIC, ...subscription.topics.filter((key) => key !== BLOG_TOPIC)];
  return (
    <form
      className="form"
      method="post"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save(chosen);
      }}
    >
      <p data-testid="newsletter-state">{STATE_TEXT[subscription.state](subscription.email)}</p>
      <fieldset
        className="field topics"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <legend>Email me</legend>
        {keys.map((key) => (
          <label key={key} className="checkbox">
            <input
              type="checkbox"
              name="topic"
              value={key}
              checked={chosen.includes(key)}
              onChange={(event) =>
                setChosen((current) =>
                  event.target.checked
                    ? [...current, key]
                    : current.filter((value) => value !== key),
                )
              }
            />{" "}
            {topicLabel(key)}
          </label>
        ))}
        <span className="hint">
          To follow one author or tag, use the form on <a href="/authors/">their page</a>.
        </span>
        {error ? (
          <span id={`${id}-error`} className="error" role="alert">
            {error}
          </span>
        ) : null}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button" disabled={busy || chosen.length === 0}>
          Save subscriptions
        </button>{" "}
        {active ? (
          <button
            type="button"
            className="button secondary"
            disabled={busy}
            onClick={() => void save([])}
          >
            Unsubscribe from all
          </button>
        ) : null}
      </div>
      <p role="status" className="meta">
        {message}
      </p>
    </form>
  );
}
