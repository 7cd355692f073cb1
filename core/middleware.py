"""Checks every ``/api/`` request passes before any view, parser or query sees it."""

from django.conf import settings
from django.http import JsonResponse

from core.views import is_api_request


class APIInputGuardMiddleware:
    """
    Cheap checks on API requests before any view, parser or query sees them:

    - bodies above ``API_MAX_REQUEST_BYTES`` get a JSON 413 before anything reads
      them (except under ``API_MAX_REQUEST_BYTES_EXEMPT_PATHS``, whose views check
      their own limit). DRF's parsers read the request stream directly, bypassing
      ``DATA_UPLOAD_MAX_MEMORY_SIZE``, so a 10 MB JSON body would otherwise be
      parsed in full before a serializer refused it;
    - NUL characters in the path or query string get a 400: PostgreSQL refuses
      them in text, which turned filters like ``?search=``, ``?tag=`` or
      ``?author=`` into 500s.

    Search terms have their own limits, checked where searches run (``search.query``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_request(request):
            refusal = self.refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def refusal(self, request):
        """The JSON 4xx to answer instead of running the view, or None."""
        if not request.path.startswith(tuple(settings.API_MAX_REQUEST_BYTES_EXEMPT_PATHS)):
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
        return None


def _query_items(request):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value
