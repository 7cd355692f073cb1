"""One upload processed by a real Celery worker through Redis, as in production."""

import os
import time

import pytest
import redis

from tests.hardening.services import start_celery_worker, stop_processes
from uploads.models import Upload

from .conftest import image_bytes, start_upload

# This run's Redis database (one per xdist worker: cms/test_settings.py).
BROKER_URL = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture
def celery_worker(s3_settings, _celery_eager):
    """A ``celery -A cms worker`` subprocess on the test database, moto and this run's Redis database."""
    app = _celery_eager
    redis.Redis.from_url(BROKER_URL).flushdb()
    worker = start_celery_worker(
        "cms",
        "folio",
        {
            "CELERY_BROKER_URL": BROKER_URL,
            "AWS_STORAGE_BUCKET_NAME": s3_settings.bucket,
            "AWS_S3_ENDPOINT_URL": s3_settings.endpoint_url,
            "AWS_S3_REGION_NAME": "us-east-1",
        },
    )
    # This process only publishes: point the app at the same broker, not eager.
    saved = app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, BROKER_URL
    app._after_fork()  # drop connection pools made for the old broker URL
    try:
        yield worker
    finally:
        app.conf.broker_url = saved
        app._after_fork()
        stop_processes([worker])


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_processes_the_upload_through_redis(reader, send_file, celery_worker, s3_settings):
    form = start_upload(reader).json()
    assert send_file(form, image_bytes("JPEG", size=(500, 500))) == 204

    response = reader.post(f"/api/uploads/{form['id']}/complete/")

    assert response.status_code == 202
    assert response.json()["status"] == "pending", "queued, not run in the request"
    deadline = time.monotonic() + 60
    upload = Upload.objects.get(pk=form["id"])
    while upload.status == "pending" and time.monotonic() < deadline and celery_worker.poll() is None:
        time.sleep(0.25)
        upload.refresh_from_db()
    assert upload.status == "ready", upload.reason
    body = reader.get(f"/api/uploads/{form['id']}/").json()
    assert body["image"]["url"].startswith(f"{s3_settings.endpoint_url}/{s3_settings.bucket}/images/")
