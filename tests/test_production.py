"""Production settings chosen by the environment alone, and the health probe."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    # What wsgi.py and manage.py load in production, not the test settings pytest exports.
    "DJANGO_SETTINGS_MODULE": "cms.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "api.folio.example",
    "FRONTEND_URL": "https://folio.example",
    "WAGTAILADMIN_BASE_URL": "https://api.folio.example",
}


def manage(*args, extra_env=None):
    env = {**os.environ, **PRODUCTION_ENV, **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", extra_env={"DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_settings_come_from_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print('RESULT', s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CORS_ALLOWED_ORIGINS)"
    )
    result = manage(
        "shell",
        "-c",
        code,
        extra_env={
            "DATABASE_URL": "postgres://u:p@db.example:5432/folio",
            "REDIS_URL": "redis://cache:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("RESULT")]
    assert line.split()[1:6] == [
        "False",
        "django.db.backends.postgresql",
        "django_redis.cache.RedisCache",
        "True",
        "True",
    ]
    assert "https://folio.example" in line


@pytest.mark.django_db
class TestHealthz:
    def test_reports_database_and_cache(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
        assert response["Cache-Control"] == "no-store"

    def test_answers_a_plain_http_probe_with_an_unknown_host_under_production_settings(
        self, client, settings
    ):
        settings.DEBUG = False
        settings.ALLOWED_HOSTS = ["api.folio.example"]
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
        # the balancer probes http://<instance ip>/healthz
        response = client.get("/healthz", HTTP_HOST="10.0.3.17")
        assert response.status_code == 200
        # while any other path on that host is refused / redirected as usual
        assert client.get("/api/v2/pages/", HTTP_HOST="10.0.3.17").status_code == 400

    def test_a_database_outage_is_503(self, client, monkeypatch):
        from core import health

        monkeypatch.setattr(health, "check_database", lambda: "unavailable")
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"
