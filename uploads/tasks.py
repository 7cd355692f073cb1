"""Background jobs for uploads (Celery; eager on the embedded default)."""

from celery import shared_task

from . import processing
from .storage import StorageUnavailable


@shared_task(
    name="uploads.process_upload",
    autoretry_for=(StorageUnavailable,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=6,
)
def process_upload(upload_id):
    """Check, clean and publish an upload; see ``uploads.processing.process_upload``."""
    upload = processing.process_upload(upload_id)
    return upload.status
