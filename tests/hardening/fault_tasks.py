"""
A Celery app and one slow task for the worker-killed-mid-task test, run by a real
``celery -A tests.hardening.fault_tasks worker`` on a throwaway Redis.

The task's effect is idempotent (a row keyed by the job id, created with
``get_or_create`` on a unique name), so a redelivery after a crash repeats the
work but never the effect. Every start is counted in Redis to show it ran again.
"""

import os
import time

import django
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.test_settings")
django.setup()

# Not the current app: importing it in the test process must not send every later
# ``shared_task`` to this throwaway broker.
app = Celery("fault_tasks", set_as_current=False)
app.conf.update(
    broker_url=os.environ.get("FAULT_BROKER_URL", "redis://127.0.0.1:6379/11"),
    task_acks_late=True,  # acknowledged after the task ends: a crash leaves it unacknowledged
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    # Redis redelivers an unacknowledged task after this many seconds (production keeps the
    # default hour); workers look for such tasks every second instead of every 100.
    broker_transport_options={
        "visibility_timeout": 3,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    },
    task_default_queue="faults",
)


@app.task(name="faults.slow_effect")
def slow_effect(job_id, seconds):
    """Count a start, work for ``seconds``, then record the effect of ``job_id`` once."""
    import redis
    from django.contrib.auth.models import Group

    redis.Redis.from_url(app.conf.broker_url).incr(f"faults:starts:{job_id}")
    time.sleep(seconds)
    Group.objects.get_or_create(name=f"fault-job-{job_id}")
