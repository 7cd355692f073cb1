"""Editors' images (Wagtail admin) land in the bucket, renditions included."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from .conftest import image_bytes

pytestmark = pytest.mark.django_db


def test_admin_multiple_upload_lands_in_the_bucket_with_renditions(client, django_user_model, s3_settings):
    editor = django_user_model.objects.create_superuser(username="editor", password="pw", email="e@x.test")
    client.force_login(editor)

    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("harbour.jpg", image_bytes("JPEG", size=(1200, 800)), "image/jpeg")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200, response.content[:500]
    assert response.json()["success"], response.json()
    image = get_image_model().objects.get()
    assert image.file_size and image.file_hash
    rendition = image.get_rendition("fill-400x300|format-webp")
    keys = [o["Key"] for o in s3_settings.client.list_objects_v2(Bucket=s3_settings.bucket)["Contents"]]
    assert image.file.name in keys and image.file.name.startswith("original_images/")
    assert rendition.file.name in keys and rendition.file.name.endswith(".webp")
    assert rendition.url.startswith(f"{s3_settings.endpoint_url}/{s3_settings.bucket}/images/")
