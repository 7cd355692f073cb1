"""
The project's error views. Django's answer HTML; under ``/api/`` clients get
the same ``{"detail": "..."}`` JSON as DRF's errors. ``cms/urls.py`` wires them
as ``handler400``…``handler500``, and ``CSRF_FAILURE_VIEW`` names ``csrf_failure``.
"""

from django.http import JsonResponse
from django.views import csrf as csrf_views
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

API_PREFIX = "/api/"


def is_api_request(request):
    """Whether ``request`` is for the JSON API, which answers in JSON even when it fails."""
    return request.path.startswith(API_PREFIX)


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    """400: JSON under ``/api/``, Django's page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    """403: JSON under ``/api/``, Django's page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    """404: JSON under ``/api/``, Django's page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """500: JSON under ``/api/``, Django's page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request, template_name)


def csrf_failure(request, reason=""):
    """A refused CSRF check: JSON under ``/api/``, Django's page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": f"CSRF check failed: {reason}"}, status=403)
    return csrf_views.csrf_failure(request, reason=reason)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any unrouted ``/api/...`` URL (instead of falling through to Wagtail's page serving)."""
    return JsonResponse({"detail": "Not found."}, status=404)
