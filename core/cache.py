"""
One mechanism for Folio's shared response caches: generations per scope, one
stored-entry format, one response format.

A *scope* names a set of cached answers that change together: ``"pages"``
(every API v2 answer) or ``"comments:<post id>"`` (a post's thread and stats).
Each scope has a *generation* in the shared cache; every stored entry records
the generations it was built under, and an entry is served only while they
are all still current. ``bump(*scopes)`` stores fresh generations, which turns
every older entry of those scopes into a miss at once, whichever process built
it. A bump happens at once and again after the transaction commits, so a reader
who rebuilt an entry from not-yet-committed rows in between never keeps it.

With Redis every bump is also *published* (one message per bump, listing its
scopes). ``feed.current(scope)`` gives this process's view of a scope without
a round trip on most calls: it reads pending bump messages from its own
subscription without blocking (Redis writes them to the subscriber's socket
before it answers the publisher; one ``poll`` of that socket tells whether any
arrived) and re-reads the stored value every second as a safety net. Without
Redis (the embedded default's file cache, shared by every process on the
machine) it reads the stored value each time.

Content changes reach the ``"pages"`` scope through ``core.signals.content_changed``
(received at the bottom of this module). With the cache down every read is a miss
served from the database (django-redis ``IGNORE_EXCEPTIONS``).
"""

import hashlib
import json
import logging
import os
import select
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, quote_etag
from django_redis import get_redis_connection

from core.signals import content_changed

logger = logging.getLogger(__name__)

PAGES = "pages"
"""The scope of every public page answer (API v2): bumped by any content change."""
ENTRY_TIMEOUT = 60 * 60
# Generations expire too (any post id can be asked for, and ElastiCache's default
# volatile-lru never evicts keys without a TTL); outliving every entry, a lost
# generation only turns entries into misses.
GENERATION_TIMEOUT = 24 * ENTRY_TIMEOUT
CHANNEL = "cache:generations"
VERIFY_EVERY_SECONDS = 1.0
LOCAL_ENTRIES = 512


def new_generation() -> int:
    """A fresh generation: nanoseconds, so it never repeats and doubles as Last-Modified."""
    return time.time_ns()


def generation_key(scope: str) -> str:
    return f"cache:generation:{scope}"


def channel() -> str:
    """The pub/sub channel of this cache's bumps. Redis channels ignore the database number
    and the key prefix, so both are part of the name: another site, test run or benchmark on
    the same Redis must not be heard (each of its bumps would turn every entry here into a miss)."""
    pool = get_redis_connection("default").connection_pool
    return f"{cache.make_key(CHANNEL)}:db{pool.connection_kwargs.get('db', 0)}"


def uses_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"].startswith("django_redis")


# --- Generations ---------------------------------------------------------------------


def bump(*scopes: str) -> None:
    """Invalidate every entry built under ``scopes``: now, and again once the transaction
    commits (a reader may cache the old rows in between)."""
    scopes = tuple(dict.fromkeys(scope for scope in scopes if scope))
    if not scopes:
        return
    _store_new_generation(scopes)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _store_new_generation(scopes))


def _store_new_generation(scopes):
    generation = new_generation()
    cache.set_many({generation_key(scope): generation for scope in scopes}, timeout=GENERATION_TIMEOUT)
    feed.heard(dict.fromkeys(scopes, generation))
    if uses_redis():
        try:
            get_redis_connection("default").publish(channel(), json.dumps(dict.fromkeys(scopes, generation)))
        except Exception as exc:  # Redis down: nothing is cached then either
            logger.warning("Could not publish a cache generation bump: %s", exc)


def generations(scopes, found=None) -> dict:
    """``{scope: generation}`` for ``scopes``, read from ``found`` (a ``get_many`` result that
    already holds their keys) or the cache; missing ones are created.

    A missing generation (first use, or evicted) gets a fresh value with a plain set:
    whoever overwrites it only turns entries built under an older value into misses,
    and every entry is built from rows read after its generation was set, so no stale
    entry can match.
    """
    keys = {scope: generation_key(scope) for scope in scopes}
    if found is None:
        found = cache.get_many(list(keys.values()))
    missing = {key: new_generation() for key in keys.values() if found.get(key) is None}
    if missing:
        cache.set_many(missing, timeout=GENERATION_TIMEOUT)
    return {scope: found.get(key) or missing[key] for scope, key in keys.items()}


class GenerationFeed:
    """This process's view of the generations, kept current by Redis pub/sub (see the
    module docstring). Without Redis it reads the shared cache."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pubsub = None
        self._poller = None
        self._pid = None
        self._values = {}
        self._verified_at = {}

    def heard(self, bumped: dict):
        """Bumps made by this process count at once (its own messages come back later)."""
        with self._lock:
            self._learn(bumped)

    def _learn(self, bumped):
        self._values.update((scope, value) for scope, value in bumped.items() if scope in self._values)

    def current(self, scope: str) -> int:
        if not uses_redis():
            return generations([scope])[scope]
        with self._lock:
            try:
                if self._pubsub is None or self._pid != os.getpid():
                    self._subscribe()
                if self._poller.poll(0):
                    self._read_messages()
                checked = self._verified_at.get(scope)
                if checked is None or time.monotonic() - checked > VERIFY_EVERY_SECONDS:
                    self._values[scope] = generations([scope])[scope]
                    self._verified_at[scope] = time.monotonic()
                return self._values[scope]
            except Exception as exc:
                logger.warning("Cache generation feed unavailable, reading the cache: %s", exc)
                self._pubsub = None
                return generations([scope])[scope]

    def _read_messages(self):
        # Until none is left: what redis-py buffered past one message is read now, so
        # afterwards a quiet socket means no bump is waiting (the cheap check above).
        while (message := self._pubsub.get_message(timeout=0)) is not None:
            if message["type"] == "message":
                self._learn(json.loads(message["data"]))

    def _subscribe(self):
        # after a fork (gunicorn workers) the parent's subscription is not ours
        self._pid, self._values, self._verified_at = os.getpid(), {}, {}
        pubsub = get_redis_connection("default").pubsub()
        pubsub.subscribe(channel())
        # Only once Redis confirms the subscription can no bump slip between
        # reading the stored value and hearing about the next one.
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=0.5)
            if message and message["type"] == "subscribe":
                self._pubsub = pubsub
                self._poller = select.poll()
                self._poller.register(pubsub.connection._sock, select.POLLIN)
                self._read_messages()
                return
        raise ConnectionError("no subscription confirmation from Redis")


feed = GenerationFeed()


# --- Entries: an answer, its validators and the generations it was built under -------------


def edge_cache_control(max_age: int) -> str:
    """``Cache-Control`` of a public answer that every change to it purges from the edge
    (``blog.purge``): shared caches (CloudFront, Varnish) keep it for hours, serving it
    stale while they refetch; browsers, which nothing purges, ``max_age`` seconds."""
    return (
        f"public, max-age={max_age}, s-maxage={settings.EDGE_CACHE_SECONDS}, "
        f"stale-while-revalidate={settings.EDGE_STALE_SECONDS}"
    )


def make_entry(content: bytes, content_type: str, generation, last_modified_ns: int = 0, headers=()) -> dict:
    """The one stored format: the body, its validators (ETag, Last-Modified), other headers,
    and the generation(s) it was built under."""
    return {
        "content": content,
        "content_type": content_type,
        "etag": quote_etag(hashlib.sha256(content).hexdigest()[:32]),
        "last_modified": last_modified_ns // 1_000_000_000 or int(time.time()),
        "generation": generation,
        "headers": tuple(headers),
    }


def is_fresh(entry, generation) -> bool:
    return entry is not None and entry["generation"] == generation


def cached_entries(keys: dict, scopes: dict, build):
    """``({id: entry}, {id: generation})`` for the ids of ``keys`` (``{id: cache key}``), each
    entry fresh under the generations of its ``scopes[id]`` (a list: all must be current).

    One cache round trip reads the entries and their generations together;
    ``build(ids, generations)`` makes every miss at once and returns ``{id: entry}``.
    """
    all_scopes = list(dict.fromkeys(scope for wanted in scopes.values() for scope in wanted))
    found = cache.get_many([*keys.values(), *map(generation_key, all_scopes)])
    current = generations(all_scopes, found)
    wanted = {item: [current[scope] for scope in scopes[item]] for item in keys}
    entries = {item: found[key] for item, key in keys.items() if is_fresh(found.get(key), wanted[item])}
    misses = [item for item in keys if item not in entries]
    if misses:
        built = build(misses, {item: wanted[item] for item in misses})
        entries.update(built)
        cache.set_many({keys[item]: entry for item, entry in built.items()}, timeout=ENTRY_TIMEOUT)
    return entries, wanted


class LocalEntries:
    """A per-process LRU of entries; an entry is only served under its own generation."""

    def __init__(self, size=LOCAL_ENTRIES):
        self.size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, generation):
        with self._lock:
            entry = self._entries.get(key)
            if not is_fresh(entry, generation):
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
    global feed, local_entries
    feed, local_entries = GenerationFeed(), LocalEntries()


# --- Responses ---------------------------------------------------------------------------------


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether a request's ``If-None-Match`` value names ``etag``."""
    candidates = [tag.strip() for tag in if_none_match.split(",")]
    return etag in candidates or "*" in candidates


def answer_headers(entry, cache_control, vary) -> list:
    """What every answer from ``entry`` carries besides its body's type and length: the stored
    headers, the validators and the caller's caching policy."""
    return [
        *entry["headers"],
        ("ETag", entry["etag"]),
        ("Last-Modified", http_date(entry["last_modified"])),
        ("Cache-Control", cache_control),
        ("Vary", vary),
    ]


def build_response(request, entry, cache_control, vary) -> HttpResponse:
    """``entry`` as a response, or a 304 when the client's ``If-None-Match`` has its ETag."""
    if etag_matches(request.META.get("HTTP_IF_NONE_MATCH", ""), entry["etag"]):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["content"], content_type=entry["content_type"])
    for name, value in answer_headers(entry, cache_control, vary):
        response[name] = value
    return response


def wsgi_answer(environ, entry, cache_control, vary) -> tuple:
    """``entry`` as WSGI's ``(status, headers, body)``, answered as ``build_response`` would,
    with the body's length (and no body for HEAD)."""
    headers = answer_headers(entry, cache_control, vary)
    if etag_matches(environ.get("HTTP_IF_NONE_MATCH", ""), entry["etag"]):
        return "304 Not Modified", headers, []
    content = entry["content"]
    headers = [("Content-Type", entry["content_type"]), ("Content-Length", str(len(content))), *headers]
    return "200 OK", headers, [] if environ.get("REQUEST_METHOD") == "HEAD" else [content]


@receiver(content_changed, dispatch_uid="core_cache_pages")
def invalidate_pages(sender, **kwargs):
    """Any content change can show in any page answer (listings, authors, featured posts)."""
    bump(PAGES)
