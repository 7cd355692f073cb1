"""
Crafted input on every public surface: NUL bytes, lone surrogates, huge bodies,
pathological Markdown, unknown API v2 parameters (huge search terms: search/tests/). Every answer
is a JSON 4xx (or a 2xx that stored clean data), never a 500, and comes quickly.
"""

import json
import time

import pytest

from community.models import Comment
from tests.hardening.conftest import client_for

pytestmark = pytest.mark.django_db


def raw_post(client, url, body, content_type="application/json"):
    return client.generic("POST", url, body, content_type=content_type)


def assert_json_4xx(response, *codes):
    assert response.status_code in codes, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    json.loads(response.content)


class TestNulBytesAndSurrogates:
    @pytest.mark.parametrize(
        "query",
        [
            "slug=%00",
            "search=a%00b",
            "type=blog.BlogPage&author=%00",
            "type=blog.BlogPage&tag=%00",
            "title=%00",
        ],
    )
    def test_nul_in_api_v2_query_parameters_is_a_4xx_or_an_empty_result(self, api_client, world, query):
        response = api_client.get(f"/api/v2/pages/?{query}")
        assert response.status_code in (200, 400), response.content[:300]
        if response.status_code == 200:
            assert response.json()["items"] == []

    def test_nul_in_the_tags_filter_is_not_a_500(self, api_client, world):
        assert api_client.get("/api/v2/tags/?slug=%00").status_code in (400, 404)

    def test_nul_in_a_batch_of_ids_is_a_400(self, api_client, world):
        assert_json_4xx(api_client.get("/api/posts/stats/?ids=1%002"), 400)

    @pytest.mark.parametrize("path", ["/api/comments/%00/", "/api/posts/%00/comments/", "/api/uploads/%00/"])
    def test_nul_in_a_path_is_a_json_400(self, world, path):
        assert_json_4xx(client_for(world.alice).get(path), 400)

    @pytest.mark.parametrize("body", ['{"body": "a\\u0000b"}', '{"body": "\\ud800"}', '{"body": "x\\udfff"}'])
    def test_nul_and_lone_surrogates_in_a_comment_are_refused(self, world, body):
        response = raw_post(client_for(world.alice), f"/api/posts/{world.post.pk}/comments/", body)
        assert_json_4xx(response, 400)
        assert "body" in response.json()
        assert Comment.objects.count() == 2

    @pytest.mark.parametrize(
        ("url", "body"),
        [
            ("/api/auth/token/", '{"username": "alice\\u0000", "password": "x"}'),
            ("/api/auth/token/", '{"username": "\\ud800", "password": "\\ud800"}'),
            ("/api/auth/register/", '{"username": "eve\\u0000", "email": "e@example.com", "password": "pw"}'),
            ("/api/auth/register/", '{"username": "\\udbff", "email": "e@example.com", "password": "pw"}'),
            ("/api/auth/token/refresh/", '{"refresh": "\\u0000"}'),
            ("/api/auth/password-reset/", '{"email": "a\\u0000@example.com"}'),
        ],
    )
    def test_nul_and_surrogates_in_account_fields_are_4xx(self, world, url, body):
        assert_json_4xx(raw_post(client_for(), url, body), 400, 401)

    def test_nul_and_surrogates_in_reports_and_profiles_are_refused(self, world):
        bob = client_for(world.bob)
        url = f"/api/comments/{world.alice_comment.pk}/report/"
        assert_json_4xx(raw_post(bob, url, '{"reason": "\\u0000"}'), 400)
        response = bob.generic(
            "PATCH", "/api/auth/me/", '{"bio": "\\ud800"}', content_type="application/json"
        )
        assert_json_4xx(response, 400)

    @pytest.mark.parametrize("body", [b'{"body": "\xff\xfe"}', b"\x00\x00\x00", b'{"body": ', b"[]", b'"x"'])
    def test_malformed_json_bodies_are_400(self, world, body):
        response = raw_post(client_for(world.alice), f"/api/posts/{world.post.pk}/comments/", body)
        assert_json_4xx(response, 400)

    def test_nul_in_the_authorization_header_is_a_401(self, world):
        client = client_for()
        client.credentials(HTTP_AUTHORIZATION="Bearer a\x00b")
        assert_json_4xx(client.get("/api/auth/me/"), 401)


class TestHugeBodies:
    TEN_MB = 10 * 1024 * 1024

    @pytest.mark.parametrize(
        "url",
        [
            "/api/auth/token/",
            "/api/auth/register/",
            "/api/posts/{post}/comments/",
            "/api/uploads/",
            "/api/auth/password-reset/",
            "/api/v2/pages/",
        ],
    )
    def test_a_10_mb_body_is_refused_with_a_json_413_before_it_is_read(self, world, url):
        body = json.dumps({"body": "x" * self.TEN_MB, "username": "a", "password": "b"})
        started = time.monotonic()
        response = raw_post(client_for(world.alice), url.format(post=world.post.pk), body)
        assert_json_4xx(response, 413)
        assert (
            time.monotonic() - started < 5
        )  # generous: a parsed 10 MB body would still pass, the 413 proves it

    def test_the_frontend_can_read_the_refusal(self, world, settings):
        body = json.dumps({"body": "x" * self.TEN_MB})
        origin = settings.CORS_ALLOWED_ORIGINS[0]
        response = client_for(world.alice).generic(
            "POST",
            f"/api/posts/{world.post.pk}/comments/",
            body,
            content_type="application/json",
            HTTP_ORIGIN=origin,
        )
        assert response.status_code == 413
        assert response["Access-Control-Allow-Origin"] == origin

    def test_a_body_under_the_limit_still_reaches_the_serializer(self, world):
        body = json.dumps({"body": "x" * 6000})
        response = raw_post(client_for(world.alice), f"/api/posts/{world.post.pk}/comments/", body)
        assert_json_4xx(response, 400)
        assert "body" in response.json()

    def test_a_lying_content_length_is_a_400(self, world):
        response = client_for(world.alice).generic(
            "POST", "/api/auth/token/", "{}", content_type="application/json", CONTENT_LENGTH="abc"
        )
        assert_json_4xx(response, 400)

    def test_a_big_form_post_to_the_admin_is_a_400_not_a_500(self, client, world):
        response = client.post("/admin/login/", {"username": "a", "password": "x" * (3 * 1024 * 1024)})
        assert response.status_code == 400


class TestPathologicalMarkdown:
    """A comment is at most 5,000 characters; each of these renders in well under a second."""

    @pytest.mark.parametrize(
        "body",
        [
            ">" * 4998 + " x",
            "> " * 2499 + "x",
            "".join("  " * i + "- x\n" for i in range(60)) * 1,
            "- " * 2499 + "x",
            "1. " * 1666 + "x",
            "[" * 4999,
            "[x](" * 1249,
            "*" * 2500 + "x" + "*" * 2499,
            "_a" * 2500,
            "`" * 4999,
            "```\n" * 1249,
            "<" * 2500 + "script" + ">" * 2494,
            "\\" * 5000,
            "http://" + "a." * 2490,
        ],
        ids=lambda body: repr(body[:12]),
    )
    def test_deeply_nested_or_pathological_markdown_is_stored_quickly_and_safely(self, world, body):
        started = time.monotonic()
        response = client_for(world.alice).post(
            f"/api/posts/{world.post.pk}/comments/", {"body": body}, format="json"
        )
        elapsed = time.monotonic() - started
        assert response.status_code == 201, response.content[:300]
        assert elapsed < 2, f"{elapsed:.2f}s"
        html = response.json()["body_html"]
        assert "<script" not in html


class TestQueryParameters:
    """Search terms have their own tests in search/tests/test_query_limits.py."""

    @pytest.mark.parametrize(
        "query",
        [
            "fields=nonexistent",
            "fields=title,_,nonexistent",
            "fields=*,-nonexistent",
            "order=nonexistent",
            "order=-password",
            "unknown_parameter=1",
            "limit=-1",
            "limit=abc",
            "offset=-5",
            "limit=100000",
            "type=auth.User",
            "type=nonexistent.Model",
            "child_of=abc",
            "descendant_of=99999999999999999999",
        ],
    )
    def test_unknown_or_invalid_api_v2_parameters_are_a_400(self, api_client, world, query):
        assert_json_4xx(api_client.get(f"/api/v2/pages/?{query}"), 400)

    @pytest.mark.parametrize("endpoint", ["images", "documents", "authors"])
    def test_unknown_parameters_are_a_400_on_every_api_v2_endpoint(self, api_client, world, endpoint):
        assert_json_4xx(api_client.get(f"/api/v2/{endpoint}/?fields=nonexistent"), 400)
        assert_json_4xx(api_client.get(f"/api/v2/{endpoint}/?order=nonexistent"), 400)

    def test_an_unrouted_api_url_is_a_json_404(self, api_client, db):
        assert_json_4xx(api_client.get("/api/nonexistent/"), 404)
        assert_json_4xx(api_client.get("/api/v2/nonexistent/"), 404)
        assert_json_4xx(api_client.get("/api/uploads/not-a-uuid/"), 401, 404)


def test_a_csrf_failure_under_the_api_is_a_json_403(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "x"
    response = client.post("/api/nonexistent/", {})
    assert response.status_code in (403, 404)
    assert response["Content-Type"].startswith("application/json")
