"""Subscribe is throttled per client and per address (no mail-bombing one reader)."""

from core.throttling import AtomicRateThrottle, EmailAddressThrottle


class SubscribeThrottle(AtomicRateThrottle):
    scope = "newsletter_subscribe"


class SubscribeEmailThrottle(EmailAddressThrottle):
    scope = "newsletter_subscribe_email"
