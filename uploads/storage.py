"""
The media storage: the S3 backend that every media object is stored through in
production, and everything that talks to the storage for direct uploads
(signing the upload form: S3 presigned POST, or our own signed token on local
disk; looking at an object, removing one; turning connection failures into one
exception).
"""

import logging
import mimetypes
import time
import uuid
from contextlib import contextmanager

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.urls import reverse
from storages.backends.s3 import S3Storage

from core.urls import absolute_url

from .models import CONTENT_TYPES

logger = logging.getLogger(__name__)

LOCAL_FORM_SALT = "uploads.local-form"


class StorageUnavailable(Exception):
    """S3 (or the disk) could not be reached; the caller may try again later."""


@contextmanager
def storage_errors():
    """Turn network and server-side storage failures into ``StorageUnavailable``."""
    try:
        yield
    except BotoCoreError as exc:  # EndpointConnectionError, timeouts, missing credentials...
        logger.warning("Storage unavailable: %s", exc)
        raise StorageUnavailable(str(exc)) from exc
    except ClientError as exc:
        if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500:
            logger.warning("Storage unavailable: %s", exc)
            raise StorageUnavailable(str(exc)) from exc
        raise


class MediaS3Storage(S3Storage):
    """
    S3 storage whose objects carry an explicit Content-Type (never S3's
    ``binary/octet-stream`` default, which browsers sniff) and, for documents,
    ``Content-Disposition: attachment``, so a text or HTML-looking file is
    downloaded, never rendered on the bucket's or CDN's origin. (S3 cannot store
    ``X-Content-Type-Options``; the CDN adds it with a response-headers policy.)
    """

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        content_type, _ = mimetypes.guess_type(name)
        params.setdefault("ContentType", content_type or "application/octet-stream")
        if name.startswith("documents/"):
            params.setdefault("ContentDisposition", "attachment")
        return params


def uses_s3(storage=None):
    """Whether media (by default, the default storage) lives on S3."""
    return isinstance(storage or default_storage, S3Storage)


def new_key(user, content_type):
    """A server-chosen storage name; the client's filename never gets near it."""
    return f"uploads/{user.pk}/{uuid.uuid4().hex}.{CONTENT_TYPES[content_type][0]}"


def _s3_name(storage, key):
    return f"{storage.location.strip('/')}/{key}" if storage.location else key


def signed_form(upload):
    """
    Return ``(url, fields)`` for a browser to POST the file to, valid until
    ``upload.expires_at``, for exactly ``upload.key`` and ``upload.content_type``
    and at most ``UPLOADS_MAX_SIZE`` bytes. The file goes last, as field ``file``.
    """
    expires_in = max(1, int(upload.expires_at.timestamp() - time.time()))
    if uses_s3():
        storage = default_storage
        client = storage.connection.meta.client
        with storage_errors():
            # Signing is offline; ask S3 first so an outage is a 503 now, not a failed upload later.
            client.head_bucket(Bucket=storage.bucket_name)
            form = client.generate_presigned_post(
                Bucket=storage.bucket_name,
                Key=_s3_name(storage, upload.key),
                Fields={"Content-Type": upload.content_type},
                Conditions=[
                    ["eq", "$Content-Type", upload.content_type],
                    ["content-length-range", 1, settings.UPLOADS_MAX_SIZE],
                ],
                ExpiresIn=expires_in,
            )
        return form["url"], form["fields"]

    token = signing.dumps(
        {
            "k": upload.key,
            "t": upload.content_type,
            "m": settings.UPLOADS_MAX_SIZE,
            "e": int(upload.expires_at.timestamp()),
        },
        salt=LOCAL_FORM_SALT,
    )
    url = absolute_url(reverse("uploads:local"))
    return url, {"key": upload.key, "Content-Type": upload.content_type, "token": token}


def read_local_token(token):
    """The grant inside a local upload token, or None if it was tampered with."""
    try:
        return signing.loads(token, salt=LOCAL_FORM_SALT)
    except signing.BadSignature:
        return None


def object_size(key):
    """Size in bytes of the stored object (a HEAD on S3), or None if it isn't there."""
    with storage_errors():
        try:
            return default_storage.size(key)
        except FileNotFoundError:
            return None
        except ClientError as exc:
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") in (403, 404):
                return None
            raise


def read_object(key, limit):
    """At most ``limit + 1`` bytes of the object: enough to tell it is too big."""
    with storage_errors(), default_storage.open(key, "rb") as fh:
        return fh.read(limit + 1)


def delete_object(key):
    with storage_errors():
        default_storage.delete(key)
