import {
  ERROR_MESSAGES,
  errorField,
  SUBSCRIBE_ACTION,
  type ErrorCode,
  type TopicOption,
} from "@/lib/newsletter";

/**
 * "Get new posts by email": a plain HTML form (a server component, no client
 * JavaScript) posting to the BFF, which answers with a redirect to the result
 * page. One topic goes as a hidden field; several become checkboxes.
 */
export function SubscribeForm({
  id,
  topics,
  returnPath,
  heading = "Get new posts by email",
  error,
  email,
  headingLevel = 2,
}: {
  /** Unique on the page: prefixes the fields' ids. */
  id: string;
  topics: TopicOption[];
  /** The page to offer a way back to from the result page. */
  returnPath?: string;
  heading?: string;
  error?: ErrorCode;
  email?: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const field = error ? errorField(error) : null;
  const message = error ? ERROR_MESSAGES[error] : null;
  const single = topics.length === 1 ? topics[0] : undefined;
  return (
    <section className="subscribe" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} className="subscribe-heading">
        {heading}
      </Heading>
      <form className="form" method="post" action={SUBSCRIBE_ACTION}>
        {returnPath ? <input type="hidden" name="next" value={returnPath} /> : null}
        {single ? <input type="hidden" name="topic" value={single.key} /> : null}
        <div className="field">
          <label htmlFor={`${id}-email`}>Email address</label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            maxLength={254}
            defaultValue={email}
            aria-invalid={field === "email" ? true : undefined}
            aria-describedby={field === "email" ? `${id}-email-error` : undefined}
          />
          {field === "email" ? (
            <span id={`${id}-email-error`} className="error" role="alert">
              {message}
            </span>
          ) : null}
        </div>
        {single ? null : (
          <fieldset
            className="field topics"
            aria-invalid={field === "topics" ? true : undefined}
            aria-describedby={field === "topics" ? `${id}-topics-error` : undefined}
          >
            <legend>Topics</legend>
            {topics.map((topic) => (
              <label key={topic.key} className="checkbox">
                <input
                  type="checkbox"
                  name="topic"
                  value={topic.key}
                  defaultChecked={topic.checked}
                />{" "}
                {topic.label}
              </label>
            ))}
            {field === "topics" ? (
              <span id={`${id}-topics-error`} className="error" role="alert">
                {message}
              </span>
            ) : null}
          </fieldset>
        )}
        {field === "detail" ? (
          <p className="error" role="alert">
            {message}
          </p>
        ) : null}
        {/* A hidden topic the backend refused (a tag renamed since the page was built):
            there is no fieldset to mark, so the form says it. */}
        {single && field === "topics" ? (
          <p className="error" role="alert">
            This page&rsquo;s topic is no longer offered. Choose one on the{" "}
            <a href="/newsletter/">newsletter page</a>.
          </p>
        ) : null}
        <div>
          <button type="submit" className="button">
            Subscribe
          </button>
        </div>
        <p className="hint">We email a link to confirm. Every email has a one-click unsubscribe.</p>
      </form>
    </section>
  );
}
