"""
A thin client for Akismet's ``comment-check`` (REST API 1.1), used when
``AKISMET_API_KEY`` is set.

Why not the ``akismet`` package (25.10.1): it hard-codes ``https://rest.akismet.com``
(``akismet._common._API_URL``), so tests could only reach a fake server on loopback
through a custom httpx transport; and it would add httpx to the dependencies. This
speaks the same documented API with ``requests`` (already a dependency), at
``AKISMET_API_URL`` (the real service by default, a loopback fake in tests).

``is_spam`` never raises: a timeout, an error status or an answer other than
``true``/``false`` counts as "not spam" (a failing Akismet never blocks posting).
"""

import logging

import requests
from django.conf import settings

logger = logging.getLogger(__name__)


def enabled():
    return bool(settings.AKISMET_API_KEY)


def is_spam(
    *, content, author_name="", author_email="", user_ip="", user_agent="", referrer="", permalink=""
):
    """Akismet's verdict on one comment: True (spam), False (ham, or Akismet unavailable)."""
    if not enabled():
        return False
    url = f"{settings.AKISMET_API_URL.rstrip('/')}/1.1/comment-check"
    data = {
        "api_key": settings.AKISMET_API_KEY,
        "blog": settings.AKISMET_BLOG_URL,
        "user_ip": user_ip or "127.0.0.1",
        "user_agent": user_agent,
        "referrer": referrer,
        "permalink": permalink,
        "comment_type": "comment",
        "comment_author": author_name,
        "comment_author_email": author_email,
        "comment_content": content,
        "blog_charset": "UTF-8",
    }
    try:
        response = requests.post(url, data=data, timeout=settings.AKISMET_TIMEOUT)
        answer = response.text.strip()
    except requests.RequestException as exc:
        logger.warning("Akismet unavailable, comment let through: %s", exc)
        return False
    if response.status_code != 200 or answer not in ("true", "false"):
        logger.warning(
            "Akismet answered %s %r (%s), comment let through",
            response.status_code,
            answer[:100],
            response.headers.get("X-akismet-debug-help", ""),
        )
        return False
    return answer == "true"
