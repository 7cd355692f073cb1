"""Fixtures for the upload tests: users, clients, image files, and sending a signed form."""

import io
import struct
import zlib

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="reader", password="pw")


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user(username="someone-else", password="pw")


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def reader(client_for, user):
    return client_for(user)


def image_bytes(fmt="JPEG", size=(64, 48), color="teal", exif=None):
    out = io.BytesIO()
    options = {"exif": exif.tobytes()} if exif is not None else {}
    Image.new("RGB", size, color).save(out, format=fmt, **options)
    return out.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 22.0, 7.0), "E", (4.0, 53.0, 22.0)
    return exif


def png_header_only(width, height):
    """A few hundred bytes claiming ``width``×``height`` pixels: a decompression bomb's envelope."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def start_upload(client, content_type="image/jpeg", size=1000, filename="me.jpg", purpose="avatar"):
    return client.post(
        "/api/uploads/",
        {"filename": filename, "content_type": content_type, "size": size, "purpose": purpose},
        format="json",
    )


@pytest.fixture
def send_file(client):
    """
    POST a signed form plus file the way a browser does: over real HTTP to S3
    (moto), or through the test client to our local endpoint.
    Returns the HTTP status code.
    """

    def send(form, data, content_type=None, filename="upload.bin", fields=None):
        fields = {**form["fields"], **(fields or {})}
        content_type = content_type or fields.get("Content-Type", "application/octet-stream")
        if form["url"].startswith("http://testserver/"):
            fields["file"] = SimpleUploadedFile(filename, data, content_type=content_type)
            return client.post(form["url"].removeprefix("http://testserver"), fields).status_code
        files = {"file": (filename, data, content_type)}
        return requests.post(form["url"], data=fields, files=files, timeout=10).status_code

    return send


@pytest.fixture
def upload_file(reader, send_file):
    """Sign, send and complete in one go; returns (form, completion response)."""

    def run(data, content_type="image/jpeg", client=None, declared_size=None):
        client = client or reader
        form = start_upload(client, content_type=content_type, size=declared_size or len(data)).json()
        assert send_file(form, data, content_type) in (201, 204)
        return form, client.post(f"/api/uploads/{form['id']}/complete/")

    return run
