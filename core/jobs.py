"""
The one way Folio queues background work (Celery tasks).

Where a broker is configured the task goes to it and a worker runs it, retrying
as the task's own ``autoretry_for``/``retry_backoff`` say (retries live there, in
one place). On the embedded default there is no broker: Celery runs the task in
this process ("eager"), inside the caller's thread, or off it for tasks that may
wait on a remote service (``background=True``), so the request is not held up.
"""

import logging
import threading

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

from core.exceptions import JobsUnavailableError

logger = logging.getLogger(__name__)


def enqueue(task, *args):
    """Queue ``task(*args)`` now (or run it here when eager); raises ``JobsUnavailableError``
    when the broker cannot take it, for a view to answer 503."""
    try:
        return task.delay(*args)
    except BrokerError as exc:
        raise JobsUnavailableError() from exc


def enqueue_on_commit(task, *args, background=False):
    """Queue ``task(*args)`` once the current transaction commits. Nobody is left to tell
    then: a broker outage, or an eager task that fails, is logged, never raised.

    ``background``: when the task runs in this process, run it in its own thread (not a
    daemon, so a short-lived process such as a management command waits for it).
    """

    def start():
        if background and task.app.conf.task_always_eager:
            threading.Thread(target=_run_logged, args=(task, args), name=f"job:{task.name}").start()
        else:
            _enqueue_logged(task, args)

    transaction.on_commit(start)


def _run_logged(task, args):
    """Run an eager task in this (background) thread. ``apply`` rather than ``delay``:
    ``delay`` marks the whole process as inside a task while it runs (Celery's
    ``denied_join_result`` is a process-wide flag), so any other thread waiting on an
    eager result meanwhile would be refused."""
    try:
        result = task.apply(args=args)
    except Exception:
        logger.exception("Could not run %s%r", task.name, args)
    else:
        if result.failed():
            logger.error("Could not run %s%r: %r", task.name, args, result.result)


def _enqueue_logged(task, args):
    try:
        enqueue(task, *args)
    except Exception:
        logger.exception("Could not run %s%r", task.name, args)
