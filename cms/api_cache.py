"""
Shared caching for public API v2 reads, as a middleware (the mechanism is
``core.cache``; every answer lives in its ``"pages"`` scope).

A hit is answered before the rest of the middleware stack runs, so a cached
listing costs about what a bare Django view does: the generation usually comes
from this process's pub/sub feed and the entry from its per-process LRU, with no
network round trip at all. Misses go through the whole stack and a 200 is
stored on the way out, with the headers the stack gave it (CORS per Origin,
security headers).

API v2 answers do not depend on the caller (only public pages are served);
anything that does (previews) is excluded and marked ``no-store``.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost

from core import cache as shared
from core.cache import make_entry

CACHED_PREFIX = "/api/v2/"
EXCLUDED_PREFIXES = ("/api/v2/page_preview/",)
VARY = "Accept, Accept-Encoding, Origin"
# Headers every answer gets from the cache itself; the rest are replayed as stored.
OWN_HEADERS = {"content-type", "content-length", "etag", "last-modified", "cache-control", "vary"}


def public_cache_control() -> str:
    """Shared caches (CloudFront, Varnish) keep an answer for hours, since every content
    change purges the API URLs it touched (blog/purge.py); browsers only briefly."""
    return shared.edge_cache_control(settings.BROWSER_CACHE_SECONDS)


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
    identity = "\n".join((request.get_full_path(), request.META.get("HTTP_ORIGIN", ""), request.scheme))
    return f"api:{shared.PAGES}:{hashlib.sha256(identity.encode()).hexdigest()}"


def storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
    )


class APICacheMiddleware:
    """
    The outermost middleware: a hit is answered before the rest of the stack
    runs, with the headers the stack produced for the same path, Origin and
    scheme. A miss runs the whole stack and stores a 200 without cookies.
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
        generation = shared.feed.current(shared.PAGES)
        entry = shared.local_entries.get(key, generation)
        if entry is None:
            entry = cache.get(key)
            if not shared.is_fresh(entry, generation):
                response = self.get_response(request)
                if not storable(response):
                    return response
                headers = [(k, v) for k, v in response.items() if k.lower() not in OWN_HEADERS]
                entry = make_entry(
                    response.content, response["Content-Type"], generation, generation, headers
                )
                cache.set(key, entry, timeout=shared.ENTRY_TIMEOUT)
            shared.local_entries.put(key, entry)
        return shared.build_response(request, entry, public_cache_control(), VARY)
