"""The shared API cache: validators, and no stale read after any content change."""

import json

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


class TestAcrossProcesses:
    """Another app server's bump reaches this one through Redis pub/sub, at once."""

    @pytest.fixture
    def redis(self, settings):
        from core import cache as shared

        if not shared.uses_redis():
            pytest.skip("needs the Redis cache (scripts/test sets REDIS_URL)")
        from django_redis import get_redis_connection

        return get_redis_connection("default")

    def other_server_bumps(self, redis):
        """What another process's bump does: store a new generation and publish it."""
        from django.core.cache import cache

        from core import cache as shared

        generation = shared.new_generation()
        cache.set(shared.generation_key("pages"), generation, timeout=None)
        redis.publish(shared.channel(), json.dumps({"pages": generation}))
        return generation

    def test_bumps_of_another_site_on_the_same_redis_are_not_heard(self, api_client, redis, make_post):
        """Pub/sub ignores database numbers and key prefixes: a test run or site using another
        database of the same Redis must not turn every entry here into a miss."""
        from core import cache as shared

        make_post(title="Kept")
        titles(api_client)
        mine = shared.feed.current("pages")
        redis.publish(shared.CHANNEL, json.dumps({"pages": shared.new_generation()}))
        redis.publish("other-prefix:1:cache:generations:db3", json.dumps({"pages": shared.new_generation()}))
        assert shared.feed.current("pages") == mine

    def test_a_bump_published_elsewhere_is_heard_before_the_next_request(self, api_client, redis, make_post):
        from blog.models import BlogPage
        from core import cache as shared

        post = make_post(title="Before")
        assert titles(api_client) == ["Before"]
        # the row changes without this process's signals, as on another server
        BlogPage.objects.filter(pk=post.pk).update(title="After")
        assert titles(api_client) == ["Before"]  # still the cached entry
        generation = self.other_server_bumps(redis)
        assert shared.feed.current("pages") == generation
        assert titles(api_client) == ["After"]

    def test_a_hit_needs_no_round_trip_to_redis(self, api_client, redis, make_post, monkeypatch):
        from django.core.cache import cache

        make_post()
        api_client.get(LISTING, PARAMS)
        api_client.get(LISTING, PARAMS)  # heard, verified, stored locally

        def no_cache_reads(*args, **kwargs):
            raise AssertionError("a warm hit read the shared cache")

        monkeypatch.setattr(cache, "get", no_cache_reads)
        monkeypatch.setattr(cache, "get_many", no_cache_reads)
        assert api_client.get(LISTING, PARAMS).status_code == 200

    def test_the_stored_generation_is_rechecked_every_second(self, redis, monkeypatch):
        from django.core.cache import cache

        from core import cache as shared

        first = shared.feed.current("pages")
        # a bump whose message was lost (no publish): found by the periodic check
        cache.set(shared.generation_key("pages"), first + 1, timeout=None)
        assert shared.feed.current("pages") == first
        monkeypatch.setattr(shared, "VERIFY_EVERY_SECONDS", 0)
        assert shared.feed.current("pages") == first + 1


def test_the_local_entry_store_is_bounded():
    from core.cache import LocalEntries

    store = LocalEntries(size=3)
    for n in range(5):
        store.put(f"k{n}", {"generation": 1, "n": n})
    assert store.get("k0", 1) is None and store.get("k4", 1)["n"] == 4
    assert store.get("k4", 2) is None  # another generation: never served


def test_a_cached_answer_still_checks_the_host(api_client, make_post, settings):
    make_post()
    assert api_client.get(LISTING, PARAMS).status_code == 200  # now cached
    settings.ALLOWED_HOSTS = ["testserver"]
    response = api_client.get(LISTING, PARAMS, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"evil.example" not in response.get("Location", "").encode()


def test_cached_answers_keep_cors_per_origin(api_client, make_post, settings):
    make_post()
    allowed = settings.CORS_ALLOWED_ORIGINS[0]
    for _ in range(2):  # miss, then hit
        friendly = api_client.get(LISTING, PARAMS, HTTP_ORIGIN=allowed)
        foreign = api_client.get(LISTING, PARAMS, HTTP_ORIGIN="https://evil.example")
        assert friendly["Access-Control-Allow-Origin"] == allowed
        assert "Access-Control-Allow-Origin" not in foreign
        assert friendly["X-Content-Type-Options"] == "nosniff"


def test_a_view_restriction_invalidates_the_listing(api_client, make_post):
    from wagtail.models import PageViewRestriction

    post = make_post(title="Open")
    assert titles(api_client) == ["Open"]
    PageViewRestriction.objects.create(page=post, restriction_type="password", password="x")
    assert titles(api_client) == []


class TestHitsBeforeDjango:
    """cms.wsgi answers a fresh hit from this process's LRU without entering Django, exactly
    as the middleware answers it, and hands everything else to Django."""

    @pytest.fixture
    def wsgi(self, monkeypatch):
        """``wsgi(path, **headers) -> (status, headers, body, entered_django)``."""
        from django.core.signals import request_finished, request_started
        from django.db import close_old_connections
        from django.test import RequestFactory
        from django.utils.datastructures import CaseInsensitiveMapping

        import cms.wsgi

        # as Django's test client does: the test's transaction must outlive each request
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)

        entered = []
        django_app = cms.wsgi.application.application

        def counting(environ, start_response):
            entered.append(environ["PATH_INFO"])
            return django_app(environ, start_response)

        monkeypatch.setattr(cms.wsgi.application, "application", counting)

        def call(path, method="get", **headers):
            environ = getattr(RequestFactory(), method)(path, **headers).environ
            answer = {}

            def start_response(status, response_headers, exc_info=None):
                answer.update(status=status, headers=CaseInsensitiveMapping(response_headers))

            before = len(entered)
            chunks = cms.wsgi.application(environ, start_response)
            body = b"".join(chunks)
            getattr(chunks, "close", lambda: None)()
            return answer["status"], answer["headers"], body, len(entered) > before

        yield call
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)

    URL = "/api/v2/pages/?type=blog.BlogPage&fields=title,tags,authors"

    def test_a_second_read_is_answered_before_django_as_the_middleware_answers_it(self, wsgi, make_post):
        make_post(title="Cached")
        first = wsgi(self.URL)
        second = wsgi(self.URL)
        assert first[3] and not second[3]
        assert second[0] == first[0] == "200 OK" and second[2] == first[2]
        assert b"Cached" in second[2]
        for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Type", "Referrer-Policy"):
            assert second[1][name] == first[1][name], name
        assert second[1]["Content-Length"] == str(len(second[2]))

    def test_a_matching_etag_gets_a_bodiless_304_and_head_gets_no_body(self, wsgi, make_post):
        make_post()
        etag = wsgi(self.URL)[1]["ETag"]
        status, headers, body, entered = wsgi(self.URL, HTTP_IF_NONE_MATCH=f'"other", {etag}')
        assert (status, body, entered) == ("304 Not Modified", b"", False)
        assert headers["ETag"] == etag and "Content-Type" not in headers
        status, headers, body, entered = wsgi(self.URL, method="head")
        assert (status, body, entered) == ("200 OK", b"", False)
        assert int(headers["Content-Length"]) > 0

    def test_a_publish_sends_the_next_read_to_django(self, wsgi, make_post):
        make_post(title="Old")
        wsgi(self.URL)
        assert not wsgi(self.URL)[3]
        make_post(title="New")
        status, _, body, entered = wsgi(self.URL)
        assert entered and b"New" in body
        assert not wsgi(self.URL)[3]

    def test_a_disallowed_host_is_refused_by_django_even_when_cached(self, wsgi, make_post, settings):
        make_post()
        wsgi(self.URL)
        settings.ALLOWED_HOSTS = ["testserver"]
        status, _, _, entered = wsgi(self.URL, HTTP_HOST="evil.example")
        assert status.startswith("400") and entered
        status, _, _, entered = wsgi(self.URL, HTTP_X_FORWARDED_HOST="evil.example")
        assert status.startswith("200") and not entered  # not trusted here (USE_X_FORWARDED_HOST off)
        settings.USE_X_FORWARDED_HOST = True
        status, _, _, entered = wsgi(self.URL, HTTP_X_FORWARDED_HOST="evil.example")
        assert status.startswith("400") and entered

    def test_answers_differ_by_origin_and_scheme_as_the_stack_made_them(self, wsgi, make_post, settings):
        make_post()
        allowed = settings.CORS_ALLOWED_ORIGINS[0]
        for _ in range(2):  # Django, then the LRU
            friendly = wsgi(self.URL, HTTP_ORIGIN=allowed)[1]
            foreign = wsgi(self.URL, HTTP_ORIGIN="https://evil.example")[1]
            assert friendly["Access-Control-Allow-Origin"] == allowed
            assert "Access-Control-Allow-Origin" not in foreign
        assert not wsgi(self.URL, HTTP_ORIGIN=allowed)[3]
        # behind the balancer, an https request is its own entry
        assert wsgi(self.URL, HTTP_X_FORWARDED_PROTO="https")[3]

    def test_previews_writes_and_other_paths_always_reach_django(self, wsgi, make_post):
        post = make_post()
        for path in ("/api/v2/page_preview/?content_type=blog.blogpage&token=x", "/healthz"):
            wsgi(path)
            assert wsgi(path)[3], path
        wsgi(f"/api/v2/pages/{post.pk}/")
        assert wsgi(f"/api/v2/pages/{post.pk}/", method="post")[3]


def test_host_verdicts_are_remembered_up_to_a_bound_and_stay_right_beyond_it(settings):
    from cms import api_cache

    settings.ALLOWED_HOSTS = ["folio.example"]  # a setting change forgets earlier verdicts
    flood = [f"h{number}.evil.example" for number in range(api_cache.KNOWN_HOSTS + 50)]
    assert not any(api_cache.host_allowed({"HTTP_HOST": host}) for host in flood)
    assert len(api_cache._known_hosts) == api_cache.KNOWN_HOSTS
    # past the bound nothing more is stored, and every verdict is still Django's own
    assert api_cache.host_allowed({"HTTP_HOST": "folio.example"}) is True
    assert api_cache.host_allowed({"HTTP_HOST": "folio.example:443"}) is True
    assert api_cache.host_allowed({"HTTP_HOST": flood[-1]}) is False
    assert len(api_cache._known_hosts) == api_cache.KNOWN_HOSTS
    settings.ALLOWED_HOSTS = ["h0.evil.example"]
    assert api_cache._known_hosts == {}
    assert api_cache.host_allowed({"HTTP_HOST": flood[0]}) is True
