"""
Shared caching for public API reads.

Every cached entry is keyed by a *generation* that content changes bump
(publish, unpublish, move, delete, author or image edits). Bumping makes every
older entry unreachable at once, so a reader can never see a stale page after
a change, whichever app server handled it (the generation lives in the shared
cache). Entries carry an ETag and Last-Modified so clients and CloudFront can
revalidate cheaply.

Only anonymous, caller-independent responses are cached; anything that varies
by user must not go through here.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, quote_etag

logger = logging.getLogger(__name__)

GENERATION_KEY = "api:generation:{scope}"
ENTRY_TIMEOUT = 60 * 60
# Shared caches (CloudFront) may keep a copy briefly; browsers revalidate.
PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=60, stale-while-revalidate=30, must-revalidate"


def current_generation(scope: str) -> int:
    generation = cache.get(GENERATION_KEY.format(scope=scope))
    if generation is None:
        generation = time.time_ns()
        # add() so two servers starting together agree on one value
        cache.add(GENERATION_KEY.format(scope=scope), generation, timeout=None)
        generation = cache.get(GENERATION_KEY.format(scope=scope)) or generation
    return generation


def bump_generation(scope: str) -> None:
    """Invalidate every cached response of ``scope`` (e.g. "pages")."""
    cache.set(GENERATION_KEY.format(scope=scope), time.time_ns(), timeout=None)


def _etag(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def _not_modified(request, etag: str) -> bool:
    candidates = request.headers.get("If-None-Match", "")
    return etag in [tag.strip() for tag in candidates.split(",")] or candidates.strip() == "*"


def serve_cached(request, scope: str, produce):
    """
    Answer a GET from the shared cache, or call ``produce()`` (a rendered 200
    response is stored). Adds Cache-Control, ETag, Last-Modified and Vary.
    """
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return produce()
    generation = current_generation(scope)
    key = f"api:{scope}:{generation}:{hashlib.sha256(request.get_full_path().encode()).hexdigest()}"
    entry = cache.get(key)
    if entry is None:
        response = produce()
        if response.status_code != 200:
            return response
        if hasattr(response, "render"):
            response.render()
        entry = {
            "content": response.content,
            "content_type": response["Content-Type"],
            "etag": _etag(response.content),
            "last_modified": generation // 1_000_000_000,
        }
        cache.set(key, entry, timeout=ENTRY_TIMEOUT)
    if _not_modified(request, entry["etag"]):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["content"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    response["Vary"] = "Accept, Accept-Encoding, Origin"
    return response
