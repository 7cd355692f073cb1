"""Background jobs for the blog (Celery; see cms/celery.py and core/jobs.py)."""

from celery import shared_task

from blog import revalidation


class RevalidationPending(Exception):
    """The frontend did not confirm yet; Celery retries with backoff."""


@shared_task(
    name="blog.revalidate_frontend",
    autoretry_for=(RevalidationPending,),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=6,
    ignore_result=True,
)
def revalidate_frontend(tags, paths):
    """One attempt per run; a retryable failure comes back later, a refusal (bad secret) does not."""
    outcome = revalidation.notify_frontend(tags, paths)
    if outcome is None:
        raise RevalidationPending(f"frontend did not confirm revalidation of {tags}")
    return outcome
