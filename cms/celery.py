"""
The Celery app. Configuration comes from Django settings (``CELERY_*``): a
Redis or SQS broker in production, eager execution when no broker is set.
Run a worker with ``celery -A cms worker``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
