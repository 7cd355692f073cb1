"""Test settings: the environment's database (PostgreSQL in scripts/test), fast hashing."""

import os
import re


def redis_database_per_xdist_worker():
    """Give each pytest-xdist worker (``gw0``, ``gw1``…) a Redis database of its own, as
    pytest-django gives it a PostgreSQL database: a test's ``cache.clear()`` is FLUSHDB,
    and throttle counters, generations and Celery queues must not cross between workers.
    Set in the environment before the settings read it, so the servers and Celery
    workers a test starts inherit it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    # A process started by a test inherits both the worker's name and its database.
    if not worker.startswith("gw") or os.environ.get("FOLIO_REDIS_DATABASE_CHOSEN"):
        return
    os.environ["FOLIO_REDIS_DATABASE_CHOSEN"] = "1"
    for name in ("REDIS_URL", "TEST_REDIS_URL"):
        match = re.fullmatch(r"(redis://[^/]+)/(\d+)", os.environ.get(name, ""))
        if match:
            os.environ[name] = f"{match[1]}/{(int(match[2]) - int(worker[2:])) % 16}"


redis_database_per_xdist_worker()

from cms.settings import *  # noqa: E402, F403
from cms.settings import frontend_settings  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
FRONTEND_URL = "http://frontend.test"
CORS_ALLOWED_ORIGINS, CSRF_TRUSTED_ORIGINS, WAGTAIL_HEADLESS_PREVIEW = frontend_settings(
    FRONTEND_URL, WAGTAILADMIN_BASE_URL
)
