"""
Our side of ActivityPub: actor ids and handles, the key pair of each actor, and the
JSON documents we serve (actors, ``Article``s, collections).

Ids live under ``FEDERATION_ORIGIN`` (default ``FRONTEND_URL``, whose Next.js site
forwards ``/ap/`` here): ``/ap/blog``, ``/ap/authors/<slug>``, ``/ap/posts/<id>``,
``/ap/comments/<id>``. Public pages (``url``) are the frontend's.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import Truncator

from blog.markdown import render_markdown_cached
from blog.models import Author, BlogPage
from blog.revalidation import public_path
from blog.serializers import SOCIAL_FILTER, rendition
from core.renditions import AVATAR_SPEC
from core.urls import absolute_url
from fediverse.models import LocalActor
from fediverse.signatures import new_key_pair

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
SECURITY_CONTEXT = "https://w3id.org/security/v1"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
CONTEXT = [AS_CONTEXT, SECURITY_CONTEXT]
PAGE_SIZE = 20


def origin():
    return (settings.FEDERATION_ORIGIN or settings.FRONTEND_URL).rstrip("/")


def host():
    return urlsplit(origin()).netloc


def ap_url(path):
    """``/ap/<path>/``: every id ends with a slash, like the site's pages, so the Next.js
    site (``trailingSlash: true``) forwards it without a redirect a POST cannot follow."""
    return f"{origin()}/ap/{path.strip('/')}/"


def under(url, name):
    """``…/ap/authors/ada/`` + ``inbox`` → ``…/ap/authors/ada/inbox/``."""
    return f"{url.rstrip('/')}/{name}/"


def blog_handle():
    return settings.FEDERATION_BLOG_HANDLE


def post_id_url(page_id):
    return ap_url(f"posts/{page_id}")


def comment_id_url(comment_id):
    return ap_url(f"comments/{comment_id}")


def public_post_url(page):
    path = public_path(page.url_path, page)
    return f"{settings.FRONTEND_URL}{path}" if path else settings.FRONTEND_URL + "/"


def federated_posts():
    """Posts the fediverse sees: live and without view restrictions."""
    return BlogPage.objects.live().public()


# --- Actors -----------------------------------------------------------------------------


def actor_for(author=None):
    """The ``LocalActor`` of ``author`` (the blog's when None), its key pair made on first use."""
    lookup = {"author": author} if author is not None else {"is_blog": True}
    actor = LocalActor.objects.filter(**lookup).first()
    if actor is not None:
        return actor
    private, public = new_key_pair()
    try:
        with transaction.atomic():
            return LocalActor.objects.create(
                author=author, is_blog=author is None, private_key_pem=private, public_key_pem=public
            )
    except IntegrityError:  # made by a concurrent request
        return LocalActor.objects.get(**lookup)


def actor_url(actor):
    return ap_url("blog") if actor.is_blog else ap_url(f"authors/{actor.author.slug}")


def author_url(author):
    return ap_url(f"authors/{author.slug}")


def key_id(actor):
    return actor_url(actor) + "#main-key"


def handle_of(actor):
    username = blog_handle() if actor.is_blog else actor.author.slug
    return f"@{username}@{host()}"


def find_actor(username):
    """The ``LocalActor`` named ``username`` (the blog handle, or an author's slug), or None."""
    if username == blog_handle():
        return actor_for(None)
    author = Author.objects.filter(slug=username).first()
    return actor_for(author) if author is not None else None


def actor_document(actor):
    """The ``Person`` (an author) or ``Service`` (the blog) with its public key."""
    url = actor_url(actor)
    if actor.is_blog:
        kind, username, name, summary = "Service", blog_handle(), "Folio", "New posts from this blog."
        page, icon = settings.FRONTEND_URL + "/", None
    else:
        author = actor.author
        kind, username, name, summary = "Person", author.slug, author.name, author.bio
        page = f"{settings.FRONTEND_URL}/authors/{author.slug}/"
        icon = None
        if author.avatar_id:
            icon = {"type": "Image", "url": absolute_url(author.avatar.get_rendition(AVATAR_SPEC).url)}
    document = {
        "@context": CONTEXT,
        "id": url,
        "type": kind,
        "preferredUsername": username,
        "name": name,
        "summary": summary,
        "url": page,
        "inbox": under(url, "inbox"),
        "outbox": under(url, "outbox"),
        "followers": under(url, "followers"),
        "following": under(url, "following"),
        "endpoints": {"sharedInbox": ap_url("inbox")},
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "publicKey": {"id": key_id(actor), "owner": url, "publicKeyPem": actor.public_key_pem},
    }
    if icon:
        document["icon"] = icon
    return document


def followers_url(actor):
    return under(actor_url(actor), "followers")


# --- Posts ------------------------------------------------------------------------------


def article(page):
    """The ``Article`` of a post: its sanitized HTML, excerpt, image and hashtags, public,
    cc the followers of its authors and of the blog."""
    authors = page.authors
    attributed = [author_url(author) for author in authors]
    tags = sorted((item.tag for item in page.tagged_items.all()), key=lambda tag: tag.name.lower())
    document = {
        "@context": CONTEXT,
        "id": post_id_url(page.pk),
        "type": "Article",
        "attributedTo": attributed[0] if len(attributed) == 1 else attributed,
        "name": page.title,
        "content": render_markdown_cached(page.body or ""),
        "summary": page.excerpt or Truncator(page.search_description or "").chars(500) or None,
        "url": public_post_url(page),
        "published": (page.first_published_at or page.last_published_at).isoformat(),
        "updated": (page.last_published_at or page.first_published_at).isoformat(),
        "to": [PUBLIC],
        "cc": [*(under(url, "followers") for url in attributed), ap_url("blog/followers")],
        "tag": [
            {"type": "Hashtag", "href": f"{settings.FRONTEND_URL}/tags/{tag.slug}/", "name": f"#{tag.name}"}
            for tag in tags
        ],
        "replies": {"id": under(post_id_url(page.pk), "replies"), "type": "Collection"},
    }
    image = page.social_image or page.hero_image
    if image is not None:
        document["image"] = {
            "type": "Image",
            "mediaType": "image/jpeg",
            "url": absolute_url(rendition(image, SOCIAL_FILTER).url),
            "name": page.hero_alt or page.title,
        }
    return document


def collection(url, total, page_number, items):
    """An ``OrderedCollection`` (``page_number`` None) or one of its pages."""
    if page_number is None:
        return {
            "@context": AS_CONTEXT,
            "id": url,
            "type": "OrderedCollection",
            "totalItems": total,
            "first": f"{url}?page=1",
        }
    page = {
        "@context": AS_CONTEXT,
        "id": f"{url}?page={page_number}",
        "type": "OrderedCollectionPage",
        "partOf": url,
        "totalItems": total,
        "orderedItems": items,
    }
    if page_number * PAGE_SIZE < total:
        page["next"] = f"{url}?page={page_number + 1}"
    return page
