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
