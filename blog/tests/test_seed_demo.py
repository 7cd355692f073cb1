"""seed_demo: realistic content, and running it twice adds nothing."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from blog.models import Author, BlogPage

pytestmark = pytest.mark.django_db


def counts():
    return BlogPage.objects.count(), Author.objects.count(), get_image_model().objects.count()


def test_seed_demo_creates_published_posts_with_images_tags_and_authors():
    call_command("seed_demo", posts=5, stdout=None)
    posts = BlogPage.objects.live()
    assert posts.count() == 5
    for post in posts:
        assert post.hero_image and post.hero_alt
        assert post.tags.exists() and post.page_authors.exists()
        assert "```" in post.body and "| --- |" in post.body


def test_seed_demo_is_idempotent():
    call_command("seed_demo", posts=4)
    first = counts()
    call_command("seed_demo", posts=4)
    assert counts() == first


def test_seed_demo_can_grow_the_site():
    call_command("seed_demo", posts=2)
    call_command("seed_demo", posts=4)
    assert BlogPage.objects.count() == 4
