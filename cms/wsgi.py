"""WSGI entry point (gunicorn cms.wsgi, Elastic Beanstalk's WSGIPath, runserver)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

django_application = get_wsgi_application()

# Imported once Django is set up: a cached API answer is sent before Django runs.
from cms.api_cache import CachedHits  # noqa: E402

application = CachedHits(django_application)
