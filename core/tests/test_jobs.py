"""core.jobs on the embedded default (eager Celery): what concurrent requests leave behind."""

import threading

import pytest
from celery import shared_task
from celery.result import task_join_will_block

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
