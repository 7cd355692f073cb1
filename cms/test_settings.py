"""Test settings: the environment's database (PostgreSQL in scripts/test), fast hashing."""

from cms.settings import *  # noqa: F403
from cms.settings import frontend_settings

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
FRONTEND_URL = "http://frontend.test"
CORS_ALLOWED_ORIGINS, CSRF_TRUSTED_ORIGINS, WAGTAIL_HEADLESS_PREVIEW = frontend_settings(
    FRONTEND_URL, WAGTAILADMIN_BASE_URL
)
