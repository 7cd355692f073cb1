"""
Tell the Next.js frontend which cached data to rebuild after a content change.

The frontend's route handler ``POST {FRONTEND_URL}/api/revalidate/`` checks the
shared ``REVALIDATE_SECRET`` and revalidates the given cache tags and paths.
``blog.signals`` queues ``blog.tasks.revalidate_frontend`` after the transaction
commits (``core.jobs``: a Celery task where a broker is configured, its own
thread on the embedded default so the editor's request never waits); the task
makes one call per attempt and Celery retries it with backoff. A frontend that
is down never blocks or breaks publishing; its time-based revalidation is the
fallback.
"""

import logging
import threading
from contextlib import contextmanager

import requests
from django.conf import settings
from wagtail.models import PageLogEntry, Site

from blog.models import BlogIndexPage, BlogPage

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5

_state = threading.local()


@contextmanager
def suspended():
    """No revalidation for changes made inside the block (seeding: the frontend is built
    from the seeded content afterwards, and may not be running yet)."""
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = False


def is_suspended():
    return getattr(_state, "suspended", False)


def wanted(tags, paths):
    """Whether there is anyone to tell, and anything to tell them."""
    return bool(
        (tags or paths) and settings.REVALIDATE_SECRET and settings.FRONTEND_URL and not is_suspended()
    )


def public_path(url_path, page):
    """Turn a Wagtail url_path (``/home/blog/x/``) into the site path (``/blog/x/``)."""
    if not url_path:
        return None
    # The site root ``page`` is routed under, as ``Page.get_url_parts`` finds it: from
    # Wagtail's cached root paths, not a query for the Site and one for its root page
    # each time (a change to many posts asks once per post).
    root = next(
        (root.root_path for root in Site.get_site_root_paths() if page.url_path.startswith(root.root_path)),
        None,
    )
    if root is None:
        return None
    return "/" + url_path[len(root) :] if url_path.startswith(root) else None


def targets_for(page):
    """Cache tags and paths the frontend must refresh when ``page`` changes."""
    if isinstance(page, BlogPage):
        # the last published version too: a tag or author taken off, or a new slug,
        # leaves the old tag page, author page or URL showing the post
        return _post_targets(page, [page, *filter(None, [previously_published(page)])])
    tags = [f"page:{page.pk}"]
    if isinstance(page, BlogIndexPage) or Site.objects.filter(root_page_id=page.pk).exists():
        # the home page lists featured and latest posts
        tags += ["posts", "home"]
    return tags, sorted(filter(None, [public_path(page.url_path, page)]))


def targets_for_posts(posts):
    """Cache tags and paths showing ``posts`` (a QuerySet of BlogPages) as they are
    live now, in a fixed number of queries: what a change to something they show (an
    author, an image) touches. Their previous versions' URLs no longer show them (the
    publish that replaced them refreshed those), so they are not looked up."""
    tags, paths = [], []
    for post in posts.prefetch_related("tagged_items__tag", "page_authors__author"):
        post_tags, post_paths = _post_targets(post, [post])
        tags += post_tags
        paths += post_paths
    return list(dict.fromkeys(tags)), sorted(set(paths))


def _post_targets(post, versions):
    """A post's page and listings, and each of ``versions``' tags, authors and path."""
    tags = [f"page:{post.pk}", "posts", "tags", "authors", "home"]
    paths = ["/", "/blog/"]
    for version in versions:
        tags += [f"tag:{item.tag.slug}" for item in version.tagged_items.all()]
        tags += [f"author:{link.author.slug}" for link in version.page_authors.all()]
        paths.append(public_path(version.url_path, post))
    return list(dict.fromkeys(tags)), sorted(set(filter(None, paths)))


def previously_published(page):
    """The version of ``page`` that was live before its current one, or None."""
    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish", revision__isnull=False)
        .exclude(revision_id=page.live_revision_id)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.as_object() if entry else None


def notify_frontend(tags, paths, expire=False):
    """
    One POST to the frontend's revalidation route. True once it answered 2xx, False
    when it refused for good (4xx), None when it could not be reached (worth a retry).

    ``expire``: the data must be rebuilt on the next request rather than served stale
    once (``blog.purge`` then empties the edge cache, whose next fetch must be fresh).
    """
    url = f"{settings.FRONTEND_URL}/api/revalidate/"
    headers = {"Authorization": f"Bearer {settings.REVALIDATE_SECRET}"}
    body = {"tags": tags, "paths": paths, **({"expire": "now"} if expire else {})}
    try:
        response = requests.post(url, json=body, headers=headers, timeout=TIMEOUT_SECONDS)
    except requests.RequestException as exc:
        logger.warning("Frontend did not confirm revalidation of %s: %s", tags, exc)
        return None
    if response.status_code < 300:
        return True
    if 400 <= response.status_code < 500 and response.status_code != 429:
        logger.error("Frontend refused revalidation (%s): %s", response.status_code, url)
        return False
    logger.warning("Frontend did not confirm revalidation of %s: HTTP %s", tags, response.status_code)
    return None
