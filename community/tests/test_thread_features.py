"""
Issue 13 from the outside: sorts and the pinned comment, pins, bans, mutes, mentions
(emailed through a real SMTP server on loopback), spam held back (with a fake Akismet
on loopback), revisions, the live-thread version, permalink pages and the preview.
Each rule as anonymous, reader, muted, banned, post author and moderator.
"""

import threading
from datetime import UTC, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community import services
from community.models import Ban, Comment, CommentRevision, CommunitySettings, Mute, Profile
from community.tests.conftest import client_for
from core.cache import edge_cache_control
from tests.hardening.services import wait_until


def thread(post, user=None, **params):
    return client_for(user).get(f"/api/posts/{post.pk}/comments/", params)


def ids(response):
    return [comment["id"] for comment in response.json()["results"]]


def comment(post, user, body, **data):
    return client_for(user).post(f"/api/posts/{post.pk}/comments/", {"body": body, **data}, format="json")


@pytest.fixture
def veteran(make_user):
    """A reader whose account is old enough not to count as new."""
    user = make_user("veteran")
    user.date_joined = timezone.now() - timedelta(days=365)
    user.save(update_fields=["date_joined"])
    return user


@pytest.fixture
def writer_post(make_post, make_author, make_user):
    writer = make_user("writer")
    return make_post(title="Written", authors=[make_author(name="Writer", user=writer)]), writer


# --- Sorts and pinning ----------------------------------------------------------------------


@pytest.fixture
def seeded(post, make_user, make_comment):
    """Three threads: ``old`` (2 likes), ``mid`` (0), ``new`` (1), with replies under ``old``."""
    readers = [make_user(f"r{i}") for i in range(3)]
    now = timezone.now()
    old = make_comment(post, readers[0], "old", created=now - timedelta(hours=3))
    mid = make_comment(post, readers[1], "mid", created=now - timedelta(hours=2))
    new = make_comment(post, readers[2], "new", created=now - timedelta(hours=1))
    first = make_comment(post, readers[1], "first reply", parent=old, created=now - timedelta(minutes=50))
    second = make_comment(post, readers[2], "second reply", parent=old, created=now - timedelta(minutes=40))
    for reader in readers[:2]:
        services.like_comment(old, reader)
    services.like_comment(new, readers[0])
    services.like_comment(second, readers[0])  # replies keep conversation order anyway
    return {"old": old, "mid": mid, "new": new, "replies": [first, second], "readers": readers}


class TestSorts:
    def test_best_is_the_default_most_liked_then_newest(self, post, seeded):
        assert ids(thread(post)) == [seeded["old"].pk, seeded["new"].pk, seeded["mid"].pk]
        assert ids(thread(post, sort="best")) == ids(thread(post))

    def test_newest_and_oldest(self, post, seeded):
        assert ids(thread(post, sort="newest")) == [seeded["new"].pk, seeded["mid"].pk, seeded["old"].pk]
        assert ids(thread(post, sort="oldest")) == [seeded["old"].pk, seeded["mid"].pk, seeded["new"].pk]

    def test_replies_stay_in_conversation_order_in_every_sort(self, post, seeded):
        for sort in Comment.SORTS:
            old = next(c for c in thread(post, sort=sort).json()["results"] if c["id"] == seeded["old"].pk)
            assert [r["id"] for r in old["replies"]] == [r.pk for r in seeded["replies"]]

    def test_the_pinned_comment_comes_first_in_every_sort(self, post, seeded, moderator):
        assert client_for(moderator).post(f"/api/comments/{seeded['mid'].pk}/pin/").status_code == 200
        for sort in Comment.SORTS:
            results = thread(post, sort=sort).json()["results"]
            assert results[0]["id"] == seeded["mid"].pk and results[0]["pinned"] is True
            assert [c["pinned"] for c in results[1:]] == [False, False]

    def test_an_unknown_sort_is_a_400_naming_the_field(self, post, seeded):
        response = thread(post, sort="loudest")
        assert response.status_code == 400 and "sort" in response.json()

    @pytest.mark.parametrize("sort", Comment.SORTS)
    def test_queries_stay_flat_from_10_to_1000_comments(self, sort, make_post, make_user):
        users = [make_user(f"q{i}") for i in range(5)]
        counts = []
        for size in (10, 1000):
            post = make_post()
            tops = services.import_comments(
                services.NewComment(post.pk, users[i % 5].pk, f"top {i} @q1") for i in range(size // 2)
            )
            services.import_comments(
                services.NewComment(post.pk, users[i % 5].pk, f"reply {i}", parent=tops[i % len(tops)])
                for i in range(size - len(tops))
            )
            for top in tops[::7]:
                services.like_comment(top, users[2])
            Mute.objects.get_or_create(muter=users[1], muted=users[3])
            client = client_for(users[1])
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(f"/api/posts/{post.pk}/comments/", {"sort": sort, "page_size": 100})
            assert response.status_code == 200
            counts.append(len(ctx))
        assert counts[0] == counts[1]


class TestPinning:
    def url(self, target):
        return f"/api/comments/{target.pk}/pin/"

    def test_who_may_pin(self, writer_post, owner, other, moderator, make_comment):
        post, writer = writer_post
        target = make_comment(post, owner)
        assert client_for(None).post(self.url(target)).status_code == 401
        assert client_for(other).post(self.url(target)).status_code == 403
        assert client_for(owner).post(self.url(target)).status_code == 403  # its own author, not the post's
        assert client_for(writer).post(self.url(target)).json()["pinned"] is True
        assert client_for(other).delete(self.url(target)).status_code == 403
        assert client_for(moderator).delete(self.url(target)).json()["pinned"] is False

    def test_one_pinned_comment_per_post(self, post, owner, moderator, make_comment):
        first, second = make_comment(post, owner, "a"), make_comment(post, owner, "b")
        client_for(moderator).post(self.url(first))
        client_for(moderator).post(self.url(second))
        assert list(Comment.objects.filter(post=post, pinned_at__isnull=False)) == [second]

    def test_replies_cannot_be_pinned(self, post, owner, moderator, make_comment):
        reply = make_comment(post, owner, "r", parent=make_comment(post, owner))
        response = client_for(moderator).post(self.url(reply))
        assert response.status_code == 400 and "non_field_errors" in response.json()

    def test_can_pin_is_the_callers_and_never_shared(self, writer_post, owner, other, make_comment):
        post, writer = writer_post
        make_comment(post, owner)
        thread(post)  # warm the shared entry
        assert thread(post, writer).json()["results"][0]["can_pin"] is True
        assert thread(post, other).json()["results"][0]["can_pin"] is False
        assert thread(post).json()["results"][0]["can_pin"] is False


# --- Bans -------------------------------------------------------------------------------------


class TestBans:
    url = "/api/moderation/bans/"

    def test_only_moderators_ban(self, owner, other, moderator):
        body = {"user": "other", "reason": "trolling"}
        assert client_for(None).post(self.url, body, format="json").status_code == 401
        assert client_for(owner).post(self.url, body, format="json").status_code == 403
        response = client_for(moderator).post(self.url, body, format="json")
        assert response.status_code == 201
        assert response.json()["user"] == "other" and response.json()["until"] is None

    def test_bad_input_is_a_400_by_field(self, other, moderator):
        client = client_for(moderator)
        assert "user" in client.post(self.url, {"user": "nobody", "reason": "x"}, format="json").json()
        assert "user" in client.post(self.url, {"user": "mod", "reason": "x"}, format="json").json()
        past = (timezone.now() - timedelta(days=1)).isoformat()
        assert (
            "until"
            in client.post(self.url, {"user": "other", "until": past, "reason": "x"}, format="json").json()
        )
        assert "reason" in client.post(self.url, {"user": "other"}, format="json").json()
        # Not ids: a superscript digit, past the id column, a NUL.
        for hostile in ["\u00b2", "9" * 30, "1\x00"]:
            response = client.post(self.url, {"user": hostile, "reason": "x"}, format="json")
            assert response.status_code == 400, hostile
            assert "user" in response.json()

    def test_a_banned_user_cannot_comment_edit_or_like_and_is_told_until_when(
        self, post, owner, other, moderator, make_comment
    ):
        mine = make_comment(post, other, "before the ban")
        theirs = make_comment(post, owner)
        until = timezone.now() + timedelta(days=7)
        body = {"user": other.pk, "until": until.isoformat(), "reason": "trolling"}
        assert client_for(moderator).post(self.url, body, format="json").status_code == 201
        client = client_for(other)
        responses = [
            comment(post, other, "again"),
            client.patch(f"/api/comments/{mine.pk}/", {"body": "edited"}, format="json"),
            client.post(f"/api/comments/{theirs.pk}/like/"),
            client.post(f"/api/posts/{post.pk}/like/"),
        ]
        for response in responses:
            assert response.status_code == 403
            assert f"until {until.astimezone(UTC):%Y-%m-%d %H:%M} UTC" in response.json()["detail"]
        assert comment(post, owner, "others still can").status_code == 201

    def test_a_ban_for_good_says_so_and_an_expired_one_no_longer_applies(self, post, other, moderator):
        ban = services.ban_user(other, moderator, reason="spam")
        assert comment(post, other, "x").json()["detail"] == "You are banned from commenting and liking."
        Ban.objects.filter(pk=ban.pk).update(until=timezone.now() - timedelta(seconds=1))
        assert comment(post, other, "back").status_code == 201


# --- Mutes ------------------------------------------------------------------------------------


class TestMutes:
    def url(self, username):
        return f"/api/auth/me/mutes/{username}/"

    def test_muted_authors_come_back_muted_for_the_muter_only(
        self, post, owner, other, make_user, make_comment
    ):
        third = make_user("third")
        make_comment(post, other, "noise")
        thread(post)  # the shared entry exists before the mute
        assert client_for(owner).post(self.url("OTHER")).json() == {"username": "other", "muted": True}
        assert thread(post, owner).json()["results"][0]["muted"] is True
        assert thread(post, third).json()["results"][0]["muted"] is False
        assert thread(post).json()["results"][0]["muted"] is False
        assert client_for(owner).delete(self.url("other")).json()["muted"] is False
        assert thread(post, owner).json()["results"][0]["muted"] is False

    def test_muting_is_idempotent_and_checked(self, owner, other):
        client = client_for(owner)
        client.post(self.url("other"))
        client.post(self.url("other"))
        assert Mute.objects.filter(muter=owner, muted=other).count() == 1
        assert client_for(None).post(self.url("other")).status_code == 401
        assert client.post(self.url("nobody")).status_code == 404
        response = client.post(self.url("owner"))
        assert response.status_code == 400 and "username" in response.json()

    def test_a_muted_authors_own_pending_page_also_shows_muted(self, post, owner, other, make_comment):
        make_comment(post, other, "visible noise")
        make_comment(post, owner, "my held one", status=Comment.Status.PENDING)  # database path
        client_for(owner).post(self.url("other"))
        results = thread(post, owner).json()["results"]
        assert {c["status"]: c["muted"] for c in results} == {"pending": False, "visible": True}


def fullwidth(name):
    """``"ＯＷＮＥＲ"`` for ``"owner"``: NFKC (what sign-up stores) makes it ``"OWNER"`` again."""
    return "".join(chr(ord(char) + 0xFEE0) for char in name.upper())


class TestWhoBansAndMutesWhom:
    """Bans and mutes find the named user alike (``user_named``); each role from the outside."""

    def ban(self, by, name):
        return client_for(by).post(TestBans.url, {"user": name, "reason": "x"}, format="json")

    def mute(self, by, name, method="post"):
        return getattr(client_for(by), method)(f"/api/auth/me/mutes/{quote(name)}/")

    def test_only_a_moderator_bans_and_never_a_moderator(self, owner, other, moderator):
        assert self.ban(None, "owner").status_code == 401
        assert self.ban(other, "owner").status_code == 403
        assert self.ban(owner, "owner").status_code == 403  # not even oneself
        assert "user" in self.ban(moderator, "mod").json()
        assert self.ban(moderator, fullwidth("owner")).json()["user"] == "owner"
        assert Ban.objects.filter(user=owner).count() == 1

    def test_any_signed_in_reader_mutes_anyone_but_themselves(self, owner, other, moderator):
        for method in ("post", "delete"):
            assert self.mute(None, "owner", method).status_code == 401
            assert self.mute(owner, "nobody", method).status_code == 404
        assert self.mute(owner, "owner").status_code == 400
        assert self.mute(other, "owner").json() == {"username": "owner", "muted": True}
        assert self.mute(moderator, "owner").json()["muted"] is True
        assert self.mute(owner, "mod").json() == {"username": "mod", "muted": True}
        assert self.mute(owner, fullwidth("other")).json() == {"username": "other", "muted": True}
        assert self.mute(other, "owner", "delete").json()["muted"] is False
        assert set(Mute.objects.values_list("muter__username", "muted__username")) == {
            ("mod", "owner"),
            ("owner", "mod"),
            ("owner", "other"),
        }

    def test_a_deactivated_account_cannot_be_banned_but_can_be_unmuted(self, owner, other, moderator):
        self.mute(owner, "other")
        other.is_active = False
        other.save(update_fields=["is_active"])
        assert self.ban(moderator, "other").json() == {"user": ["No such user."]}
        assert self.ban(moderator, str(other.pk)).json() == {"user": ["No such user."]}
        assert self.mute(owner, "other", "delete").json() == {"username": "other", "muted": False}


# --- Mentions ---------------------------------------------------------------------------------


class TestMentions:
    def test_mentions_are_stored_and_render_as_plain_spans(self, post, owner, other):
        response = comment(post, owner, "Thanks @Other and @nobody, see `@other`")
        data = response.json()
        assert data["mentions"] == ["other"]
        assert '<span class="mention">@Other</span>' in data["body_html"]
        assert "@nobody" in data["body_html"] and "<a" not in data["body_html"]
        assert "<code>@other</code>" in data["body_html"]
        assert list(Comment.objects.get(pk=data["id"]).mentions.all()) == [other]

    def test_a_mention_emails_the_mentioned_user_through_smtp(
        self, smtp, post, owner, other, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            created = comment(post, owner, "Hey @other, look").json()
        assert wait_until(lambda: len(smtp.messages) == 1, 5)
        [message] = smtp.messages
        assert message["To"] == "other@example.com"
        assert message["Subject"] == "owner mentioned you on “Commented post”"
        assert f"#comment-{created['id']}" in message.get_content()
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    def test_no_email_for_yourself_for_a_muter_or_after_opting_out(
        self, smtp, post, owner, other, make_user, django_capture_on_commit_callbacks
    ):
        muter, quiet = make_user("muter"), make_user("quiet")
        make_user("listener")
        Mute.objects.create(muter=muter, muted=owner)
        Profile.objects.create(user=quiet, email_mentions=False)
        with django_capture_on_commit_callbacks(execute=True):
            comment(post, owner, "@owner @muter @quiet @listener")
        assert wait_until(lambda: len(smtp.messages) >= 1, 5)
        assert smtp.recipients == ["listener@example.com"]

    def test_a_held_comment_emails_its_mentions_only_once_approved(
        self, smtp, post, owner, other, moderator, django_capture_on_commit_callbacks
    ):
        CommunitySettings.objects.update_or_create(defaults={"banned_words": "casino"})
        with django_capture_on_commit_callbacks(execute=True):
            held = comment(post, owner, "@other casino night").json()
        assert held["status"] == "pending"
        assert smtp.messages == []
        with django_capture_on_commit_callbacks(execute=True):
            services.approve_comments(Comment.objects.filter(pk=held["id"]))
        assert wait_until(lambda: smtp.recipients == ["other@example.com"], 5)

    def test_an_edit_emails_only_newly_mentioned_users(
        self, smtp, post, owner, other, make_user, django_capture_on_commit_callbacks
    ):
        make_user("third")
        with django_capture_on_commit_callbacks(execute=True):
            created = comment(post, owner, "hi @other").json()
        assert wait_until(lambda: len(smtp.messages) == 1, 5)
        with django_capture_on_commit_callbacks(execute=True):
            client_for(owner).patch(
                f"/api/comments/{created['id']}/", {"body": "hi @other @third"}, format="json"
            )
        assert wait_until(lambda: len(smtp.messages) == 2, 5)
        assert smtp.recipients == ["other@example.com", "third@example.com"]

    def test_a_reply_that_mentions_the_parent_author_sends_one_email(
        self, smtp, post, owner, other, django_capture_on_commit_callbacks
    ):
        parent = comment(post, owner, "first").json()["id"]
        with django_capture_on_commit_callbacks(execute=True):
            comment(post, other, "@owner agreed", parent=parent)
        assert wait_until(lambda: len(smtp.messages) == 1, 5)
        assert "replied to your comment" in smtp.messages[0]["Subject"]


# --- Spam held back --------------------------------------------------------------------------


class FakeAkismet:
    """Akismet's comment-check on loopback: answers ``verdict`` ("true", "false", or an
    HTTP status to fail with) and keeps what it was sent."""

    def __init__(self):
        self.verdict, self.requests = "false", []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                fake.requests.append((self.path, parse_qs(self.rfile.read(length).decode())))
                if fake.verdict.isdigit():
                    self.send_response(int(fake.verdict))
                    self.end_headers()
                    return
                body = fake.verdict.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def akismet(settings):
    fake = FakeAkismet()
    settings.AKISMET_API_KEY, settings.AKISMET_API_URL = "test-key", fake.url
    yield fake
    fake.stop()


class TestSpamHeldBack:
    LINKS = "see https://a.example and https://b.example"

    def test_a_new_accounts_comment_with_two_links_is_held(self, post, owner, moderator):
        response = comment(post, owner, self.LINKS)
        assert response.status_code == 201 and response.json()["status"] == "pending"
        assert Comment.objects.get().held_reason == services.HELD_NEW_ACCOUNT_LINKS
        assert thread(post).json()["count"] == 0
        assert thread(post, owner).json()["results"][0]["status"] == "pending"  # the author sees it held
        assert comment(post, owner, "one link: https://a.example").json()["status"] == "visible"

    def test_an_established_account_or_a_moderator_may_post_links(
        self, post, veteran, moderator, make_comment
    ):
        for n in range(3):
            make_comment(post, veteran, f"earlier {n}")
        assert comment(post, veteran, self.LINKS).json()["status"] == "visible"
        assert comment(post, moderator, self.LINKS).json()["status"] == "visible"

    def test_an_old_account_with_too_few_comments_still_counts_as_new(self, post, veteran):
        assert comment(post, veteran, self.LINKS).json()["status"] == "pending"

    def test_banned_words_hold_any_readers_comment_and_edit(self, post, veteran, make_comment):
        CommunitySettings.objects.update_or_create(defaults={"banned_words": "Cheap Pills\ncasino"})
        assert comment(post, veteran, "buy CHEAP PILLS now").json()["status"] == "pending"
        assert Comment.objects.get().held_reason == "Contains a banned word: “cheap pills”."
        assert comment(post, veteran, "casinos are not casino-free").json()["status"] == "pending"
        ok = comment(post, veteran, "occasional").json()
        assert ok["status"] == "visible"
        edited = client_for(veteran).patch(f"/api/comments/{ok['id']}/", {"body": "casino"}, format="json")
        assert edited.json()["status"] == "pending"

    def test_akismet_spam_is_held_and_ham_passes(self, akismet, post, veteran):
        akismet.verdict = "true"
        client = client_for(veteran)
        client.credentials(**client._credentials, HTTP_USER_AGENT="Spambot/1.0")
        response = client.post(f"/api/posts/{post.pk}/comments/", {"body": "buy now"}, format="json")
        assert response.json()["status"] == "pending"
        assert Comment.objects.get().held_reason == services.HELD_AKISMET
        path, sent = akismet.requests[0]
        assert path == "/1.1/comment-check"
        assert sent["api_key"] == ["test-key"] and sent["comment_content"] == ["buy now"]
        assert sent["user_agent"] == ["Spambot/1.0"] and sent["comment_author"] == ["veteran"]
        akismet.verdict = "false"
        assert comment(post, veteran, "a fine comment").json()["status"] == "visible"

    @pytest.mark.parametrize("verdict", ["500", "invalid"])
    def test_a_failing_akismet_never_blocks_posting(self, akismet, post, veteran, verdict):
        akismet.verdict = verdict
        assert comment(post, veteran, "hello").json()["status"] == "visible"

    def test_an_unreachable_akismet_never_blocks_posting(self, akismet, settings, post, veteran):
        akismet.stop()
        assert comment(post, veteran, "hello").json()["status"] == "visible"

    def test_akismet_is_off_without_a_key(self, akismet, settings, post, veteran):
        settings.AKISMET_API_KEY = ""
        akismet.verdict = "true"
        assert comment(post, veteran, "hello").json()["status"] == "visible"
        assert akismet.requests == []


# --- Revisions, version, permalinks, preview ---------------------------------------------------


class TestRevisions:
    def test_an_edit_keeps_the_previous_version_out_of_the_api(self, post, owner):
        created = comment(post, owner, "first version").json()
        edited = client_for(owner).patch(f"/api/comments/{created['id']}/", {"body": "second"}, format="json")
        assert edited.json()["edited_at"] is not None
        assert list(CommentRevision.objects.values_list("body", flat=True)) == ["first version"]
        assert "first version" not in thread(post).content.decode()
        assert (
            "first version" not in client_for(owner).get(f"/api/comments/{created['id']}/").content.decode()
        )


class TestLiveVersion:
    def url(self, post):
        return f"/api/posts/{post.pk}/comments/version/"

    def test_unchanged_threads_answer_304_and_any_change_a_new_version(
        self, api_client, post, owner, other, make_comment
    ):
        first = api_client.get(self.url(post))
        # kept by the edge until a change purges it (community.cache.edge_paths)
        assert first.status_code == 200 and first["Cache-Control"] == edge_cache_control(max_age=0)
        etag = first["ETag"]
        assert api_client.get(self.url(post), HTTP_IF_NONE_MATCH=etag).status_code == 304
        target = make_comment(post, owner)
        changed = api_client.get(self.url(post), HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed.json()["comment_count"] == 1
        for change in (
            lambda: services.like_comment(target, other),
            lambda: services.edit_comment(target, owner, "edited"),
            lambda: services.delete_comment(target, owner),
        ):
            etag = api_client.get(self.url(post))["ETag"]
            change()
            assert api_client.get(self.url(post), HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_a_warm_poll_costs_no_sql(self, api_client, post):
        api_client.get(self.url(post))
        with CaptureQueriesContext(connection) as ctx:
            assert api_client.get(self.url(post)).status_code == 200
        assert len(ctx) == 0

    def test_unknown_and_unpublished_posts_are_404(self, api_client, post):
        assert api_client.get("/api/posts/999999/comments/version/").status_code == 404
        post.unpublish()
        assert api_client.get(self.url(post)).status_code == 404


class TestPermalinks:
    def test_the_page_of_a_reply_is_its_threads_page(self, post, owner, make_comment):
        now = timezone.now()
        tops = [
            make_comment(post, owner, f"t{i}", created=now - timedelta(minutes=60 - i)) for i in range(25)
        ]
        reply = make_comment(post, owner, "deep", parent=tops[2])
        client = client_for(None)
        oldest = client.get(f"/api/comments/{reply.pk}/page/", {"sort": "oldest", "page_size": 10}).json()
        assert oldest == {"page": 1, "thread": tops[2].pk}
        newest = client.get(f"/api/comments/{reply.pk}/page/", {"sort": "newest", "page_size": 10}).json()
        assert newest == {"page": 3, "thread": tops[2].pk}  # 22 newer threads before it
        page = thread(post, sort="newest", page_size=10, page=3).json()
        assert tops[2].pk in [c["id"] for c in page["results"]]

    def test_hidden_comments_have_no_page_for_readers(self, post, owner, other, moderator, make_comment):
        hidden = make_comment(post, owner, status=Comment.Status.HIDDEN)
        assert client_for(other).get(f"/api/comments/{hidden.pk}/page/").status_code == 404
        assert client_for(moderator).get(f"/api/comments/{hidden.pk}/page/").json()["page"] == 1


class TestPreview:
    url = "/api/comments/preview/"

    def test_the_preview_renders_like_a_posted_comment(self, owner, other):
        response = client_for(owner).post(self.url, {"body": "**hi** @other <b>x</b>"}, format="json")
        assert response.json() == {
            "body_html": (
                '<p><strong>hi</strong> <span class="mention">@other</span> &lt;b&gt;x&lt;/b&gt;</p>'
            ),
            "mentions": ["other"],
        }

    def test_the_preview_needs_a_reader_and_a_body(self, owner):
        assert client_for(None).post(self.url, {"body": "x"}, format="json").status_code == 401
        assert "body" in client_for(owner).post(self.url, {}, format="json").json()
