"""
Shared cache for public community reads: comment threads and post stats, on the
mechanism of ``core.cache``.

Entries hold what an *anonymous* reader sees, so no per-user field
(``liked_by_me``, ``can_edit``, the caller's own pending comments) ever enters
one; the views overlay those for signed-in callers. Each entry is built under
two scopes:

- ``comments:<post_id>``, bumped whenever the post's comments, likes, comment
  likes or publication change (``community.signals``, and the QuerySets' bulk
  ``update``/``bulk_create`` for the admin's bulk actions and seeders);
- ``comments:all``, bumped on the rare changes that can touch any thread: a
  commenter's display name or avatar, a deleted user, view restrictions and page
  moves.

Generations are read in the same round trip as the entries, so a warm anonymous
read costs no SQL and one cache call.

The edge cache (CloudFront, Varnish) keeps a post's thread, live version and stats
for hours at the URLs the frontend asks (``edge_paths``): every invalidation here
names the posts whose answers it changes, and those URLs are purged once the change
commits (one ``blog.purge`` job a transaction). Any other spelling of those URLs, and
the batched stats of many posts, are kept for seconds only.
"""

import hashlib
import json

from django.conf import settings
from rest_framework.renderers import JSONRenderer

from blog import purge as edge
from blog import tasks as blog_tasks
from core import cache as shared
from core import jobs

ALL_POSTS = "comments:all"
# Answers at URLs no purge names: CloudFront may keep a copy a few seconds.
PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=10, stale-while-revalidate=30"
PRIVATE_CACHE_CONTROL = "private, no-store"
# Live threads poll the version every few seconds: a CDN may answer for a second.
VERSION_CACHE_CONTROL = "public, max-age=0, s-maxage=1"
# Cache-busting query parameter of live threads (``?v=<version>``): the same entry.
VERSION_PARAM = "v"
VARY = "Accept, Accept-Encoding, Authorization, Origin"
CONTENT_TYPE = "application/json"


def post_scope(post_id):
    return f"comments:{post_id}"


def edge_paths(post_id):
    """The public paths of ``post_id``'s answers the edge keeps for hours (each with any
    query string: ``?sort=``, ``?page=``, the live thread's ``?v=``), as the frontend's
    BFF asks for them."""
    return [
        f"/api/posts/{post_id}/comments/",
        f"/api/posts/{post_id}/comments/version/",
        f"/api/posts/{post_id}/stats/",
    ]


def purge_posts(post_ids):
    """Purge the edge's copies of ``post_ids``' answers once the transaction commits, in
    one job with every other post the transaction purges (nothing without an edge)."""
    if edge.enabled():
        urls = (edge.public_url(f"{path}*") for post_id in post_ids for path in edge_paths(post_id))
        jobs.enqueue_batch_on_commit(blog_tasks.purge_edge_cache, urls, background=True)


def bump_posts(post_ids):
    """Invalidate the cached threads and stats of ``post_ids`` (now and after commit), here
    and at the edge."""
    post_ids = sorted({post_id for post_id in post_ids if post_id is not None})
    shared.bump(*(post_scope(post_id) for post_id in post_ids))
    purge_posts(post_ids)


def bump_post(post_id):
    bump_posts([post_id])


def bump_all(showing):
    """Invalidate every cached thread and stats entry (now and after commit), and purge
    from the edge the posts ``showing`` (ids, read only when there is an edge) the change."""
    shared.bump(ALL_POSTS)
    purge_posts(showing)


def render(data):
    return JSONRenderer().render(data)


# --- Comment threads -----------------------------------------------------------


def thread_key(request, post_id):
    # The absolute URL: page links in the body use the request's host and query
    # (but not the live thread's cache-buster, which names the same answer).
    query = request.GET.copy()
    query.pop(VERSION_PARAM, None)
    url = request.build_absolute_uri(request.path) + (f"?{query.urlencode()}" if query else "")
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"comments:thread:{post_id}:{digest}"


def thread_entry(request, post_id, build):
    """The cached anonymous thread page of ``post_id``, built by ``build()`` on a miss.

    ``build`` returns the response data (or raises, e.g. 404, which is not cached).
    """
    if not settings.API_CACHE_ENABLED:
        return shared.make_entry(render(build()), CONTENT_TYPE, None, shared.new_generation())
    entries, _ = shared.cached_entries(
        {post_id: thread_key(request, post_id)},
        {post_id: [post_scope(post_id), ALL_POSTS]},
        lambda ids, wanted: {
            post_id: shared.make_entry(render(build()), CONTENT_TYPE, wanted[post_id], max(wanted[post_id]))
        },
    )
    return entries[post_id]


# --- Post stats -------------------------------------------------------------------


def stats_key(post_id):
    return f"comments:stats:{post_id}"


def post_stats(post_ids, build):
    """``{post_id: {"like_count", "comment_count"} | None}`` for ``post_ids`` (None: not a
    live public post), and the newest generation among them (for Last-Modified).

    Hits cost one cache round trip; ``build(missing_ids)`` fetches every miss at once
    and returns the same mapping for them. Absent posts are cached too (as None):
    publishing one bumps its generation.
    """
    if not settings.API_CACHE_ENABLED:
        built = build(list(post_ids))
        return {post_id: built.get(post_id) for post_id in post_ids}, shared.new_generation()

    def build_entries(missing, wanted):
        built = build(missing)
        return {
            # json, not DRF's renderer: "not a public post" (None) must survive as null
            post_id: shared.make_entry(json.dumps(built.get(post_id)).encode(), CONTENT_TYPE, wanted[post_id])
            for post_id in missing
        }

    entries, wanted = shared.cached_entries(
        {post_id: stats_key(post_id) for post_id in post_ids},
        {post_id: [post_scope(post_id), ALL_POSTS] for post_id in post_ids},
        build_entries,
    )
    stats = {post_id: json.loads(entry["content"]) for post_id, entry in entries.items()}
    newest = max((max(generation) for generation in wanted.values()), default=0)
    return stats, newest


# --- Responses ----------------------------------------------------------------------


def thread_cache_control(request, post_id, otherwise):
    """Hours at the edge for an answer at one of ``post_id``'s ``edge_paths`` (purged on
    every change); ``otherwise`` at any URL no purge names (``/comments`` without its
    slash, ``/posts/007/``, batches)."""
    if post_id is not None and request.path in edge_paths(post_id):
        return shared.edge_cache_control(max_age=0)
    return otherwise


def public_response(request, entry, post_id=None):
    """An anonymous read (of ``post_id``'s answers, if one post's): shareable by the edge,
    with validators (304 on a matching ETag)."""
    return shared.build_response(
        request, entry, thread_cache_control(request, post_id, PUBLIC_CACHE_CONTROL), VARY
    )


def version_response(request, entry, post_id):
    """A live thread's version: the same for everyone, 304 on a matching ETag."""
    cache_control = thread_cache_control(request, post_id, VERSION_CACHE_CONTROL)
    return shared.build_response(request, entry, cache_control, "Accept, Accept-Encoding, Origin")


def mark_private(response):
    """A read that depends on the caller: never stored by a shared cache or the browser."""
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    response["Vary"] = VARY
    return response
