"""
Tell the Next.js frontend which cached data to rebuild after a content change.

The frontend's route handler ``POST {FRONTEND_URL}/api/revalidate/`` checks the
shared ``REVALIDATE_SECRET`` and revalidates the given cache tags and paths.
Calls happen after the transaction commits, off the request thread, with
retries and exponential backoff: as a Celery task where a broker is
configured, in a background thread on the embedded default (whose eager
"tasks" would block the editor's request while retrying). A frontend that is
down never blocks or breaks publishing; its time-based revalidation is the
fallback.
"""

import logging
import threading
import time

import requests
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

ATTEMPTS = 4
BACKOFF_SECONDS = 0.5
TIMEOUT_SECONDS = 5


def public_path(url_path, page):
    """Turn a Wagtail url_path (``/home/blog/x/``) into the site path (``/blog/x/``)."""
    site = page.get_site()
    if site is None or not url_path:
        return None
    root = site.root_page.url_path
    return "/" + url_path[len(root) :] if url_path.startswith(root) else None


def targets_for(page):
    """Cache tags and paths the frontend must refresh when ``page`` changes."""
    from blog.models import BlogIndexPage, BlogPage
    from home.models import HomePage

    tags = [f"page:{page.pk}"]
    paths = []
    path = public_path(page.url_path, page)
    if path:
        paths.append(path)
    if isinstance(page, BlogPage):
        tags += ["posts", "tags", "authors", "home"]
        tags += [f"tag:{item.tag.slug}" for item in page.tagged_items.all()]
        tags += [f"author:{link.author.slug}" for link in page.page_authors.all()]
        paths += ["/", "/blog/"]
    elif isinstance(page, (BlogIndexPage, HomePage)):
        tags += ["posts", "home"]
    return tags, sorted(set(paths))


def schedule(tags, paths):
    """Notify the frontend once the current transaction commits."""
    if not settings.REVALIDATE_SECRET or not settings.FRONTEND_URL:
        return
    transaction.on_commit(lambda: _start(list(tags), list(paths)))


def _start(tags, paths):
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # not a daemon: a short-lived process (a shell, a management command)
        # waits for the call instead of exiting before it is sent
        threading.Thread(target=notify_frontend, args=(tags, paths)).start()
    else:
        from blog.tasks import revalidate_frontend

        try:
            revalidate_frontend.delay(tags, paths)
        except Exception as exc:  # broker down: the time-based fallback still applies
            logger.warning("Could not queue revalidation of %s: %s", tags, exc)


def notify_frontend(tags, paths, attempts=ATTEMPTS, backoff=True):
    """
    POST to the frontend's revalidation route. True once it answered 2xx, False
    when it refused for good (4xx), None when it could not be reached in time.
    """
    url = f"{settings.FRONTEND_URL}/api/revalidate/"
    headers = {"Authorization": f"Bearer {settings.REVALIDATE_SECRET}"}
    for attempt in range(attempts):
        try:
            response = requests.post(
                url, json={"tags": tags, "paths": paths}, headers=headers, timeout=TIMEOUT_SECONDS
            )
            if response.status_code < 300:
                return True
            if 400 <= response.status_code < 500 and response.status_code != 429:
                logger.error("Frontend refused revalidation (%s): %s", response.status_code, url)
                return False
        except requests.RequestException as exc:
            logger.warning("Revalidation attempt %s failed: %s", attempt + 1, exc)
        if backoff and attempt + 1 < attempts:
            time.sleep(BACKOFF_SECONDS * 2**attempt)
    logger.warning("Frontend did not confirm revalidation of %s after %s attempt(s)", tags, attempts)
    return None
