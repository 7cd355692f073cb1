"""
The yardstick: a bare Django app whose one view returns fixed JSON bytes (the
same listing payload Folio serves), with no middleware, database or cache.
Served by the same gunicorn configuration as Folio: ``gunicorn bench.bare_django``.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="bench-only",  # noqa: S106
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

with open(os.environ["BARE_PAYLOAD"], "rb") as payload_file:
    PAYLOAD = payload_file.read()


def listing(request):
    return HttpResponse(PAYLOAD, content_type="application/json")


urlpatterns = [path("listing", listing)]
application = get_wsgi_application()
