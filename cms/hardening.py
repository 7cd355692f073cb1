"""
Cross-cutting hardening (issue 7): request size limit for the API, JSON error
pages under ``/api/``, and media objects on S3 stored with a safe
Content-Type/Content-Disposition.
"""

import mimetypes

from django.conf import settings
from django.http import JsonResponse
from django.views import csrf as csrf_views
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from storages.backends.s3 import S3Storage

API_PREFIX = "/api/"
# Its own limit (the signed form's size plus multipart overhead) is checked in the view.
SIZE_EXEMPT_PATHS = ("/api/uploads/local/",)


def is_api(request):
    return request.path.startswith(API_PREFIX)


class APIInputGuardMiddleware:
    """
    Cheap checks on API requests before any view, parser or query sees them:

    - bodies above ``API_MAX_REQUEST_BYTES`` get a JSON 413 before anything reads
      them. DRF's parsers read the request stream directly, bypassing
      ``DATA_UPLOAD_MAX_MEMORY_SIZE``, so a 10 MB JSON body would otherwise be
      parsed in full before a serializer refused it;
    - NUL characters in the path or query string get a 400: PostgreSQL refuses
      them in text, which turned filters like ``?search=``, ``?tag=`` or
      ``?author=`` into 500s;
    - ``?search=`` longer than ``API_MAX_SEARCH_CHARS`` or with more than
      ``API_MAX_SEARCH_WORDS`` words gets a 400: Wagtail's database search builds
      one nested query node per word, and a 50,000-character search of 8,000
      words exceeded Python's recursion limit (a 500).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api(request):
            refusal = self.refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def refusal(self, request):
        if not request.path.startswith(SIZE_EXEMPT_PATHS):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return JsonResponse({"detail": "Invalid Content-Length."}, status=400)
            limit = settings.API_MAX_REQUEST_BYTES
            if length > limit:
                return JsonResponse({"detail": f"Request body too large (limit {limit} bytes)."}, status=413)
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value for key, value in _query_items(request)
        ):
            return JsonResponse({"detail": "NUL characters are not allowed in URLs."}, status=400)
        search = request.GET.get("search", "")
        if len(search) > settings.API_MAX_SEARCH_CHARS or len(search.split()) > settings.API_MAX_SEARCH_WORDS:
            limits = f"{settings.API_MAX_SEARCH_CHARS} characters and {settings.API_MAX_SEARCH_WORDS} words"
            return JsonResponse({"detail": f"Search terms are limited to {limits}."}, status=400)
        return None


def _query_items(request):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value


# Django's error views answer HTML; API clients get the same ``{"detail"}`` as DRF's errors.


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if is_api(request):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request, template_name)


def csrf_failure(request, reason=""):
    if is_api(request):
        return JsonResponse({"detail": f"CSRF check failed: {reason}"}, status=403)
    return csrf_views.csrf_failure(request, reason=reason)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any unrouted ``/api/...`` URL (instead of falling through to Wagtail's page serving)."""
    return JsonResponse({"detail": "Not found."}, status=404)


class MediaS3Storage(S3Storage):
    """
    S3 storage whose objects carry an explicit Content-Type (never S3's
    ``binary/octet-stream`` default, which browsers sniff) and, for documents,
    ``Content-Disposition: attachment``, so a text or HTML-looking file is
    downloaded, never rendered on the bucket's or CDN's origin. (S3 cannot store
    ``X-Content-Type-Options``; the CDN adds it with a response-headers policy.)
    """

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        content_type, _ = mimetypes.guess_type(name)
        params.setdefault("ContentType", content_type or "application/octet-stream")
        if name.startswith("documents/"):
            params.setdefault("ContentDisposition", "attachment")
        return params
