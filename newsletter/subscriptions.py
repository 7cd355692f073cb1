"""
Subscribing: topics, the double opt-in, unsubscribing and suppression.

An address gets posts only once confirmed from the email it was sent, so a form
cannot sign someone else up; callers never learn which case an address was in.
Called by the API views, the one-click unsubscribe view and the SES webhook.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from taggit.models import Tag

from blog.models import Author
from core import jobs
from newsletter import tasks
from newsletter.models import (
    AUTHOR_PREFIX,
    BLOG_TOPIC,
    TAG_PREFIX,
    Delivery,
    Subscriber,
    Topic,
    hash_token,
    normalize_email,
)


def move_topic(old, new):
    """Every subscriber of topic ``old`` follows ``new`` instead (once, where they had both):
    an author's new slug must not silently end their subscribers' emails."""
    with transaction.atomic():
        Topic.objects.filter(key=old, subscriber__topics__key=new).delete()
        Topic.objects.filter(key=old).update(key=new)


def unknown_topics(keys):
    """The keys among ``keys`` that name no author or tag (or are not topics at all)."""
    author_slugs = {key.removeprefix(AUTHOR_PREFIX) for key in keys if key.startswith(AUTHOR_PREFIX)}
    tag_slugs = {key.removeprefix(TAG_PREFIX) for key in keys if key.startswith(TAG_PREFIX)}
    known_authors = set(Author.objects.filter(slug__in=author_slugs).values_list("slug", flat=True))
    known_tags = set(Tag.objects.filter(slug__in=tag_slugs).values_list("slug", flat=True))
    known = (
        {BLOG_TOPIC}
        | {AUTHOR_PREFIX + slug for slug in known_authors}
        | {TAG_PREFIX + slug for slug in known_tags}
    )
    return [key for key in keys if key not in known]


def _locked_subscriber(email):
    """The subscriber row for ``email``, created pending if new, locked for this transaction."""
    email = normalize_email(email)
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None:
        return subscriber
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email)
    except IntegrityError:  # created by a concurrent request in the meantime
        return Subscriber.objects.select_for_update().get(email=email)


def subscribe(email, topics, user=None):
    """
    Ask for ``topics`` at ``email``. A new, unsubscribed or long-unconfirmed address
    becomes pending and gets one confirmation email; a pending one with a live link
    only has its topics replaced (nothing to confirm twice); a confirmed or
    suppressed address is left alone. The caller learns nothing of which happened.
    """
    with transaction.atomic():
        subscriber = _locked_subscriber(email)
        if user is not None and subscriber.user_id is None:
            subscriber.user = user
        if subscriber.state in (Subscriber.State.CONFIRMED, Subscriber.State.SUPPRESSED):
            subscriber.save(update_fields=["user"])
            return subscriber
        subscriber.set_topics(topics)
        token = None
        if subscriber.state == Subscriber.State.UNSUBSCRIBED or not subscriber.confirmation_pending():
            subscriber.state = Subscriber.State.PENDING
            token = subscriber.new_confirm_token()
        subscriber.save()
        if token is not None:
            jobs.enqueue_on_commit(tasks.send_confirmation, subscriber.pk, token)
    return subscriber


def confirm(token):
    """Confirm the address the token was sent to; None if it is unknown, used or expired."""
    if not isinstance(token, str) or not token:
        return None
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(confirm_token_hash=hash_token(token), state=Subscriber.State.PENDING)
            .first()
        )
        if subscriber is None or not subscriber.confirmation_pending():
            return None
        subscriber.state = Subscriber.State.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.confirm_token_hash = ""
        subscriber.save(update_fields=["state", "confirmed_at", "confirm_token_hash"])
    return subscriber


def unsubscribe(subscriber):
    """No more posts to this address (its deliveries still queued are dropped when due)."""
    if subscriber.state != Subscriber.State.SUPPRESSED:
        subscriber.state = Subscriber.State.UNSUBSCRIBED
        subscriber.save(update_fields=["state"])


def suppress(emails, reason):
    """Bounced or complained addresses: never emailed again, queued emails not sent."""
    emails = [normalize_email(address) for address in emails if address]
    Subscriber.objects.filter(email__in=emails).update(
        state=Subscriber.State.SUPPRESSED, suppressed_reason=reason
    )
    Delivery.objects.filter(subscriber__email__in=emails, status=Delivery.Status.SENT).update(
        status=Delivery.Status.BOUNCED, error=reason
    )


def subscriber_for_user(user):
    """The signed-in reader's subscription: linked to the account, else the one at its email."""
    linked = Subscriber.objects.filter(user=user).prefetch_related("topics").first()
    if linked is not None or not user.email:
        return linked
    return (
        Subscriber.objects.filter(email=normalize_email(user.email), user=None)
        .prefetch_related("topics")
        .first()
    )


def update_for_user(user, topics):
    """Set the reader's topics (none: unsubscribe). Topics of a confirmed address change
    at once; any other address is asked to confirm first (accounts' emails are not verified)."""
    subscriber = subscriber_for_user(user)
    if not topics:
        if subscriber is not None:
            unsubscribe(subscriber)
        return subscriber
    if subscriber is not None and subscriber.state == Subscriber.State.CONFIRMED:
        with transaction.atomic():
            subscriber.set_topics(topics)
            if subscriber.user_id is None:
                subscriber.user = user
                subscriber.save(update_fields=["user"])
        return subscriber
    return subscribe(subscriber.email if subscriber else user.email, topics, user=user)
