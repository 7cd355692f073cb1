"""
HTTP Signatures as Mastodon speaks them (draft-cavage-http-signatures-12).

A request is signed over ``(request-target) host date digest`` with RSA-SHA256
(``algorithm="rsa-sha256"``; ``hs2019`` is accepted as the same thing, as Mastodon
does), the body being bound by ``Digest: SHA-256=<base64>``. Verification checks
the digest against the body, that ``date`` is recent, that the signed headers cover
what a POST must, and the signature with the key the caller found for ``keyId``.
"""

import base64
import functools
import hashlib
import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

MAX_SKEW = timedelta(minutes=5)
"""How far ``Date`` may be from now (Mastodon allows one hour back; we keep it short)."""

POST_HEADERS = ("(request-target)", "host", "date", "digest")
GET_HEADERS = ("(request-target)", "host", "date")


class SignatureError(Exception):
    """The request's signature is missing, malformed, stale or wrong."""


def new_key_pair():
    """``(private_pem, public_pem)`` of a fresh RSA-2048 key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode(), public.decode()


def body_digest(body: bytes) -> str:
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def _signing_string(names, method, target, headers):
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {target}")
        else:
            value = headers.get(name)
            if value is None:
                raise SignatureError(f"signed header {name} is missing")
            lines.append(f"{name}: {value}")
    return "\n".join(lines).encode()


@functools.lru_cache(maxsize=64)
def _private_key(private_key_pem):
    """The loaded key of a PEM. Loading checks the RSA key (~0.1 s), so it is paid once
    per process and key; keyed by the PEM itself, a rotated key is a new entry."""
    return serialization.load_pem_private_key(private_key_pem.encode(), password=None)


def sign(method, url, key_id, private_key_pem, body=None, accept=None):
    """The headers that sign a request to ``url``: ``Host``, ``Date``, ``Digest`` (with a
    body) and ``Signature``."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    headers = {"host": parts.netloc, "date": format_datetime(datetime.now(UTC), usegmt=True)}
    names = list(GET_HEADERS)
    if body is not None:
        headers["digest"] = body_digest(body)
        names.append("digest")
    signature = _private_key(private_key_pem).sign(
        _signing_string(names, method, target, headers), padding.PKCS1v15(), hashes.SHA256()
    )
    headers["signature"] = (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
        f'signature="{base64.b64encode(signature).decode()}"'
    )
    result = {"Host": headers["host"], "Date": headers["date"], "Signature": headers["signature"]}
    if body is not None:
        result["Digest"] = headers["digest"]
    if accept:
        result["Accept"] = accept
    return result


_PARAM = re.compile(r'([a-zA-Z]+)="([^"]*)"')


def parse(signature_header):
    """``{"keyId", "algorithm", "headers", "signature"}`` from a ``Signature`` header."""
    if not signature_header:
        raise SignatureError("no Signature header")
    params = dict(_PARAM.findall(signature_header))
    if "keyId" not in params or "signature" not in params:
        raise SignatureError("Signature header without keyId or signature")
    return params


def check_request(params, method, body, headers, now=None):
    """Everything but the cryptography: covered headers, digest, date. ``headers``: a
    lowercase-keyed mapping of the request's headers."""
    if params.get("algorithm", "hs2019").lower() not in {"rsa-sha256", "hs2019"}:
        raise SignatureError("unsupported algorithm")
    names = params.get("headers", "date").lower().split()
    required = POST_HEADERS if method.upper() == "POST" else GET_HEADERS
    missing = [name for name in required if name not in names]
    if missing:
        raise SignatureError(f"signature does not cover {', '.join(missing)}")
    if body is not None:
        digest = headers.get("digest", "")
        algorithm, _, value = digest.partition("=")
        if algorithm.upper() != "SHA-256" or digest[len(algorithm) + 1 :] != body_digest(body)[8:]:
            raise SignatureError("digest does not match the body")
    try:
        date = parsedate_to_datetime(headers.get("date", ""))
    except (TypeError, ValueError) as error:
        raise SignatureError("bad Date") from error
    if date.tzinfo is None:
        raise SignatureError("bad Date")
    if abs((now or datetime.now(UTC)) - date) > MAX_SKEW:
        raise SignatureError("Date is too far from now")
    del value
    return names


def verify(params, names, method, target, headers, public_key_pem):
    """Check the RSA-SHA256 signature; raises ``SignatureError``."""
    try:
        key = serialization.load_pem_public_key(public_key_pem.encode())
        signature = base64.b64decode(params["signature"], validate=True)
        key.verify(
            signature, _signing_string(names, method, target, headers), padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, ValueError, TypeError) as error:
        raise SignatureError("bad signature") from error
