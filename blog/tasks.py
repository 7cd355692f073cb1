"""Background jobs for the blog (Celery; see cms/celery.py and core/jobs.py)."""

from celery import shared_task
from django.conf import settings

from blog import purge, revalidation
from core import jobs


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
def revalidate_frontend(tags, paths, purge_urls=()):
    """
    Revalidate the frontend, then purge ``purge_urls`` from the edge cache (in that
    order: the edge's next fetch must find the new page). One attempt per run; a
    retryable failure comes back later, a refusal (bad secret) does not. The purge
    happens once the frontend confirmed, refused, or the last retry failed.
    """
    outcome = True
    if tags or paths:
        outcome = revalidation.notify_frontend(tags, paths, expire=bool(purge_urls))
        if outcome is None and revalidate_frontend.request.retries < revalidate_frontend.max_retries:
            raise RevalidationPending(f"frontend did not confirm revalidation of {tags}")
    if purge_urls:
        # its own job: a purge the edge refuses for now is retried without revalidating again
        jobs.enqueue(purge_edge_cache, list(purge_urls))
    return outcome


@shared_task(
    name="blog.purge_edge_cache",
    autoretry_for=(purge.PurgeThrottled,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=10,
    ignore_result=True,
)
def purge_edge_cache(urls, again=True):
    """Purge ``urls`` from the edge cache in one call (``again``: and once more later, see
    ``purge_now_and_again``): for answers the frontend does not cache itself (the community
    API's), so there is nothing to revalidate first."""
    if again:
        purge_now_and_again(urls)
    else:
        purge.purge(urls)


def purge_now_and_again(urls):
    """Purge ``urls`` now, and again ``EDGE_REPURGE_SECONDS`` later. A read that reached the
    origin before the change committed (old rows, or Next.js's old page) can be answered
    after the first purge; the edge would keep that old answer for hours. The second
    purge, once such reads are over, removes it."""
    purge.purge(urls)
    if settings.EDGE_REPURGE_SECONDS > 0:
        jobs.enqueue_later(purge_edge_cache, settings.EDGE_REPURGE_SECONDS, list(urls), False)
