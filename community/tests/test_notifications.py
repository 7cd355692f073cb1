"""Emails about replies, comments on one's posts, and reports; opt-outs respected."""

from django.core import mail

from community.models import Profile
from community.tests.conftest import client_for


def comment(post, user, **data):
    return client_for(user).post(f"/api/posts/{post.pk}/comments/", data, format="json")


class TestNotifications:
    def test_a_reply_emails_the_parent_author(self, post, owner, other, django_capture_on_commit_callbacks):
        parent = comment(post, owner, body="first").json()["id"]
        with django_capture_on_commit_callbacks(execute=True):
            comment(post, other, body="a reply", parent=parent)
        assert [m.to for m in mail.outbox] == [["owner@example.com"]]
        assert "replied to your comment" in mail.outbox[0].subject

    def test_opting_out_of_replies_stops_the_email(
        self, post, owner, other, django_capture_on_commit_callbacks
    ):
        Profile.objects.create(user=owner, email_replies=False)
        parent = comment(post, owner, body="first").json()["id"]
        with django_capture_on_commit_callbacks(execute=True):
            comment(post, other, body="a reply", parent=parent)
        assert mail.outbox == []

    def test_replying_to_yourself_sends_nothing(self, post, owner, django_capture_on_commit_callbacks):
        parent = comment(post, owner, body="first").json()["id"]
        with django_capture_on_commit_callbacks(execute=True):
            comment(post, owner, body="me again", parent=parent)
        assert mail.outbox == []

    def test_a_comment_emails_the_posts_writers(
        self, make_post, make_author, make_user, other, django_capture_on_commit_callbacks
    ):
        writer = make_user("writer")
        post = make_post(authors=[make_author(name="Writer", user=writer)])
        with django_capture_on_commit_callbacks(execute=True):
            comment(post, other, body="nice")
        assert [m.to for m in mail.outbox] == [["writer@example.com"]]

    def test_a_report_emails_moderators_who_have_not_opted_out(
        self, post, owner, other, moderator, make_user, make_comment, django_capture_on_commit_callbacks
    ):
        quiet = make_user("quiet", groups=["Editors"])
        Profile.objects.create(user=quiet, email_reports=False)
        target = make_comment(post, owner)
        with django_capture_on_commit_callbacks(execute=True):
            client_for(other).post(f"/api/comments/{target.pk}/report/", {"reason": "spam"}, format="json")
        assert [m.to for m in mail.outbox] == [["mod@example.com"]]


# --- Headers, digests, unsubscribe, failures -----------------------------------------

import socket  # noqa: E402
from datetime import timedelta  # noqa: E402

import pytest  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from community import notifications, tasks  # noqa: E402
from community.models import PendingNotification  # noqa: E402


def close_windows():
    """Pretend the digest window has passed."""
    PendingNotification.objects.update(window_ends=timezone.now() - timedelta(seconds=1))


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def replies_to(make_user, make_comment, django_capture_on_commit_callbacks):
    """``replies_to(parent, n)``: n replies by n different readers, emails sent after commit."""

    def reply(parent, count, start=0):
        for i in range(start, start + count):
            with django_capture_on_commit_callbacks(execute=True):
                make_comment(parent.post, make_user(f"replier{i}"), body=f"reply {i}", parent=parent)

    return reply


class TestEmails:
    def test_a_reply_email_carries_one_click_unsubscribe_headers(self, post, owner, make_comment, replies_to):
        replies_to(make_comment(post, owner), 1)
        [message] = mail.outbox
        url = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert url.startswith("http://testserver/api/unsubscribe/")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert url in message.body and "reply 0" in message.body

    def test_a_burst_of_20_replies_sends_one_email_then_one_digest(
        self, post, owner, make_comment, replies_to
    ):
        parent = make_comment(post, owner)
        replies_to(parent, 20)
        assert len(mail.outbox) == 1
        assert "replied to your comment" in mail.outbox[0].subject
        window = PendingNotification.objects.get(recipient=owner, post=post, kind="replies")
        assert len(window.event_ids) == 19
        tasks.send_digest.delay(window.pk)  # too early: the window is still open
        assert len(mail.outbox) == 1
        close_windows()
        tasks.send_digest.delay(window.pk)
        tasks.send_digest.delay(window.pk)  # twice: sends once
        assert len(mail.outbox) == 2
        digest = mail.outbox[1]
        assert digest.subject == f"19 new replies on “{post.title}”"
        assert digest.to == ["owner@example.com"]
        assert "replier1: reply 1" in digest.body and "… and 9 more." in digest.body
        assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    def test_after_a_digest_the_next_reply_waits_for_the_next_window(
        self, post, owner, make_comment, replies_to
    ):
        parent = make_comment(post, owner)
        replies_to(parent, 2)
        close_windows()
        tasks.send_due_digests.delay()
        assert len(mail.outbox) == 2
        replies_to(parent, 1, start=2)
        assert len(mail.outbox) == 2  # collected for the next digest
        close_windows()
        replies_to(parent, 1, start=3)  # a later event sweeps the due digest out
        assert len(mail.outbox) == 3
        assert mail.outbox[2].subject == f"2 new replies on “{post.title}”"

    def test_windows_are_per_post_and_kind(
        self,
        make_post,
        make_author,
        owner,
        other,
        make_comment,
        replies_to,
        django_capture_on_commit_callbacks,
    ):
        writer_post = make_post(title="Mine", authors=[make_author(name="Owner", user=owner)])
        replies_to(make_comment(make_post(title="Theirs"), owner), 1)
        replies_to(make_comment(writer_post, owner), 1, start=1)
        with django_capture_on_commit_callbacks(execute=True):
            make_comment(writer_post, other, body="top-level")
        assert sorted(m.subject for m in mail.outbox) == [
            "New comment by other on “Mine”",
            "replier0 replied to your comment on “Theirs”",
            "replier1 replied to your comment on “Mine”",
        ]

    def test_a_digest_is_not_sent_to_who_opted_out_meanwhile(self, post, owner, make_comment, replies_to):
        replies_to(make_comment(post, owner), 3)
        Profile.objects.update_or_create(user=owner, defaults={"email_replies": False})
        close_windows()
        tasks.send_due_digests.delay()
        assert len(mail.outbox) == 1

    def test_hidden_replies_drop_out_of_the_digest(self, post, owner, make_comment, replies_to):
        from community.models import Comment

        replies_to(make_comment(post, owner), 3)
        Comment.objects.filter(body="reply 2").update(status=Comment.Status.HIDDEN)
        close_windows()
        tasks.send_due_digests.delay()
        assert "1 new replies" not in mail.outbox[1].subject
        assert "reply 2" not in mail.outbox[1].body and "reply 1" in mail.outbox[1].body

    def test_a_report_email_has_the_moderators_unsubscribe_link(
        self, post, owner, other, moderator, make_comment, django_capture_on_commit_callbacks
    ):
        target = make_comment(post, owner)
        with django_capture_on_commit_callbacks(execute=True):
            client_for(other).post(f"/api/comments/{target.pk}/report/", {"reason": "spam"}, format="json")
        [message] = mail.outbox
        token = message.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]
        assert notifications.read_unsubscribe_token(token) == (moderator, "reports")


class TestUnsubscribe:
    def url(self, user, kind="replies"):
        return f"/api/unsubscribe/{notifications.unsubscribe_token(user, kind)}/"

    def test_get_asks_and_post_unsubscribes(self, owner):
        client = Client(enforce_csrf_checks=True)  # mail providers send no CSRF token
        page = client.get(self.url(owner))
        assert page.status_code == 200 and b'<form method="post">' in page.content
        assert Profile.for_user(owner).email_replies is True
        response = client.post(self.url(owner), {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200 and b"Unsubscribed" in response.content
        profile = Profile.for_user(owner)
        assert profile.email_replies is False and profile.email_post_comments is True
        assert client_for(owner).get("/api/auth/me/").json()["email_opt_out"]["replies"] is True
        assert client.post(self.url(owner)).status_code == 200  # again: still fine

    def test_an_unsubscribed_reader_gets_no_more_replies(self, post, owner, make_comment, replies_to):
        Client().post(self.url(owner))
        replies_to(make_comment(post, owner), 1)
        assert mail.outbox == []

    def test_tampered_tokens_are_refused(self, owner, other):
        token = notifications.unsubscribe_token(owner, "replies")
        forged = notifications.unsubscribe_token(other, "replies").split(":")[0] + ":" + token.split(":")[1]
        bogus_kind = notifications.unsubscribe_token(owner, "everything")
        for bad in (token[:-2] + "xx", forged, bogus_kind, "nonsense"):
            for method in ("get", "post"):
                response = getattr(Client(), method)(f"/api/unsubscribe/{bad}/")
                assert response.status_code == 404
                assert response.json() == {"detail": "This unsubscribe link is not valid."}
        assert Profile.for_user(owner).email_replies is True


class TestFailures:
    def test_a_dead_mail_server_never_fails_the_request(
        self, settings, post, owner, other, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 1
        parent = comment(post, owner, body="first").json()["id"]
        with django_capture_on_commit_callbacks(execute=True):
            response = comment(post, other, body="a reply", parent=parent)
        assert response.status_code == 201

    def test_a_dead_broker_never_fails_the_request(
        self, monkeypatch, post, owner, other, django_capture_on_commit_callbacks
    ):
        def refuse(*args, **kwargs):
            raise ConnectionRefusedError("broker down")

        monkeypatch.setattr(tasks.notify_comment, "delay", refuse)
        parent = comment(post, owner, body="first").json()["id"]
        with django_capture_on_commit_callbacks(execute=True):
            assert comment(post, other, body="a reply", parent=parent).status_code == 201


class TestAmazonSES:
    def test_emails_go_through_ses(
        self, settings, monkeypatch, s3_endpoint, post, owner, make_comment, replies_to
    ):
        import boto3

        for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
            monkeypatch.setenv(name, value)
        ses = boto3.client("ses", endpoint_url=s3_endpoint, region_name="eu-west-1")
        ses.verify_email_identity(EmailAddress="no-reply@folio.local")
        settings.EMAIL_BACKEND = "django_ses.SESBackend"
        settings.AWS_SES_REGION_NAME, settings.AWS_SES_REGION_ENDPOINT_URL = "eu-west-1", s3_endpoint
        sent = ses.get_send_quota()["SentLast24Hours"]
        replies_to(make_comment(post, owner), 1)
        assert ses.get_send_quota()["SentLast24Hours"] > sent  # moto counts envelope and To: apart


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_20_simultaneous_replies_send_one_email_and_queue_one_digest(make_post, make_user, make_comment):
    from django.db import connection

    from community.tests.test_concurrency import run_concurrently

    if connection.vendor != "postgresql":
        pytest.skip("concurrency is measured on PostgreSQL")
    post, owner = make_post(), make_user("owner")
    parent = make_comment(post, owner)
    clients = [client_for(make_user(f"replier{i}")) for i in range(20)]
    url = f"/api/posts/{post.pk}/comments/"
    responses = run_concurrently(
        [lambda c=c: c.post(url, {"body": "hi", "parent": parent.pk}, format="json") for c in clients]
    )
    assert {r.status_code for r in responses} == {201}
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    window = PendingNotification.objects.get(recipient=owner)
    assert len(window.event_ids) == 19
    close_windows()
    tasks.send_digest.delay(window.pk)
    assert mail.outbox[1].subject == f"19 new replies on “{post.title}”"


def test_the_digest_command_sends_due_digests(post, owner, make_comment, replies_to):
    import io

    from django.core.management import call_command

    replies_to(make_comment(post, owner), 4)
    close_windows()
    call_command("send_notification_digests", stdout=io.StringIO())
    assert [m.subject for m in mail.outbox][1] == f"3 new replies on “{post.title}”"
