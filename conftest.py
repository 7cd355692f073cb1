"""Fixtures shared by every app's tests: the page tree, post and image factories."""

import io
import os

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.utils.text import slugify
from rest_framework.test import APIClient

# The SMTP sink fixtures (smtp, dead_smtp), for every app's tests.
pytest_plugins = ["tests.smtp"]


def pytest_configure(config):
    # scripts/test sets this: the suite must never silently fall back to SQLite.
    if os.environ.get("FOLIO_REQUIRE_POSTGRES"):
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"Tests must run on PostgreSQL, got {engine}")


def pytest_collection_modifyitems(items):
    # A transactional test's flush re-creates content types under new ids unless it is
    # serialized_rollback too; every later serialized_rollback test on that worker then
    # fails to load its data (51 errors in one run). Refuse such a test up front.
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: transaction=True needs serialized_rollback=True")


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    from core import cache as shared

    shared.forget_local_state()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def blog_index(home_page):
    from blog.models import BlogIndexPage

    index = BlogIndexPage(title="Blog", slug="blog")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_image(db):
    from wagtail.images import get_image_model

    from blog.demo import generate_image_bytes

    def make(title="Test image", size=(1600, 900), seed=1):
        image = get_image_model()(title=title)
        image.file = ImageFile(io.BytesIO(generate_image_bytes(seed, size)), name=f"{slugify(title)}.jpg")
        image._set_image_file_metadata()
        image.save()
        return image

    return make


@pytest.fixture
def make_author(db):
    from blog.models import Author

    def make(name="Jane Writer", **kwargs):
        return Author.objects.create(name=name, **kwargs)

    return make


@pytest.fixture
def make_post(blog_index, make_author):
    """Create (and by default publish) a BlogPage under the blog index."""
    from blog.models import BlogPage, BlogPageAuthor

    counter = {"n": 0}

    def make(title=None, publish=True, authors=None, tags=(), **fields):
        counter["n"] += 1
        title = title or f"Post {counter['n']}"
        fields.setdefault("body", "Some *Markdown* body.")
        post = BlogPage(title=title, live=False, **fields)
        for tag in tags:
            post.tags.add(tag)
        for order, author in enumerate(authors or [make_author(name=f"Author {counter['n']}")]):
            post.page_authors.add(BlogPageAuthor(author=author, sort_order=order))
        blog_index.add_child(instance=post)
        revision = post.save_revision()
        if publish:
            revision.publish()
        post.refresh_from_db()
        return post

    return make


@pytest.fixture
def count_queries():
    """``with count_queries() as ctx: ...; len(ctx)`` counts SQL statements."""
    from django.test.utils import CaptureQueriesContext

    return lambda: CaptureQueriesContext(connection)


@pytest.fixture(autouse=True)
def _no_repeated_purges(settings):
    """A purge's repeat (blog.tasks.purge_now_and_again) would fire long after its test,
    into another's edge; the tests of the repeat turn it on with a short delay."""
    settings.EDGE_REPURGE_SECONDS = 0


# --- S3 over HTTP (moto server) and Celery, for uploads/ and storage tests ---


@pytest.fixture(autouse=True)
def _celery_eager():
    """Run tasks in-process (and raise their errors) unless a test starts a real worker."""
    from cms.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 URL: scripts/test's (``TEST_S3_ENDPOINT_URL``), else a server started here."""
    url = os.environ.get("TEST_S3_ENDPOINT_URL")
    if url:
        yield url
        return
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    moto = Path(sys.executable).with_name("moto_server")
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own venv
        [str(moto), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/moto-api/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def settings_from_environment(monkeypatch, **env):
    """Every setting exactly as cms/settings.py builds it with these variables set (a dict)."""
    import runpy
    from pathlib import Path

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(__file__).with_name("cms") / "settings.py"))


def production_storage(monkeypatch, **env):
    """``STORAGES["default"]`` exactly as cms/settings.py builds it from these variables."""
    return settings_from_environment(monkeypatch, **env)["STORAGES"]["default"]


@pytest.fixture
def s3_settings(settings, s3_endpoint, monkeypatch):
    """
    Media on a fresh moto bucket, configured as production is (only the endpoint
    differs). Returns ``.bucket``, ``.endpoint_url`` and a boto3 ``.client``.
    """
    import uuid
    from types import SimpleNamespace

    import boto3

    # boto3 finds credentials in the environment, as on a server without an instance role.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    bucket = f"folio-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": production_storage(
            monkeypatch,
            AWS_STORAGE_BUCKET_NAME=bucket,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_S3_ENDPOINT_URL=s3_endpoint,
        ),
    }
    return SimpleNamespace(bucket=bucket, endpoint_url=s3_endpoint, client=client)
