"use client";

import { NewsletterSettings } from "./newsletter-settings";
import { useSession } from "./session";

/** "Newsletter" on the account page, for a signed-in reader only. */
export function NewsletterSection() {
  const { user } = useSession();
  if (!user) return null;
  return (
    <section aria-labelledby="newsletter-heading">
      <h2 id="newsletter-heading" className="section-heading">
        Newsletter
      </h2>
      <NewsletterSettings key={user.id} />
    </section>
  );
}
