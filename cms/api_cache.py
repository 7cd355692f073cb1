"""
Shared caching for public API v2 reads, as a middleware.

A hit is answered near the top of the middleware stack (after security and
CORS headers, before sessions, auth and the view), so a cached listing costs
about what a bare Django view does. Misses go through the view and a 200 is
stored on the way out.

Every entry records the *generation* it was built in; content changes bump
the generation (publish, unpublish, move, delete, author or image edits; see
blog/signals.py), which turns every older entry into a miss at once, so no
reader sees a stale page after a change, whichever app server handled it: the
generation lives in the shared cache. A bump happens at once and again after
the transaction commits, so a reader who rebuilt an entry from not-yet-committed
rows in between never keeps it.

With Redis, a bump is also *published*. Each process keeps the generation it
last heard and, on every request, reads any pending bump messages from its
subscription without blocking (Redis writes them to the subscriber's socket
before it answers the publisher), and every second it re-reads the stored
value as a safety net. Entries are kept in a small per-process LRU too, so a
hit usually costs no network round trip at all — which is what lets a cached
listing approach a bare Django view. Entries carry an ETag and Last-Modified so clients and
CloudFront revalidate cheaply.

API v2 answers do not depend on the caller (only public pages are served);
anything that does (previews) is excluded and marked ``no-store``.
"""

import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, quote_etag

logger = logging.getLogger(__name__)

SCOPE = "pages"
CACHED_PREFIX = "/api/v2/"
EXCLUDED_PREFIXES = ("/api/v2/page_preview/",)
GENERATION_KEY = "api:generation:{scope}"
GENERATION_CHANNEL = "api:generation:{scope}"
VERIFY_EVERY_SECONDS = 1.0
LOCAL_ENTRIES = 512
ENTRY_TIMEOUT = 60 * 60
# Shared caches (CloudFront) may keep a copy briefly; browsers revalidate.
PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
VARY = "Accept, Accept-Encoding, Origin"


def new_generation() -> int:
    """A fresh generation: nanoseconds, so it never repeats and doubles as Last-Modified."""
    return time.time_ns()


def current_generation(scope: str = SCOPE) -> int:
    key = GENERATION_KEY.format(scope=scope)
    generation = cache.get(key)
    if generation is None:
        # add(): two servers starting together agree on one value
        cache.add(key, new_generation(), timeout=None)
        generation = cache.get(key) or 0  # 0 when the cache is down: nothing is stored then
    return generation


def bump_key(key: str) -> None:
    """Invalidate every entry built under the generation stored at ``key``."""
    cache.set(key, new_generation(), timeout=None)


def uses_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"].startswith("django_redis")


def _bump_and_publish(scope: str) -> None:
    generation = new_generation()
    cache.set(GENERATION_KEY.format(scope=scope), generation, timeout=None)
    if uses_redis():
        from django_redis import get_redis_connection

        try:
            get_redis_connection("default").publish(GENERATION_CHANNEL.format(scope=scope), generation)
        except Exception as exc:  # Redis down: nothing is cached then either
            logger.warning("Could not publish a cache generation bump: %s", exc)
    generation_feed.heard(scope, generation)


def bump_generation(scope: str = SCOPE) -> None:
    """Invalidate every cached response of ``scope``, now and once the transaction commits."""
    _bump_and_publish(scope)
    transaction.on_commit(lambda: _bump_and_publish(scope))


class GenerationFeed:
    """
    This process's view of the pages generation, kept current by Redis pub/sub
    (see the module docstring). Without Redis it simply reads the cache.
    """

    def __init__(self, scope=SCOPE):
        self.scope = scope
        self._lock = threading.Lock()
        self._pubsub = None
        self._pid = None
        self._value = None
        self._verified_at = 0.0

    def heard(self, scope, generation):
        if scope == self.scope:
            with self._lock:
                self._value = generation

    def current(self) -> int:
        if not uses_redis():
            return current_generation(self.scope)
        with self._lock:
            try:
                if self._pubsub is None or self._pid != os.getpid():
                    self._subscribe()
                while (message := self._pubsub.get_message(timeout=0)) is not None:
                    if message["type"] == "message":
                        self._value = int(message["data"])
                if self._value is None or time.monotonic() - self._verified_at > VERIFY_EVERY_SECONDS:
                    self._value = current_generation(self.scope)
                    self._verified_at = time.monotonic()
                return self._value
            except Exception as exc:
                logger.warning("Cache generation feed unavailable, reading the cache: %s", exc)
                self._pubsub = None
                return current_generation(self.scope)

    def _subscribe(self):
        from django_redis import get_redis_connection

        # after a fork (gunicorn workers) the parent's subscription is not ours
        self._pid, self._value = os.getpid(), None
        pubsub = get_redis_connection("default").pubsub()
        pubsub.subscribe(GENERATION_CHANNEL.format(scope=self.scope))
        # Only once Redis confirms the subscription can no bump slip between
        # reading the stored value and hearing about the next one.
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=0.5)
            if message and message["type"] == "subscribe":
                self._pubsub = pubsub
                return
        raise ConnectionError("no subscription confirmation from Redis")


generation_feed = GenerationFeed()


class LocalEntries:
    """A per-process LRU of entries; an entry is only served under its own generation."""

    def __init__(self, size=LOCAL_ENTRIES):
        self.size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, generation):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry["generation"] != generation:
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


local_entries = LocalEntries()


def forget_local_state():
    """Drop this process's copies (tests that wipe the shared cache between cases)."""
    global generation_feed, local_entries
    generation_feed, local_entries = GenerationFeed(), LocalEntries()


def is_cacheable(request) -> bool:
    return (
        settings.API_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and request.path.startswith(CACHED_PREFIX)
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


def entry_key(request) -> str:
    # The stored headers are the whole stack's (CORS answers per Origin, HSTS on
    # https), so the Origin and the scheme are part of what a response depends on.
    identity = "\n".join((request.get_full_path(), request.headers.get("Origin", ""), request.scheme))
    return f"api:{SCOPE}:{hashlib.sha256(identity.encode()).hexdigest()}"


# Headers the cache sets itself on every answer; the rest are replayed as stored.
OWN_HEADERS = {"content-type", "content-length", "etag", "last-modified", "cache-control", "vary"}


def make_entry(content: bytes, content_type: str, generation, last_modified_ns: int = 0, headers=()) -> dict:
    """A cache entry: the body, its validators, other headers, and the generation it was built in."""
    return {
        "content": content,
        "content_type": content_type,
        "etag": quote_etag(hashlib.sha256(content).hexdigest()[:32]),
        "last_modified": last_modified_ns // 1_000_000_000 or int(time.time()),
        "generation": generation,
        "headers": tuple(headers),
    }


def etag_matches(request, etag: str) -> bool:
    candidates = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    return etag in candidates or "*" in candidates


def build_response(request, entry, cache_control=PUBLIC_CACHE_CONTROL, vary=VARY) -> HttpResponse:
    """The entry as a response, or a 304 when the client's ``If-None-Match`` has its ETag."""
    if etag_matches(request, entry["etag"]):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["content"], content_type=entry["content_type"])
    for name, value in entry.get("headers", ()):
        response[name] = value
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    response["Cache-Control"] = cache_control
    response["Vary"] = vary
    return response


class APICacheMiddleware:
    """
    The outermost middleware: a hit is answered before the rest of the stack
    runs, with the headers the stack produced for the same path, Origin and
    scheme (security headers, CORS). A miss runs the whole stack and stores a
    200 without cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable(request):
            return self.get_response(request)
        try:
            request.get_host()  # the stack's host check still applies to hits
        except DisallowedHost:
            return self.get_response(request)
        key = entry_key(request)
        generation = generation_feed.current()
        entry = local_entries.get(key, generation)
        if entry is None:
            entry = cache.get(key)
            if entry is None or entry["generation"] != generation:
                response = self.get_response(request)
                if (
                    response.status_code != 200
                    or response.cookies
                    or "no-store" in response.get("Cache-Control", "")
                ):
                    return response
                headers = [(k, v) for k, v in response.items() if k.lower() not in OWN_HEADERS]
                entry = make_entry(
                    response.content, response["Content-Type"], generation, generation, headers
                )
                if generation:
                    cache.set(key, entry, timeout=ENTRY_TIMEOUT)
            if generation:
                local_entries.put(key, entry)
        return build_response(request, entry)
