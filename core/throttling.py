"""
Fixed-window throttles counted atomically in the default cache, for every app's API.

DRF's ``SimpleRateThrottle`` reads a request history, appends and writes it back:
concurrent requests all read the same history and most of them go uncounted.
Here each (scope, identity, window) is one counter created with ``cache.add`` and
bumped with ``cache.incr``, both atomic in Redis and in the local-memory cache,
so twenty simultaneous login attempts count twenty.
"""

import hashlib
import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """``"5/min"`` → ``(5, 60)``."""
    if not rate:
        return None, None
    count, period = rate.split("/")
    return int(count), DURATIONS[period[0]]


class AtomicRateThrottle(BaseThrottle):
    """Counts requests per ``scope`` and ``get_ident``; rates in ``DEFAULT_THROTTLE_RATES``."""

    scope = None
    methods = None  # None: every method; else only these are counted.

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_identity(self, request, view):
        return self.get_ident(request)

    def allow_request(self, request, view):
        if self.methods is not None and request.method not in self.methods:
            return True
        limit, duration = parse_rate(self.get_rate())
        identity = self.get_identity(request, view)
        if limit is None or identity is None:
            return True
        now = time.time()
        window = int(now // duration)
        key = f"throttle:{self.scope}:{identity}:{window}"
        cache.add(key, 0, timeout=duration + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=duration + 1)
            count = 1
        self._wait = (window + 1) * duration - now
        # None: the cache is down (django-redis ignores the error); serve rather than fail.
        return count is None or count <= limit

    def wait(self):
        return getattr(self, "_wait", None)


class BodyFieldThrottle(AtomicRateThrottle):
    """Counted per value of one field of the JSON body (``field``, normalized by
    ``normalize``), whoever sends it: per attacked account, per mailbox."""

    field = None

    def normalize(self, value):
        return value.strip().casefold()

    def get_identity(self, request, view):
        try:
            value = request.data.get(self.field)
        except Exception:  # unparsable body: the view answers 400
            return None
        if not isinstance(value, str) or not value.strip():
            return None
        # Hashed: cache keys must not carry spaces or control characters.
        # surrogatepass: a lone surrogate in JSON ("\\ud800") must not turn into a 500 here.
        return hashlib.sha256(self.normalize(value).encode("utf-8", "surrogatepass")).hexdigest()[:32]


class EmailAddressThrottle(BodyFieldThrottle):
    """Per address, known or not, so a 429 tells nothing about who has an account: no
    mail-bombing one reader. Subclasses set ``scope``."""

    field = "email"
