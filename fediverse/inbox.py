"""
Receiving activities: verify who sent them, then act once per activity id.

An activity is taken only when its HTTP signature verifies with the key of the
``keyId``'s actor (fetched and cached; fetched again once when verification fails,
since keys rotate), the ``Digest`` matches the body, ``Date`` is recent, the key's
owner is the activity's ``actor``, the activity's id is on the actor's server, and
neither the actor nor its domain is blocked. Then its id is recorded
(``ReceivedActivity``) in the same transaction as its effect, so a repeat does nothing.

Effects go through ``community.services`` for comments, likes and boosts.
"""

import json
import logging
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Site

from community import services as community
from community.models import Comment, RemoteReaction
from fediverse import actors, delivery, http, remote, signatures
from fediverse.models import Block, Follower, ReceivedActivity, RemoteActor

logger = logging.getLogger(__name__)


class Refused(Exception):
    """The activity is refused with ``status`` (400, 401, 403) for ``reason``."""

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status, self.reason = status, reason


def _id(value):
    """An object's id, whether it is given by id or embedded."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def _host(url):
    return (urlsplit(url or "").hostname or "").lower()


# --- Verification ---------------------------------------------------------------------


def _header_variants(request):
    """The headers as signed. Behind the Next.js rewrite (``TRUSTED_PROXY_COUNT`` > 0) the
    sender signed the public host, which arrives as ``X-Forwarded-Host``."""
    headers = {name.lower(): value for name, value in request.headers.items()}
    variants = [headers]
    forwarded = headers.get("x-forwarded-host", "").split(",")[0].strip()
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    if forwarded and proxies and forwarded != headers.get("host"):
        variants.insert(0, {**headers, "host": forwarded})
    return variants


def verify(request, body):
    """The ``RemoteActor`` who signed this POST, or ``Refused(401/403)``."""
    variants = _header_variants(request)
    try:
        params = signatures.parse(variants[0].get("signature"))
        names = signatures.check_request(params, "POST", body, variants[0])
    except signatures.SignatureError as error:
        raise Refused(401, str(error)) from error
    key_id = params["keyId"]
    if Block.blocks(key_id):
        raise Refused(403, "blocked")
    target = request.get_full_path()
    cached = RemoteActor.objects.filter(key_id=key_id).exclude(public_key_pem="").exists()
    for refresh in (False, True) if cached else (False,):
        try:
            sender = remote.actor_for_key(key_id, refresh=refresh)
        except http.FetchError as error:
            raise Refused(401, f"cannot fetch the key: {error}") from error
        for headers in variants:
            try:
                signatures.verify(params, names, "POST", target, headers, sender.public_key_pem)
                return sender
            except signatures.SignatureError:
                continue
    raise Refused(401, "bad signature")


def receive(request, body, local=None):
    """Verify and act on one POSTed activity; returns what was done (for the log and
    the admin's recent activities). Raises ``Refused``."""
    try:
        activity = json.loads(body)
    except (ValueError, RecursionError) as error:  # RecursionError: nested a few thousand deep
        raise Refused(400, "body is not JSON") from error
    if not isinstance(activity, dict) or not all(isinstance(activity.get(k), str) for k in ("id", "type")):
        raise Refused(400, "not an activity (id, type, actor)")
    actor_id = _id(activity.get("actor"))
    if actor_id is None:
        raise Refused(400, "not an activity (id, type, actor)")
    sender = verify(request, body)
    if sender.actor_id != actor_id:
        raise Refused(401, "signed by someone other than the actor")
    if _host(activity["id"]) != _host(actor_id):
        raise Refused(401, "the activity's id is not on the actor's server")
    if Block.blocks(actor_id):
        raise Refused(403, "blocked")
    with transaction.atomic():
        record, created = ReceivedActivity.objects.get_or_create(
            activity_id=activity["id"][:500],
            defaults={
                "type": activity["type"][:40],
                "actor_id": actor_id[:500],
                "object_id": (_id(activity.get("object")) or "")[:500],
            },
        )
        if not created:
            return "duplicate"
        handler = HANDLERS.get(activity["type"])
        outcome = handler(activity, sender) if handler else "ignored"
        record.outcome = outcome[:200]
        record.save(update_fields=["outcome"])
    return outcome


# --- What our ids and URLs point at ---------------------------------------------------

_AUTHOR = re.compile(r"^authors/([^/]+)$")
_POST = re.compile(r"^posts/([0-9]{1,18})$")
_COMMENT = re.compile(r"^comments/([0-9]{1,18})$")


def _ap_path(url):
    prefix = actors.origin() + "/ap/"
    return url[len(prefix) :].rstrip("/") if url and url.startswith(prefix) else None


def local_actor(url):
    path = _ap_path(url)
    if path == "blog":
        return actors.actor_for(None)
    match = _AUTHOR.match(path or "")
    return actors.find_actor(match.group(1)) if match else None


def local_post(url):
    """The live public post ``url`` names: its ``/ap/posts/<id>`` or its public page."""
    if not isinstance(url, str):
        return None
    match = _POST.match(_ap_path(url) or "")
    if match:
        return actors.federated_posts().filter(pk=int(match.group(1))).first()
    if url.startswith(settings.FRONTEND_URL + "/"):
        path = urlsplit(url).path.strip("/")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None or not path:
            return None
        return actors.federated_posts().filter(url_path=f"{site.root_page.url_path}{path}/").first()
    return None


def comment_for(url):
    """A comment ``url`` names: one of ours (``/ap/comments/<id>``) or a remote reply."""
    if not isinstance(url, str):
        return None
    match = _COMMENT.match(_ap_path(url) or "")
    if match:
        return Comment.objects.filter(pk=int(match.group(1))).select_related("post").first()
    return Comment.objects.filter(remote_id=url).select_related("post").first()


# --- Handlers -------------------------------------------------------------------------


def on_follow(activity, sender):
    local = local_actor(_id(activity.get("object")))
    if local is None:
        return "follow of an unknown actor"
    Follower.objects.update_or_create(
        actor=local, remote=sender, defaults={"follow_id": activity["id"][:500]}
    )
    delivery.accept_follow(local, sender, activity)
    return f"followed {local}"


def on_undo(activity, sender):
    inner = activity.get("object")
    inner_id = _id(inner)
    kind = inner.get("type") if isinstance(inner, dict) else None
    if isinstance(inner, dict) and _id(inner.get("actor")) not in (None, sender.actor_id):
        return "undo of someone else's activity"
    if kind == "Follow" or kind is None:
        target = local_actor(_id(inner.get("object"))) if isinstance(inner, dict) else None
        follows = Follower.objects.filter(remote=sender)
        removed, _ = (follows.filter(actor=target) if target else follows.filter(follow_id=inner_id)).delete()
        if removed or kind == "Follow":
            return "unfollowed"
    if kind in REACTIONS:
        post = local_post(_id(inner.get("object")))
        if post is not None:
            community.set_remote_reaction(post, REACTIONS[kind], sender.actor_id, on=False)
            return f"{kind.lower()} undone"
    return "undo of nothing known"


def _profile(sender):
    return community.remote_profile(
        sender.actor_id, handle=sender.handle, name=sender.name, url=sender.url, avatar_url=sender.icon
    )


NOTE_TYPES = {"Note", "Article", "Page"}


def note_content(note):
    """A Note's HTML: ``content`` when it is a string, else the first string of its
    ``contentMap`` (a language → HTML map, which some servers send alone). Anything else
    (a list, an object, a number) is no text at all, never its Python repr."""
    content = note.get("content")
    if isinstance(content, str):
        return content
    content_map = note.get("contentMap")
    if isinstance(content_map, dict):
        return next((value for value in content_map.values() if isinstance(value, str)), "")
    return ""


def on_create(activity, sender):
    note = activity.get("object")
    if (
        not isinstance(note, dict)
        or note.get("type") not in NOTE_TYPES
        or not isinstance(note.get("id"), str)
    ):
        return "ignored"
    if _id(note.get("attributedTo")) != sender.actor_id or _host(note["id"]) != _host(sender.actor_id):
        return "note not by the sender"
    in_reply_to = _id(note.get("inReplyTo"))
    parent = comment_for(in_reply_to)
    post = parent.post if parent is not None else local_post(in_reply_to)
    if post is None or not actors.federated_posts().filter(pk=post.pk).exists():
        return "not a reply to us"
    if Comment.objects.filter(remote_id=note["id"]).exists():
        return "already have it"
    profile = _profile(sender)
    status = community.initial_remote_status(profile, settings.FEDERATION_HOLD_REPLIES)
    try:
        comment = community.post_remote_comment(
            post,
            profile,
            note_content(note),
            remote_id=note["id"][:500],
            parent=parent,
            status=status,
        )
    except community.CommunityError as error:
        return f"reply refused: {error.message}"
    return f"reply {comment.pk} ({status})"


def on_update(activity, sender):
    obj = activity.get("object")
    if not isinstance(obj, dict):
        return "ignored"
    if obj.get("id") == sender.actor_id:
        _profile(remote.fetch_actor(sender.actor_id))
        return "profile updated"
    comment = Comment.objects.filter(remote_id=_id(obj), remote_author__actor_id=sender.actor_id).first()
    if comment is None or comment.is_deleted:
        return "update of nothing known"
    content = note_content(obj)
    if not content:
        # Keep the reply as it was rather than blank it on an update without text.
        return "update without content"
    community.edit_remote_comment(comment, content)
    return f"reply {comment.pk} edited"


def on_delete(activity, sender):
    target = _id(activity.get("object"))
    if target == sender.actor_id:
        community.forget_remote_actor(sender.actor_id)
        Follower.objects.filter(remote=sender).delete()
        return "actor deleted"
    comment = Comment.objects.filter(
        remote_id=target, remote_author__actor_id=sender.actor_id, is_deleted=False
    ).first()
    if comment is None:
        return "delete of nothing known"
    community.delete_comments([comment])
    return f"reply {comment.pk} deleted"


REACTIONS = {"Like": RemoteReaction.Kind.LIKE, "Announce": RemoteReaction.Kind.BOOST}


def on_reaction(activity, sender):
    post = local_post(_id(activity.get("object")))
    if post is None:
        return "not one of our posts"
    kind = REACTIONS[activity["type"]]
    community.set_remote_reaction(post, kind, sender.actor_id, on=True, activity_id=activity["id"])
    return f"{activity['type'].lower()} of post {post.pk}"


HANDLERS = {
    "Follow": on_follow,
    "Undo": on_undo,
    "Create": on_create,
    "Update": on_update,
    "Delete": on_delete,
    "Like": on_reaction,
    "Announce": on_reaction,
}
