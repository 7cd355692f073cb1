"""
Background jobs for community emails (Celery; eager on the embedded default).

``notify_comment`` / ``notify_report`` decide who hears about an event and record it
in the recipients' digest windows; ``send_notification`` sends one email (retried
with backoff when the mail server or SES fails); ``send_digest`` sends a window's
collected events when it closes. ``send_due_digests`` sweeps any digest whose
scheduled task was lost, and is what delivers digests where no worker runs (the
embedded default runs it on each new event; cron can run
``manage.py send_notification_digests``).
"""

import logging
import smtplib

from botocore.exceptions import BotoCoreError, ClientError
from celery import shared_task
from django.contrib.auth import get_user_model

from blog.models import BlogPage
from community import notifications
from community.models import Comment, Report

logger = logging.getLogger(__name__)

# What a mail server (SMTP) or SES (boto) outage raises.
RETRYABLE = (OSError, smtplib.SMTPException, BotoCoreError, ClientError)


def _notify(recipients, post_id, kind, event_id):
    eager = send_digest.app.conf.task_always_eager
    for user in recipients:
        outcome, window = notifications.record(user, post_id, kind, event_id)
        try:
            if outcome == notifications.SEND_NOW:
                send_notification.delay(user.pk, post_id, kind, [event_id])
            elif outcome == notifications.DIGEST_LATER and not eager:
                # Eager runs cannot wait: the sweep below sends it on a later event.
                send_digest.apply_async((window.pk,), eta=window.window_ends)
        except Exception:  # one recipient's failure must not cost the others their email
            logger.exception("Could not send %s to user %s", kind, user.pk)
    send_due_digests()


def _visible_comment(comment_id):
    comment = Comment.objects.select_related("post", "parent__author").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.VISIBLE or comment.is_deleted:
        return None
    return comment


@shared_task(name="community.notify_comment", ignore_result=True)
def notify_comment(comment_id):
    """Email the parent's author about a reply, or the post's writers about a new comment,
    and the users it mentions (who do not hear about it as a reply already). Nothing
    while the comment is not visible: approving a held one queues this again."""
    comment = _visible_comment(comment_id)
    if comment is None:
        return
    kind, recipients = notifications.comment_recipients(comment)
    _notify(recipients, comment.post_id, kind, comment.pk)
    mentioned = notifications.mention_recipients(comment, already=recipients)
    _notify(mentioned, comment.post_id, notifications.Kind.MENTIONS, comment.pk)


@shared_task(name="community.notify_mentions", ignore_result=True)
def notify_mentions(comment_id, user_ids):
    """Email the users an edit newly mentions (``user_ids``), if the comment is visible."""
    comment = _visible_comment(comment_id)
    if comment is None:
        return
    mentioned = notifications.mention_recipients(comment, set(user_ids))
    _notify(mentioned, comment.post_id, notifications.Kind.MENTIONS, comment.pk)


@shared_task(name="community.notify_report", ignore_result=True)
def notify_report(report_id):
    """Email the moderators (who have not opted out) that a comment was reported."""
    report = Report.objects.select_related("comment").filter(pk=report_id).first()
    if report is None:
        return
    kind = notifications.Kind.REPORTS
    recipients = notifications.opted_in(notifications.moderators(), kind)
    recipients = [user for user in recipients if user.pk != report.reporter_id]
    _notify(recipients, report.comment.post_id, kind, report.pk)


@shared_task(
    name="community.send_notification",
    autoretry_for=RETRYABLE,
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=5,
    ignore_result=True,
)
def send_notification(user_id, post_id, kind, event_ids):
    user = get_user_model().objects.filter(pk=user_id).first()
    post = BlogPage.objects.filter(pk=post_id).first()
    if user is not None and post is not None:
        notifications.deliver(user, kind, post, event_ids)


@shared_task(name="community.send_digest", ignore_result=True)
def send_digest(window_id):
    """Send a window's collected events as one email, once its time is up."""
    taken = notifications.take_digest(window_id)
    if taken is not None:
        window, events = taken
        send_notification.delay(window.recipient_id, window.post_id, window.kind, events)


@shared_task(name="community.send_due_digests", ignore_result=True)
def send_due_digests():
    """Every digest that is due (a few rows at most; cheap to run often)."""
    for window_id in notifications.due_windows().values_list("pk", flat=True):
        try:
            send_digest(window_id)
        except Exception:
            logger.exception("Could not send digest %s", window_id)
