"""Page tree rules and computed fields."""

import pytest
from django.core.exceptions import ValidationError

from blog.models import BlogIndexPage, BlogPage, estimate_reading_time
from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_blog_posts_can_only_live_under_a_blog_index():
    assert BlogPage.allowed_parent_page_models() == [BlogIndexPage]
    assert not BlogPage.can_create_at(HomePage.objects.get())


def test_blog_index_lives_under_the_home_page_only(home_page, blog_index):
    assert BlogIndexPage.allowed_parent_page_models() == [HomePage]
    assert not BlogIndexPage.can_create_at(home_page), "only one blog index per home page"
    assert BlogIndexPage.allowed_subpage_models() == [BlogPage]


def test_there_is_exactly_one_home_page_and_it_is_the_site_root(home_page):
    from wagtail.models import Site

    assert Site.objects.get(is_default_site=True).root_page.specific == home_page
    assert not HomePage.can_create_at(home_page.get_parent())


def test_reading_time_is_computed_on_save(make_post):
    post = make_post(body="word " * 1000)
    assert post.reading_time == 5


def test_reading_time_ignores_code_and_is_at_least_one_minute():
    assert estimate_reading_time("") == 1
    assert estimate_reading_time("```\n" + "x " * 5000 + "\n```") == 1


def test_a_hero_image_needs_alt_text(make_post, make_image):
    post = make_post()
    post.hero_image = make_image()
    post.hero_alt = "  "
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "hero_alt" in error.value.message_dict


def test_author_slug_is_derived_from_the_name(make_author):
    assert make_author(name="Zoë Example").slug == "zoë-example"
