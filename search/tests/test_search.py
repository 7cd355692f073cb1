"""Search through API v2 with Wagtail's database backend (PostgreSQL full-text in tests)."""

import pytest

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    response = client.get("/api/v2/pages/", {"type": "blog.BlogPage", "search": query, **params})
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


def test_search_matches_the_body(api_client, posts):
    assert search(api_client, "difference") == ["Analytical engines"]


def test_search_matches_title_excerpt_tags_and_authors(api_client, posts):
    assert search(api_client, "basil") == ["Gardening"]
    assert search(api_client, "outdoors") == ["Gardening"]
    assert search(api_client, "Lovelace") == ["Analytical engines"]
    assert search(api_client, "gardening") == ["Gardening"]


def test_search_never_returns_drafts(api_client, posts):
    assert search(api_client, "engines") == ["Analytical engines"]


def test_search_with_no_match_is_empty(api_client, posts):
    assert search(api_client, "zeppelin") == []


def test_very_long_search_terms_are_handled(api_client, posts):
    assert search(api_client, "x" * 5000) == []
