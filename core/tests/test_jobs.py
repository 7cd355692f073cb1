"""core.jobs on the embedded default (eager Celery): what concurrent requests leave behind, and
batches of work queued for after the commit."""

import threading
import time

import pytest
from celery import shared_task
from celery.result import task_join_will_block
from django.db import transaction

from core import jobs


@shared_task(name="core.tests.echo")
def echo(value):
    return value


def test_jobs_run_at_once_in_threads_leave_the_process_free_to_wait_on_results():
    # delay() saved and restored Celery's process-wide "inside a task" flag around each
    # eager run; 20 threads interleaving that left it set, and every later .get() raised.
    assert echo.app.conf.task_always_eager
    start = threading.Barrier(20)
    results = []

    def run(i):
        start.wait()
        for _ in range(20):
            results.append(jobs.enqueue(echo, i).get())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == sorted(i for i in range(20) for _ in range(20))
    assert task_join_will_block() is False
    assert jobs.enqueue(echo, "after").get() == "after"


def test_an_argument_a_broker_could_not_carry_fails_eagerly_too():
    from kombu.exceptions import EncodeError

    with pytest.raises(EncodeError):
        jobs.enqueue(echo, object())


batches = []


@shared_task(name="core.tests.record_batch")
def record_batch(items):
    batches.append(items)


@pytest.mark.django_db
def test_a_batch_is_one_job_per_transaction_with_every_item_once(django_capture_on_commit_callbacks):
    batches.clear()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue_batch_on_commit(record_batch, [1, 2])
        jobs.enqueue_batch_on_commit(record_batch, [2, 3])
        jobs.enqueue_batch_on_commit(echo, ["another task, another job"])
        jobs.enqueue_batch_on_commit(record_batch, [])
    assert batches == [[1, 2, 3]]
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue_batch_on_commit(record_batch, [4])
    assert batches == [[1, 2, 3], [4]]


@pytest.mark.django_db
def test_items_of_a_rolled_back_savepoint_are_dropped_with_it(django_capture_on_commit_callbacks):
    batches.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                jobs.enqueue_batch_on_commit(record_batch, ["rolled back"])
                raise RuntimeError
        except RuntimeError:
            pass
        jobs.enqueue_batch_on_commit(record_batch, ["kept"])
    assert batches == [["kept"]]


# serialized_rollback as every transactional test here: a plain flush re-creates content
# types under new ids, and the next serialized_rollback test then fails to load its own.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_a_batch_starts_at_once():
    batches.clear()
    jobs.enqueue_batch_on_commit(record_batch, [1])
    jobs.enqueue_batch_on_commit(record_batch, [2])
    assert batches == [[1], [2]]


def test_a_job_queued_for_later_runs_after_its_delay_in_a_thread_of_its_own():
    batches.clear()
    queued_at = time.monotonic()
    jobs.enqueue_later(record_batch, 0.3, ["later"])
    assert batches == []  # not in the caller's thread
    [timer] = [thread for thread in threading.enumerate() if thread.name == "job:core.tests.record_batch"]
    timer.join(5)
    assert batches == [["later"]]
    assert time.monotonic() - queued_at >= 0.3


def test_with_a_broker_a_job_for_later_is_handed_to_it_with_its_countdown(monkeypatch, _celery_eager):
    queued = []
    _celery_eager.conf.task_always_eager = False
    monkeypatch.setattr(record_batch, "apply_async", lambda args, countdown: queued.append((args, countdown)))
    jobs.enqueue_later(record_batch, 35, ["later"])
    assert queued == [((["later"],), 35)]
