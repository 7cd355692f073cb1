"""POST /api/uploads/: who may ask, what they may declare, and what the signed form allows."""

import base64
import json
import socket
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from uploads.models import Upload

from .conftest import start_upload

pytestmark = pytest.mark.django_db


def decode_policy(fields):
    return json.loads(base64.b64decode(fields["policy"]))


def test_anonymous_callers_are_refused(api_client):
    assert start_upload(api_client).status_code in (401, 403)
    assert not Upload.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"content_type": "image/svg+xml"}, "content_type"),
        ({"content_type": "text/html"}, "content_type"),
        ({"size": 5 * 1024 * 1024 + 1}, "size"),
        ({"size": 0}, "size"),
        ({"purpose": "banner"}, "purpose"),
        ({"filename": ""}, "filename"),
    ],
)
def test_invalid_declarations_answer_400_per_field(reader, payload, field):
    body = {"filename": "me.jpg", "content_type": "image/jpeg", "size": 1000, "purpose": "avatar", **payload}
    response = reader.post("/api/uploads/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert isinstance(response.json()[field][0], str)
    assert not Upload.objects.exists()


def test_s3_policy_pins_type_size_key_and_expiry(reader, user, s3_settings):
    response = start_upload(reader, content_type="image/png", size=1234, filename="holiday.png")

    assert response.status_code == 201
    form = response.json()
    assert set(form) == {"id", "url", "fields", "expires_at"}
    assert form["url"] == f"{s3_settings.endpoint_url}/{s3_settings.bucket}"
    upload = Upload.objects.get(pk=form["id"])
    assert upload.key.startswith(f"uploads/{user.pk}/") and upload.key.endswith(".png")
    assert form["fields"]["key"] == upload.key
    assert form["fields"]["Content-Type"] == "image/png"
    assert form["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    assert "acl" not in form["fields"]

    policy = decode_policy(form["fields"])
    conditions = policy["conditions"]
    assert ["eq", "$Content-Type", "image/png"] in conditions
    assert ["content-length-range", 1, 5 * 1024 * 1024] in conditions
    assert {"key": upload.key} in conditions
    assert {"bucket": s3_settings.bucket} in conditions
    assert not any("acl" in c for c in conditions if isinstance(c, dict))
    expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    expires_at = parse_datetime(form["expires_at"])
    assert abs((expiration - expires_at).total_seconds()) <= 2
    assert timedelta(minutes=9) < expiration - timezone.now() <= timedelta(minutes=10)


def test_client_filename_never_reaches_the_key(reader, user, s3_settings):
    form = start_upload(reader, filename="../../etc/passwd.jpg").json()

    upload = Upload.objects.get(pk=form["id"])
    assert ".." not in upload.key and "passwd" not in upload.key
    assert upload.key.startswith(f"uploads/{user.pk}/")
    assert {"key": upload.key} in decode_policy(form["fields"])["conditions"]
    assert upload.original_filename == "passwd.jpg"


def test_local_form_has_the_same_shape(reader, user):
    form = start_upload(reader).json()

    assert form["url"] == "http://testserver/api/uploads/local/"
    assert set(form["fields"]) == {"key", "Content-Type", "token"}
    assert form["fields"]["key"].startswith(f"uploads/{user.pk}/")


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3_down(s3_settings, settings):
    """The production S3 configuration, pointed at a port where nothing listens."""
    default = settings.STORAGES["default"]
    options = {**default["OPTIONS"], "endpoint_url": f"http://127.0.0.1:{closed_port()}"}
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}


def test_s3_down_answers_503_and_records_nothing(reader, s3_down):
    response = start_upload(reader)

    assert response.status_code == 503
    assert response.json() == {"detail": "Storage is unavailable, try again later."}
    assert not Upload.objects.exists()


def test_signing_is_rate_limited_per_user(reader, settings):
    settings.UPLOADS_RATE = "2/hour"

    codes = [start_upload(reader).status_code for _ in range(3)]

    assert codes == [201, 201, 429]
    assert Upload.objects.count() == 2


def test_the_signing_limit_is_counted_per_user(reader, client_for, other_user, settings):
    settings.UPLOADS_RATE = "1/hour"

    assert [start_upload(reader).status_code for _ in range(2)] == [201, 429]
    assert start_upload(client_for(other_user)).status_code == 201
