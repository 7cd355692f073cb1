"""
A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and the
``smtp`` / ``dead_smtp`` fixtures that point Django's email settings at it through
the EMAIL_* environment variables (read by cms/settings.py). Every app's tests use
them (registered in the root conftest).
"""

import asyncio
import email
import runpy
import socket
import threading
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

SETTINGS_FILE = Path(__file__).resolve().parents[1] / "cms" / "settings.py"
EMAIL_SETTINGS = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"]
EMAIL_SETTINGS += ["EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL"]


def free_port():
    """A free loopback port, chosen by the OS."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPSink:
    """
    ``messages`` holds each accepted message (``email.message.EmailMessage``).
    ``refuse`` lists recipients answered ``550`` at RCPT. With ``hold_after`` set, the
    message after that many is neither accepted nor refused until ``release()``
    (``holding`` is set meanwhile), then refused with a 451: a sender stuck mid-DATA.
    """

    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []
        self.refuse = set()
        self.hold_after = None
        self.holding = threading.Event()
        self._released = threading.Event()
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self._released.set()
        self.controller.stop()

    def release(self):
        self._released.set()

    @property
    def recipients(self):
        with self._lock:
            return [message["To"] for message in self.messages]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.holding.set()
            while not self._released.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


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
