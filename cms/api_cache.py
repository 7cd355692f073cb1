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
generation lives in the shared cache. The generation and the entry are read
in one round trip (``get_many``). Entries carry an ETag and Last-Modified so clients and
CloudFront revalidate cheaply.

API v2 answers do not depend on the caller (only public pages are served);
anything that does (previews) is excluded and marked ``no-store``.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, quote_etag

SCOPE = "pages"
CACHED_PREFIX = "/api/v2/"
EXCLUDED_PREFIXES = ("/api/v2/page_preview/",)
GENERATION_KEY = "api:generation:{scope}"
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


def bump_generation(scope: str = SCOPE) -> None:
    """Invalidate every cached response of ``scope``."""
    bump_key(GENERATION_KEY.format(scope=scope))


def is_cacheable(request) -> bool:
    return (
        settings.API_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and request.path.startswith(CACHED_PREFIX)
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


def entry_key(request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"api:{SCOPE}:{digest}"


def make_entry(content: bytes, content_type: str, generation, last_modified_ns: int = 0) -> dict:
    """A cache entry: the body, its validators, and the generation it was built in."""
    return {
        "content": content,
        "content_type": content_type,
        "etag": quote_etag(hashlib.sha256(content).hexdigest()[:32]),
        "last_modified": last_modified_ns // 1_000_000_000 or int(time.time()),
        "generation": generation,
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
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    response["Cache-Control"] = cache_control
    response["Vary"] = vary
    return response


class APICacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable(request):
            return self.get_response(request)
        key, generation_key = entry_key(request), GENERATION_KEY.format(scope=SCOPE)
        found = cache.get_many([key, generation_key])
        generation = found.get(generation_key) or current_generation()
        entry = found.get(key)
        if entry is None or entry["generation"] != generation:
            response = self.get_response(request)
            if response.status_code != 200 or "no-store" in response.get("Cache-Control", ""):
                return response
            entry = make_entry(response.content, response["Content-Type"], generation, generation)
            if generation:
                cache.set(key, entry, timeout=ENTRY_TIMEOUT)
        return build_response(request, entry)
