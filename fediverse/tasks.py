"""Background jobs for federation (Celery; in-process, off the request thread, on the
embedded default)."""

import threading
import time

from celery import shared_task
from django.conf import settings
from django.db import connections

from fediverse import delivery
from fediverse.http import RetryLater

EAGER_RETRY_SECONDS = 2.0
"""First pause between attempts when no worker runs the task (doubling, at most a minute)."""


@shared_task(
    bind=True,
    name="fediverse.deliver",
    autoretry_for=(RetryLater,),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=settings.FEDERATION_MAX_DELIVERY_ATTEMPTS,
    ignore_result=True,
)
def deliver(self, delivery_id):
    """One delivery attempt, retried with exponential backoff while it says so (the
    attempt itself gives up after ``FEDERATION_MAX_DELIVERY_ATTEMPTS``)."""
    if not self.request.is_eager:
        delivery.attempt(delivery_id)
        return
    # Eager (no broker): nobody comes back later, so retry here, in this job's thread.
    try:
        for number in range(settings.FEDERATION_MAX_DELIVERY_ATTEMPTS):
            try:
                delivery.attempt(delivery_id)
                return
            except RetryLater:
                time.sleep(min(EAGER_RETRY_SECONDS * 2**number, 60))
    finally:
        if threading.current_thread().name.startswith("job:"):
            connections.close_all()  # leave no connection open in a finished thread
