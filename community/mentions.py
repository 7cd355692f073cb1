"""
``@username`` mentions in comment bodies: which names a body mentions, and which
active users those are. Rendering (a plain ``<span class="mention">``, never a link:
readers have no public profile) is ``community.markdown``'s; storing and emailing
is ``community.services`` / ``community.tasks``'.
"""

import re

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

MAX_MENTIONS = 20
"""Mentions resolved per comment; more are left as plain text (a body naming the
whole site is not a way to email everyone)."""

# Django usernames are letters, digits and . + - _ (and @, left out: "a@b" reads as an
# address). Not after a word character, so email addresses are not mentions.
MENTION = re.compile(r"(?<![\w@/.+-])@([\w.+-]{1,150})")


def mentioned_names(body):
    """The distinct names ``@mentioned`` in ``body`` (trailing dots and dashes dropped),
    lower-cased, in order of first appearance."""
    names = []
    for match in MENTION.finditer(body or ""):
        name = match.group(1).rstrip(".-").casefold()
        if name and name not in names:
            names.append(name)
    return names[:MAX_MENTIONS]


def resolve_mentions(body):
    """The active users ``body`` mentions (one query; none without a mention)."""
    names = mentioned_names(body)
    if not names:
        return []
    users = get_user_model().objects.annotate(lower_name=Lower("username"))
    return list(users.filter(lower_name__in=names, is_active=True).order_by("pk"))
