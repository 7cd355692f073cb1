"""
Emails about community activity, each honouring the recipient's opt-out in their
Profile (a user without a profile has not opted out). Sent after the transaction
commits, and never allowed to fail the request that caused them.
"""

import threading
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q

from community.models import Profile
from community.roles import MODERATOR_GROUPS

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


def _opted_in(users, flag):
    """The users, minus those whose profile turns ``flag`` off, and those without an email."""
    opted_out = set(Profile.objects.filter(user__in=users, **{flag: False}).values_list("user_id", flat=True))
    return [user for user in users if user.email and user.pk not in opted_out]


def _send(subject, body, users):
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in users]
    if messages:
        send_mass_mail(messages, fail_silently=True)


def _post_link(post):
    # Page URLs are the frontend's URLs (the site's hostname follows FRONTEND_URL).
    return post.get_full_url() or settings.FRONTEND_URL


def notify_new_comment(comment):
    """Tell the parent's author about a reply, or the post's writers about a new comment."""
    if comment.status != comment.Status.VISIBLE or comment.author_id is None:
        return
    name = comment.author.get_username()
    if comment.parent_id:
        recipients = [comment.parent.author] if comment.parent.author_id else []
        flag, subject = "email_replies", f"{name} replied to your comment on “{comment.post.title}”"
    else:
        recipients = [author.user for author in comment.post.authors if author.user_id]
        flag, subject = "email_post_comments", f"New comment by {name} on “{comment.post.title}”"
    recipients = [user for user in recipients if user.pk != comment.author_id and user.is_active]
    _send(subject, f"{comment.body}\n\n{_post_link(comment.post)}", _opted_in(recipients, flag))


def notify_new_report(report):
    """Tell the moderators (who have not opted out) that a comment was reported."""
    User = get_user_model()
    moderators = list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=MODERATOR_GROUPS))
        .distinct()
    )
    admin = f"{settings.WAGTAILADMIN_BASE_URL}/admin/community/reports/"
    body = f"Reason: {report.reason}\n\nComment: {report.comment.body}\n\n{admin}"
    _send("A comment was reported", body, _opted_in(moderators, "email_reports"))
