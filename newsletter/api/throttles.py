"""Subscribe is throttled per client and per address (no mail-bombing one reader)."""

from community.api.password_reset import PasswordResetEmailThrottle
from community.api.throttles import AtomicRateThrottle


class SubscribeThrottle(AtomicRateThrottle):
    scope = "newsletter_subscribe"


class SubscribeEmailThrottle(PasswordResetEmailThrottle):
    """Counted per (case-folded, hashed) address, known or not, so a 429 tells nothing either."""

    scope = "newsletter_subscribe_email"
