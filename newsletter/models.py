"""
Newsletters: who subscribes to what, and what each post's send did.

- ``Subscriber`` is one email address (stored normalized, unique whatever its case)
  with a state: only ``confirmed`` addresses get posts. Its ``topics`` say which:
  ``blog`` (every post), ``author:<slug>`` or ``tag:<slug>``.
- ``Send`` is the one send of a post, created on its first publication; the
  unique ``post`` makes that idempotent.
- ``Delivery`` is one (send, subscriber) email; the unique pair is what makes a
  send resumable: a restarted worker picks up the rows not yet ``sent``.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

BLOG_TOPIC = "blog"
AUTHOR_PREFIX = "author:"
TAG_PREFIX = "tag:"


def normalize_email(address):
    """One spelling per mailbox for uniqueness: trimmed and lower-cased (in practice
    no provider distinguishes the case of the local part)."""
    return address.strip().lower()


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Addresses that get posts: confirmed (suppressed and unsubscribed ones are not)."""
        return self.filter(state=Subscriber.State.CONFIRMED)

    def matching(self, topics):
        """Receiving subscribers with any of ``topics``; each once, however many match."""
        return self.receiving().filter(pk__in=Topic.objects.filter(key__in=topics).values("subscriber_id"))


class Subscriber(models.Model):
    """An email address that asked for posts, and where it stands."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        SUPPRESSED = "suppressed", "Suppressed (bounce or complaint)"

    email = models.EmailField(max_length=254, help_text="Stored lower-cased.")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING, db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscription",
        help_text="The reader's account, when they subscribed signed in.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Only the hash of the confirmation token is kept; cleared once used.
    confirm_token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    confirm_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    suppressed_reason = models.CharField(max_length=200, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="unique_subscriber_email_any_case")]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def topic_keys(self):
        return sorted(topic.key for topic in self.topics.all())

    @property
    def topics_text(self):
        """``"author:jane, blog"``, for the admin's list and CSV export."""
        return ", ".join(self.topic_keys)

    def set_topics(self, keys):
        """Replace the subscriber's topics with ``keys``."""
        keys = set(keys)
        self.topics.exclude(key__in=keys).delete()
        existing = set(self.topics.values_list("key", flat=True))
        Topic.objects.bulk_create([Topic(subscriber=self, key=key) for key in sorted(keys - existing)])
        getattr(self, "_prefetched_objects_cache", {}).pop("topics", None)  # read them afresh

    def new_confirm_token(self):
        """A fresh confirmation token (returned once; only its hash is stored)."""
        token = secrets.token_urlsafe(32)
        self.confirm_token_hash = hash_token(token)
        self.confirm_sent_at = timezone.now()
        return token

    def confirmation_pending(self):
        """A confirmation email went out and its link still works."""
        return bool(self.confirm_token_hash) and self.confirm_sent_at > timezone.now() - confirm_max_age()


def confirm_max_age():
    return timedelta(hours=settings.NEWSLETTER_CONFIRM_MAX_AGE_HOURS)


class Topic(models.Model):
    """One thing a subscriber follows: ``blog``, ``author:<slug>`` or ``tag:<slug>``."""

    subscriber = models.ForeignKey(Subscriber, related_name="topics", on_delete=models.CASCADE)
    key = models.CharField(max_length=140, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "key"], name="unique_topic_per_subscriber")
        ]

    def __str__(self):
        return self.key


class SendQuerySet(models.QuerySet):
    def with_counts(self):
        """``recipients``, ``sent``, ``failed``, ``bounced`` per send, in the same query."""
        status = Delivery.Status
        return self.annotate(
            recipients=Count("deliveries"),
            sent=Count("deliveries", filter=Q(deliveries__status=status.SENT)),
            failed=Count("deliveries", filter=Q(deliveries__status=status.FAILED)),
            bounced=Count("deliveries", filter=Q(deliveries__status=status.BOUNCED)),
        )


class Send(models.Model):
    """The newsletter send of one post (there is never a second one)."""

    post = models.OneToOneField("blog.BlogPage", related_name="newsletter_send", on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once every matching subscriber has its Delivery row.
    recipients_listed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = SendQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Send of “{self.post.title}”"


class Delivery(models.Model):
    """One email of a send to one subscriber."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"

    send = models.ForeignKey(Send, related_name="deliveries", on_delete=models.CASCADE)
    subscriber = models.ForeignKey(Subscriber, related_name="deliveries", on_delete=models.CASCADE)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When a worker took the row (SENDING), or when a failed row may be tried again (QUEUED).
    due_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["send", "subscriber"], name="one_delivery_per_subscriber")
        ]
        indexes = [models.Index(fields=["send", "status", "due_at"], name="delivery_claim_idx")]

    def __str__(self):
        return f"{self.subscriber} ({self.status})"
