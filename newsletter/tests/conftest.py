"""Newsletter fixtures: a real SMTP sink configured through the EMAIL_* environment variables."""

import runpy
from pathlib import Path

import pytest

from newsletter.models import Subscriber, Topic
from newsletter.tests.smtp import SMTPSink

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "cms" / "settings.py"
EMAIL_SETTINGS = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"]
EMAIL_SETTINGS += ["EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL"]


def email_settings_from_env(monkeypatch, **env):
    """The email settings exactly as cms/settings.py builds them from these variables."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    values = runpy.run_path(str(SETTINGS_FILE))
    return {name: values[name] for name in EMAIL_SETTINGS}


def smtp_env(port):
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "DEFAULT_FROM_EMAIL": "Folio <news@folio.test>",
    }


@pytest.fixture
def smtp(settings, monkeypatch):
    """An SMTP server on loopback that Django sends to (settings from the environment)."""
    sink = SMTPSink().start()
    for name, value in email_settings_from_env(monkeypatch, **smtp_env(sink.port)).items():
        setattr(settings, name, value)
    yield sink
    sink.stop()


@pytest.fixture
def dead_smtp(settings, monkeypatch):
    """Email settings pointing at a port where no server listens (yet): ``.start()`` brings it up."""
    sink = SMTPSink()
    for name, value in email_settings_from_env(monkeypatch, **smtp_env(sink.port)).items():
        setattr(settings, name, value)
    yield sink
    if sink.controller.loop.is_running():
        sink.stop()


@pytest.fixture
def make_subscriber(db):
    def make(email, topics=("blog",), state=Subscriber.State.CONFIRMED, **fields):
        subscriber = Subscriber.objects.create(email=email, state=state, **fields)
        Topic.objects.bulk_create([Topic(subscriber=subscriber, key=key) for key in topics])
        return subscriber

    return make


@pytest.fixture
def publish(make_post, django_capture_on_commit_callbacks):
    """Publish a post and run what its commit starts (the send, in-process)."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make_post(**kwargs)

    return run
