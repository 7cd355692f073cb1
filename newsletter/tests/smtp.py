"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for newsletter tests."""

import asyncio
import email
import socket
import threading
from email import policy

from aiosmtpd.controller import Controller


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
