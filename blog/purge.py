"""
Purging the edge cache (CloudFront in production, Varnish locally) after a content change.

Pages and public API answers carry ``s-maxage`` of hours, so a change must remove
exactly what it touched from the shared cache. ``urls_for`` turns what
``content_changed`` carries (the page, the frontend's cache tags, the site paths,
``subtree``) into URLs on the public host; ``blog.tasks.revalidate_frontend`` purges
them through ``wagtail.contrib.frontend_cache`` in one call (one CloudFront
invalidation, or one HTTP ``PURGE`` per URL to Varnish), *after* the frontend has
revalidated, so the edge's next fetch gets the new HTML rather than Next.js's old copy.

An API URL ends with ``*``: it stands for every query string of that path
(``/api/v2/pages/*`` covers ``?type=blog.BlogPage&fields=*&limit=20``). CloudFront reads the
``*`` as a wildcard; deploy/varnish/folio.vcl bans every object stored under that path.
Page URLs have no query strings in the cache key, so they are purged as they are.
"""

import logging
import math
import uuid
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from wagtail.contrib.frontend_cache.backends import cloudfront as wagtail_cloudfront
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished

from blog import revalidation
from blog.models import BlogIndexPage, BlogPage

logger = logging.getLogger(__name__)

# frontend/src/lib/config.ts POSTS_PER_PAGE: a blog index lists this many posts per page.
POSTS_PER_PAGE = 10
FEED = "/feed.xml"
SITEMAP = "/sitemap.xml"


def enabled() -> bool:
    """Whether there is an edge cache to purge (and we are not seeding)."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None)) and not revalidation.is_suspended()


def public_url(path: str) -> str:
    """``path`` on the public host, percent-encoded as a browser sends it."""
    return settings.FRONTEND_URL + quote(path, safe="/*!'()")


def api_path(path: str) -> str:
    """Every query-string variant of an API path (see the module docstring)."""
    return f"/api/v2/{path}*"


def tag_path(slug: str) -> str:
    # as frontend/src/lib/paths.ts tagPath: the slug percent-encoded by public_url
    return f"/tags/{slug}/"


def listing_paths() -> set:
    """Every blog index page and its pagination (``/blog/page/2/``...), with one page more
    than its live posts fill, since an unpublish or a move may just have emptied it."""
    paths = set()
    for index in BlogIndexPage.objects.live().public():
        path = revalidation.public_path(index.url_path, index)
        if not path:
            continue
        count = BlogPage.objects.live().public().child_of(index).count()
        paths.add(path)
        paths.update(f"{path}page/{number}/" for number in range(2, math.ceil(count / POSTS_PER_PAGE) + 2))
    return paths


def page_paths(page) -> tuple:
    """``(site paths, API paths)`` of one page: its page and its API detail."""
    path = revalidation.public_path(page.url_path, page)
    return ({path} if path else set()), {api_path(f"pages/{page.pk}/")}


def urls_for(page, tags, paths, subtree=False) -> list:
    """The public URLs a change shows on (see ``core.signals.content_changed``)."""
    site, api = set(paths), set()
    if page is not None:
        api.add(api_path(f"pages/{page.pk}/"))
        api.add(api_path("pages/find/"))  # html_path lookups resolve to the detail
    if subtree and page is not None:
        for descendant in Page.objects.descendant_of(page).live().specific():
            found_site, found_api = page_paths(descendant)
            site |= found_site
            api |= found_api
    tags = set(tags)
    if page is None:
        # An author (or an image) changed: every post that shows it changes, and with
        # it everything that lists those posts.
        slugs = [tag.partition(":")[2] for tag in tags if tag.startswith("author:")]
        posts = BlogPage.objects.live().filter(page_authors__author__slug__in=slugs).distinct()
        post_tags, post_paths = revalidation.targets_for_posts(posts)
        tags.update(post_tags)
        site.update(post_paths)
    for tag in tags:
        kind, _, value = tag.partition(":")
        if kind == "page" and value.isdigit():
            api.add(api_path(f"pages/{value}/"))
        elif kind == "posts":
            site.update({"/", FEED, SITEMAP, *listing_paths()})
            api.update({api_path("pages/"), api_path("pages/find/")})
        elif kind == "home":
            site.add("/")
            api.update(api_path(f"pages/{site_root.root_page_id}/") for site_root in Site.objects.all())
        elif kind == "tags":
            site.update({"/tags/", SITEMAP})
            api.add(api_path("tags/"))
        elif kind == "tag" and value:
            site.update({tag_path(value), tag_path(value) + "feed.xml"})
        elif kind == "authors":
            site.update({"/authors/", SITEMAP})
            api.add(api_path("authors/"))
        elif kind == "author" and value:
            site.add(f"/authors/{value}/")
        elif kind == "image" and value.isdigit():
            api.update({api_path("images/"), api_path(f"images/{value}/")})
    return sorted(public_url(path) for path in site | api)


class PurgeThrottled(Exception):
    """The edge refused a purge for now; the purge job retries it later."""


def purge(urls) -> None:
    """One purge for the whole change, through each of Wagtail's frontend cache backends.
    They are called here rather than through ``purge_urls_from_cache``, whose task would
    log a ``PurgeThrottled`` and drop it."""
    from wagtail.contrib.frontend_cache.utils import get_backends

    urls = list(urls)
    for backend in get_backends().values():
        backend.purge_batch(urls)


class CloudfrontBackend(wagtail_cloudfront.CloudfrontBackend):
    """Wagtail's CloudFront backend, except that a refusal to be retried (CloudFront keeps at
    most 15 wildcard paths, or 3,000 paths, of a distribution's invalidations in progress,
    which a burst of publishes can pass) raises ``PurgeThrottled`` instead of being logged
    and dropped, which would leave the old answers at the edge for hours."""

    RETRY_LATER = {"TooManyInvalidationsInProgress", "Throttling", "ServiceUnavailable"}

    def _create_invalidation(self, distribution_id, paths):
        import botocore.exceptions

        try:
            self.client.create_invalidation(
                DistributionId=distribution_id,
                InvalidationBatch={
                    "Paths": {"Quantity": len(paths), "Items": paths},
                    "CallerReference": str(uuid.uuid4()),
                },
            )
        except botocore.exceptions.ClientError as error:
            code = error.response["Error"]["Code"]
            if code in self.RETRY_LATER:
                raise PurgeThrottled(f"CloudFront: {code}") from error
            logger.error("Could not purge %d paths from CloudFront %s: %s", len(paths), distribution_id, code)


def disconnect_wagtail_receivers() -> None:
    """``wagtail.contrib.frontend_cache`` purges a page's Django URL the moment it is
    published, before the frontend has revalidated (the edge would fetch the old HTML
    again) and without the listings; Folio purges from ``content_changed`` instead."""
    from wagtail.contrib.frontend_cache import signal_handlers

    for model in apps.get_models():
        if issubclass(model, Page):
            page_published.disconnect(signal_handlers.page_published_signal_handler, sender=model)
            page_unpublished.disconnect(signal_handlers.page_unpublished_signal_handler, sender=model)
