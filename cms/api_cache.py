"""
Shared caching for public API v2 reads (the mechanism is ``core.cache``; every
answer lives in its ``"pages"`` scope), in two layers:

- ``CachedHits`` wraps the WSGI application (``cms/wsgi.py``): a fresh answer
  already in this process's LRU is sent before Django builds a request, so a
  cached listing costs less than a bare Django view. The generation comes from
  this process's pub/sub feed: no network round trip at all.
- ``APICacheMiddleware``, the outermost middleware, does the rest: it serves an
  answer stored by another process (or under ASGI and the test client), and on a
  miss runs the whole stack and stores a 200 on the way out, with the headers the
  stack gave it (CORS per Origin, security headers).

Both find an answer by the same key, made from the raw request (``entry_key``).
API v2 answers do not depend on the caller (only public pages are served);
anything that does (previews) is excluded and marked ``no-store``.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest

from core import cache as shared
from core.cache import make_entry

CACHED_PREFIX = "/api/v2/"
EXCLUDED_PREFIXES = ("/api/v2/page_preview/",)
VARY = "Accept, Accept-Encoding, Origin"
# Headers every answer gets from the cache itself; the rest are replayed as stored.
OWN_HEADERS = {"content-type", "content-length", "etag", "last-modified", "cache-control", "vary"}
# Remembered Host checks (see host_allowed); beyond this many, hosts are checked each time.
KNOWN_HOSTS = 256


def public_cache_control() -> str:
    """Shared caches (CloudFront, Varnish) keep an answer for hours, since every content
    change purges the API URLs it touched (blog/purge.py); browsers only briefly."""
    return shared.edge_cache_control(settings.BROWSER_CACHE_SECONDS)


def is_cacheable(environ) -> bool:
    """``environ``: the WSGI environment (``request.META``)."""
    path = environ.get("PATH_INFO", "")
    return (
        settings.API_CACHE_ENABLED
        and environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and path.startswith(CACHED_PREFIX)
        and not path.startswith(EXCLUDED_PREFIXES)
    )


def entry_key(environ) -> str:
    """The key of the answer to a request: everything it may depend on, as the server passed
    it. The stored headers are the whole stack's (CORS answers per Origin, HSTS on https), so
    the Origin and what makes the scheme (the server's, or the balancer's header) are part of it."""
    proxy_header = (settings.SECURE_PROXY_SSL_HEADER or ("",))[0]
    identity = "\n".join(
        (
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_ORIGIN", ""),
            environ.get("wsgi.url_scheme", ""),
            environ.get(proxy_header, "") if proxy_header else "",
        )
    )
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()
    return f"api:{shared.PAGES}:{digest}"


HOST_INPUTS = ("HTTP_X_FORWARDED_HOST", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT")
_known_hosts = {}


def host_allowed(environ) -> bool:
    """Django's Host check (``request.get_host()``: ALLOWED_HOSTS, X-Forwarded-Host), which
    hits must pass as the stack would; its verdict for the same raw values is remembered."""
    raw = tuple(environ.get(name) for name in HOST_INPUTS)
    allowed = _known_hosts.get(raw)
    if allowed is None:
        request = HttpRequest()
        request.META = environ
        try:
            request.get_host()
            allowed = True
        except DisallowedHost:
            allowed = False
        if len(_known_hosts) < KNOWN_HOSTS:
            _known_hosts[raw] = allowed
    return allowed


@receiver(setting_changed, dispatch_uid="api_cache_known_hosts")
def forget_known_hosts(setting, **kwargs):
    if setting in {"ALLOWED_HOSTS", "USE_X_FORWARDED_HOST", "DEBUG"}:
        _known_hosts.clear()


def storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
    )


class CachedHits:
    """
    WSGI middleware: answers a request whose fresh entry is in this process's LRU, as
    ``core.cache.build_response`` would (same headers, 304 on a matching ETag), without
    entering Django; everything else goes to ``application``.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if is_cacheable(environ) and host_allowed(environ):
            entry = shared.local_entries.get(entry_key(environ), shared.feed.current(shared.PAGES))
            if entry is not None:
                status, headers, body = shared.wsgi_answer(environ, entry, public_cache_control(), VARY)
                start_response(status, headers)
                return body
        return self.application(environ, start_response)


class APICacheMiddleware:
    """
    The outermost middleware: a hit is answered before the rest of the stack
    runs, with the headers the stack produced for the same path, Origin and
    scheme. A miss runs the whole stack and stores a 200 without cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A disallowed host goes through the stack, which refuses it.
        if not (is_cacheable(request.META) and host_allowed(request.META)):
            return self.get_response(request)
        key = entry_key(request.META)
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
