"""
Outgoing activities: what a publication, an edit, an unpublish, an accepted follow
or a local reply to a remote comment sends, to whom, and one delivery attempt.

Each activity becomes one ``Delivery`` row per inbox (a server's shared inbox when it
has one, so one POST per server), queued after the commit (``core.jobs``) and sent by
``fediverse.tasks.deliver``, which retries with backoff. Publishing never waits on it.

A post's first publication: ``Create(Article)`` from its first author (co-authors in
``attributedTo``) to the followers of all its authors, and an ``Announce`` of the
article from the blog actor to the blog's followers (Mastodon shows that as the blog
boosting the author's post; it does not accept a ``Create`` whose actor is not the
object's author). Later publications: ``Update``; unpublishing or deleting: ``Delete``,
both to every follower of the authors and of the blog.
"""

import json
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import jobs
from fediverse import actors, http, signatures, tasks
from fediverse.models import Delivery, FederatedPost, FederatedReply, Follower, RemoteActor


def activity_id(actor):
    return actors.under(actors.actor_url(actor), f"activities/{uuid.uuid4()}")


def follower_inboxes(local_actors):
    rows = Follower.objects.filter(actor__in=local_actors).select_related("remote")
    return {row.remote.delivery_inbox for row in rows if row.remote.delivery_inbox}


def enqueue(actor, activity, inboxes):
    """One ``Delivery`` per inbox, each sent once the transaction commits."""
    rows = Delivery.objects.bulk_create(
        [Delivery(actor=actor, inbox=inbox, activity=activity) for inbox in sorted(set(inboxes)) if inbox]
    )
    for row in rows:
        jobs.enqueue_on_commit(tasks.deliver, row.pk, background=True)
    return rows


def _embedded(document):
    return {key: value for key, value in document.items() if key != "@context"}


def _post_actors(page):
    authors = page.authors
    return [actors.actor_for(author) for author in authors], actors.actor_for(None)


def publish(page):
    """A post was published (first time: ``Create`` and ``Announce``; again: ``Update``)."""
    if not actors.federated_posts().filter(pk=page.pk).exists():
        retract(page)  # published behind a view restriction: no longer public
        return
    author_actors, blog = _post_actors(page)
    if not author_actors:
        return
    record, created = FederatedPost.objects.get_or_create(page_id=page.pk)
    if not created and record.deleted_at is not None:  # published again after a Delete
        record.deleted_at, created = None, True
        record.save(update_fields=["deleted_at"])
    article = actors.article(page)
    sender = author_actors[0]
    if created:
        create = {
            "@context": actors.CONTEXT,
            "id": activity_id(sender),
            "type": "Create",
            "actor": actors.actor_url(sender),
            "published": article["published"],
            "to": article["to"],
            "cc": article["cc"],
            "object": _embedded(article),
        }
        enqueue(sender, create, follower_inboxes(author_actors))
        announce = {
            "@context": actors.AS_CONTEXT,
            "id": activity_id(blog),
            "type": "Announce",
            "actor": actors.actor_url(blog),
            "published": article["published"],
            "to": [actors.PUBLIC],
            "cc": [actors.followers_url(blog), actors.actor_url(sender)],
            "object": article["id"],
        }
        enqueue(blog, announce, follower_inboxes([blog]))
    else:
        update = {
            "@context": actors.CONTEXT,
            "id": activity_id(sender),
            "type": "Update",
            "actor": actors.actor_url(sender),
            "to": article["to"],
            "cc": article["cc"],
            "object": _embedded(article),
        }
        enqueue(sender, update, follower_inboxes([*author_actors, blog]))


def retract(page):
    """A post we announced was unpublished or deleted: ``Delete`` it (a ``Tombstone``)."""
    record = FederatedPost.objects.filter(page_id=page.pk, deleted_at=None).first()
    if record is None:
        return
    author_actors, blog = _post_actors(page)
    sender = author_actors[0] if author_actors else blog
    delete = {
        "@context": actors.AS_CONTEXT,
        "id": activity_id(sender),
        "type": "Delete",
        "actor": actors.actor_url(sender),
        "to": [actors.PUBLIC],
        "object": {"id": actors.post_id_url(page.pk), "type": "Tombstone"},
    }
    enqueue(sender, delete, follower_inboxes([*author_actors, blog]))
    record.deleted_at = timezone.now()
    record.save(update_fields=["deleted_at"])


def accept_follow(local, remote, follow):
    """Tell ``remote`` that ``local`` accepted its ``follow`` (to its own inbox)."""
    accept = {
        "@context": actors.AS_CONTEXT,
        "id": activity_id(local),
        "type": "Accept",
        "actor": actors.actor_url(local),
        "object": follow,
    }
    enqueue(local, accept, [remote.inbox])


def reply_to_remote(comment):
    """A visible local reply under a remote comment goes to that comment's author, from
    the blog actor (readers are not actors), mentioning them: ``Create(Note)`` the first
    time it is visible (when posted, or when a moderator approves it), ``Update(Note)``
    when it is visible again with other content (an edit); nothing when nothing changed
    (approved again, saved again). Called for every save and approval of a comment."""
    if comment.remote_id or comment.status != comment.Status.VISIBLE or comment.is_deleted:
        return
    parent = comment.parent
    if parent is None or parent.remote_author_id is None:
        return
    remote = RemoteActor.objects.filter(actor_id=parent.remote_author.actor_id).first()
    if remote is None or not remote.inbox:
        return
    with transaction.atomic():
        record, created = FederatedReply.objects.select_for_update().get_or_create(
            comment=comment, defaults={"content": comment.body_html}
        )
        if not created and record.content == comment.body_html:
            return
        if not created:
            record.content = comment.body_html
            record.save(update_fields=["content", "updated"])
        blog = actors.actor_for(None)
        handle = parent.remote_author.handle or remote.actor_id
        name = comment.author.get_username() if comment.author_id else "someone"
        note = {
            "id": actors.comment_id_url(comment.pk),
            "type": "Note",
            "attributedTo": actors.actor_url(blog),
            "inReplyTo": parent.remote_id,
            "content": f'<p><a href="{remote.url or remote.actor_id}" class="mention">{handle}</a> '
            f"{name} replied:</p>{comment.body_html}",
            "published": comment.created.isoformat(),
            "url": actors.public_post_url(comment.post) + f"#comment-{comment.pk}",
            "to": [remote.actor_id],
            "cc": [actors.PUBLIC],
            "tag": [{"type": "Mention", "href": remote.actor_id, "name": handle}],
        }
        if not created:
            note["updated"] = (comment.edited_at or timezone.now()).isoformat()
        activity = {
            "@context": actors.AS_CONTEXT,
            "id": activity_id(blog),
            "type": "Create" if created else "Update",
            "actor": actors.actor_url(blog),
            "to": note["to"],
            "cc": note["cc"],
            "object": note,
        }
        enqueue(blog, activity, [remote.inbox])


# --- One attempt ------------------------------------------------------------------------


def attempt(delivery_id):
    """Sign and POST one delivery. Raises ``http.RetryLater`` when it should be tried again;
    a refusal that will not change (4xx other than 408/429, a refused address) or the
    last allowed attempt marks it given up."""
    delivery = (
        Delivery.objects.select_related("actor__author")
        .filter(pk=delivery_id, status=Delivery.Status.PENDING)
        .first()
    )
    if delivery is None:
        return
    body = json.dumps(delivery.activity).encode()
    headers = signatures.sign(
        "POST", delivery.inbox, actors.key_id(delivery.actor), delivery.actor.private_key_pem, body=body
    )
    delivery.attempts += 1
    permanent = False
    try:
        status = http.post(delivery.inbox, body, headers)
        error = None if 200 <= status < 300 else f"answered {status}"
        permanent = 400 <= status < 500 and status not in (408, 429)
    except http.RefusedAddress as refused:
        error, permanent = str(refused), True
    except http.FetchError as failed:
        error = str(failed)
    if error is None:
        delivery.status, delivery.last_error = Delivery.Status.DELIVERED, ""
    else:
        delivery.last_error = error[:500]
        if permanent or delivery.attempts >= settings.FEDERATION_MAX_DELIVERY_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
    delivery.save(update_fields=["status", "attempts", "last_error", "updated"])
    if delivery.status == Delivery.Status.PENDING:
        raise http.RetryLater(error)
