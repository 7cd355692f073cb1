"""Test settings: the environment's database (PostgreSQL in scripts/test), fast hashing."""

from cms.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
FRONTEND_URL = "http://frontend.test"
WAGTAIL_HEADLESS_PREVIEW = {
    **WAGTAIL_HEADLESS_PREVIEW,  # noqa: F405
    "CLIENT_URLS": {"default": FRONTEND_URL + "/api/preview/"},
    "SERVE_BASE_URL": FRONTEND_URL,
}
