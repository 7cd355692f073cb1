"""
Emails about community activity: a reply to your comment, a new comment on a post
you wrote, an ``@mention`` of you, a report to moderators.

- **Background**: signals queue a Celery task after commit (``core.jobs``,
  ``community.tasks``; eager on the embedded default). Neither queueing nor sending ever fails the
  request that caused the email: errors are logged, and a worker retries sends.
- **Opt-outs**: each kind honours the recipient's ``Profile`` flag (also
  ``email_opt_out`` in ``/api/auth/me/``), checked when recording and again when
  sending. A user without a profile has not opted out.
- **Digests**: per (recipient, post, kind) at most one email per
  ``NOTIFICATION_DIGEST_MINUTES`` (``PendingNotification``): the first event
  sends at once, later ones in the window go out together as one digest.
- **Unsubscribe**: every email carries a signed one-click link (RFC 8058
  ``List-Unsubscribe`` + ``List-Unsubscribe-Post``) to ``/api/unsubscribe/<token>/``.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from community.models import Comment, Mute, PendingNotification, Profile, Report, display_name_of
from community.roles import MODERATOR_GROUPS

logger = logging.getLogger(__name__)

Kind = PendingNotification.Kind
UNSUBSCRIBE_SALT = "community.unsubscribe"
DIGEST_LIMIT = 10
"""Events listed in a digest; the subject counts them all."""

_state = threading.local()


@contextmanager
def muted():
    """No emails for activity created inside the block (demo data, imports)."""
    _state.muted = True
    try:
        yield
    finally:
        _state.muted = False


def is_muted():
    return getattr(_state, "muted", False)


def digest_window():
    return timedelta(minutes=settings.NOTIFICATION_DIGEST_MINUTES)


# --- Who hears about what ---------------------------------------------------------------


def opted_in(users, kind):
    """The users, minus those who turned ``kind`` off, are inactive or have no email."""
    flag = Profile.EMAIL_FLAGS[kind]
    opted_out = set(Profile.objects.filter(user__in=users, **{flag: False}).values_list("user_id", flat=True))
    return [user for user in users if user.email and user.is_active and user.pk not in opted_out]


def comment_recipients(comment):
    """``(kind, users)``: the parent's author for a reply, else the post's writers."""
    if comment.parent_id:
        kind, users = Kind.REPLIES, [comment.parent.author] if comment.parent.author_id else []
    else:
        kind, users = Kind.POST_COMMENTS, [author.user for author in comment.post.authors if author.user_id]
    users = [user for user in users if user.pk != comment.author_id]
    return kind, opted_in(users, kind)


def mention_recipients(comment, user_ids=None, already=()):
    """The users ``comment`` mentions (only ``user_ids`` if given) who should hear
    about it: never its author, nobody who muted its author, nobody told already
    (``already``: a reply's email covers the mention), nobody opted out."""
    users = [user for user in comment.mentions.all() if user_ids is None or user.pk in user_ids]
    muting = set(Mute.objects.filter(muted_id=comment.author_id).values_list("muter_id", flat=True))
    skip = {comment.author_id, *muting, *(user.pk for user in already)}
    return opted_in([user for user in users if user.pk not in skip], Kind.MENTIONS)


def moderators():
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=MODERATOR_GROUPS))
        .distinct()
    )


# --- Digest windows -------------------------------------------------------------------------

SEND_NOW, DIGEST_LATER, COLLECTED = "send_now", "digest_later", "collected"


def record(recipient, post_id, kind, event_id):
    """
    Note one event for ``recipient``. ``SEND_NOW``: no email went to them about this
    post and kind within the window, so this one goes now and opens a window.
    ``DIGEST_LATER``: the first event collected in an open window (schedule the digest).
    ``COLLECTED``: a digest is already due. Returns ``(outcome, window row)``.
    """
    now = timezone.now()
    key = {"recipient": recipient, "post_id": post_id, "kind": kind}
    with transaction.atomic():
        PendingNotification.objects.get_or_create(**key, defaults={"window_ends": now})
        window = PendingNotification.objects.select_for_update().get(**key)
        if window.window_ends <= now and not window.event_ids:
            window.window_ends = now + digest_window()
            window.save(update_fields=["window_ends"])
            return SEND_NOW, window
        window.event_ids.append(event_id)
        window.save(update_fields=["event_ids"])
        return (DIGEST_LATER if len(window.event_ids) == 1 else COLLECTED), window


def take_digest(window_id):
    """The events of a window whose time is up, removed from it (a new window starts);
    None when nothing is due yet. Concurrent callers never get the same events."""
    now = timezone.now()
    with transaction.atomic():
        window = PendingNotification.objects.select_for_update().filter(pk=window_id).first()
        if window is None or not window.event_ids or window.window_ends > now:
            return None
        events, window.event_ids = window.event_ids, []
        window.window_ends = now + digest_window()
        window.save(update_fields=["event_ids", "window_ends"])
    return window, events


def due_windows():
    """Windows whose digest is due: ``event_ids`` not empty and the window closed."""
    return PendingNotification.objects.filter(window_ends__lte=timezone.now()).exclude(event_ids=[])


# --- Messages -----------------------------------------------------------------------------------


def unsubscribe_token(user, kind):
    return signing.dumps([user.pk, str(kind)], salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token):
    """``(user, kind)`` of a valid token, else None (tampered, unknown user or kind)."""
    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in Profile.EMAIL_FLAGS:
        return None
    user = get_user_model().objects.filter(pk=user_id).first()
    return (user, kind) if user is not None else None


def unsubscribe_url(user, kind):
    path = reverse("community-unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})
    return settings.WAGTAILAPI_BASE_URL.rstrip("/") + path


def post_link(post):
    # Page URLs are the frontend's URLs (the site's hostname follows FRONTEND_URL).
    return post.get_full_url() or settings.FRONTEND_URL


def excerpt(text, length=300):
    return Truncator(text).chars(length)


def build_message(user, kind, subject, body):
    """A plain-text email with the one-click unsubscribe headers (RFC 8058)."""
    url = unsubscribe_url(user, kind)
    footer = f"\n\n--\nYou get this email because of your {settings.WAGTAIL_SITE_NAME} settings. Stop: {url}"
    return EmailMessage(
        subject,
        body + footer,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def compose(user, kind, post, event_ids):
    """The email telling ``user`` about ``event_ids`` (one: a single email; more: a
    digest), or None when none of the events is still there to tell about."""
    if kind == Kind.REPORTS:
        events = list(Report.objects.filter(pk__in=event_ids).select_related("comment", "reporter"))
    else:
        events = list(
            Comment.objects.visible()
            .filter(pk__in=event_ids, is_deleted=False)
            .select_related("author__community_profile")
        )
    if not events:
        return None
    title, link = post.title, post_link(post)
    if kind == Kind.REPORTS:
        admin = f"{settings.WAGTAILADMIN_BASE_URL}/admin/community/reports/"
        lines = [f"Reason: {r.reason}\nComment: {excerpt(r.comment.body)}" for r in events[:DIGEST_LIMIT]]
        subject = "A comment was reported" if len(events) == 1 else f"{len(events)} comments were reported"
        body = "\n\n".join(lines) + f"\n\nOn “{title}”: {link}\nReview: {admin}"
        return build_message(user, kind, subject, body)
    name = display_name_of(events[0].author) if events[0].author_id else "Someone"
    if len(events) == 1:
        subject = {
            Kind.REPLIES: f"{name} replied to your comment on “{title}”",
            Kind.MENTIONS: f"{name} mentioned you on “{title}”",
        }.get(kind, f"New comment by {name} on “{title}”")
        return build_message(user, kind, subject, f"{events[0].body}\n\n{link}#comment-{events[0].pk}")
    noun = {Kind.REPLIES: "replies", Kind.MENTIONS: "mentions of you"}.get(kind, "comments")
    subject = f"{len(events)} new {noun} on “{title}”"
    lines = [
        f"{display_name_of(c.author) if c.author_id else 'Someone'}: {excerpt(c.body, 200)}"
        for c in events[:DIGEST_LIMIT]
    ]
    more = len(events) - DIGEST_LIMIT
    if more > 0:
        lines.append(f"… and {more} more.")
    return build_message(user, kind, subject, "\n\n".join(lines) + f"\n\n{link}")


def deliver(user, kind, post, event_ids):
    """Send the email about ``event_ids`` unless ``user`` has opted out since. Errors
    raise (the task retries); True when an email went."""
    if not opted_in([user], kind):
        return False
    message = compose(user, kind, post, event_ids)
    if message is None:
        return False
    get_connection().send_messages([message])
    return True
