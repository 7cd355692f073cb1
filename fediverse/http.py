"""
Outgoing requests to other servers: every fetch and delivery goes through here.

Before connecting, the host is resolved and refused when any of its addresses is
loopback, private, link-local, multicast or reserved (``FEDERATION_ALLOW_PRIVATE_ADDRESSES``
lifts that, for tests); only http(s) on default or explicit ports; no redirects are
followed; connect and read timeouts; responses are read up to a size limit.
"""

import ipaddress
import json
import socket
from urllib.parse import urlsplit

import requests
from django.conf import settings

CONNECT_TIMEOUT = 5
READ_TIMEOUT = 10
MAX_RESPONSE_BYTES = 1024 * 1024
ACTIVITY_JSON = "application/activity+json"
ACCEPT = f'{ACTIVITY_JSON}, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
USER_AGENT = "Folio (ActivityPub)"


class FetchError(Exception):
    """The remote server could not be asked, or answered something unusable."""


class RetryLater(FetchError):
    """A delivery failed and another attempt is due (``fediverse.tasks.deliver`` retries)."""


class RefusedAddress(FetchError):
    """The URL leads to an address we never connect to."""


def check_url(url):
    """Raise ``RefusedAddress`` unless ``url`` is http(s) to public addresses only."""
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise RefusedAddress(f"not an http(s) URL: {url[:200]}")
    if settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {parts.hostname}") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast or address.is_reserved:
            raise RefusedAddress(f"{parts.hostname} resolves to a non-public address")


def _read_limited(response):
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise FetchError("response too large")
        chunks.append(chunk)
    return b"".join(chunks)


def get_json(url, headers=None):
    """GET ``url`` as ActivityPub JSON (a dict); ``headers``: e.g. a signature."""
    check_url(url)
    try:
        with requests.get(
            url,
            headers={"Accept": ACCEPT, "User-Agent": USER_AGENT, **(headers or {})},
            timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
            allow_redirects=False,
            stream=True,
        ) as response:
            if response.status_code != 200:
                raise FetchError(f"GET {url[:200]} answered {response.status_code}")
            body = _read_limited(response)
    except requests.RequestException as error:
        raise FetchError(f"GET {url[:200]} failed: {type(error).__name__}") from error
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:  # RecursionError: nested a few thousand deep
        raise FetchError("not JSON") from error
    if not isinstance(data, dict):
        raise FetchError("not a JSON object")
    return data


def post(url, body, headers):
    """POST ``body`` (bytes) to ``url``; returns the status code (raises ``FetchError``
    when no answer came)."""
    check_url(url)
    try:
        with requests.post(
            url,
            data=body,
            headers={"Content-Type": ACTIVITY_JSON, "User-Agent": USER_AGENT, **headers},
            timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
            allow_redirects=False,
            stream=True,
        ) as response:
            return response.status_code
    except requests.RequestException as error:
        raise FetchError(f"POST {url[:200]} failed: {type(error).__name__}") from error
