"""Fixtures shared by every app's tests: the page tree, post and image factories."""

import io
import os

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.utils.text import slugify
from rest_framework.test import APIClient


def pytest_configure(config):
    # scripts/test sets this: the suite must never silently fall back to SQLite.
    if os.environ.get("FOLIO_REQUIRE_POSTGRES"):
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"Tests must run on PostgreSQL, got {engine}")


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


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
