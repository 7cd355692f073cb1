"""The shared cache of community reads: validators, exact invalidation, no per-user leaks."""

import socket
import threading

import pytest
from django.db import transaction
from django.urls import resolve

from community import cache as community_cache
from community import services
from community.models import Comment, Profile
from community.tests.conftest import client_for
from community.wagtail_hooks import ApproveComments, DeleteComments, HideComments
from tests.hardening.services import wait_until

ANONYMOUS = client_for(None)


def thread_url(post):
    return f"/api/posts/{post.pk}/comments/"


def version_url(post):
    return f"/api/posts/{post.pk}/comments/version/"


def stats_url(post):
    return f"/api/posts/{post.pk}/stats/"


def flatten(items):
    for item in items:
        yield item
        yield from flatten(item["replies"])


def thread(post, user=None):
    response = client_for(user).get(thread_url(post))
    assert response.status_code == 200
    return {c["id"]: c for c in flatten(response.json()["results"])}


def stats(post, user=None):
    return client_for(user).get(stats_url(post)).json()


def batch(posts, user=None):
    ids = ",".join(str(post.pk) for post in posts)
    return client_for(user).get("/api/posts/stats/", {"ids": ids}).json()["results"]


class TestHeaders:
    @pytest.mark.parametrize("url", [thread_url, stats_url])
    def test_anonymous_reads_are_public_with_validators(self, post, url):
        response = ANONYMOUS.get(url(post))
        assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
        assert response["ETag"] and response["Last-Modified"]
        vary = {part.strip().lower() for part in response["Vary"].split(",")}
        assert {"accept", "accept-encoding", "authorization", "origin"} <= vary

    def test_batched_stats_are_public_with_validators(self, post):
        response = ANONYMOUS.get("/api/posts/stats/", {"ids": str(post.pk)})
        assert response["Cache-Control"].startswith("public") and response["ETag"]
        # no purge names a batch of posts: the edge keeps it for seconds
        assert response["Cache-Control"] == community_cache.PUBLIC_CACHE_CONTROL

    @pytest.mark.parametrize("url", [thread_url, stats_url, version_url])
    def test_anonymous_reads_at_the_purged_urls_are_kept_for_hours_by_the_edge(self, settings, post, url):
        for params in ({}, {"sort": "newest", "page": 1, "v": "123"}):
            response = ANONYMOUS.get(url(post), params)
            assert response.status_code == 200
            assert response["Cache-Control"] == (
                f"public, max-age=0, s-maxage={settings.EDGE_CACHE_SECONDS}, "
                f"stale-while-revalidate={settings.EDGE_STALE_SECONDS}"
            )

    @pytest.mark.parametrize(
        "path, cache_control",
        [
            ("/api/posts/{}/comments", community_cache.PUBLIC_CACHE_CONTROL),
            ("/api/posts/0{}/comments/", community_cache.PUBLIC_CACHE_CONTROL),
            ("/api/posts/{}/stats", community_cache.PUBLIC_CACHE_CONTROL),
            ("/api/posts/{}/comments/version", community_cache.VERSION_CACHE_CONTROL),
        ],
    )
    def test_other_spellings_of_those_urls_no_purge_names_are_kept_for_seconds(
        self, post, path, cache_control
    ):
        response = ANONYMOUS.get(path.format(post.pk))
        assert response.status_code == 200 and response["Cache-Control"] == cache_control

    def test_the_purged_paths_are_those_of_the_thread_version_and_stats_views(self, post):
        views = [resolve(path).url_name for path in community_cache.edge_paths(post.pk)]
        assert views == ["community-post-comments", "community-thread-version", "community-post-stats"]

    @pytest.mark.parametrize("url", [thread_url, stats_url])
    def test_a_matching_etag_gets_304(self, post, owner, make_comment, url):
        make_comment(post, owner)
        etag = ANONYMOUS.get(url(post))["ETag"]
        response = ANONYMOUS.get(url(post), HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert response["ETag"] == etag

    def test_the_etag_changes_with_the_thread(self, post, owner, make_comment):
        etag = ANONYMOUS.get(thread_url(post))["ETag"]
        make_comment(post, owner)
        response = ANONYMOUS.get(thread_url(post), HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response["ETag"] != etag

    @pytest.mark.parametrize("url", [thread_url, stats_url])
    def test_signed_in_reads_are_private(self, post, owner, url):
        response = client_for(owner).get(url(post))
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert "ETag" not in response
        assert "authorization" in response["Vary"].lower()

    def test_a_moderators_read_is_private(self, post, moderator):
        assert client_for(moderator).get(thread_url(post))["Cache-Control"] == "private, no-store"


class TestWarmReads:
    def test_a_warm_anonymous_read_costs_no_query(self, post, owner, make_comment, count_queries):
        make_comment(post, make_comment(post, owner).author)
        services.like_post(post, owner)
        urls = [(thread_url(post), {}), (stats_url(post), {}), ("/api/posts/stats/", {"ids": post.pk})]
        for url, params in urls:
            first = ANONYMOUS.get(url, params)
            with count_queries() as ctx:
                second = ANONYMOUS.get(url, params)
            assert len(ctx) == 0, url
            assert second.content == first.content

    def test_pages_of_a_thread_are_cached_apart(self, post, owner, make_comment):
        for i in range(3):
            make_comment(post, owner, body=f"comment {i}")
        first = ANONYMOUS.get(thread_url(post), {"page_size": 2}).json()
        second = ANONYMOUS.get(thread_url(post), {"page_size": 2, "page": 2}).json()
        assert [c["id"] for c in first["results"]] != [c["id"] for c in second["results"]]
        assert first["count"] == second["count"] == 3

    def test_a_warm_signed_in_read_costs_the_same_queries_whatever_the_threads_size(
        self, make_post, make_user, make_comment, count_queries
    ):
        users = [make_user(f"reader{i}") for i in range(3)]
        small, large = make_post(), make_post()
        for post, size in [(small, 5), (large, 300)]:
            top = make_comment(post, users[0])
            replies = services.import_comments(
                services.NewComment(post.pk, users[i % 3].pk, f"r{i}", parent=top) for i in range(size)
            )
            for reply in replies[::2]:
                services.like_comment(reply, users[1])
        counts, client = [], client_for(users[1])
        for post in (small, large):
            ANONYMOUS.get(thread_url(post))  # warm the shared entry
            with count_queries() as ctx:
                response = client.get(thread_url(post))
            assert response.status_code == 200
            counts.append(len(ctx))
        assert counts[0] == counts[1]
        # the user, their groups, and everything else of theirs (likes, mutes, "may I
        # pin?", "any pending comment of mine?") in one UNION (was 6: one query a fact)
        assert counts[1] == 3


class TestNoPerUserLeaks:
    def test_two_readers_of_one_cached_thread_each_see_their_own_fields(
        self, post, owner, other, make_comment
    ):
        mine, theirs = make_comment(post, owner, body="mine"), make_comment(post, other, body="theirs")
        services.like_comment(theirs, owner)
        services.like_post(post, owner)
        assert thread(post)[mine.pk]["can_edit"] is False  # the shared entry, built anonymously
        as_owner, as_other, anonymous = thread(post, owner), thread(post, other), thread(post)
        assert as_owner[mine.pk]["can_edit"] and as_owner[mine.pk]["can_delete"]
        assert not as_owner[theirs.pk]["can_edit"] and as_owner[theirs.pk]["liked_by_me"]
        assert as_other[theirs.pk]["can_edit"] and not as_other[theirs.pk]["liked_by_me"]
        assert not as_other[mine.pk]["can_edit"] and not as_other[mine.pk]["can_delete"]
        for comment in anonymous.values():
            assert not (comment["liked_by_me"] or comment["can_edit"] or comment["can_delete"])
        assert as_owner[theirs.pk]["like_count"] == as_other[theirs.pk]["like_count"] == 1
        assert stats(post, owner)["liked_by_me"] and not stats(post, other)["liked_by_me"]
        assert not stats(post)["liked_by_me"]
        assert [row["liked_by_me"] for row in batch([post], owner) + batch([post], other)] == [True, False]

    def test_the_overlay_matches_an_uncached_read(self, post, owner, other, make_comment):
        from django.core.cache import cache

        top = make_comment(post, owner)
        reply = make_comment(post, other, parent=top)
        services.delete_comments([make_comment(post, owner, parent=reply)])
        services.like_comment(reply, owner)
        thread(post)  # warm
        cached = client_for(owner).get(thread_url(post)).json()
        cache.clear()
        assert client_for(owner).get(thread_url(post)).json() == cached

    def test_a_readers_own_pending_comment_is_theirs_alone(self, post, owner, other, make_comment):
        visible = make_comment(post, other)
        pending = make_comment(post, owner, status=Comment.Status.PENDING)
        assert set(thread(post)) == {visible.pk}
        assert set(thread(post, owner)) == {visible.pk, pending.pk}
        assert set(thread(post, other)) == {visible.pk}
        assert set(thread(post)) == {visible.pk}

    def test_moderators_see_held_comments_and_nobody_else_does(self, post, owner, moderator, make_comment):
        held = make_comment(post, owner, status=Comment.Status.HIDDEN)
        assert held.pk in thread(post, moderator)
        assert thread(post) == {}


class TestInvalidation:
    """A read after each kind of change is fresh."""

    def test_new_edited_and_deleted_comments(self, post, owner, other):
        thread(post), stats(post)
        created = client_for(owner).post(thread_url(post), {"body": "first"}, format="json").json()
        assert thread(post)[created["id"]]["body_html"] == "<p>first</p>"
        assert stats(post)["comment_count"] == 1
        client_for(other).post(thread_url(post), {"body": "re", "parent": created["id"]}, format="json")
        assert len(thread(post)) == 2
        client_for(owner).patch(f"/api/comments/{created['id']}/", {"body": "edited"}, format="json")
        assert thread(post)[created["id"]]["body_html"] == "<p>edited</p>"
        assert thread(post)[created["id"]]["edited"] is True
        client_for(owner).delete(f"/api/comments/{created['id']}/")
        assert thread(post)[created["id"]]["deleted"] is True
        assert stats(post)["comment_count"] == 1

    def test_the_admins_bulk_hide_approve_and_delete(self, post, owner, make_comment):
        first, second = make_comment(post, owner), make_comment(post, owner, status=Comment.Status.PENDING)
        assert set(thread(post)) == {first.pk} and stats(post)["comment_count"] == 1
        ApproveComments.execute_action([second])
        assert set(thread(post)) == {first.pk, second.pk} and stats(post)["comment_count"] == 2
        HideComments.execute_action([first, second])
        assert thread(post) == {} and stats(post)["comment_count"] == 0
        ApproveComments.execute_action([first, second])
        DeleteComments.execute_action([Comment.objects.get(pk=first.pk)])
        assert thread(post)[first.pk]["deleted"] and stats(post)["comment_count"] == 1

    def test_post_likes_and_unlikes(self, post, make_post, owner, other):
        neighbour = make_post()
        stats(post), batch([post, neighbour])
        client_for(owner).post(f"/api/posts/{post.pk}/like/")
        assert stats(post)["like_count"] == 1
        assert [row["like_count"] for row in batch([post, neighbour])] == [1, 0]
        client_for(other).post(f"/api/posts/{post.pk}/like/")
        client_for(owner).delete(f"/api/posts/{post.pk}/like/")
        assert stats(post)["like_count"] == 1
        assert [row["like_count"] for row in batch([post, neighbour])] == [1, 0]

    def test_comment_likes_and_unlikes(self, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        assert thread(post)[comment.pk]["like_count"] == 0
        client_for(other).post(f"/api/comments/{comment.pk}/like/")
        assert thread(post)[comment.pk]["like_count"] == 1
        client_for(other).delete(f"/api/comments/{comment.pk}/like/")
        assert thread(post)[comment.pk]["like_count"] == 0

    def test_unpublishing_republishing_and_deleting_the_post(self, post, owner, make_comment):
        make_comment(post, owner)
        assert ANONYMOUS.get(thread_url(post)).status_code == 200
        assert batch([post])[0]["comment_count"] == 1
        post.unpublish()
        for url in (thread_url(post), stats_url(post)):
            assert ANONYMOUS.get(url).status_code == 404
        assert batch([post]) == []
        post.save_revision().publish()
        assert ANONYMOUS.get(thread_url(post)).status_code == 200
        assert batch([post])[0]["comment_count"] == 1
        post.delete()
        assert ANONYMOUS.get(thread_url(post)).status_code == 404
        assert batch([post]) == []

    def test_a_view_restriction(self, post, owner, make_comment):
        from wagtail.models import PageViewRestriction

        make_comment(post, owner)
        assert ANONYMOUS.get(thread_url(post)).status_code == 200
        PageViewRestriction.objects.create(page=post, restriction_type="password", password="x")
        assert ANONYMOUS.get(thread_url(post)).status_code == 404

    def test_a_commenters_new_display_name(self, post, owner, make_comment):
        comment = make_comment(post, owner)
        assert thread(post)[comment.pk]["author"]["display_name"] == "owner"
        client_for(owner).patch("/api/auth/me/", {"display_name": "Olive"}, format="json")
        assert thread(post)[comment.pk]["author"]["display_name"] == "Olive"

    def test_opt_out_changes_do_not_invalidate(self, post, owner, make_comment):
        from django.core.cache import cache

        from community.cache import ALL_POSTS
        from core.cache import generation_key

        thread(post)
        before = cache.get(generation_key(ALL_POSTS))
        Profile.objects.create(user=owner, email_replies=False)
        client_for(owner).patch("/api/auth/me/", {"email_opt_out": {"replies": True}}, format="json")
        assert cache.get(generation_key(ALL_POSTS)) == before


EDGE = "https://example.com"


def edge_urls(*posts):
    """What a change to ``posts``' threads purges: each post's thread, live version and
    stats, with any query string."""
    return sorted(
        f"{EDGE}/api/posts/{post.pk}/{path}*"
        for post in posts
        for path in ("comments/", "comments/version/", "stats/")
    )


@pytest.fixture
def purged(settings, monkeypatch, django_capture_on_commit_callbacks):
    """``purged(change)``: the community purges sent to the edge once ``change()`` committed,
    each as its sorted URLs (``blog.purge.purge`` recorded, the jobs run for real). The
    edge is there during ``change()`` only (``edge=False``: not at all), so the test's
    set-up, which never commits, leaves no batch behind for the change to join."""
    from blog import purge

    settings.FRONTEND_URL = EDGE
    calls = []
    monkeypatch.setattr(purge, "purge", lambda urls: calls.append(sorted(urls)))

    def run(change, edge=True):
        calls.clear()
        settings.WAGTAILFRONTENDCACHE = (
            {"edge": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": EDGE}}
            if edge
            else {}
        )
        with django_capture_on_commit_callbacks(execute=True):
            change()
        settings.WAGTAILFRONTENDCACHE = {}
        assert wait_until(lambda: not any(t.name.startswith("job:") for t in threading.enumerate()), 10)
        return [urls for urls in calls if any("/api/posts/" in url for url in urls)]

    return run


class TestEdgePurge:
    """The edge keeps public threads for hours: each change purges exactly the threads it
    changed, once committed, in one purge a transaction."""

    def test_every_kind_of_change_to_a_thread_purges_that_post_alone(
        self, purged, post, make_post, owner, other, moderator, make_comment
    ):
        make_post()  # a neighbour, never purged
        mine = make_comment(post, owner)
        held = make_comment(post, other, status=Comment.Status.PENDING)
        changes = {
            "new comment": lambda: client_for(other).post(thread_url(post), {"body": "hi"}, format="json"),
            "reply": lambda: client_for(other).post(
                thread_url(post), {"body": "re", "parent": mine.pk}, format="json"
            ),
            "edit": lambda: client_for(owner).patch(
                f"/api/comments/{mine.pk}/", {"body": "new"}, format="json"
            ),
            "pin": lambda: client_for(moderator).post(f"/api/comments/{mine.pk}/pin/"),
            "unpin": lambda: client_for(moderator).delete(f"/api/comments/{mine.pk}/pin/"),
            "comment like": lambda: client_for(other).post(f"/api/comments/{mine.pk}/like/"),
            "comment unlike": lambda: client_for(other).delete(f"/api/comments/{mine.pk}/like/"),
            "post like": lambda: client_for(other).post(f"/api/posts/{post.pk}/like/"),
            "approve": lambda: ApproveComments.execute_action([held]),
            "hide": lambda: HideComments.execute_action([held]),
            "moderator delete": lambda: client_for(moderator).delete(f"/api/comments/{held.pk}/"),
            "delete": lambda: client_for(owner).delete(f"/api/comments/{mine.pk}/"),
        }
        for name, change in changes.items():
            assert purged(change) == [edge_urls(post)], name

    def test_reads_and_refused_changes_purge_nothing(self, purged, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        assert purged(lambda: thread(post)) == []
        assert purged(lambda: client_for(other).patch(f"/api/comments/{comment.pk}/", {"body": "x"})) == []
        assert purged(lambda: client_for(None).post(thread_url(post), {"body": "x"})) == []

    def test_changes_to_many_posts_in_one_transaction_are_one_purge(
        self, purged, post, make_post, owner, make_comment
    ):
        second = make_post()
        held = [make_comment(p, owner, status=Comment.Status.PENDING) for p in (post, second, post)]

        def change():
            with transaction.atomic():
                ApproveComments.execute_action(held)
                services.like_post(second, owner)

        assert purged(change) == [edge_urls(post, second)]

    def test_a_rolled_back_change_purges_nothing(self, purged, post, owner):
        def change():
            with transaction.atomic():
                services.like_post(post, owner)
                transaction.set_rollback(True)

        assert purged(change) == []

    def test_nothing_is_purged_without_an_edge_or_while_seeding(self, purged, post, owner):
        from blog import revalidation

        def seed():
            with revalidation.suspended():
                services.like_post(post, owner)

        assert purged(seed) == []
        assert purged(lambda: services.unlike_post(post, owner), edge=False) == []

    def test_a_commenters_new_name_purges_the_threads_showing_it(
        self, purged, post, make_post, owner, other, make_comment
    ):
        mentioned_in, elsewhere = make_post(), make_post()
        make_comment(post, owner)
        make_comment(mentioned_in, other, body="@owner hi")
        make_comment(elsewhere, other)

        # the display name shows where they wrote; the username in mentions too
        def display_name():
            client_for(owner).patch("/api/auth/me/", {"display_name": "Olive"}, format="json")

        assert purged(display_name) == [edge_urls(post)]

        def rename():
            owner.username = "olive"
            owner.save()

        assert purged(rename) == [edge_urls(post, mentioned_in)]

    def test_a_deleted_user_purges_the_threads_showing_them(
        self, purged, post, make_post, owner, other, make_comment
    ):
        liked, elsewhere = make_post(), make_post()
        make_comment(post, owner)
        services.like_comment(make_comment(liked, other), owner)
        make_comment(elsewhere, other)
        assert purged(owner.delete) == [edge_urls(post, liked)]

    def test_unpublishing_or_restricting_a_post_purges_its_thread(self, purged, post, owner, make_comment):
        from wagtail.models import PageViewRestriction

        make_comment(post, owner)

        def restrict():
            PageViewRestriction.objects.create(page=post, restriction_type="password", password="x")

        assert purged(restrict) == [edge_urls(post)]
        assert purged(post.unpublish) == [edge_urls(post)]


@pytest.fixture
def redis_down(settings):
    """The default cache pointed at a closed port, configured as production is."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
    }


class TestRedisDown:
    def test_reads_are_served_from_the_database(self, redis_down, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        assert set(thread(post)) == {comment.pk}
        client_for(other).post(f"/api/comments/{comment.pk}/like/")
        reply = client_for(other).post(thread_url(post), {"body": "hi", "parent": comment.pk}, format="json")
        assert reply.status_code == 201
        assert thread(post)[comment.pk]["like_count"] == 1
        assert thread(post, other)[comment.pk]["liked_by_me"] is True
        assert stats(post) == {
            "like_count": 0,
            "comment_count": 2,
            "liked_by_me": False,
            "fediverse": {"likes": 0, "boosts": 0},
        }
        assert batch([post])[0]["comment_count"] == 2


def test_api_cache_off_serves_threads_and_stats_from_the_database(
    settings, api_client, make_post, count_queries
):
    settings.API_CACHE_ENABLED = False
    post = make_post()
    for url in (f"/api/posts/{post.pk}/comments/", f"/api/posts/{post.pk}/stats/"):
        api_client.get(url)
        with count_queries() as context:
            assert api_client.get(url).status_code == 200
        assert len(context) > 0, url
