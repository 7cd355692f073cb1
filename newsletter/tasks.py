"""
Background jobs for newsletters (Celery; in-process after the commit on the embedded default).

``deliver_send`` sends a post to its subscribers and schedules itself again for what is
due later (retries, rows a dead worker held); ``resume_sends`` picks up every send left
unfinished (run by ``manage.py send_newsletters`` from cron, which is also what retries
on the embedded default, where no worker waits). ``send_confirmation`` sends one
confirmation email, retried with backoff while the mail server is down.
"""

import logging

from celery import shared_task
from django.utils import timezone

from newsletter import emails, sending
from newsletter.models import Send, Subscriber

logger = logging.getLogger(__name__)


@shared_task(name="newsletter.deliver_send", ignore_result=True)
def deliver_send(send_id):
    """Send what is due of one send; come back when the rest is due."""
    send = Send.objects.filter(pk=send_id).first()
    if send is None:
        return
    due = sending.run_send(send)
    if due is not None and not deliver_send.app.conf.task_always_eager:
        deliver_send.apply_async((send_id,), eta=max(due, timezone.now()))


@shared_task(name="newsletter.resume_sends", ignore_result=True)
def resume_sends():
    """Every unfinished send, once (a sweep for lost tasks and for eager retries)."""
    for send in Send.objects.filter(finished_at=None).order_by("pk"):
        try:
            sending.run_send(send)
        except Exception:
            logger.exception("Newsletter send %s failed", send.pk)


@shared_task(
    name="newsletter.send_confirmation",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=5,
    ignore_result=True,
)
def send_confirmation(subscriber_id, token):
    """Email the confirmation link (the token travels only through the broker and the email)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id, state=Subscriber.State.PENDING).first()
    if subscriber is not None:
        emails.send_confirmation_email(subscriber, token)
