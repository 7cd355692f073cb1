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
from kombu import serialization
from kombu.exceptions import OperationalError as BrokerError

from core.exceptions import JobsUnavailableError

logger = logging.getLogger(__name__)


def enqueue(task, *args):
    """Queue ``task(*args)`` now (or run it here when eager); raises ``JobsUnavailableError``
    when the broker cannot take it, for a view to answer 503."""
    try:
        if task.app.conf.task_always_eager:
            return run_here(task, args)
        return task.delay(*args)
    except BrokerError as exc:
        raise JobsUnavailableError() from exc


def run_here(task, args):
    """Run an eager task in this thread, as ``delay`` would but for one thing: ``delay``
    wraps the run in Celery's "inside a task" flag (``denied_join_result``), which is
    process-wide and saved and restored per call. Requests running jobs at once in
    threads interleave those saves and can leave it set, after which every eager
    result anyone waits on in the process is refused ("Never call result.get() within
    a task!"). The arguments make the same serializer round trip ``delay`` makes, so
    one a broker could not carry fails here too."""
    content_type, encoding, data = serialization.dumps(args, task.app.conf.task_serializer)
    return task.apply(args=serialization.loads(data, content_type, encoding, accept=[content_type]))


def enqueue_later(task, seconds, *args):
    """Queue ``task(*args)`` to start in ``seconds``. A broker holds it until then (Celery's
    ``countdown``). On the embedded default a timer thread of this process runs it, so a
    process that ends first (a management command) drops it: fine for work that only
    repeats something already done. Nobody is left to tell of a failure: it is logged."""
    if task.app.conf.task_always_eager:
        timer = threading.Timer(seconds, _run_logged, args=(task, args))
        timer.name, timer.daemon = f"job:{task.name}", True
        timer.start()
        return
    try:
        task.apply_async(args, countdown=seconds)
    except Exception:
        logger.exception("Could not queue %s%r", task.name, args)


def enqueue_on_commit(task, *args, background=False):
    """Queue ``task(*args)`` once the current transaction commits. Nobody is left to tell
    then: a broker outage, or an eager task that fails, is logged, never raised.

    ``background``: when the task runs in this process, run it in its own thread (not a
    daemon, so a short-lived process such as a management command waits for it).
    """
    transaction.on_commit(lambda: _start(task, args, background))


def enqueue_batch_on_commit(task, items, background=False):
    """Queue ``task(items)`` once the current transaction commits, with the items of every
    other call for ``task`` in the same transaction: one job for a bulk change (comments
    approved by the hundred, a user's likes deleted with them), not one per row. Outside
    a transaction it starts at once, as ``enqueue_on_commit`` does.

    The batch is found among the connection's commit hooks: Django drops them on a
    rollback (of a savepoint too), so a batch never outlives its transaction.
    """
    items = dict.fromkeys(items)
    if not items:
        return
    hooks = [hook for _savepoints, hook, _robust in transaction.get_connection().run_on_commit]
    batch = next((hook for hook in hooks if isinstance(hook, _Batch) and hook.takes(task)), None)
    if batch is not None:
        batch.items.update(items)
    else:
        transaction.on_commit(_Batch(task, items, background))


class _Batch:
    """A commit hook starting ``task`` with the (ordered, distinct) items gathered so far."""

    def __init__(self, task, items, background):
        self.task, self.items, self.background = task, items, background
        self.started = False

    def takes(self, task):
        """Whether more items for ``task`` may join (not once it started: a test's
        captured hooks stay in the list after they ran)."""
        return self.task is task and not self.started

    def __call__(self):
        self.started = True
        _start(self.task, (list(self.items),), self.background)


def _start(task, args, background):
    if background and task.app.conf.task_always_eager:
        threading.Thread(target=_run_logged, args=(task, args), name=f"job:{task.name}").start()
    else:
        _enqueue_logged(task, args)


def _run_logged(task, args):
    """Run an eager task in this (background) thread, by ``run_here``: ``delay`` would
    mark the whole process as inside a task for as long as it runs."""
    try:
        result = run_here(task, args)
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
