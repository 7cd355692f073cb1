"""
Absolute URLs for API answers.

The origin comes from ``WAGTAILAPI_BASE_URL``, never from the request's Host or
X-Forwarded-* headers: API answers are cached and shared by every reader, so a
request-derived origin could be poisoned into them. Wagtail's own API v2
builds ``detail_url``/``html_url`` the same way (``wagtail.api.utils``).
"""

from wagtail.api.utils import get_full_url


def absolute_url(url):
    """``/media/x.webp`` → ``https://cms.example/media/x.webp``; absolute URLs (S3, CDN) pass through."""
    if url.startswith("//"):  # protocol-relative: already names its host
        return url
    # No request: Wagtail then reads the origin from settings only.
    return get_full_url(None, url)
