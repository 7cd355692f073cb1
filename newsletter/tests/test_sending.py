"""A post's first publication emails each matching subscriber once, through a real SMTP server."""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsletter import sending
from newsletter.emails import read_unsubscribe_token
from newsletter.models import Delivery, Send, Subscriber
from newsletter.tasks import deliver_send, resume_sends

pytestmark = pytest.mark.django_db


def recipients(sink):
    return sorted(sink.recipients)


class TestWhoGetsAPost:
    def test_each_topic_reaches_its_subscribers(self, smtp, publish, make_author, make_subscriber):
        jane, joe = make_author(name="Jane"), make_author(name="Joe")
        make_subscriber("all@example.com", ["blog"])
        make_subscriber("jane-fan@example.com", [f"author:{jane.slug}"])
        make_subscriber("joe-fan@example.com", [f"author:{joe.slug}"])
        make_subscriber("django-fan@example.com", ["tag:django"])
        make_subscriber("python-fan@example.com", ["tag:python"])

        publish(title="Jane on Django", authors=[jane], tags=["django"])
        assert recipients(smtp) == ["all@example.com", "django-fan@example.com", "jane-fan@example.com"]

        publish(title="Joe on Python", authors=[joe], tags=["python"])
        second = sorted(message["To"] for message in smtp.messages[3:])
        assert second == ["all@example.com", "joe-fan@example.com", "python-fan@example.com"]

    def test_a_subscriber_matching_several_ways_gets_one_email(
        self, smtp, publish, make_author, make_subscriber
    ):
        jane = make_author(name="Jane")
        make_subscriber("keen@example.com", ["blog", f"author:{jane.slug}", "tag:django", "tag:python"])
        publish(title="Everything", authors=[jane], tags=["django", "python"])
        assert recipients(smtp) == ["keen@example.com"]
        assert Delivery.objects.get().status == Delivery.Status.SENT

    def test_pending_unsubscribed_and_suppressed_addresses_get_nothing(self, smtp, publish, make_subscriber):
        make_subscriber("yes@example.com")
        make_subscriber("pending@example.com", state=Subscriber.State.PENDING)
        make_subscriber("gone@example.com", state=Subscriber.State.UNSUBSCRIBED)
        make_subscriber("bounced@example.com", state=Subscriber.State.SUPPRESSED)
        publish(title="Only for the confirmed")
        assert recipients(smtp) == ["yes@example.com"]


class TestTheEmail:
    def test_subject_parts_and_one_click_headers(self, smtp, publish, make_subscriber, make_image):
        subscriber = make_subscriber("reader@example.com")
        publish(
            title="A full post",
            body="Intro with a [link](/blog/other/).\n\n```python\nprint('hi')\n```\n\n> quoted",
            hero_image=make_image(),
            hero_alt="A hero",
        )
        (message,) = smtp.messages
        assert message["Subject"] == "A full post"
        assert message["From"] == "Folio <news@folio.test>"
        header = r"<(https?://[^>]+/api/newsletter/unsubscribe/([^/]+)/)>, <mailto:([^>]+)>"
        unsubscribe = re.fullmatch(header, message["List-Unsubscribe"].strip())
        assert unsubscribe, message["List-Unsubscribe"]
        assert unsubscribe.group(3) == "news@folio.test?subject=unsubscribe"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "A full post" in text and "http://frontend.test/blog/" in text
        assert unsubscribe.group(1) in text and unsubscribe.group(1) in html
        assert '<h1 style="' in html and "A hero" in html and "/media/" in html
        # The post in full, with inline styles and absolute links; no <style> or external CSS.
        assert '<a href="http://frontend.test/blog/other/"' in html
        assert re.search(r'<pre[^>]* style="[^"]+"', html)
        assert re.search(r'<blockquote style="[^"]+">', html)
        assert "<style" not in html and "stylesheet" not in html
        assert "Read and comment" in html
        # The link in the email is this subscriber's.
        assert read_unsubscribe_token(unsubscribe.group(2)) == subscriber


class TestOneSendPerPost:
    def test_an_edit_or_a_republish_sends_nothing(
        self, smtp, publish, make_subscriber, django_capture_on_commit_callbacks
    ):
        make_subscriber("reader@example.com")
        post = publish(title="Once")
        assert len(smtp.messages) == 1
        with django_capture_on_commit_callbacks(execute=True):
            post.title = "Once, edited"
            post.save_revision().publish()
            post.unpublish()
            post.save_revision().publish()
        assert len(smtp.messages) == 1
        assert Send.objects.filter(post=post).count() == 1

    def test_the_switch_keeps_a_post_out_of_the_newsletter(self, smtp, publish, make_subscriber):
        make_subscriber("reader@example.com")
        post = publish(title="Quiet", send_to_subscribers=False)
        assert smtp.messages == []
        assert not Send.objects.filter(post=post).exists()

    def test_running_a_finished_send_again_sends_nothing(self, smtp, publish, make_subscriber):
        make_subscriber("reader@example.com")
        post = publish(title="Once")
        deliver_send(post.newsletter_send.pk)
        resume_sends()
        assert len(smtp.messages) == 1
        assert post.newsletter_send.deliveries.count() == 1


class TestMailServerTrouble:
    def test_a_dead_server_never_blocks_publishing_and_deliveries_are_retried(
        self, dead_smtp, publish, make_subscriber
    ):
        for n in range(3):
            make_subscriber(f"r{n}@example.com")
        post = publish(title="Server down")
        assert post.live  # published all the same
        send = post.newsletter_send
        rows = list(send.deliveries.all())
        assert [row.status for row in rows] == [Delivery.Status.QUEUED] * 3
        assert all(row.attempts == 1 and "refused" in row.error.lower() for row in rows), rows[0].error
        assert all(row.due_at > timezone.now() for row in rows)  # backoff before the next try
        assert send.finished_at is None

        dead_smtp.start()
        resume_sends()
        assert dead_smtp.messages == []  # not due yet: the backoff holds
        send.deliveries.update(due_at=timezone.now() - timedelta(seconds=1))
        resume_sends()
        assert sorted(dead_smtp.recipients) == ["r0@example.com", "r1@example.com", "r2@example.com"]
        assert set(send.deliveries.values_list("status", "attempts")) == {(Delivery.Status.SENT, 2)}
        send.refresh_from_db()
        assert send.finished_at is not None

    def test_an_address_retried_until_attempts_run_out_is_failed(
        self, dead_smtp, publish, make_subscriber, settings
    ):
        settings.NEWSLETTER_MAX_ATTEMPTS = 3
        make_subscriber("r@example.com")
        send = publish(title="Never").newsletter_send
        for _ in range(2):
            send.deliveries.update(due_at=timezone.now() - timedelta(seconds=1))
            resume_sends()
        delivery = send.deliveries.get()
        assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 3)
        assert sending.next_due(send) is None

    def test_a_refused_address_fails_alone(self, smtp, publish, make_subscriber):
        make_subscriber("ok@example.com")
        make_subscriber("nobody@example.com")
        smtp.refuse.add("nobody@example.com")
        send = publish(title="One refused").newsletter_send
        assert recipients(smtp) == ["ok@example.com"]
        refused = send.deliveries.get(subscriber__email="nobody@example.com")
        assert refused.status == Delivery.Status.FAILED and "550" in refused.error
        assert Send.objects.with_counts().values_list("recipients", "sent", "failed").get(pk=send.pk) == (
            2,
            1,
            1,
        )

    def test_batches_share_one_connection_each(self, smtp, publish, make_subscriber, settings, monkeypatch):
        settings.NEWSLETTER_BATCH_SIZE = 4
        for n in range(10):
            make_subscriber(f"r{n}@example.com")
        opened = []
        from django.core.mail.backends.smtp import EmailBackend

        original_open = EmailBackend.open

        def counting_open(self):
            created = original_open(self)
            if created:
                opened.append(self)
            return created

        monkeypatch.setattr(EmailBackend, "open", counting_open)
        publish(title="Batched")
        assert len(smtp.messages) == 10
        assert len(opened) == 3  # 4 + 4 + 2


def test_an_authors_new_slug_carries_their_subscribers_over(make_subscriber, make_author):
    from blog.models import Author

    ada = make_author(name="Ada", slug="ada")
    make_author(name="Bob", slug="bob")
    only_ada = make_subscriber("one@example.com", topics=["author:ada"])
    both = make_subscriber("both@example.com", topics=["author:ada", "author:ada-l"])
    bob = make_subscriber("bob@example.com", topics=["author:bob"])
    ada.slug = "ada-l"
    ada.save()
    assert only_ada.topic_keys == ["author:ada-l"]
    assert both.topic_keys == ["author:ada-l"]
    assert bob.topic_keys == ["author:bob"]
    assert set(Subscriber.objects.matching(["author:ada-l"])) == {only_ada, both}
    # a save that keeps the slug, or fails, moves nothing
    ada.name = "Ada L."
    ada.save()
    clash = Author.objects.get(pk=ada.pk)
    clash.slug = "bob"  # taken: the save fails
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    assert only_ada.topic_keys == ["author:ada-l"] and bob.topic_keys == ["author:bob"]
