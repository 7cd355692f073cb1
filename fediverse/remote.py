"""
What we know of remote actors: fetched (with a signed GET, for servers in "secure
mode") and cached in ``RemoteActor``; re-fetched when asked (a failed signature).
"""

from urllib.parse import urldefrag

from django.utils import timezone

from fediverse import actors, http, signatures
from fediverse.models import RemoteActor


def _first_url(value):
    """An ActivityStreams link: a string, a ``Link``/``Image`` object, or a list of them."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("href") or value.get("url")
        return _first_url(value)
    return value if isinstance(value, str) else ""


def signed_get(url):
    """GET ``url``, signed by the blog actor."""
    blog = actors.actor_for(None)
    headers = signatures.sign("GET", url, actors.key_id(blog), blog.private_key_pem, accept=http.ACCEPT)
    return http.get_json(url, headers)


def fetch_actor(actor_id, document=None):
    """Fetch ``actor_id`` (unless its ``document`` is at hand) and store what we need of
    it; returns the ``RemoteActor``."""
    document = document if document is not None else signed_get(actor_id)
    if document.get("id") != actor_id or not isinstance(document.get("inbox"), str):
        raise http.FetchError("not the actor asked for")
    key = document.get("publicKey")
    if isinstance(key, list):
        key = key[0] if key else None
    key = key if isinstance(key, dict) else {}
    if key.get("owner") not in (None, actor_id):
        raise http.FetchError("the actor's key belongs to someone else")
    endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
    username = document.get("preferredUsername") or ""
    host = urldefrag(actor_id).url.split("/")[2]
    fields = {
        "key_id": str(key.get("id") or "")[:500],
        "public_key_pem": str(key.get("publicKeyPem") or ""),
        "inbox": document["inbox"][:500],
        "shared_inbox": str(endpoints.get("sharedInbox") or "")[:500],
        "handle": f"@{username}@{host}"[:300] if username else "",
        "name": str(document.get("name") or username)[:200],
        "url": _first_url(document.get("url"))[:500],
        "icon": _first_url(document.get("icon"))[:500],
        "fetched_at": timezone.now(),
    }
    remote, _ = RemoteActor.objects.update_or_create(actor_id=actor_id, defaults=fields)
    return remote


def actor(actor_id, refresh=False):
    """The cached ``RemoteActor`` of ``actor_id``, fetched when unknown or ``refresh``."""
    if not refresh:
        cached = RemoteActor.objects.filter(actor_id=actor_id).first()
        if cached is not None:
            return cached
    return fetch_actor(actor_id)


def actor_for_key(key_id, refresh=False):
    """The ``RemoteActor`` whose key is ``key_id``. Mastodon's key ids are
    ``<actor>#main-key``; others name a key document with an ``owner``."""
    if not refresh:
        cached = RemoteActor.objects.filter(key_id=key_id).exclude(public_key_pem="").first()
        if cached is not None:
            return cached
    url = urldefrag(key_id).url
    document = signed_get(url)
    if isinstance(document.get("inbox"), str):  # the actor itself
        remote = fetch_actor(document.get("id") or url, document)
    else:  # a key document naming its owner
        owner = document.get("owner")
        if not isinstance(owner, str):
            raise http.FetchError("a key without an owner")
        remote = fetch_actor(owner)
    if remote.key_id != key_id:
        raise http.FetchError("the key is not the one its actor publishes")
    return remote
