"""
``content_changed``: the one signal every consumer of a content change listens to.

``blog.signals`` receives what Wagtail and Django send about pages, authors,
images and view restrictions, works out once what the change touches
(``blog.revalidation.targets_for``) and sends this signal. Consumers: the API
cache (``core.cache``), the community caches (``community.signals``) and the
frontend's revalidation (``blog.revalidation``); a CDN purge, federation or a
newsletter plugs in with one more receiver.

Sent with:

- ``page``: the changed page (its specific instance), or None when no single page
  changed (an author, an image);
- ``tags``: the frontend's cache tags to refresh (``page:<id>``, ``posts``, ...);
- ``paths``: the site paths to refresh (``/blog/<slug>/``, an old path after a move);
- ``subtree``: True when pages below ``page`` may have changed too (a move, a view
  restriction), so any post's answers may differ.

It is sent inside the transaction that makes the change; receivers that act outside
the process (HTTP calls, queued jobs) wait for the commit themselves.
"""

from django.dispatch import Signal

content_changed = Signal()
