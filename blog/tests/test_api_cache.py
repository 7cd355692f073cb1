"""The shared API cache: validators, and no stale read after any content change."""

import pytest

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/pages/"
PARAMS = {"type": "blog.BlogPage", "fields": "title,tags,authors"}


def titles(client):
    response = client.get(LISTING, PARAMS)
    assert response.status_code == 200
    return sorted(item["title"] for item in response.json()["items"])


def test_responses_carry_cache_validators(api_client, make_post):
    make_post()
    response = api_client.get(LISTING, PARAMS)
    assert response["ETag"] and response["Last-Modified"]
    assert "s-maxage" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert "Accept" in response["Vary"]


def test_a_matching_etag_gets_304(api_client, make_post):
    make_post()
    etag = api_client.get(LISTING, PARAMS)["ETag"]
    response = api_client.get(LISTING, PARAMS, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_a_second_read_is_served_without_queries(api_client, make_post, count_queries):
    make_post()
    api_client.get(LISTING, PARAMS)
    with count_queries() as context:
        assert api_client.get(LISTING, PARAMS).status_code == 200
    assert len(context) == 0


def test_publishing_invalidates_the_cached_listing(api_client, make_post):
    make_post(title="Old")
    assert titles(api_client) == ["Old"]
    draft = make_post(title="New", publish=False)
    assert titles(api_client) == ["Old"]
    draft.save_revision().publish()
    assert titles(api_client) == ["New", "Old"]


def test_editing_a_live_post_invalidates_its_detail(api_client, make_post):
    post = make_post(title="Before")
    assert api_client.get(f"{LISTING}{post.pk}/").json()["title"] == "Before"
    post.title = "After"
    post.save_revision().publish()
    assert api_client.get(f"{LISTING}{post.pk}/").json()["title"] == "After"


def test_unpublishing_and_deleting_invalidate(api_client, make_post):
    first, second = make_post(title="First"), make_post(title="Second")
    assert titles(api_client) == ["First", "Second"]
    first.unpublish()
    assert titles(api_client) == ["Second"]
    second.delete()
    assert titles(api_client) == []


def test_moving_a_post_invalidates_find_by_path(api_client, make_post, home_page, monkeypatch):
    from blog.models import BlogIndexPage

    post = make_post(title="Mover", slug="mover")
    assert api_client.get(f"{LISTING}find/", {"html_path": "/blog/mover/"}).status_code == 302
    other_index = BlogIndexPage(title="Other", slug="other")
    home_page.add_child(instance=other_index)
    monkeypatch.setattr(BlogIndexPage, "max_count_per_parent", None)
    post.move(other_index, pos="last-child")
    assert api_client.get(f"{LISTING}find/", {"html_path": "/blog/mover/"}).status_code == 404
    assert api_client.get(f"{LISTING}find/", {"html_path": "/other/mover/"}).status_code == 302


def test_renaming_an_author_invalidates_listings(api_client, make_post, make_author):
    author = make_author(name="Old Name")
    make_post(authors=[author])
    assert api_client.get(LISTING, PARAMS).json()["items"][0]["authors"][0]["name"] == "Old Name"
    author.name = "New Name"
    author.save()
    assert api_client.get(LISTING, PARAMS).json()["items"][0]["authors"][0]["name"] == "New Name"


def test_previews_are_never_cached(api_client, make_post):
    post = make_post(title="Live")
    post.title = "Draft 1"
    token = post.create_page_preview().token
    params = {"content_type": "blog.blogpage", "token": token}
    assert api_client.get("/api/v2/page_preview/", params).json()["title"] == "Draft 1"
    post.title = "Draft 2"
    post.update_page_preview(token)
    response = api_client.get("/api/v2/page_preview/", params)
    assert response.json()["title"] == "Draft 2"
    assert "ETag" not in response
