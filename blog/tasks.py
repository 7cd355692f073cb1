"""Background jobs for the blog (Celery; see cms/celery.py and core/jobs.py)."""

from celery import shared_task

from blog import purge, revalidation


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
        purge.purge(purge_urls)
    return outcome


@shared_task(name="blog.purge_edge_cache", ignore_result=True)
def purge_edge_cache(urls):
    """Purge ``urls`` from the edge cache in one call: for answers the frontend does not
    cache itself (the community API's), so there is nothing to revalidate first."""
    purge.purge(urls)
