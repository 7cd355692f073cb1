"""
Folio settings, driven entirely by the environment.

With no variables set this is the *embedded default*: SQLite in ./var, media on
local disk, an in-process cache, emails on the console, DEBUG on. Production is
chosen by setting variables (see README "Configuration"), never by editing code.

One file, by concern: core, the frontend and public URLs, security, database,
cache, Wagtail, search, static files and media, email, the APIs, background
jobs, logging. Each setting is assigned once, in its section.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from botocore.config import Config as BotoConfig
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- Core -----------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", default=True)

if not DEBUG and not env("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
# The fallback is only ever used by the embedded default, which is never exposed.
SECRET_KEY = env("DJANGO_SECRET_KEY") or "folio-embedded-dev-key-not-for-production-use-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    # Before blog: blog.apps replaces its publish receivers with Folio's purge (blog/purge.py).
    "wagtail.contrib.frontend_cache",
    "core",
    "home",
    "blog",
    "search",
    "community",
    "fediverse",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmarkdown",
    "fontawesomefree",  # icons for the Markdown editor's toolbar, served locally
    "wagtail_headless_preview",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "cms.apps.FolioStaticFilesConfig",  # django.contrib.staticfiles, trimmed
    "uploads",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "twofactor",
    "newsletter",
]

MIDDLEWARE = [
    # First: a cached API read is answered before anything else runs (it replays
    # the headers the rest of the stack gave the same request).
    "cms.api_cache.APICacheMiddleware",
    # Before SecurityMiddleware: the balancer's plain-HTTP probe must not be redirected.
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # After CORS, so the frontend can read the refusal.
    "core.middleware.APIInputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin's second sign-in step needs the authenticated user.
    "django_otp.middleware.OTPMiddleware",
    "twofactor.middleware.AdminOTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- The frontend and the public URLs -------------------------------------------
# Where the Next.js site lives: preview links, revalidation calls, password-reset
# links, the site's hostname (so html_url), CORS and CSRF.
FRONTEND_URL = env("FRONTEND_URL", "http://127.0.0.1:3000").rstrip("/")


def revalidate_secret():
    """``REVALIDATE_SECRET``, or on the embedded default (SQLite) the one scripts/run keeps
    in ``REVALIDATE_SECRET_FILE``, so every local process (cron's publish_scheduled, a
    shell) tells the running frontend about a publish, not only the server scripts/run started."""
    if "REVALIDATE_SECRET" in os.environ or not env("DATABASE_URL", "sqlite:").startswith("sqlite:"):
        return env("REVALIDATE_SECRET")
    secret_file = Path(env("REVALIDATE_SECRET_FILE", str(VAR_DIR / "revalidate-secret")))
    return secret_file.read_text().strip() if secret_file.is_file() else ""


REVALIDATE_SECRET = revalidate_secret()
# The backend's public origin: admin links.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Absolute URLs in API responses (html_url, renditions) use this origin.
WAGTAILAPI_BASE_URL = env("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)


def frontend_settings(frontend_url, admin_url):
    """
    ``(CORS_ALLOWED_ORIGINS, CSRF_TRUSTED_ORIGINS, WAGTAIL_HEADLESS_PREVIEW)`` for
    a frontend at ``frontend_url``: the one place these are derived from it
    (cms/test_settings.py calls it again for its own frontend).
    """
    cors_origins = [origin for origin in [frontend_url, *env_list("CORS_EXTRA_ORIGINS")] if origin]
    csrf_origins = env_list("CSRF_TRUSTED_ORIGINS") or [url for url in [frontend_url, admin_url] if url]
    headless_preview = {
        "CLIENT_URLS": {"default": frontend_url + "/api/preview/"},
        "SERVE_BASE_URL": frontend_url,
        "REDIRECT_ON_PREVIEW": False,
        "ENFORCE_TRAILING_SLASH": False,
    }
    return cors_origins, csrf_origins, headless_preview


CORS_ALLOWED_ORIGINS, CSRF_TRUSTED_ORIGINS, WAGTAIL_HEADLESS_PREVIEW = frontend_settings(
    FRONTEND_URL, WAGTAILADMIN_BASE_URL
)
CORS_URLS_REGEX = r"^/api/.*$"

# --- Federation (ActivityPub, fediverse/) ----------------------------------------------
# The origin in every actor and object id and in handles (@slug@host); empty: FRONTEND_URL,
# whose Next.js site forwards /.well-known/webfinger, /.well-known/nodeinfo and /ap/ here.
FEDERATION_ORIGIN = env("FEDERATION_ORIGIN").rstrip("/")
FEDERATION_BLOG_HANDLE = env("FEDERATION_BLOG_HANDLE", "blog")
# Replies from the fediverse wait in the Comments queue until a moderator approves them.
FEDERATION_HOLD_REPLIES = env_bool("FEDERATION_HOLD_REPLIES", True)
# Tests only: let fetches and deliveries reach loopback and private addresses.
FEDERATION_ALLOW_PRIVATE_ADDRESSES = env_bool("FEDERATION_ALLOW_PRIVATE_ADDRESSES", False)
FEDERATION_MAX_INBOX_BYTES = int(env("FEDERATION_MAX_INBOX_BYTES", str(256 * 1024)))
FEDERATION_MAX_DELIVERY_ATTEMPTS = int(env("FEDERATION_MAX_DELIVERY_ATTEMPTS", "6"))

# --- Security -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password reset links (community.password_reset) work once, for an hour.
PASSWORD_RESET_TIMEOUT = 60 * 60

# Django's defaults, stated: nosniff and a referrer policy on every response
# (media served by Django included).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # JSON under /api/, Django's page elsewhere

# HTTPS only in production (off on the embedded default).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # The load balancer's health probe speaks plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Wagtail's preview views opt back in to SAMEORIGIN themselves.
    X_FRAME_OPTIONS = "DENY"

# --- Database -------------------------------------------------------------------
# DATABASE_URL (dj-database-url form) wins; otherwise an SQLite file in ./var.
database = dj_database_url.parse(
    env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'folio.sqlite3'}"),
    conn_max_age=600,
    conn_health_checks=True,
)
if database["ENGINE"] == "django.db.backends.sqlite3":
    Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Without IMMEDIATE transactions, concurrent writers on SQLite fail with
    # "database is locked" instead of waiting their turn.
    database.update({"OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20}, "CONN_MAX_AGE": 0})
DATABASES = {"default": database}

# --- Cache ----------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "folio"),
            "OPTIONS": {
                # A Redis outage degrades to cache misses instead of 500s.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        },
        "renditions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "folio") + "-renditions",
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # Files in var/cache/: every process on the machine (the server, cron's
    # publish_scheduled, a shell) sees the same generations, so a change made by
    # one is served by the others at once. Not the database: cache writes on reads
    # would queue behind SQLite's single writer, and a warm read would cost a query.
    CACHE_DIR = Path(env("CACHE_DIR", str(VAR_DIR / "cache")))
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR / alias),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
        for alias in ("default", "renditions")
    }

# Public API reads are cached in the default cache (see core/cache.py, cms/api_cache.py);
# API_CACHE=off serves every read from the database (benchmarks, debugging).
API_CACHE_ENABLED = env_bool("API_CACHE", default=True)

# --- Edge cache (CloudFront in production, Varnish locally) ---------------------
# Public answers (API v2, Next.js pages) may be kept by shared caches for hours: every
# content change purges exactly what it touched (blog/purge.py), after the frontend
# has revalidated. Browsers keep them only briefly.
EDGE_CACHE_SECONDS = int(env("EDGE_CACHE_SECONDS", str(6 * 60 * 60)))
EDGE_STALE_SECONDS = int(env("EDGE_STALE_SECONDS", str(24 * 60 * 60)))
BROWSER_CACHE_SECONDS = int(env("BROWSER_CACHE_SECONDS", "0"))
# Every purge is sent again this much later (0: never): a read that began before the
# change committed can reach the edge after the first purge (blog.tasks.purge_now_and_again).
# Longer than the edge waits for an origin's answer (CloudFront's and the VCL's 30 s).
EDGE_REPURGE_SECONDS = float(env("EDGE_REPURGE_SECONDS", "35"))
# wagtail.contrib.frontend_cache: CloudFront invalidations (one per purge job, retried
# while CloudFront refuses for now) when a distribution is named; HTTP PURGE to a
# Varnish (deploy/varnish/folio.vcl) when its URL is; nothing to purge otherwise.
if env("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE = {
        "cloudfront": {
            # Wagtail's, retrying what CloudFront refuses for now (blog/purge.py)
            "BACKEND": "blog.purge.CloudfrontBackend",
            "DISTRIBUTION_ID": env("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"),
        }
    }
elif env("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
        }
    }
else:
    WAGTAILFRONTENDCACHE = {}

# --- Wagtail --------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "Folio")
WAGTAIL_I18N_ENABLED = False
# No Gravatar: the admin must not leak editors' email hashes to a third party
# (and works offline).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "webp": "webp", "avif": "avif"}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "docx", "xlsx", "pptx", "zip", "md"]

# Posts are Markdown; editors' HTML is cleaned by nh3 in blog.markdown.
WAGTAILMARKDOWN = {"autodownload_fontawesome": False}

TAGGIT_CASE_INSENSITIVE = True

# Optional TOTP second step for staff in the admin (twofactor/): users who enrolled
# a device must enter a code after their password; others sign in as before.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# --- Search ---------------------------------------------------------------------
WAGTAILSEARCH_BACKENDS = {
    # The database backend uses PostgreSQL full-text search on PostgreSQL and
    # SQLite FTS on the embedded default.
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILAPI_SEARCH_ENABLED = True
# How long a search query may be is the search app's rule (search/query.py);
# SEARCH_MAX_CHARS and SEARCH_MAX_WORDS would override its defaults.

# --- Static files, media and uploads --------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))

# Media on S3 when a bucket is named; otherwise MEDIA_ROOT on local disk.
# Credentials never come from settings: boto3 finds them in the environment
# (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or the instance role.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", env("AWS_REGION")) or None
    # A CloudFront domain in front of the bucket (with origin access control)
    # serves media itself, so URLs are unsigned there and signed otherwise.
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", default=not AWS_S3_CUSTOM_DOMAIN)
    media_storage = {
        # Every object gets an explicit Content-Type; documents are attachments.
        "BACKEND": "uploads.storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            "querystring_auth": AWS_QUERYSTRING_AUTH,
            "querystring_expire": int(env("AWS_QUERYSTRING_EXPIRE", "3600")),
            "default_acl": None,  # objects stay private; never a public-write ACL
            "file_overwrite": False,  # names are never reused, so they can be cached for good
            "object_parameters": {"CacheControl": "max-age=31536000, immutable"},
            # Fail fast (and answer 503) instead of hanging on an unreachable S3.
            "client_config": BotoConfig(
                signature_version="s3v4",
                s3={"addressing_style": env("AWS_S3_ADDRESSING_STYLE", "auto")},
                connect_timeout=3,
                read_timeout=20,
                retries={"mode": "standard", "max_attempts": 3},
            ),
        },
    }
else:
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Direct uploads (POST /api/uploads/): what a browser may send, and for how long.
UPLOADS_MAX_SIZE = int(env("UPLOADS_MAX_SIZE", str(5 * 1024 * 1024)))
UPLOADS_EXPIRY_SECONDS = int(env("UPLOADS_EXPIRY_SECONDS", "600"))
UPLOADS_MAX_IMAGE_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
UPLOADS_RATE = env("UPLOADS_RATE", "60/hour")

# --- Email ----------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Folio <no-reply@folio.local>")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend): Django's own names.
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Amazon SES (django-ses): EMAIL_BACKEND=django_ses.SESBackend and AWS_SES_REGION_NAME;
# credentials from the instance role or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
AWS_SES_REGION_NAME = env("AWS_SES_REGION_NAME", env("AWS_REGION", "us-east-1"))
if env("AWS_SES_REGION_ENDPOINT_URL"):  # a VPC endpoint, or moto in tests
    AWS_SES_REGION_ENDPOINT_URL = env("AWS_SES_REGION_ENDPOINT_URL")
# Community emails: at most one per (recipient, post, kind) per window; the rest are digested.
NOTIFICATION_DIGEST_MINUTES = int(env("NOTIFICATION_DIGEST_MINUTES", "15"))

# Akismet spam check of new comments (community.akismet): off without a key; a failing
# Akismet never blocks posting. AKISMET_API_URL is the service's base (a fake in tests).
AKISMET_API_KEY = env("AKISMET_API_KEY", "")
AKISMET_API_URL = env("AKISMET_API_URL", "https://rest.akismet.com")
AKISMET_BLOG_URL = env("AKISMET_BLOG_URL", FRONTEND_URL)
AKISMET_TIMEOUT = float(env("AKISMET_TIMEOUT", "3"))
# Newsletters (newsletter/): messages per SMTP connection (a worker claims this many
# deliveries at a time); a failing address is retried after 1, 2, 4, ... times the retry
# delay, this many attempts in all; deliveries claimed by a worker that died are taken
# over after the claim timeout.
NEWSLETTER_BATCH_SIZE = int(env("NEWSLETTER_BATCH_SIZE", "100"))
NEWSLETTER_MAX_ATTEMPTS = int(env("NEWSLETTER_MAX_ATTEMPTS", "5"))
NEWSLETTER_RETRY_SECONDS = int(env("NEWSLETTER_RETRY_SECONDS", "60"))
NEWSLETTER_CLAIM_TIMEOUT_SECONDS = int(env("NEWSLETTER_CLAIM_TIMEOUT_SECONDS", "600"))
NEWSLETTER_CONFIRM_MAX_AGE_HOURS = int(env("NEWSLETTER_CONFIRM_MAX_AGE_HOURS", "72"))
# The mailto half of List-Unsubscribe; empty: the address of DEFAULT_FROM_EMAIL.
NEWSLETTER_UNSUBSCRIBE_MAILTO = env("NEWSLETTER_UNSUBSCRIBE_MAILTO")
# SES bounces and complaints arrive as SNS notifications (django-ses verifies their
# signature): accept only our own topic(s).
AWS_SNS_EVENT_TRUSTED_TOPIC_ARNS = env_list("AWS_SNS_EVENT_TRUSTED_TOPIC_ARNS")

# --- APIs: Wagtail API v2, the community API (DRF, JWT, OpenAPI) ----------------
WAGTAILAPI_LIMIT_MAX = 50

# API bodies are small JSON documents (a comment is at most 5,000 characters):
# larger ones are refused with a 413 before they are read (core.middleware).
API_MAX_REQUEST_BYTES = int(env("API_MAX_REQUEST_BYTES", str(256 * 1024)))
# The local upload endpoint checks its own limit (the signed form's size plus
# multipart overhead).
API_MAX_REQUEST_BYTES_EXEMPT_PATHS = ["/api/uploads/local/"]

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # How many proxies in front of Django append to X-Forwarded-For (the load
    # balancer, the Next.js server that forwards readers' addresses): throttles
    # identify clients by the address that many hops from the right. 0 trusts
    # nothing but the socket's address (DRF reads None as "trust X-Forwarded-For
    # whatever its length", which would let callers pick their throttle bucket).
    "NUM_PROXIES": int(env("TRUSTED_PROXY_COUNT", "0")),
    # Counted atomically in the default cache by community.api.throttles.
    "DEFAULT_THROTTLE_RATES": {
        "login_ip": env("THROTTLE_LOGIN_IP", "30/min"),
        "login_user": env("THROTTLE_LOGIN_USER", "10/min"),
        "register": env("THROTTLE_REGISTER", "10/hour"),
        "comment": env("THROTTLE_COMMENT", "10/min"),
        "like": env("THROTTLE_LIKE", "120/min"),
        "comment_preview": env("THROTTLE_COMMENT_PREVIEW", "60/min"),
        "moderation": env("THROTTLE_MODERATION", "120/min"),
        "report": env("THROTTLE_REPORT", "20/hour"),
        "password_reset": env("THROTTLE_PASSWORD_RESET", "10/hour"),
        "password_reset_email": env("THROTTLE_PASSWORD_RESET_EMAIL", "3/hour"),
        "newsletter_subscribe": env("THROTTLE_NEWSLETTER", "20/hour"),
        "newsletter_subscribe_email": env("THROTTLE_NEWSLETTER_EMAIL", "3/hour"),
        "federation_inbox": env("THROTTLE_FEDERATION_INBOX", "300/min"),
    },
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=5),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": env("JWT_SIGNING_KEY") or SECRET_KEY,
    "AUDIENCE": "folio-api",
    "ISSUER": "folio",
    "LEEWAY": 0,
    # Access tokens carry a hash of the password: changing it ends them at once.
    "CHECK_REVOKE_TOKEN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Folio community API",
    "DESCRIPTION": "Accounts (JWT), comments, reports, likes and post stats. Errors: "
    '400 `{"field": ["message"]}`, 401/403/404 `{"detail": "..."}`, 429 when throttled.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["community.api.schema.exclude_non_community_paths"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Background jobs (Celery) ---------------------------------------------------
# Redis (or SQS with CELERY_BROKER_URL=sqs://, via kombu + pycurl) when configured; with no
# broker, tasks run eagerly in the request so the embedded default needs none.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "folio")
if CELERY_BROKER_URL.startswith("sqs://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"region": env("AWS_REGION", "us-east-1"), "visibility_timeout": 600}

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO" if not DEBUG else "WARNING")},
}
