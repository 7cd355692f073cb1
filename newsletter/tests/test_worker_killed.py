"""
A real ``celery -A cms worker`` (Redis db of ``TEST_REDIS_URL``, the test database, the SMTP
sink, all through environment variables) is SIGKILLed in the middle of a send, after N emails,
and a new worker is started: everyone left gets the post, no one twice.
"""

import os
import time
from collections import Counter

import pytest

from cms.celery import app
from newsletter.models import Delivery, Send
from newsletter.tasks import deliver_send
from tests.hardening.services import start_celery_worker, stop_processes, wait_until
from tests.smtp import SMTPSink, smtp_env

BROKER = (
    os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
)  # scripts/test's default
QUEUE = "newsletter-kill-test"


def start_worker(sink):
    return start_celery_worker(
        "cms",
        QUEUE,
        {
            **smtp_env(sink.port),
            "CELERY_BROKER_URL": BROKER,
            "CELERY_QUEUE": QUEUE,
            "NEWSLETTER_BATCH_SIZE": "5",
            "NEWSLETTER_CLAIM_TIMEOUT_SECONDS": "2",
        },
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_send_leaves_no_gap_and_no_duplicate(make_post, make_subscriber):
    addresses = [f"reader{n:02}@example.com" for n in range(23)]
    for address in addresses:
        make_subscriber(address)
    sink = SMTPSink().start()
    sink.hold_after = 7  # the 8th message hangs mid-DATA: the worker is killed there
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = BROKER, False
    workers = []
    try:
        post = make_post(title="Killed mid-send", send_to_subscribers=False)  # published without a send
        send = Send.objects.create(post=post)
        workers.append(start_worker(sink))
        deliver_send.apply_async((send.pk,), queue=QUEUE)
        assert sink.holding.wait(60), "the first worker started sending"
        workers[0].kill()  # SIGKILL: no chance to mark anything
        workers[0].wait(timeout=10)
        assert len(sink.messages) == 7
        assert Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count() == 7
        sink.hold_after = None
        sink.release()

        workers.append(start_worker(sink))
        # What Redis redelivery of the unacknowledged task (or `send_newsletters` from cron) does.
        deliver_send.apply_async((send.pk,), queue=QUEUE)
        assert wait_until(lambda: len(sink.messages) >= len(addresses), 90), len(sink.messages)
        time.sleep(3)  # anything sent twice would arrive by now (claims expire after 2 s)
        counts = Counter(sink.recipients)
        assert sorted(counts) == addresses  # no gap
        assert set(counts.values()) == {1}  # no duplicate
        assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {
            Delivery.Status.SENT
        }
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        stop_processes(workers)
        sink.stop()
