"""Handing work to Celery: a broker outage is a clear 503, and avatars reach the profile."""

import socket

import pytest
from django.apps import apps
from wagtail.images import get_image_model

from uploads.models import Upload
from uploads.processing import attach_avatar

from .conftest import image_bytes, start_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(_celery_eager):
    app = _celery_eager
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    saved = app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, f"redis://127.0.0.1:{port}/0"
    app._after_fork()
    yield
    app.conf.broker_url = saved
    app._after_fork()


def test_broker_down_at_completion_answers_503_and_keeps_the_upload_pending(reader, send_file, broker_down):
    form = start_upload(reader).json()
    assert send_file(form, image_bytes("JPEG")) == 204

    response = reader.post(f"/api/uploads/{form['id']}/complete/")

    assert response.status_code == 503
    assert response.json() == {"detail": "Background processing is unavailable, try again later."}
    assert Upload.objects.get(pk=form["id"]).status == "pending"


def test_ready_avatar_is_set_on_the_community_profile(reader, user, send_file):
    try:
        profile_model = apps.get_model("community", "Profile")
    except LookupError:
        assert attach_avatar(user, None) is False
        pytest.skip("community.Profile does not exist yet: attaching is a no-op until it lands")
    form = start_upload(reader).json()
    assert send_file(form, image_bytes("JPEG")) == 204

    body = reader.post(f"/api/uploads/{form['id']}/complete/").json()

    assert profile_model.objects.get(user=user).avatar == get_image_model().objects.get(
        pk=body["image"]["id"]
    )
