"""
Community: readers' profiles, threaded comments, likes, reports and requests to write.

Readers, commenters, authors, moderators and editors are all the same Django users;
roles are Wagtail groups (see ``community.roles``). Like counts are never stored:
they are counted from the like rows, whose uniqueness the database enforces, so a
count cannot drift under concurrent requests.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from blog.models import Author
from community import cache as community_cache
from community import roles
from community.markdown import clean_remote_html, render_comment_markdown
from community.mentions import resolve_mentions

MAX_DEPTH = 3
"""Reply levels shown: top-level comments are depth 0, the deepest replies depth 2."""


class Profile(models.Model):
    """What a reader shows of themselves; created on first use (``Profile.for_user``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_profile"
    )
    display_name = models.CharField(max_length=80, blank=True)
    bio = models.TextField(max_length=1000, blank=True)
    # Set by the uploads app after it has validated an upload.
    avatar = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email_replies = models.BooleanField(default=True, help_text="Email me when someone replies to me.")
    email_post_comments = models.BooleanField(
        default=True, help_text="Email me about comments on posts I wrote."
    )
    email_reports = models.BooleanField(default=True, help_text="Email me about new reports (moderators).")
    email_mentions = models.BooleanField(default=True, help_text="Email me when someone @mentions me.")

    EMAIL_FLAGS = {
        "replies": "email_replies",
        "post_comments": "email_post_comments",
        "reports": "email_reports",
        "mentions": "email_mentions",
    }
    """The opt-out flag of each kind of email (``PendingNotification.Kind``)."""

    def __str__(self):
        return self.display_name or self.user.get_username()

    @classmethod
    def for_user(cls, user):
        profile, _ = cls.objects.get_or_create(user=user)
        return profile


def _is_author(user, author_id):
    return bool(user is not None and user.is_authenticated and author_id is not None and author_id == user.pk)


def display_name_of(user):
    """A user's public name: their profile's display name, else their username."""
    try:
        profile = user.community_profile
    except Profile.DoesNotExist:
        profile = None
    return (profile and profile.display_name) or user.get_username()


class RemoteProfile(models.Model):
    """
    Someone on another server (the fediverse) whose replies show in comment threads.

    Community knows them only by what their server published: the federation app
    (``fediverse``) fetches the actor and keeps this row current through
    ``community.services.remote_profile``; community never calls out itself.
    """

    actor_id = models.URLField(max_length=500, unique=True, help_text="The ActivityPub actor's id.")
    handle = models.CharField(max_length=300, blank=True, help_text="@user@host")
    name = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True, help_text="Their public profile page.")
    avatar_url = models.URLField(max_length=500, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.handle or self.actor_id

    @property
    def display_name(self):
        return self.name or self.handle or self.actor_id


class RemoteReaction(models.Model):
    """A like or a boost (``Announce``) of a post from the fediverse; counted, never
    shown one by one. One per actor, kind and post: a repeated activity counts once."""

    class Kind(models.TextChoices):
        LIKE = "like", "Like"
        BOOST = "boost", "Boost"

    post = models.ForeignKey("blog.BlogPage", on_delete=models.CASCADE, related_name="remote_reactions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor_id = models.URLField(max_length=500)
    activity_id = models.URLField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "kind", "actor_id"], name="one_remote_reaction_per_kind")
        ]

    def __str__(self):
        return f"{self.kind} of {self.post_id} by {self.actor_id}"


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=Comment.Status.VISIBLE)

    def sorted(self, sort):
        """Top-level order for ``sort`` (``SORTS``): the pinned comment first, then
        ``best`` (most liked, then newest), ``newest`` or ``oldest``. Needs ``like_count``
        (``with_like_info``) for ``best``."""
        return self.order_by(*Comment.sort_order(sort))

    def viewable_by(self, user, moderator=False):
        """Visible comments, plus the caller's own pending or hidden ones (all for moderators)."""
        if moderator:
            return self
        if user is not None and user.is_authenticated:
            return self.filter(Q(status=Comment.Status.VISIBLE) | Q(author=user))
        return self.visible()

    def counted(self):
        """What a post's ``comment_count`` counts: visible, not deleted."""
        return self.filter(status=Comment.Status.VISIBLE, is_deleted=False)

    def with_like_info(self, user=None):
        qs = self.annotate(like_count=Count("likes", distinct=True))
        if user is not None and user.is_authenticated:
            qs = qs.annotate(
                liked_by_me=Exists(CommentLike.objects.filter(comment=OuterRef("pk"), user=user))
            )
        return qs

    def bulk_create(self, objs, *args, **kwargs):
        """Bulk inserts (imports, seeders) send no post_save: invalidate here."""
        created = super().bulk_create(objs, *args, **kwargs)
        community_cache.bump_posts(comment.post_id for comment in created)
        return created

    def update(self, **kwargs):
        """Bulk changes (``community.services``: approve, hide, soft delete) invalidate the
        cached threads of the posts they touch, as saving one comment does (``community.signals``)."""
        post_ids = set(self.values_list("post_id", flat=True).distinct())
        count = super().update(**kwargs)
        community_cache.bump_posts(post_ids)
        return count

    def with_report_info(self):
        return self.annotate(
            open_report_count=Count("reports", filter=Q(reports__status=Report.Status.OPEN), distinct=True)
        )


class Comment(models.Model):
    """
    A reader's comment on a post, or a reply to one.

    ``thread`` points at the top-level comment of the thread (itself for top-level
    comments) so a page of threads is fetched in one query whatever their depth.
    Deleting is soft: the row keeps its place so replies keep their parent.
    Comments are created, edited, deleted and moderated through ``community.services``,
    which works out ``thread`` and ``depth`` and resolves reports.
    """

    class Status(models.TextChoices):
        VISIBLE = "visible", "Visible"
        PENDING = "pending", "Pending approval"
        HIDDEN = "hidden", "Hidden by a moderator"

    post = models.ForeignKey("blog.BlogPage", on_delete=models.CASCADE, related_name="community_comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="community_comments"
    )
    remote_author = models.ForeignKey(
        RemoteProfile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text="Set instead of author for a reply that came from the fediverse.",
    )
    remote_id = models.URLField(
        max_length=500, null=True, blank=True, unique=True, help_text="The ActivityPub id of a remote reply."
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="thread_comments"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(max_length=5000, help_text="Markdown, as the reader wrote it.")
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE, db_index=True)
    is_deleted = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    pinned_at = models.DateTimeField(null=True, blank=True, editable=False)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="community_mentions", editable=False
    )
    held_reason = models.CharField(
        max_length=200, blank=True, editable=False, help_text="Why the spam rules held it for review."
    )

    objects = CommentQuerySet.as_manager()

    panels = [FieldPanel("status"), FieldPanel("body")]

    SORTS = ("best", "newest", "oldest")
    DEFAULT_SORT = "best"

    class Meta:
        ordering = ["created", "pk"]
        indexes = [
            models.Index(fields=["post", "parent", "created"], name="community_comment_toplevel"),
            models.Index(fields=["thread", "created"], name="community_comment_thread"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=Q(pinned_at__isnull=False), name="one_pinned_comment_per_post"
            )
        ]

    def __str__(self):
        who = self.author.get_username() if self.author_id else str(self.remote_author or "[deleted]")
        return f"{who} on {self.post_id}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        if self.is_deleted:
            self.body_html = ""
        elif self.is_remote:
            # A remote reply's body is the HTML its server sent; a local one is Markdown.
            self.body_html = clean_remote_html(self.body)
        else:
            self.body_html = render_comment_markdown(
                self.body, mentions=[user.get_username() for user in self.mentioned_users()]
            )
        super().save(*args, **kwargs)

    def mentioned_users(self):
        """The active users this body ``@mentions`` (resolved once per body; a remote
        reply's mentions name accounts on other servers, not ours)."""
        if self.is_remote:
            return []
        cached = getattr(self, "_mentioned", None)
        if cached is None or cached[0] != self.body:
            cached = (self.body, resolve_mentions(self.body))
            self._mentioned = cached
        return cached[1]

    @staticmethod
    def sort_order(sort):
        pinned = F("pinned_at").desc(nulls_last=True)
        if sort == "newest":
            return [pinned, "-created", "-pk"]
        if sort == "oldest":
            return [pinned, "created", "pk"]
        return [pinned, "-like_count", "-created", "-pk"]

    @property
    def pinned(self):
        return self.pinned_at is not None

    def previous_versions(self):
        """Earlier bodies, newest first, for moderators (the admin's inspect view)."""
        return (
            "\n\n".join(
                f"[{revision.created:%Y-%m-%d %H:%M}] {revision.body}" for revision in self.revisions.all()
            )
            or "—"
        )

    previous_versions.short_description = "Previous versions"

    @staticmethod
    def reply_parent(parent):
        """The parent a reply attaches to: replies beyond ``MAX_DEPTH`` go to the deepest allowed one."""
        while parent is not None and parent.depth >= MAX_DEPTH - 1:
            parent = parent.parent
        return parent

    # Who may change a comment. The static forms take plain values, for comments
    # already serialized (``community.api.serializers.overlay_viewer_fields``).

    def can_edit(self, user):
        """Whether ``user`` may edit this comment: its author, while it is not deleted."""
        return self.editable_by(user, self.author_id, self.is_deleted)

    def can_delete(self, user):
        """Whether ``user`` may delete this comment: its author or a moderator, while it
        is not deleted."""
        return self.deletable_by(user, self.author_id, self.is_deleted)

    @staticmethod
    def editable_by(user, author_id, is_deleted):
        """``can_edit`` for a comment known by its author's id and deleted flag."""
        return not is_deleted and _is_author(user, author_id)

    @staticmethod
    def deletable_by(user, author_id, is_deleted):
        """``can_delete`` for a comment known by its author's id and deleted flag."""
        return not is_deleted and (_is_author(user, author_id) or roles.is_moderator(user))

    @property
    def edited(self):
        return self.edited_at is not None

    @property
    def is_remote(self):
        return self.remote_id is not None

    @property
    def origin(self):
        """Where the comment was written: "Folio", or the remote author's handle."""
        return str(self.remote_author or "fediverse") if self.is_remote else "Folio"


class LikeQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Likes are inserted in bulk (``ON CONFLICT DO NOTHING``), which sends no
        post_save: invalidate the liked posts' cached stats and threads here."""
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        community_cache.bump_posts(obj.liked_post_id() for obj in objs)
        return created


class PostLike(models.Model):
    """One reader's like of a post."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("blog.BlogPage", on_delete=models.CASCADE, related_name="community_likes")
    created = models.DateTimeField(default=timezone.now, db_index=True)

    objects = LikeQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="one_like_per_user_per_post")]

    def __str__(self):
        return f"{self.user_id} likes post {self.post_id}"

    def liked_post_id(self):
        return self.post_id


class CommentLike(models.Model):
    """One reader's like of a comment."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    created = models.DateTimeField(default=timezone.now, db_index=True)

    objects = LikeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "comment"], name="one_like_per_user_per_comment")
        ]

    def __str__(self):
        return f"{self.user_id} likes comment {self.comment_id}"

    def liked_post_id(self):
        """The post whose thread shows this like (a query unless the comment is loaded)."""
        if CommentLike.comment.is_cached(self):
            return self.comment.post_id
        return Comment._base_manager.filter(pk=self.comment_id).values_list("post_id", flat=True).first()


class Report(models.Model):
    """A reader's report of a comment; moderators resolve or dismiss it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved (action taken)"
        DISMISSED = "dismissed", "Dismissed"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("status")]

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_user_per_comment")
        ]

    def __str__(self):
        return f"Report on comment {self.comment_id}: {self.reason[:40]}"


class WriterRequest(models.Model):
    """A signed-in reader asks to write; a moderator's approval makes them an Author."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("status")]

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="one_pending_writer_request_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user} asks to write ({self.status})"

    def approve(self, moderator):
        """Join the Authors group and get a blog Author entry linked to the user."""
        self.user.groups.add(Group.objects.get_or_create(name=roles.AUTHOR_GROUP)[0])
        if not Author.objects.filter(user=self.user).exists():
            name = display_name_of(self.user)
            slug = base = slugify(name, allow_unicode=True) or f"user-{self.user.pk}"
            n = 1
            while Author.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            Author.objects.create(name=name, slug=slug, user=self.user)
        self._decide(self.Status.APPROVED, moderator)

    def decline(self, moderator):
        self._decide(self.Status.DECLINED, moderator)

    def _decide(self, status, moderator):
        self.status, self.decided_by, self.decided_at = status, moderator, timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at"])


class PendingNotification(models.Model):
    """
    The digest window of one (recipient, post, kind of email): at most one email per
    window, so a busy thread does not send a hundred. The first event sends at once and
    sets ``window_ends``; events before then are collected in ``event_ids`` (comment
    ids; report ids for reports) and go out as one digest when the window closes.
    The unique key and a row lock make concurrent events agree on who sends what.
    """

    class Kind(models.TextChoices):
        REPLIES = "replies", "Replies to your comments"
        POST_COMMENTS = "post_comments", "Comments on your posts"
        REPORTS = "reports", "Reported comments (moderators)"
        MENTIONS = "mentions", "Mentions of you"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("blog.BlogPage", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    window_ends = models.DateTimeField(db_index=True)
    event_ids = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "post", "kind"], name="one_digest_window_per_kind")
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id} on {self.post_id}: {len(self.event_ids)} waiting"


@register_setting(icon="comment")
class CommunitySettings(BaseGenericSetting):
    hold_first_comment = models.BooleanField(
        "Hold a new user's first comment for approval",
        default=False,
        help_text="A reader's comments stay pending until a moderator approves one of them.",
    )

    new_account_days = models.PositiveSmallIntegerField(
        "New account: days",
        default=3,
        help_text="Accounts younger than this many days count as new (their link-heavy comments are held).",
    )
    new_account_comments = models.PositiveSmallIntegerField(
        "New account: visible comments",
        default=3,
        help_text="Accounts with fewer visible comments than this count as new too.",
    )
    banned_words = models.TextField(
        blank=True,
        help_text="One word or phrase per line; a comment containing one (any case) is held for review.",
    )

    panels = [
        FieldPanel("hold_first_comment"),
        FieldPanel("new_account_days"),
        FieldPanel("new_account_comments"),
        FieldPanel("banned_words"),
    ]

    class Meta:
        verbose_name = "Community settings"

    def banned_word_list(self):
        return [line.strip().casefold() for line in self.banned_words.splitlines() if line.strip()]


class CommentRevision(models.Model):
    """A comment's body before an edit (``services.edit_comment``): moderators read the
    previous versions in the admin; the public API never shows them."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created = models.DateTimeField(help_text="When this version was written.")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-pk"]

    def __str__(self):
        return f"Comment {self.comment_id} before {self.replaced_at:%Y-%m-%d %H:%M}"


class BanQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(until__isnull=True) | Q(until__gt=now))


class Ban(models.Model):
    """A moderator stops ``user`` from commenting and liking until ``until`` (empty: for good).
    Ending a ban early: set ``until`` to now, or delete it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_bans"
    )
    until = models.DateTimeField(null=True, blank=True, help_text="Empty: banned for good.")
    reason = models.TextField(max_length=1000)
    created = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = BanQuerySet.as_manager()

    panels = [FieldPanel("user"), FieldPanel("until"), FieldPanel("reason")]

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        until = "for good" if self.until is None else f"until {self.until:%Y-%m-%d %H:%M}"
        return f"{self.user} banned {until}"


class Mute(models.Model):
    """``muter`` does not want to see ``muted``'s comments (collapsed) or hear from them."""

    muter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_mutes"
    )
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["muter", "muted"], name="one_mute_per_pair")]

    def __str__(self):
        return f"{self.muter_id} mutes {self.muted_id}"
