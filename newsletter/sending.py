"""
Sending a post to its subscribers, resumably.

- ``start_send`` creates a post's one ``Send`` on its first publication (never on an
  edit or a re-publish; the unique ``post`` makes a second call a no-op).
- ``list_recipients`` writes one ``Delivery`` per matching subscriber in batches; the
  unique (send, subscriber) pair makes a re-run add nothing and a subscriber whose
  topics match several ways appear once.
- ``send_batch`` claims due rows with ``SELECT … FOR UPDATE SKIP LOCKED`` (two workers
  never take the same row), sends them over one SMTP connection and marks each
  ``sent`` right after the server accepted it. Rows a dead worker had claimed are due
  again after ``NEWSLETTER_CLAIM_TIMEOUT_SECONDS``; the only message that can go twice
  is one the server accepted in the instant before its row was marked.
- A failing address is retried with exponential backoff, then marked ``failed``
  (at once for a permanent 5xx refusal); a dead server ends the pass, and the rows
  it refused become due again later.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from blog.models import BlogPage
from newsletter.emails import PostEmail
from newsletter.models import AUTHOR_PREFIX, BLOG_TOPIC, TAG_PREFIX, Delivery, Send, Subscriber

logger = logging.getLogger(__name__)

LISTING_BATCH = 1000


def topics_of(post):
    """The topics a post reaches: the blog, each of its authors, each of its tags."""
    return [
        BLOG_TOPIC,
        *(AUTHOR_PREFIX + author.slug for author in post.authors),
        *(TAG_PREFIX + item.tag.slug for item in post.tagged_items.all()),
    ]


def is_first_publication(post):
    # Wagtail sets both from one timestamp on the first publication only.
    return post.first_published_at is not None and post.first_published_at == post.last_published_at


def start_send(post):
    """The send of a post just published for the first time, or None (an edit, a re-publish,
    the editor's switch off, a send that already exists)."""
    if not (post.send_to_subscribers and is_first_publication(post)):
        return None
    send, created = Send.objects.get_or_create(post=post)
    return send if created else None


def list_recipients(send):
    """One queued Delivery per matching subscriber, written in batches (safe to re-run)."""
    post = BlogPage.objects.prefetch_related("tagged_items__tag", "page_authors__author").get(pk=send.post_id)
    subscriber_ids = (
        Subscriber.objects.matching(topics_of(post))
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=LISTING_BATCH)
    )
    batch = []
    for subscriber_id in subscriber_ids:
        batch.append(Delivery(send=send, subscriber_id=subscriber_id))
        if len(batch) >= LISTING_BATCH:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    send.recipients_listed_at = timezone.now()
    send.save(update_fields=["recipients_listed_at"])


def claim(send, size):
    """Take up to ``size`` due deliveries of ``send``: ``[(id, subscriber id, email)]``."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT_SECONDS)
    with transaction.atomic():
        rows = list(
            Delivery.objects.filter(send=send)
            .filter(
                Q(status=Delivery.Status.QUEUED, due_at__lte=now)
                | Q(status=Delivery.Status.SENDING, due_at__lte=stale)
            )
            .order_by("pk")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", "subscriber_id", "subscriber__email")[:size]
        )
        Delivery.objects.filter(pk__in=[row[0] for row in rows]).update(
            status=Delivery.Status.SENDING, due_at=now
        )
    return rows


def retry_delay(attempts):
    return timedelta(seconds=settings.NEWSLETTER_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def record_failure(delivery_ids, error, permanent=False):
    """Count an attempt: due again after a backoff, or ``failed`` once attempts run out."""
    now = timezone.now()
    for delivery_id, attempts in Delivery.objects.filter(pk__in=delivery_ids).values_list("pk", "attempts"):
        attempts += 1
        gave_up = permanent or attempts >= settings.NEWSLETTER_MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery_id).update(
            attempts=attempts,
            error=str(error)[:1000],
            status=Delivery.Status.FAILED if gave_up else Delivery.Status.QUEUED,
            due_at=now + retry_delay(attempts),
        )


def mark_sent(delivery_id):
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, error=""
    )


def send_batch(send, post_email, size=None):
    """
    Claim and send one batch over one connection. Returns ``(claimed, server_failed)``;
    mail-server trouble is recorded on the rows, never raised.
    """
    claimed = claim(send, size or settings.NEWSLETTER_BATCH_SIZE)
    if not claimed:
        return 0, False
    # Subscribers may have left (unsubscribed, bounced) since the recipients were listed.
    receiving = set(
        Subscriber.objects.receiving().filter(pk__in=[row[1] for row in claimed]).values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=[row[0] for row in claimed if row[1] not in receiving]).delete()
    pending = [row for row in claimed if row[1] in receiving]
    try:
        with get_connection() as connection:
            while pending:
                delivery_id, subscriber_id, email = pending[0]
                try:
                    connection.send_messages([post_email.message(subscriber_id, email, connection)])
                except smtplib.SMTPRecipientsRefused as refused:  # this address only
                    code = next(iter(refused.recipients.values()))[0]
                    record_failure([delivery_id], refused, permanent=code >= 500)
                except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                    if error.smtp_code < 500:
                        raise  # a temporary refusal: the server's state, not the address's
                    record_failure([delivery_id], error, permanent=True)
                else:
                    mark_sent(delivery_id)
                pending.pop(0)
    except OSError as error:  # smtplib's errors are OSErrors too: the server is gone
        logger.warning("Newsletter send %s: mail server failed: %s", send.pk, error)
        record_failure([row[0] for row in pending], error)
        return len(claimed), True
    return len(claimed), False


def next_due(send):
    """When the earliest delivery left becomes due, or None when none is left."""
    row = (
        Delivery.objects.filter(send=send, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING])
        .order_by("due_at")
        .values_list("status", "due_at")
        .first()
    )
    if row is None:
        return None
    status, due_at = row
    if status == Delivery.Status.SENDING:  # held by a worker, or by one that died
        return due_at + timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT_SECONDS)
    return due_at


def run_send(send):
    """
    List the recipients if not done yet, then send every batch due now. Returns when the
    rest becomes due (retries, rows held by another worker), or None once the send is done.
    """
    if send.recipients_listed_at is None:
        list_recipients(send)
    post_email = PostEmail(BlogPage.objects.prefetch_related("page_authors__author").get(pk=send.post_id))
    while True:
        claimed, server_failed = send_batch(send, post_email)
        if claimed == 0 or server_failed:
            break
    due = next_due(send)
    if due is None:
        Send.objects.filter(pk=send.pk, finished_at=None).update(finished_at=timezone.now())
    return due
