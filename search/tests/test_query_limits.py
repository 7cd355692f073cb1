"""
Search queries are bounded before they reach the backend: a query over the
limits is a JSON 400 naming ``search`` on every API v2 endpoint that searches,
never a 500 or a slow answer.
"""

import time

import pytest

from search import query
from search.query import SearchQueryTooLong, check_query

pytestmark = pytest.mark.django_db

SEARCHING_ENDPOINTS = ["pages", "images", "documents", "authors"]


def assert_search_refused(response):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    message = response.json()["message"]
    assert message.startswith("search is limited to")


class TestCheckQuery:
    def test_a_query_at_both_limits_may_run(self):
        check_query("x" * query.DEFAULT_MAX_CHARS)
        check_query(" ".join(["w"] * query.DEFAULT_MAX_WORDS))

    @pytest.mark.parametrize(
        "too_long", ["x" * (query.DEFAULT_MAX_CHARS + 1), " ".join(["w"] * (query.DEFAULT_MAX_WORDS + 1))]
    )
    def test_one_character_or_word_more_is_refused_with_the_limits_named(self, too_long):
        with pytest.raises(SearchQueryTooLong, match="5000 characters and 50 words"):
            check_query(too_long)

    def test_settings_override_the_defaults(self, settings):
        settings.SEARCH_MAX_WORDS = 3
        settings.SEARCH_MAX_CHARS = 10
        check_query("a b c")
        with pytest.raises(SearchQueryTooLong, match="10 characters and 3 words"):
            check_query("a b c d")
        with pytest.raises(SearchQueryTooLong):
            check_query("x" * 11)


class TestSearchThroughTheAPI:
    def test_a_50000_character_search_term_is_answered_quickly(self, api_client, posts):
        started = time.monotonic()
        response = api_client.get("/api/v2/pages/", {"search": "lorem ipsum " * 4167})
        assert response.status_code in (200, 400), response.content[:300]
        assert time.monotonic() - started < 3

    def test_searches_up_to_the_word_limit_are_answered(self, api_client, posts):
        words = " ".join(f"w{i}" for i in range(query.max_words()))
        assert api_client.get("/api/v2/pages/", {"search": words}).status_code == 200
        assert_search_refused(api_client.get("/api/v2/pages/", {"search": words + " more"}))
        assert_search_refused(api_client.get("/api/v2/pages/", {"search": "x" * (query.max_chars() + 1)}))

    @pytest.mark.parametrize("endpoint", SEARCHING_ENDPOINTS)
    def test_every_endpoint_that_searches_refuses_a_query_over_the_limits(self, api_client, posts, endpoint):
        url = f"/api/v2/{endpoint}/"
        assert api_client.get(url, {"search": "engine"}).status_code == 200
        assert_search_refused(api_client.get(url, {"search": "x" * (query.max_chars() + 1)}))

    def test_the_limits_the_api_applies_are_the_search_apps(self, api_client, posts, settings):
        settings.SEARCH_MAX_WORDS = 2
        assert api_client.get("/api/v2/pages/", {"search": "difference engine"}).status_code == 200
        assert_search_refused(api_client.get("/api/v2/pages/", {"search": "difference engine notes"}))

    def test_search_operators_and_punctuation_are_not_a_500(self, api_client, posts):
        for term in ["!", "&|:*", "' OR 1=1 --", "a:*", "(((((", "\\", '"', "<->"]:
            response = api_client.get("/api/v2/pages/", {"search": term})
            assert response.status_code in (200, 400), (term, response.content[:200])
