"""
POST /api/uploads/{id}/complete/ and GET /api/uploads/{id}/ against moto over
HTTP. moto keeps whatever a presigned POST sends, so these send what real S3
would refuse and prove that completion refuses it anyway.
"""

import io

import pytest
import requests
from PIL import Image
from wagtail.images import get_image_model

from core.renditions import AVATAR_SPECS
from uploads.models import Upload

from .conftest import gps_exif, image_bytes, png_header_only, start_upload

pytestmark = pytest.mark.django_db


def bucket_keys(s3):
    listing = s3.client.list_objects_v2(Bucket=s3.bucket)
    return sorted(obj["Key"] for obj in listing.get("Contents", []))


def assert_rejected(response, s3, reason_contains):
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "rejected", body
    assert reason_contains in body["reason"]
    assert body["image"] is None
    upload = Upload.objects.get(pk=body["id"])
    assert not any(key == upload.key for key in bucket_keys(s3)), "rejected objects leave the bucket"
    assert not get_image_model().objects.exists()


def test_happy_path_makes_a_clean_avatar_served_from_the_bucket(reader, user, upload_file, s3_settings):
    form, response = upload_file(image_bytes("JPEG", size=(640, 480), exif=gps_exif()))

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "ready" and body["reason"] == ""
    image = get_image_model().objects.get(pk=body["image"]["id"])
    assert image.collection.name == "Avatars"
    assert image.uploaded_by_user == user
    assert (image.width, image.height) == (640, 480)
    assert image.file_size and image.file_hash

    keys = bucket_keys(s3_settings)
    assert image.file.name in keys
    assert form["fields"]["key"] not in keys, "the raw upload (with its GPS data) is removed"
    renditions = [key for key in keys if key.startswith("images/")]
    assert len(renditions) == len(AVATAR_SPECS) == 1, "exactly the renditions the APIs serve"

    # The stored original carries no EXIF/GPS.
    stored = s3_settings.client.get_object(Bucket=s3_settings.bucket, Key=image.file.name)["Body"].read()
    assert not Image.open(io.BytesIO(stored)).getexif()

    # The avatar URL is a signed S3 URL that really serves the API's 160×160 WebP.
    url = body["image"]["url"]
    assert url.startswith(f"{s3_settings.endpoint_url}/{s3_settings.bucket}/images/")
    assert "X-Amz-Signature=" in url
    served = requests.get(url, timeout=10)
    assert served.status_code == 200
    avatar = Image.open(io.BytesIO(served.content))
    assert (avatar.format, avatar.size) == ("WEBP", (160, 160))
    assert requests.get(url.split("?")[0], timeout=10).status_code == 403, "objects are private"

    # The same answer later; only the signed URL's timestamp may have ticked.
    assert without_signature(reader.get(f"/api/uploads/{form['id']}/").json()) == without_signature(body)


def test_oversize_file_is_rejected_although_s3_stored_it(upload_file, s3_settings):
    big = image_bytes("JPEG") + b"\0" * (6 * 1024 * 1024)
    _, response = upload_file(big, declared_size=1000)

    assert_rejected(response, s3_settings, "the limit is 5.0 MB")


def test_png_declared_as_jpeg_is_rejected(upload_file, s3_settings):
    _, response = upload_file(image_bytes("PNG"), content_type="image/jpeg")

    assert_rejected(response, s3_settings, "is a PNG image but was sent as JPEG")


def test_wrong_content_type_sent_to_s3_is_still_judged_by_its_bytes(reader, send_file, s3_settings):
    form = start_upload(reader, content_type="image/jpeg").json()
    # Real S3 refuses this (the policy pins Content-Type); moto stores it.
    assert (
        send_file(
            form, b"<html><script>alert(1)</script></html>", "text/html", fields={"Content-Type": "text/html"}
        )
        == 204
    )

    response = reader.post(f"/api/uploads/{form['id']}/complete/")
    assert_rejected(response, s3_settings, "not a JPEG, PNG, WebP or GIF image")


@pytest.mark.parametrize(
    "payload",
    [
        b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>',
    ],
    ids=["html", "svg"],
)
def test_markup_renamed_jpg_is_rejected(upload_file, s3_settings, payload):
    _, response = upload_file(payload, content_type="image/jpeg")

    assert_rejected(response, s3_settings, "not a JPEG, PNG, WebP or GIF image")


@pytest.mark.parametrize("side", [100_000, 7_000], ids=["pillow-bomb-limit", "our-pixel-limit"])
def test_decompression_bomb_is_rejected_without_decoding(upload_file, s3_settings, side):
    bomb = png_header_only(side, side)
    assert len(bomb) < 1000
    _, response = upload_file(bomb, content_type="image/png")

    assert_rejected(response, s3_settings, "pixels")


def test_truncated_image_is_rejected(upload_file, s3_settings):
    _, response = upload_file(image_bytes("PNG", size=(300, 300))[:200], content_type="image/png")

    assert_rejected(response, s3_settings, "damaged or truncated")


def test_someone_elses_upload_is_404(upload_file, client_for, other_user, s3_settings):
    form, _ = upload_file(image_bytes("JPEG"))
    intruder = client_for(other_user)

    assert intruder.post(f"/api/uploads/{form['id']}/complete/").status_code == 404
    assert intruder.get(f"/api/uploads/{form['id']}/").status_code == 404


def without_signature(body):
    return {**body, "image": {**body["image"], "url": body["image"]["url"].split("?")[0]}}


def test_completing_twice_is_harmless(reader, upload_file, s3_settings):
    form, first = upload_file(image_bytes("WEBP"), content_type="image/webp")
    keys = bucket_keys(s3_settings)

    second = reader.post(f"/api/uploads/{form['id']}/complete/")

    assert second.status_code == 202
    # the same upload and image; only the signed URL's timestamp may differ
    assert without_signature(second.json()) == without_signature(first.json())
    assert get_image_model().objects.count() == 1
    assert bucket_keys(s3_settings) == keys


def test_completing_before_the_file_arrived_is_409(reader, s3_settings):
    form = start_upload(reader).json()

    response = reader.post(f"/api/uploads/{form['id']}/complete/")

    assert response.status_code == 409
    assert Upload.objects.get(pk=form["id"]).status == "pending"


def test_s3_down_at_completion_answers_503_and_keeps_the_upload_pending(
    reader, send_file, s3_settings, settings
):
    form = start_upload(reader).json()
    assert send_file(form, image_bytes("JPEG")) == 204
    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"}},
    }

    response = reader.post(f"/api/uploads/{form['id']}/complete/")

    assert response.status_code == 503
    assert response.json() == {"detail": "Storage is unavailable, try again later."}
    assert Upload.objects.get(pk=form["id"]).status == "pending"
    assert not get_image_model().objects.exists()


def test_gif_and_png_uploads_are_accepted(upload_file, s3_settings):
    for fmt, content_type in [("GIF", "image/gif"), ("PNG", "image/png")]:
        _, response = upload_file(image_bytes(fmt), content_type=content_type)
        assert response.json()["status"] == "ready"
