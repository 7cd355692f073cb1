"""
``/healthz`` for the load balancer.

Answered by a middleware at the top of the stack so that it works for the
balancer's plain-HTTP probe, which comes with the instance's IP as Host (not in
ALLOWED_HOSTS) and must not be redirected to HTTPS.
"""

import json
import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

HEALTH_PATHS = {"/healthz", "/healthz/"}


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as exc:  # any driver error means "down" to the balancer
        logger.warning("Health check: database unavailable: %s", exc)
        return "unavailable"


def check_cache():
    try:
        cache.set("healthz", "1", timeout=10)
        return "ok" if cache.get("healthz") == "1" else "degraded"
    except Exception as exc:
        logger.warning("Health check: cache unavailable: %s", exc)
        return "degraded"


def health_report():
    """``({"status", "database", "cache"}, http status)``: a cache outage degrades, the database fails."""
    database, cache_status = check_database(), check_cache()
    healthy = database == "ok"
    body = {"status": "ok" if healthy else "unavailable", "database": database, "cache": cache_status}
    return body, 200 if healthy else 503


class HealthCheckMiddleware:
    """Answers ``GET``/``HEAD /healthz`` with ``health_report()``, before any other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in HEALTH_PATHS and request.method in ("GET", "HEAD"):
            body, status = health_report()
            response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
