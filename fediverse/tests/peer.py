"""
A fediverse server for tests: a real HTTP server on loopback with its own RSA key.

It shares no code with Folio's federation app: it signs and verifies draft-cavage
HTTP Signatures with ``cryptography`` directly, as written here from the draft, and
checks the ``Digest`` of every POST it receives. Folio reaches it as it would reach
Mastodon (``FEDERATION_ALLOW_PRIVATE_ADDRESSES`` lets it connect to 127.0.0.1).
"""

import base64
import hashlib
import json
import re
import threading
import urllib.request
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _public_pem(key):
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sha256_digest(body):
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


class Peer:
    """``origin``, one user ``ana`` (``actor_id``, ``inbox``), a shared inbox, and what it
    received (``received``: dicts with path, activity, verified, problem)."""

    def __init__(self):
        self.key = _new_key()
        self.key_generation = 1
        self.received = []
        self.fetches = []
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                peer.fetches.append((self.path, self.headers.get("Signature")))
                if self.path == "/users/ana":
                    body = json.dumps(peer.actor_document()).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/activity+json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                problem = peer.check_signature("post", self.path, self.headers, body)
                try:
                    activity = json.loads(body)
                except ValueError:
                    activity, problem = None, problem or "not JSON"
                peer.received.append(
                    {"path": self.path, "activity": activity, "verified": problem is None, "problem": problem}
                )
                self.send_response(202 if problem is None else 401)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.actor_id = f"{self.origin}/users/ana"
        self.key_id = f"{self.actor_id}#main-key"
        self.inbox = f"{self.actor_id}/inbox"
        self.shared_inbox = f"{self.origin}/inbox"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.counter = 0

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def actor_document(self):
        return {
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": self.actor_id,
            "type": "Person",
            "preferredUsername": "ana",
            "name": "Ana from the peer",
            "url": f"{self.origin}/@ana",
            "icon": {"type": "Image", "url": f"{self.origin}/ana.png"},
            "inbox": self.inbox,
            "endpoints": {"sharedInbox": self.shared_inbox},
            "publicKey": {"id": self.key_id, "owner": self.actor_id, "publicKeyPem": _public_pem(self.key)},
        }

    def rotate_key(self):
        self.key = _new_key()
        self.key_generation += 1

    def next_id(self, kind="activity"):
        self.counter += 1
        return f"{self.origin}/{kind}/{self.counter}"

    # --- Checking what Folio sends ------------------------------------------------------

    def check_signature(self, method, path, headers, body):
        """None when the request is signed by the key its keyId names and the digest
        matches; else what is wrong."""
        header = headers.get("Signature")
        if not header:
            return "unsigned"
        params = dict(re.findall(r'(\w+)="([^"]*)"', header))
        names = params.get("headers", "").split()
        if not {"(request-target)", "host", "date", "digest"} <= set(names):
            return f"signed headers {names}"
        if headers.get("Digest") != sha256_digest(body):
            return "digest mismatch"
        lines = []
        for name in names:
            value = f"{method} {path}" if name == "(request-target)" else headers.get(name)
            lines.append(f"{name}: {value}")
        request = urllib.request.Request(  # noqa: S310 - loopback
            params["keyId"].split("#")[0], headers={"Accept": "application/activity+json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            actor = json.loads(response.read())
        key_info = actor["publicKey"]
        if key_info["id"] != params["keyId"]:
            return "keyId is not the actor's key"
        public = serialization.load_pem_public_key(key_info["publicKeyPem"].encode())
        try:
            public.verify(
                base64.b64decode(params["signature"]),
                "\n".join(lines).encode(),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except Exception:
            return "bad signature"
        self.last_signer = actor["id"]
        return None

    def received_of(self, kind, object_type=None):
        found = []
        for item in self.received:
            activity = item["activity"] or {}
            obj = activity.get("object")
            if activity.get("type") == kind and (
                object_type is None or (isinstance(obj, dict) and obj.get("type") == object_type)
            ):
                found.append(item)
        return found

    # --- Sending to Folio ---------------------------------------------------------------

    def signed_headers(self, url, body, *, key=None, key_id=None, date=None, digest=None, covered=None):
        parts = urlsplit(url)
        values = {
            "host": parts.netloc,
            "date": date or formatdate(usegmt=True),
            "digest": digest or sha256_digest(body),
        }
        names = covered or ["(request-target)", "host", "date", "digest"]
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        lines = [
            f"(request-target): post {target}" if n == "(request-target)" else f"{n}: {values[n]}"
            for n in names
        ]
        signature = (key or self.key).sign("\n".join(lines).encode(), padding.PKCS1v15(), hashes.SHA256())
        return {
            "Host": values["host"],
            "Date": values["date"],
            "Digest": values["digest"],
            "Content-Type": "application/activity+json",
            "Signature": (
                f'keyId="{key_id or self.key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
                f'signature="{base64.b64encode(signature).decode()}"'
            ),
        }

    def post(self, url, activity, *, body=None, headers=None, unsigned=False, **signing):
        """POST ``activity`` to ``url``; returns the status code."""
        body = body if body is not None else json.dumps(activity).encode()
        sent = {"Content-Type": "application/activity+json"}
        if not unsigned:
            sent = self.signed_headers(url, body, **signing)
        sent.update(headers or {})
        request = urllib.request.Request(url, data=body, headers=sent, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - loopback
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
