"""
What can happen to comments and likes, in one place: post and reply, edit, soft
delete, approve and hide, pin, like and unlike, report, bulk import; bans, mutes,
mentions and the spam rules that hold a comment for review.

Every caller goes through these functions: the API views, the Wagtail admin's bulk
actions, demo seeding, the benchmarks and the test factories. So a comment's thread
and depth are worked out here only, and deleting a comment resolves its open
reports whoever deletes it.

Functions take model instances the caller has already found (and, for readers,
found among what they may see); they check the rules that hold for any caller and
raise ``CommunityError`` subclasses, which the API turns into 400/403/404 answers
(``community.api.views.CommunityAPIView``). Side effects stay where they were:
saving a comment or a like invalidates the caches and queues emails through the
signal handlers (``community.signals``); bulk writes bump the caches in
``CommentQuerySet.update`` and ``bulk_create``.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import CharField, F, Value
from django.utils import timezone

from blog.models import BlogPageAuthor
from community import akismet, roles, signals, tasks
from community import cache as community_cache
from community.markdown import render_comment_markdown
from community.models import (
    Ban,
    Comment,
    CommentLike,
    CommentRevision,
    CommunitySettings,
    Mute,
    PostLike,
    RemoteProfile,
    RemoteReaction,
    Report,
)
from core import jobs

# --- Errors ---------------------------------------------------------------------------


class CommunityError(Exception):
    """A community rule refused the operation; ``message`` says why, for the caller."""

    def __init__(self, message=None):
        super().__init__(message)
        self.message = message


class InvalidInput(CommunityError):
    """The operation's input breaks a rule; ``field`` names the input at fault
    (``"non_field_errors"`` when it is the request as a whole)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


class NotAllowed(CommunityError):
    """The user may not do this to this object."""


class NotFound(CommunityError):
    """The object is not there for this operation (deleted, hidden, not visible)."""


class Banned(NotAllowed):
    """The user is banned from commenting and liking (``ban_user``)."""


NO_SUCH_PARENT = "No such comment on this post."
COMMENTS_CLOSED = "Comments are closed on this post."
NOT_YOURS = "You can only change your own comments."


# --- Posting --------------------------------------------------------------------------


def ensure_comments_open(post):
    """Raise ``NotAllowed`` unless ``post`` takes comments."""
    if not post.comments_enabled:
        raise NotAllowed(COMMENTS_CLOSED)


def initial_status(author):
    """Visible, unless the site holds a new user's first comment and ``author`` (not a
    moderator) has none approved yet: then pending."""
    if roles.is_moderator(author) or not CommunitySettings.load().hold_first_comment:
        return Comment.Status.VISIBLE
    if Comment.objects.filter(author=author, status=Comment.Status.VISIBLE).exists():
        return Comment.Status.VISIBLE
    return Comment.Status.PENDING


@dataclass(frozen=True)
class ClientInfo:
    """What the spam check may know of the request that posted a comment."""

    ip: str = ""
    user_agent: str = ""
    referrer: str = ""


def post_comment(post, author, body, parent=None, *, status=None, created=None, client=None):
    """
    ``author``'s comment on ``post``, or their reply to ``parent`` (a comment on the
    same post), saved and returned, with the users it ``@mentions`` stored.

    Replies beyond ``MAX_DEPTH`` attach to the deepest allowed ancestor
    (``Comment.reply_parent``). Without ``status``, the spam rules (``held_reason``)
    may hold it as pending with the reason noted for the moderators; otherwise it is
    ``initial_status(author)``. ``created`` (default now) lets imports keep the
    original time. Saving sends ``post_save``, so the post's caches are bumped and
    emails (replies, post comments, mentions) queued.

    Raises ``Banned`` for a banned author, ``NotAllowed`` when the post is closed to
    comments, ``InvalidInput("parent")`` when ``parent`` is on another post or deleted.
    """
    ensure_comments_open(post)
    ensure_not_banned(author)
    if parent is not None and (parent.post_id != post.pk or parent.is_deleted):
        raise InvalidInput("parent", NO_SUCH_PARENT)
    reason = "" if status else held_reason(author, body, client, post=post)
    comment = _new_comment(
        post=post,
        author=author,
        body=body,
        parent=Comment.reply_parent(parent),
        status=status or (Comment.Status.PENDING if reason else initial_status(author)),
        held_reason=reason,
        created=created,
    )
    with transaction.atomic():
        comment.save()
        if comment.thread_id is None:
            _start_threads([comment])
        comment.mentions.set(comment.mentioned_users())
    return comment


def preview_comment(body):
    """``(body_html, mentioned usernames)`` as ``body`` would show once posted (nothing saved)."""
    comment = Comment(body=body)
    names = [user.get_username() for user in comment.mentioned_users()]
    return render_comment_markdown(body, mentions=names), names


def comment_page(comment, user, moderator, sort, page_size):
    """The page (1-based) of ``page_size`` threads on which ``comment``'s thread shows in
    ``sort`` order, as ``user`` sees the thread. Raises ``NotFound`` when the thread's
    top-level comment is not among what ``user`` sees.

    One query listing the post's top-level ids in order (a window function would need
    the filter applied after ranking, which Django refuses next to the like count)."""
    top_level = (
        Comment.objects.filter(post_id=comment.post_id, parent=None)
        .viewable_by(user, moderator)
        .with_like_info()
        .sorted(sort)
        .values_list("pk", flat=True)
    )
    ranked = list(top_level)
    if comment.thread_id not in ranked:
        raise NotFound()
    return ranked.index(comment.thread_id) // page_size + 1


@dataclass(frozen=True)
class ThreadViewer:
    """What a signed-in reader's view of a post's thread adds to the shared, anonymous
    one (``community.cache`` keeps per-caller facts out of the shared entry)."""

    sees_unlisted: bool
    """A moderator, or the author of pending or hidden comments on the post: their page
    is built from the database, not the shared entry."""
    liked_ids: frozenset
    """The post's comments they like."""
    muted_ids: frozenset
    """The users they muted."""
    can_pin: bool
    """``can_pin`` on this post."""


def thread_viewer(user, post_id):
    """``user``'s ``ThreadViewer`` of ``post_id``'s thread (``user`` signed in).

    One query whatever the thread's size: a UNION ALL of ``(fact, id)`` rows, besides
    the moderator rule's groups (asked once per request, ``roles``)."""

    def rows(queryset, fact, column):
        return queryset.order_by().annotate(fact=Value(fact, CharField())).values_list("fact", column)

    likes = CommentLike.objects.filter(user=user, comment__post_id=post_id)
    facts = rows(likes, "liked", "comment_id").union(
        rows(Mute.objects.filter(muter=user), "muted", "muted_id"),
        # one row is enough to know either of these
        rows(_writer_links(user, post_id), "writes", "page_id")[:1],
        rows(_unlisted_comments(user, post_id), "unlisted", "pk")[:1],
        all=True,
    )
    found = {"liked": set(), "muted": set(), "writes": set(), "unlisted": set()}
    for fact, pk in facts:
        found[fact].add(pk)
    moderator = roles.is_moderator(user)
    return ThreadViewer(
        sees_unlisted=moderator or bool(found["unlisted"]),
        liked_ids=frozenset(found["liked"]),
        muted_ids=frozenset(found["muted"]),
        can_pin=moderator or bool(found["writes"]),
    )


def _unlisted_comments(user, post_id):
    """``user``'s comments on ``post_id`` that only they and moderators see."""
    return Comment.objects.filter(post_id=post_id, author=user).exclude(status=Comment.Status.VISIBLE)


# --- Spam: what holds a comment for review ------------------------------------------------

LINK = re.compile(r"https?://|mailto:|www\.", re.IGNORECASE)
HELD_NEW_ACCOUNT_LINKS = "More than one link from a new account."
HELD_BANNED_WORD = "Contains a banned word: “{}”."
HELD_AKISMET = "Akismet says spam."


def is_new_account(user, settings=None):
    """Younger than ``new_account_days`` or with fewer than ``new_account_comments``
    visible comments (``CommunitySettings``)."""
    settings = settings or CommunitySettings.load()
    if user.date_joined > timezone.now() - timedelta(days=settings.new_account_days):
        return True
    # Counting stops at the threshold: a prolific author's whole history is not read.
    visible = Comment.objects.counted().filter(author=user)[: settings.new_account_comments]
    return visible.count() < settings.new_account_comments


def held_reason(author, body, client=None, *, post=None):
    """Why ``body`` by ``author`` should wait for a moderator, or ``""``: a banned word
    (the admin's list), more than one link from a new account, or Akismet's verdict
    (when ``AKISMET_API_KEY`` is set; Akismet failing lets the comment through).
    Moderators' comments are never held."""
    if roles.is_moderator(author):
        return ""
    settings = CommunitySettings.load()
    folded = body.casefold()
    for word in settings.banned_word_list():
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
            return HELD_BANNED_WORD.format(word)
    if len(LINK.findall(body)) > 1 and is_new_account(author, settings):
        return HELD_NEW_ACCOUNT_LINKS
    client = client or ClientInfo()
    if akismet.enabled() and akismet.is_spam(
        content=body,
        author_name=author.get_username(),
        author_email=author.email,
        user_ip=client.ip,
        user_agent=client.user_agent,
        referrer=client.referrer,
        permalink=(post.get_full_url() or "") if post is not None else "",
    ):
        return HELD_AKISMET
    return ""


@dataclass(frozen=True)
class NewComment:
    """One comment for ``import_comments``. ``parent`` must already be saved (import
    the parents first); ``author_id`` may be None (an author who has gone)."""

    post_id: int
    author_id: int | None
    body: str
    parent: Comment | None = None
    status: str = Comment.Status.VISIBLE
    created: datetime | None = None


def import_comments(new_comments, batch_size=1000):
    """
    Insert many ``NewComment``s at once (seeders, imports) and return the saved
    comments, in order. Threads and depth are worked out as ``post_comment`` does;
    each distinct body is rendered once. Bulk inserts send no ``post_save``: no emails
    are queued, and the posts' caches are bumped by ``CommentQuerySet.bulk_create``.
    """
    rendered = {}

    def html(body):
        if body not in rendered:
            rendered[body] = render_comment_markdown(body)
        return rendered[body]

    saved = []
    new_comments = list(new_comments)
    for start in range(0, len(new_comments), batch_size):
        rows = [
            _new_comment(
                post_id=new.post_id,
                author_id=new.author_id,
                body=new.body,
                body_html=html(new.body),
                parent=Comment.reply_parent(new.parent),
                status=new.status,
                created=new.created,
            )
            for new in new_comments[start : start + batch_size]
        ]
        with transaction.atomic():
            created = Comment.objects.bulk_create(rows)
            _start_threads([comment for comment in created if comment.thread_id is None])
        saved.extend(created)
    return saved


def _new_comment(parent, created=None, **fields):
    """An unsaved comment under ``parent``: it joins the parent's thread one level down."""
    if created is not None:
        fields["created"] = created
    return Comment(
        parent=parent,
        thread_id=parent.thread_id if parent else None,
        depth=parent.depth + 1 if parent else 0,
        **fields,
    )


def _start_threads(top_level):
    """A top-level comment is its own thread, known once it has an id. Called inside
    the insert's transaction, whose commit bumps the posts' caches again: the plain
    manager skips a second bump."""
    Comment._base_manager.filter(pk__in=[comment.pk for comment in top_level]).update(thread_id=F("pk"))
    for comment in top_level:
        comment.thread_id = comment.pk


# --- Replies from the fediverse -------------------------------------------------------
# The federation app (``fediverse``) verifies who sent a reply and calls these; the
# rules of threads, depth, closed posts and moderation are the same as for readers.

MAX_REMOTE_BODY = 20000
"""Characters of a remote reply's HTML kept (markup makes it longer than the 5,000 of Markdown)."""


def remote_profile(actor_id, *, handle="", name="", url="", avatar_url=""):
    """The ``RemoteProfile`` of ``actor_id``, created or brought up to date."""
    fields = {"handle": handle[:300], "name": name[:200], "url": url[:500], "avatar_url": avatar_url[:500]}
    profile, created = RemoteProfile.objects.get_or_create(actor_id=actor_id, defaults=fields)
    if not created and any(getattr(profile, key) != value for key, value in fields.items()):
        for key, value in fields.items():
            setattr(profile, key, value)
        profile.save()
        # Their name and avatar show in every thread they wrote in.
        community_cache.bump_posts(profile.comments.values_list("post_id", flat=True).distinct())
    return profile


def initial_remote_status(remote_author, hold):
    """Pending while ``hold`` (``FEDERATION_HOLD_REPLIES``); otherwise visible, except
    that the hold-first-comment setting holds a remote author's first reply too."""
    if hold:
        return Comment.Status.PENDING
    if (
        CommunitySettings.load().hold_first_comment
        and not remote_author.comments.filter(status=Comment.Status.VISIBLE).exists()
    ):
        return Comment.Status.PENDING
    return Comment.Status.VISIBLE


def post_remote_comment(post, remote_author, html, *, remote_id, parent=None, status, created=None):
    """A fediverse reply (``html`` as its server sent it, cleaned on save) on ``post``, or
    under ``parent``; saved and returned. The same rules as ``post_comment``: closed
    posts refuse it (``NotAllowed``), ``parent`` must be on the post and not deleted."""
    ensure_comments_open(post)
    if parent is not None and (parent.post_id != post.pk or parent.is_deleted):
        raise InvalidInput("parent", NO_SUCH_PARENT)
    comment = _new_comment(
        post=post,
        author=None,
        remote_author=remote_author,
        remote_id=remote_id,
        body=(html or "")[:MAX_REMOTE_BODY],
        parent=Comment.reply_parent(parent),
        status=status,
        created=created,
    )
    with transaction.atomic():
        comment.save()
        if comment.thread_id is None:
            _start_threads([comment])
    return comment


def edit_remote_comment(comment, html):
    """Replace a remote reply's body (an ``Update`` from its author's server)."""
    if comment.is_deleted:
        raise NotFound()
    comment.body = (html or "")[:MAX_REMOTE_BODY]
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


def set_remote_reaction(post, kind, actor_id, on, activity_id=""):
    """Count (``on``) or uncount a fediverse like or boost of ``post`` (idempotent)."""
    if on:
        RemoteReaction.objects.get_or_create(
            post=post, kind=kind, actor_id=actor_id, defaults={"activity_id": activity_id[:500]}
        )
    else:
        RemoteReaction.objects.filter(post=post, kind=kind, actor_id=actor_id).delete()


def forget_remote_actor(actor_id):
    """An actor deleted on their server: their replies are soft-deleted, their likes and
    boosts uncounted."""
    delete_comments(Comment.objects.filter(remote_author__actor_id=actor_id, is_deleted=False))
    RemoteReaction.objects.filter(actor_id=actor_id).delete()


# --- Editing and deleting -------------------------------------------------------------


def edit_comment(comment, user, body, client=None):
    """Replace ``comment``'s body as ``user`` (its author) and mark it edited.

    The previous body is kept as a ``CommentRevision`` (for moderators, in the admin).
    The spam rules apply again: an edit that breaks them sends a visible comment back
    to the queue. Users newly ``@mentioned`` hear about it (once it is visible).

    Raises ``NotFound`` for a deleted comment, ``Banned`` for a banned user,
    ``NotAllowed`` for anyone but its author.
    """
    if comment.is_deleted:
        raise NotFound()
    if not comment.can_edit(user):
        raise NotAllowed(NOT_YOURS)
    ensure_not_banned(user)
    if body == comment.body:
        return comment
    reason = held_reason(user, body, client, post=comment.post)
    previous = (comment.body, comment.edited_at or comment.created)
    before = set(comment.mentions.values_list("pk", flat=True))
    comment.body = body
    comment.edited_at = timezone.now()
    fields = ["body", "body_html", "edited_at"]
    if reason and comment.status == Comment.Status.VISIBLE:
        comment.status, comment.held_reason = Comment.Status.PENDING, reason
        fields += ["status", "held_reason"]
    with transaction.atomic():
        CommentRevision.objects.create(comment=comment, body=previous[0], created=previous[1])
        comment.save(update_fields=fields)
        mentioned = comment.mentioned_users()
        comment.mentions.set(mentioned)
    new = [mentioned_user.pk for mentioned_user in mentioned if mentioned_user.pk not in before]
    if new:
        jobs.enqueue_on_commit(tasks.notify_mentions, comment.pk, new)
    return comment


def delete_comment(comment, user):
    """Soft-delete ``comment`` as ``user`` (its author or a moderator); its open reports
    are resolved. Raises ``NotFound`` if already deleted, ``NotAllowed`` for others."""
    if comment.is_deleted:
        raise NotFound()
    if not comment.can_delete(user):
        raise NotAllowed(NOT_YOURS)
    delete_comments([comment])


def delete_comments(comments):
    """Soft-delete ``comments`` (for callers that have checked the permission, such as
    the admin's bulk action) and resolve their open reports.

    The rows keep their place, so replies keep their parent; body and author stop
    showing. The instances passed are updated too.
    """
    comments = list(comments)
    with transaction.atomic():
        Comment.objects.filter(pk__in=[comment.pk for comment in comments]).update(
            is_deleted=True, body="", body_html=""
        )
        _close_reports(comments, Report.Status.RESOLVED)
    for comment in comments:
        comment.is_deleted, comment.body, comment.body_html = True, "", ""


# --- Moderation -------------------------------------------------------------------------


def approve_comments(comments):
    """Make ``comments`` visible; their open reports are dismissed (nothing to act on).
    Comments held until now send the emails they would have sent when posted
    (replies, comments on your post, mentions), and ``comments_made_visible`` is sent
    for those not visible until now (``community.signals``)."""
    comments = list(comments)
    held = [comment.pk for comment in comments if comment.status == Comment.Status.PENDING]
    shown = [comment for comment in comments if comment.status != Comment.Status.VISIBLE]
    _moderate(comments, Comment.Status.VISIBLE, Report.Status.DISMISSED)
    for comment_id in held:
        jobs.enqueue_on_commit(tasks.notify_comment, comment_id)
    if shown:
        signals.comments_made_visible.send(sender=Comment, comments=shown)


def hide_comments(comments):
    """Hide ``comments`` (and so their replies) from readers; their open reports are
    resolved."""
    _moderate(comments, Comment.Status.HIDDEN, Report.Status.RESOLVED)


def _moderate(comments, status, report_outcome):
    comments = list(comments)
    with transaction.atomic():
        Comment.objects.filter(pk__in=[comment.pk for comment in comments]).update(status=status)
        _close_reports(comments, report_outcome)
    for comment in comments:
        comment.status = status


def _close_reports(comments, outcome):
    Report.objects.filter(comment__in=[comment.pk for comment in comments], status=Report.Status.OPEN).update(
        status=outcome
    )


def report_comment(comment, reporter, reason):
    """``reporter``'s report of ``comment`` to the moderators (once per reader and comment).

    Raises ``NotFound`` for a deleted comment, ``InvalidInput("non_field_errors")`` for
    the reporter's own comment or a second report.
    """
    if comment.is_deleted:
        raise NotFound()
    if comment.author_id == reporter.pk:
        raise InvalidInput("non_field_errors", "You cannot report your own comment.")
    try:
        with transaction.atomic():
            return Report.objects.create(comment=comment, reporter=reporter, reason=reason)
    except IntegrityError as error:
        raise InvalidInput("non_field_errors", "You have already reported this comment.") from error


# --- Pinning ----------------------------------------------------------------------------

PIN_NOT_ALLOWED = "Only moderators and the post's authors can pin comments."
PIN_TOP_LEVEL = "Only a visible top-level comment can be pinned."


def can_pin(user, post_id):
    """Moderators, and the post's own authors (a blog Author linked to the user)."""
    if user is None or not user.is_authenticated:
        return False
    return roles.is_moderator(user) or _writer_links(user, post_id).exists()


def _writer_links(user, post_id):
    """``user`` writes ``post_id``: a blog Author linked to them is among its authors."""
    return BlogPageAuthor.objects.filter(page_id=post_id, author__user=user)


def pin_comment(comment, user):
    """Pin ``comment`` first in every sort of its post's thread, in place of the post's
    pinned comment if it has one (one per post).

    Raises ``NotAllowed`` unless ``user`` may pin (``can_pin``), ``InvalidInput`` for a
    reply or a comment not shown to everyone."""
    if not can_pin(user, comment.post_id):
        raise NotAllowed(PIN_NOT_ALLOWED)
    if comment.parent_id is not None or comment.is_deleted or comment.status != Comment.Status.VISIBLE:
        raise InvalidInput("non_field_errors", PIN_TOP_LEVEL)
    with transaction.atomic():
        pinned = Comment.objects.filter(post_id=comment.post_id, pinned_at__isnull=False)
        pinned.exclude(pk=comment.pk).update(pinned_at=None)
        if comment.pinned_at is None:
            comment.pinned_at = timezone.now()
            Comment.objects.filter(pk=comment.pk).update(pinned_at=comment.pinned_at)
    return comment


def unpin_comment(comment, user):
    """Unpin ``comment`` (idempotent); the same permission as ``pin_comment``."""
    if not can_pin(user, comment.post_id):
        raise NotAllowed(PIN_NOT_ALLOWED)
    if comment.pinned_at is not None:
        Comment.objects.filter(pk=comment.pk).update(pinned_at=None)
        comment.pinned_at = None
    return comment


# --- Bans and mutes ----------------------------------------------------------------------


def active_ban(user):
    """The ban that keeps ``user`` out longest (a ban for good first), or None."""
    if user is None or not user.is_authenticated:
        return None
    longest = F("until").desc(nulls_first=True)
    return Ban.objects.active().filter(user=user).order_by(longest, "-created", "-pk").first()


def ban_message(ban):
    if ban.until is None:
        return "You are banned from commenting and liking."
    until = ban.until.astimezone(UTC)
    return f"You are banned from commenting and liking until {until:%Y-%m-%d %H:%M} UTC."


def ensure_not_banned(user):
    """Raise ``Banned`` (its message says until when) if ``user`` is banned now."""
    ban = active_ban(user)
    if ban is not None:
        raise Banned(ban_message(ban))


def ban_user(user, moderator, *, until=None, reason):
    """``moderator`` bans ``user`` from commenting and liking until ``until`` (None: for
    good). Raises ``NotAllowed`` for non-moderators, ``InvalidInput`` for banning a
    moderator or a time in the past."""
    if not roles.is_moderator(moderator):
        raise NotAllowed("Only moderators can ban.")
    if roles.is_moderator(user):
        raise InvalidInput("user", "Moderators cannot be banned.")
    if until is not None and until <= timezone.now():
        raise InvalidInput("until", "A ban ends in the future (leave it out for a ban for good).")
    return Ban.objects.create(user=user, until=until, reason=reason, created_by=moderator)


def mute_user(muter, muted):
    """``muter`` mutes ``muted`` (idempotent): their comments come back ``muted`` for
    ``muter``, and their mentions of ``muter`` send no email."""
    if muter.pk == muted.pk:
        raise InvalidInput("username", "You cannot mute yourself.")
    Mute.objects.get_or_create(muter=muter, muted=muted)


def unmute_user(muter, muted):
    """``muter`` no longer mutes ``muted`` (idempotent)."""
    Mute.objects.filter(muter=muter, muted=muted).delete()


# --- Likes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LikeState:
    """After a like or unlike: whether the user likes it now, and how many do."""

    liked: bool
    like_count: int


def like_post(post, user, *, created=None):
    """``user`` likes ``post`` (idempotent); ``created`` (default now) for imports.
    Raises ``Banned`` for a banned user."""
    ensure_not_banned(user)
    return _set_like(PostLike, True, user, created, post=post)


def unlike_post(post, user):
    """``user`` no longer likes ``post`` (idempotent)."""
    return _set_like(PostLike, False, user, None, post=post)


def like_comment(comment, user, *, created=None):
    """``user`` likes ``comment`` (idempotent). Raises ``NotFound`` unless the comment
    shows to everyone (visible and not deleted), ``Banned`` for a banned user."""
    _ensure_likeable(comment)
    ensure_not_banned(user)
    return _set_like(CommentLike, True, user, created, comment=comment)


def unlike_comment(comment, user):
    """``user`` no longer likes ``comment`` (idempotent); the same rule as ``like_comment``."""
    _ensure_likeable(comment)
    return _set_like(CommentLike, False, user, None, comment=comment)


def _ensure_likeable(comment):
    if comment.is_deleted or comment.status != Comment.Status.VISIBLE:
        raise NotFound()


def _set_like(model, liked, user, created, **target):
    """Like (``INSERT … ON CONFLICT DO NOTHING``) or unlike, then count.

    The unique constraint makes a like count once however many requests race.
    """
    if liked:
        row = model(user=user, **target)
        if created is not None:
            row.created = created
        model.objects.bulk_create([row], ignore_conflicts=True)
    else:
        model.objects.filter(user=user, **target).delete()
    return LikeState(liked=liked, like_count=model.objects.filter(**target).count())
