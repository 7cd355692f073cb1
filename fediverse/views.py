"""
The ActivityPub, WebFinger and NodeInfo endpoints. Thin: documents are built in
``fediverse.actors``, activities received in ``fediverse.inbox``.
"""

import json
import logging
import re

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from blog.models import Author
from community.models import Comment
from core.throttling import AtomicRateThrottle
from fediverse import actors, inbox
from fediverse.models import Follower

logger = logging.getLogger(__name__)

ACTIVITY_JSON = "application/activity+json"


def activity_response(document, status=200):
    return HttpResponse(
        json.dumps(document), status=status, content_type=ACTIVITY_JSON, headers={"Vary": "Accept"}
    )


def error(status, message):
    return JsonResponse({"detail": message}, status=status)


def page_number(request):
    """``?page=N`` (N ≥ 1) or None for the collection itself; other values are a 404."""
    value = request.GET.get("page")
    if value is None:
        return None
    if not re.fullmatch(r"[1-9][0-9]{0,5}", value):
        raise Http404
    return int(value)


# --- Discovery --------------------------------------------------------------------------

_ACCT = re.compile(r"^(?:acct:)?@?([^@\s/]+)@([^@\s/]+)$")


@require_GET
def webfinger(request):
    """``?resource=acct:<slug>@<host>`` (or an actor's URL) → JRD; unknown 404, bad 400."""
    resource = request.GET.get("resource", "").strip()
    if not resource:
        return error(400, "resource: required, e.g. acct:blog@example.com")
    local = inbox.local_actor(resource) if resource.startswith(("http://", "https://")) else None
    if local is None:
        match = _ACCT.match(resource)
        if match is None:
            if resource.startswith(("http://", "https://")):
                return error(404, "No such actor.")
            return error(400, "resource: expected acct:<user>@<host>")
        username, host = match.groups()
        if host.lower() != actors.host().lower():
            return error(404, "No such actor.")
        local = actors.find_actor(username)
        if local is None:
            return error(404, "No such actor.")
    url = actors.actor_url(local)
    document = {
        "subject": f"acct:{actors.handle_of(local)[1:]}",
        "aliases": [url],
        "links": [
            {"rel": "self", "type": ACTIVITY_JSON, "href": url},
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": actors.actor_document(local)["url"],
            },
        ],
    }
    return HttpResponse(json.dumps(document), content_type="application/jrd+json")


@require_GET
def nodeinfo_links(request):
    return JsonResponse(
        {
            "links": [
                {
                    "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
                    "href": f"{actors.origin()}/nodeinfo/2.1",
                }
            ]
        }
    )


@require_GET
def nodeinfo(request):
    users = Author.objects.count()
    document = {
        "version": "2.1",
        "software": {"name": "folio", "version": "1.0", "homepage": settings.FRONTEND_URL},
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": []},
        "openRegistrations": False,
        "usage": {
            "users": {"total": users, "activeMonth": users, "activeHalfyear": users},
            "localPosts": actors.federated_posts().count(),
        },
        "metadata": {},
    }
    return HttpResponse(
        json.dumps(document),
        content_type='application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"',
    )


# --- Actors and their collections -----------------------------------------------------


def local_or_404(slug=None):
    local = actors.find_actor(slug) if slug is not None else actors.actor_for(None)
    if local is None or (slug is not None and slug == settings.FEDERATION_BLOG_HANDLE):
        raise Http404
    return local


@require_GET
def actor(request, slug=None):
    return activity_response(actors.actor_document(local_or_404(slug)))


def posts_of(local):
    posts = actors.federated_posts().order_by("-first_published_at", "-pk")
    return posts if local.is_blog else posts.filter(page_authors__author=local.author).distinct()


@require_GET
def outbox(request, slug=None):
    local = local_or_404(slug)
    url = actors.under(actors.actor_url(local), "outbox")
    posts = posts_of(local)
    number = page_number(request)
    if number is None:
        return activity_response(actors.collection(url, posts.count(), None, []))
    chunk = posts[(number - 1) * actors.PAGE_SIZE : number * actors.PAGE_SIZE]
    items = []
    for page in chunk.for_api_listing():
        article = actors.article(page)
        article.pop("@context")
        items.append(
            {
                "id": article["id"] + "#create",
                "type": "Create",
                "actor": actors.actor_url(local),
                "published": article["published"],
                "to": article["to"],
                "cc": article["cc"],
                "object": article,
            }
        )
    return activity_response(actors.collection(url, posts.count(), number, items))


@require_GET
def followers(request, slug=None):
    local = local_or_404(slug)
    url = actors.followers_url(local)
    rows = Follower.objects.filter(actor=local).select_related("remote").order_by("-created", "-pk")
    number = page_number(request)
    items = []
    if number is not None:
        chunk = rows[(number - 1) * actors.PAGE_SIZE : number * actors.PAGE_SIZE]
        items = [row.remote.actor_id for row in chunk]
    return activity_response(actors.collection(url, rows.count(), number, items))


@require_GET
def following(request, slug=None):
    local = local_or_404(slug)
    url = actors.under(actors.actor_url(local), "following")
    return activity_response(actors.collection(url, 0, page_number(request), []))


# --- Objects ----------------------------------------------------------------------------


def public_post_or_404(page_id):
    return get_object_or_404(actors.federated_posts(), pk=page_id)


@require_GET
def post(request, page_id):
    return activity_response(actors.article(public_post_or_404(page_id)))


@require_GET
def post_replies(request, page_id):
    page = public_post_or_404(page_id)
    url = actors.under(actors.post_id_url(page.pk), "replies")
    comments = Comment.objects.counted().filter(post=page, parent=None).order_by("created", "pk")
    items = [c.remote_id or actors.comment_id_url(c.pk) for c in comments[:200]]
    return activity_response(
        {
            "@context": actors.AS_CONTEXT,
            "id": url,
            "type": "Collection",
            "totalItems": len(items),
            "items": items,
        }
    )


@require_GET
def comment(request, comment_id):
    """A local comment as a ``Note`` (what replies from the fediverse point at)."""
    found = get_object_or_404(
        Comment.objects.counted().filter(remote_id=None, post__in=actors.federated_posts()), pk=comment_id
    )
    parent = found.parent
    in_reply_to = actors.post_id_url(found.post_id)
    if parent is not None:
        in_reply_to = parent.remote_id or actors.comment_id_url(parent.pk)
    return activity_response(
        {
            "@context": actors.AS_CONTEXT,
            "id": actors.comment_id_url(found.pk),
            "type": "Note",
            "attributedTo": actors.ap_url("blog"),
            "inReplyTo": in_reply_to,
            "content": found.body_html,
            "published": found.created.isoformat(),
            "url": actors.public_post_url(found.post) + f"#comment-{found.pk}",
            "to": [actors.PUBLIC],
        }
    )


# --- Inbox ------------------------------------------------------------------------------


class InboxThrottle(AtomicRateThrottle):
    """Per remote host: the host of the signature's ``keyId``, else the client address."""

    scope = "federation_inbox"

    def get_identity(self, request, view):
        match = re.search(r'keyId="https?://([^/":]+)', request.headers.get("Signature", ""))
        return match.group(1).lower() if match else self.get_ident(request)


@csrf_exempt
@require_POST
def inbox_view(request, slug=None):
    """``POST`` an activity: 202 accepted (or a repeat), 400 not an activity, 401 signature,
    403 blocked, 413 too large, 429 throttled."""
    if slug is not None:
        local_or_404(slug)
    limit = settings.FEDERATION_MAX_INBOX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return error(413, f"Activities are at most {limit} bytes.")
    if not InboxThrottle().allow_request(request, None):
        return error(429, "Too many activities from your server; try again later.")
    body = request.read(limit + 1)
    if len(body) > limit:
        return error(413, f"Activities are at most {limit} bytes.")
    try:
        outcome = inbox.receive(request, body)
    except inbox.Refused as refused:
        logger.info("Refused activity: %s", refused.reason)
        return error(refused.status, refused.reason)
    logger.info("Activity received: %s", outcome)
    return HttpResponse(status=202)
