"""
Shared cache for public community reads: comment threads and post stats.

Entries hold what an *anonymous* reader sees, so no per-user field
(``liked_by_me``, ``can_edit``, the caller's own pending comments) ever enters
one; the views overlay those for signed-in callers. Each entry records the
generations it was built in:

- ``comments:generation:<post_id>``, bumped whenever the post's
  comments, likes, comment likes or publication change (``community.signals``,
  and ``CommentQuerySet.update`` for the admin's bulk actions);
- ``comments:generation:all``, bumped on the rare changes that can touch any
  thread: a commenter's display name or avatar, a deleted user, view
  restrictions and page moves.

A different generation makes the entry a miss, whichever app server built it.
Generations are read in the same round trip as the entries (``get_many``),
so a warm anonymous read costs no SQL and one Redis call. Bumps run at once
and again after commit: a reader who builds an entry from the old rows before
the commit stores it under a generation that is never read again. With the cache down every read is
a miss served from the database (django-redis ``IGNORE_EXCEPTIONS``).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from rest_framework.renderers import JSONRenderer

from cms import api_cache

GENERATION_KEY = "comments:generation:{}"
ALL = "all"
ENTRY_TIMEOUT = 60 * 60
# Generations expire too (any id can be asked for, and ElastiCache's default
# volatile-lru never evicts keys without a TTL); outliving every entry, a lost
# generation only turns entries into misses.
GENERATION_TIMEOUT = 24 * ENTRY_TIMEOUT
# CloudFront may keep a copy a few seconds; a new comment shows up quickly.
PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=10, stale-while-revalidate=30"
PRIVATE_CACHE_CONTROL = "private, no-store"
VARY = "Accept, Accept-Encoding, Authorization, Origin"
CONTENT_TYPE = "application/json"


def generation_key(post_id):
    return GENERATION_KEY.format(post_id)


def bump_posts(post_ids):
    """Invalidate the cached threads and stats of ``post_ids``: now, and again once the
    transaction commits (a reader may cache the old rows in between)."""
    keys = [generation_key(post_id) for post_id in set(post_ids) if post_id is not None]
    if keys:
        _bump_now_and_after_commit(keys)


def bump_post(post_id):
    bump_posts([post_id])


def bump_all():
    """Invalidate every cached thread and stats entry (now and after commit)."""
    _bump_now_and_after_commit([generation_key(ALL)])


def _bump_now_and_after_commit(keys):
    _bump(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(keys))


def _bump(keys):
    generation = api_cache.new_generation()
    cache.set_many(dict.fromkeys(keys, generation), timeout=GENERATION_TIMEOUT)


def _generations(found, keys):
    """The generations under ``keys`` in a ``get_many`` result; missing ones are created.

    A missing generation (first use, or evicted) gets a fresh value with a plain
    set: whoever overwrites it only turns entries built under an older value
    into misses, and every entry is built from rows read after its generation
    was set, so no stale entry can match.
    """
    missing = {key: api_cache.new_generation() for key in keys if found.get(key) is None}
    if missing:
        cache.set_many(missing, timeout=GENERATION_TIMEOUT)
    return {key: found.get(key) or missing[key] for key in keys}


def render(data):
    return JSONRenderer().render(data)


# --- Comment threads -----------------------------------------------------------


def thread_key(request, post_id):
    # The absolute URL: page links in the body use the request's host and query.
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"comments:thread:{post_id}:{digest}"


def thread_entry(request, post_id, build):
    """The cached anonymous thread page of ``post_id``, built by ``build()`` on a miss.

    ``build`` returns the response data (or raises, e.g. 404, which is not cached).
    """
    if not settings.API_CACHE_ENABLED:
        return api_cache.make_entry(render(build()), CONTENT_TYPE, [0, 0], api_cache.new_generation())
    key = thread_key(request, post_id)
    post_key, all_key = generation_key(post_id), generation_key(ALL)
    found = cache.get_many([key, post_key, all_key])
    generations = _generations(found, [post_key, all_key])
    generation = [generations[post_key], generations[all_key]]
    entry = found.get(key)
    if entry is not None and entry["generation"] == generation:
        return entry
    entry = api_cache.make_entry(render(build()), CONTENT_TYPE, generation, max(generation))
    cache.set(key, entry, timeout=ENTRY_TIMEOUT)
    return entry


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
        return {post_id: built.get(post_id) for post_id in post_ids}, api_cache.new_generation()
    all_key = generation_key(ALL)
    post_keys = {post_id: generation_key(post_id) for post_id in post_ids}
    entry_keys = {post_id: stats_key(post_id) for post_id in post_ids}
    found = cache.get_many([all_key, *post_keys.values(), *entry_keys.values()])
    generations = _generations(found, [all_key, *post_keys.values()])
    stats, misses, wanted = {}, [], {}
    for post_id in post_ids:
        wanted[post_id] = [generations[post_keys[post_id]], generations[all_key]]
        entry = found.get(entry_keys[post_id])
        if entry is not None and entry["generation"] == wanted[post_id]:
            stats[post_id] = entry["stats"]
        else:
            misses.append(post_id)
    if misses:
        built = build(misses)
        fresh = {post_id: built.get(post_id) for post_id in misses}
        stats.update(fresh)
        cache.set_many(
            {
                entry_keys[post_id]: {"stats": value, "generation": wanted[post_id]}
                for post_id, value in fresh.items()
            },
            timeout=ENTRY_TIMEOUT,
        )
    newest = max((max(generation) for generation in wanted.values()), default=0)
    return stats, newest


# --- Responses ----------------------------------------------------------------------


def public_response(request, entry):
    """An anonymous read: shareable by CloudFront, with validators (304 on a matching ETag)."""
    return api_cache.build_response(request, entry, cache_control=PUBLIC_CACHE_CONTROL, vary=VARY)


def mark_private(response):
    """A read that depends on the caller: never stored by a shared cache or the browser."""
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    response["Vary"] = VARY
    return response
