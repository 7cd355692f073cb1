"""
The embedded default: the same API, with our own endpoint standing in for S3.
Unlike moto it is our code, so it must enforce the form's conditions itself.
"""

import io
import time

import pytest
from django.core import signing
from django.core.files.storage import default_storage
from PIL import Image
from wagtail.images import get_image_model

from core.renditions import AVATAR_SPECS
from uploads.models import Upload
from uploads.storage import LOCAL_FORM_SALT

from .conftest import gps_exif, image_bytes, start_upload

pytestmark = pytest.mark.django_db


def test_local_flow_stores_to_disk_and_makes_the_avatar(reader, send_file, settings):
    form = start_upload(reader).json()

    assert send_file(form, image_bytes("JPEG", size=(300, 200), exif=gps_exif())) == 204
    assert default_storage.exists(form["fields"]["key"])
    response = reader.post(f"/api/uploads/{form['id']}/complete/")

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "ready"
    assert body["image"]["url"].startswith("http://testserver/media/images/")
    image = get_image_model().objects.get(pk=body["image"]["id"])
    assert (settings.MEDIA_ROOT / image.file.name).exists()
    assert not default_storage.exists(form["fields"]["key"]), "the raw upload is removed"


def test_expired_form_is_refused(reader, send_file, settings):
    settings.UPLOADS_EXPIRY_SECONDS = 1
    form = start_upload(reader).json()
    time.sleep(2.1)

    assert send_file(form, image_bytes("JPEG")) == 403
    assert not default_storage.exists(form["fields"]["key"])


def test_oversize_file_is_refused_before_it_is_stored(reader, send_file):
    form = start_upload(reader).json()

    assert send_file(form, b"\xff\xd8" + b"\0" * (5 * 1024 * 1024)) == 400
    assert not default_storage.exists(form["fields"]["key"])


@pytest.mark.parametrize(
    "tamper",
    [
        {"Content-Type": "text/html"},
        {"key": "uploads/1/../../../cms/settings.py"},
        {"token": "forged"},
    ],
    ids=["content-type", "key", "token"],
)
def test_fields_that_disagree_with_the_signature_are_refused(reader, send_file, tamper):
    form = start_upload(reader).json()

    assert send_file(form, image_bytes("JPEG"), fields=tamper) == 403
    assert not default_storage.exists(form["fields"]["key"])


def test_the_local_token_binds_key_size_and_expiry(reader):
    form = start_upload(reader).json()
    grant = signing.loads(form["fields"]["token"], salt=LOCAL_FORM_SALT)
    assert grant["m"] == 5 * 1024 * 1024 and grant["k"] == form["fields"]["key"]
    assert grant["e"] <= time.time() + 600


def test_a_used_form_cannot_be_replayed(reader, send_file):
    form = start_upload(reader).json()
    assert send_file(form, image_bytes("JPEG")) == 204
    reader.post(f"/api/uploads/{form['id']}/complete/")

    assert send_file(form, image_bytes("JPEG")) == 403
    assert Upload.objects.get(pk=form["id"]).status == "ready"


def test_png_declared_as_jpeg_is_rejected_on_disk_too(reader, send_file):
    form = start_upload(reader).json()
    assert send_file(form, image_bytes("PNG")) == 204

    body = reader.post(f"/api/uploads/{form['id']}/complete/").json()

    assert body["status"] == "rejected"
    assert body["reason"] == "The file is a PNG image but was sent as JPEG."
    assert not default_storage.exists(form["fields"]["key"])


def test_phone_jpegs_with_extra_pictures_count_as_jpeg(reader, send_file):
    out = io.BytesIO()
    frames = [Image.new("RGB", (120, 90), "navy"), Image.new("RGB", (60, 45), "gray")]
    frames[0].save(out, format="MPO", save_all=True, append_images=frames[1:])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    form = start_upload(reader).json()
    assert send_file(form, out.getvalue()) == 204

    body = reader.post(f"/api/uploads/{form['id']}/complete/").json()

    assert body["status"] == "ready", body["reason"]


def test_processing_makes_exactly_the_avatar_renditions_the_apis_serve(reader, user, send_file, make_author):
    form = start_upload(reader).json()
    assert send_file(form, image_bytes("JPEG", size=(400, 300))) == 204
    body = reader.post(f"/api/uploads/{form['id']}/complete/").json()
    image = get_image_model().objects.get(pk=body["image"]["id"])
    renditions = image.renditions.model.objects.filter(image=image)
    made = sorted(renditions.values_list("filter_spec", flat=True))
    assert made == sorted(AVATAR_SPECS)
    make_author(name="Uploader", avatar=image)

    served = [
        reader.get("/api/auth/me/").json()["avatar"]["url"],
        reader.get(f"/api/uploads/{form['id']}/").json()["image"]["url"],
        reader.get("/api/v2/authors/", {"fields": "avatar", "slug": "uploader"}).json()["items"][0]["avatar"][
            "url"
        ],
    ]

    assert sorted(renditions.values_list("filter_spec", flat=True)) == made, "serving made no new rendition"
    [only] = renditions
    assert served == [f"http://testserver{only.url}"] * 3


def test_the_local_form_url_comes_from_settings_not_the_request_host(reader, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "alias.example"]
    settings.WAGTAILAPI_BASE_URL = "https://cms.example"
    response = reader.post(
        "/api/uploads/",
        {"filename": "me.jpg", "content_type": "image/jpeg", "size": 10, "purpose": "avatar"},
        format="json",
        HTTP_HOST="alias.example",
    )
    assert response.status_code == 201, response.content
    assert response.json()["url"] == "https://cms.example/api/uploads/local/"


def test_limits_are_served_to_anyone(api_client, settings):
    settings.UPLOADS_MAX_SIZE = 1234
    response = api_client.get("/api/uploads/limits/")
    assert response.status_code == 200
    assert response.json() == {
        "max_size": 1234,
        "content_types": ["image/jpeg", "image/png", "image/webp", "image/gif"],
    }


@pytest.mark.parametrize(
    "path",
    [
        "not-a-uuid/",
        "0123456789abcdef0123456789abcdef-/",
        "00000000-0000-0000-0000-00000000000g/",
        "1/",
        "00000000-0000-0000-0000-000000000000/",
        "not-a-uuid/complete/",
        "00000000-0000-0000-0000-000000000000/complete/",
    ],
)
def test_bad_or_unknown_upload_ids_answer_json_404(reader, path):
    method = reader.post if path.endswith("complete/") else reader.get
    response = method(f"/api/uploads/{path}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
