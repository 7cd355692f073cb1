"""
Federation state: our actors' key pairs, who follows them, what we know of remote
actors, the activities we have received (for de-duplication), blocks, the posts we
have announced, the local replies sent to remote commenters and the deliveries still
to make.

Remote replies, likes and boosts are not here: they are community's
(``community.RemoteProfile``, ``Comment.remote_author``, ``RemoteReaction``), written
through ``community.services``, so a thread and its stats are read in one place.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel


class LocalActor(models.Model):
    """
    The blog (``is_blog``) or one author as an ActivityPub actor: its RSA-2048 key pair,
    generated once (``fediverse.actors.actor_for``). The private key is used only to
    sign our requests and is never served.
    """

    author = models.OneToOneField(
        "blog.Author", null=True, blank=True, on_delete=models.CASCADE, related_name="fediverse_actor"
    )
    is_blog = models.BooleanField(default=False)
    public_key_pem = models.TextField(editable=False)
    private_key_pem = models.TextField(editable=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["is_blog"], condition=Q(is_blog=True), name="one_blog_actor"),
            models.CheckConstraint(
                condition=Q(is_blog=True, author__isnull=True) | Q(is_blog=False, author__isnull=False),
                name="actor_is_blog_or_author",
            ),
        ]

    def __str__(self):
        return "the blog" if self.is_blog else str(self.author)


class RemoteActor(models.Model):
    """An actor on another server, as last fetched: where to deliver, and its public key
    (re-fetched when a signature fails, since keys rotate)."""

    actor_id = models.URLField(max_length=500, unique=True)
    key_id = models.URLField(max_length=500, blank=True, db_index=True)
    public_key_pem = models.TextField(blank=True)
    inbox = models.URLField(max_length=500, blank=True)
    shared_inbox = models.URLField(max_length=500, blank=True)
    handle = models.CharField(max_length=300, blank=True)
    name = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    icon = models.URLField(max_length=500, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.handle or self.actor_id

    @property
    def domain(self):
        return urlsplit(self.actor_id).hostname or ""

    @property
    def delivery_inbox(self):
        """One POST per server: its shared inbox when it has one."""
        return self.shared_inbox or self.inbox


class Follower(models.Model):
    """A remote actor following one of ours (after a ``Follow`` we accepted)."""

    actor = models.ForeignKey(LocalActor, on_delete=models.CASCADE, related_name="followers")
    remote = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="follows")
    follow_id = models.URLField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["actor", "remote"], name="one_follow_per_actor")]

    def __str__(self):
        return f"{self.remote} follows {self.actor}"


class ReceivedActivity(models.Model):
    """An activity that passed verification; its id is unique, so a repeat is ignored."""

    activity_id = models.URLField(max_length=500, unique=True)
    type = models.CharField(max_length=40)
    actor_id = models.URLField(max_length=500)
    object_id = models.URLField(max_length=500, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    received = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-received"]
        verbose_name_plural = "received activities"

    def __str__(self):
        return f"{self.type} from {self.actor_id}"


class Block(models.Model):
    """A refused domain (and its subdomains) or actor: their activities are answered 403
    and their follows removed."""

    domain = models.CharField(max_length=253, blank=True, help_text="e.g. spam.example")
    actor_id = models.URLField(
        max_length=500, blank=True, help_text="e.g. https://social.example/users/troll"
    )
    reason = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("domain"), FieldPanel("actor_id"), FieldPanel("reason")]

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.domain or self.actor_id

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().rstrip(".")
        super().save(*args, **kwargs)
        self.remove_follows()

    def clean(self):
        self.domain = self.domain.strip().lower().rstrip(".")
        if bool(self.domain) == bool(self.actor_id):
            raise ValidationError("Block either a domain or an actor.")

    def matches(self, actor_id):
        host = (urlsplit(actor_id).hostname or "").lower()
        if self.actor_id:
            return actor_id == self.actor_id
        return host == self.domain or host.endswith("." + self.domain)

    def remove_follows(self):
        """The blocked actor's (or domain's) follows end."""
        needle = self.actor_id or self.domain
        for row in Follower.objects.filter(remote__actor_id__icontains=needle).select_related("remote"):
            if self.matches(row.remote.actor_id):
                row.delete()

    @classmethod
    def blocks(cls, actor_id):
        """Whether ``actor_id`` (a URL) is blocked, by itself or by its domain."""
        host = (urlsplit(actor_id).hostname or "").lower()
        parts = host.split(".")
        domains = {".".join(parts[i:]) for i in range(len(parts))}
        return cls.objects.filter(Q(actor_id=actor_id) | Q(domain__in=domains)).exists()


class FederatedPost(models.Model):
    """A post we have sent a ``Create`` for: later publications send ``Update``, an
    unpublish or delete ``Delete``. Keyed by page id (not a foreign key) so the row
    outlives a deleted page."""

    page_id = models.PositiveIntegerField(unique=True)
    created = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"post {self.page_id}"


class FederatedReply(models.Model):
    """A local reply we have sent to a remote commenter as ``Create(Note)``, with the HTML
    it carried: however often the reply is approved again it is created once, and an
    edit that changes what it says is sent as ``Update(Note)``."""

    comment = models.OneToOneField("community.Comment", on_delete=models.CASCADE, related_name="+")
    content = models.TextField()
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"reply {self.comment_id}"


class Delivery(models.Model):
    """One signed POST of one activity to one inbox, retried with backoff by
    ``fediverse.tasks.deliver`` and given up after ``FEDERATION_MAX_DELIVERY_ATTEMPTS``."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Given up"

    actor = models.ForeignKey(LocalActor, on_delete=models.CASCADE, related_name="+")
    inbox = models.URLField(max_length=500)
    activity = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"{self.activity.get('type')} to {self.inbox} ({self.status})"
