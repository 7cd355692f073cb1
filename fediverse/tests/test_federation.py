"""
Federation against a real peer on loopback (``fediverse.tests.peer``): discovery,
follow and accept, delivery of posts, replies as comments, likes and boosts, deletes,
and every refusal of the inbox.
"""

import urllib.error
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from django.urls import reverse

from community import services
from community.models import Comment, RemoteReaction
from fediverse.models import Block, Delivery, Follower, ReceivedActivity
from fediverse.tests.conftest import get_json
from tests.hardening.services import wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def ada(make_author):
    return make_author(name="Ada Lindqvist", slug="ada-lindqvist")


def actor_url(folio, slug="ada-lindqvist"):
    return f"{folio.url}/ap/authors/{slug}/"


def follow(peer, folio, target):
    activity = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": peer.next_id("follows"),
        "type": "Follow",
        "actor": peer.actor_id,
        "object": target,
    }
    return activity, peer.post(f"{target}inbox/", activity)


def reply(peer, in_reply_to, content="<p>Lovely post!</p>"):
    note_id = peer.next_id("notes")
    return note_id, {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{note_id}/activity",
        "type": "Create",
        "actor": peer.actor_id,
        "object": {
            "id": note_id,
            "type": "Note",
            "attributedTo": peer.actor_id,
            "inReplyTo": in_reply_to,
            "content": content,
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
        },
    }


def test_the_whole_flow_with_a_peer(folio, peer, ada, make_post, api_client):
    # WebFinger → actor
    status, content_type, finger = get_json(
        f"{folio.url}/.well-known/webfinger?resource=acct:ada-lindqvist@{folio.url.split('//')[1]}"
    )
    assert content_type == "application/jrd+json"
    self_link = next(link for link in finger["links"] if link["rel"] == "self")
    assert self_link["type"] == "application/activity+json"
    _, content_type, actor = get_json(self_link["href"])
    assert content_type.startswith("application/activity+json")
    assert actor["type"] == "Person" and actor["preferredUsername"] == "ada-lindqvist"
    assert actor["endpoints"]["sharedInbox"] == f"{folio.url}/ap/inbox/"
    assert "PRIVATE" not in actor["publicKey"]["publicKeyPem"]
    assert actor["publicKey"]["owner"] == actor["id"]

    # signed Follow → Accept received and verified
    follow_activity, status = follow(peer, folio, actor["id"])
    assert status == 202
    assert wait_until(lambda: peer.received_of("Accept"), 10)
    accept = peer.received_of("Accept")[0]
    assert accept["verified"], accept["problem"]
    assert accept["path"] == "/users/ana/inbox"
    assert accept["activity"]["object"]["id"] == follow_activity["id"]
    assert Follower.objects.filter(remote__actor_id=peer.actor_id, actor__author=ada).exists()

    # publish → Create(Article), signed, with a matching digest, to the shared inbox
    post = make_post(title="Hello fediverse", authors=[ada], tags=["Python"], excerpt="A first post.")
    assert wait_until(lambda: peer.received_of("Create", "Article"), 10)
    create = peer.received_of("Create", "Article")[0]
    assert create["verified"], create["problem"]
    assert create["path"] == "/inbox"
    article = create["activity"]["object"]
    assert article["id"] == f"{folio.url}/ap/posts/{post.pk}/"
    assert article["name"] == "Hello fediverse" and article["summary"] == "A first post."
    assert article["attributedTo"] == actor["id"]
    assert "<em>Markdown</em>" in article["content"]
    assert article["url"].startswith("http://frontend.test/blog/")
    assert article["tag"] == [
        {"type": "Hashtag", "href": "http://frontend.test/tags/python/", "name": "#Python"}
    ]
    assert "https://www.w3.org/ns/activitystreams#Public" in article["to"]
    _, _, served = get_json(article["id"])
    assert served["name"] == "Hello fediverse"

    # a reply → a pending comment, approved → in the thread with the remote handle
    note_id, create_note = reply(
        peer, article["id"], '<p>Lovely <script>x()</script><a href="https://x.example/">post</a>!</p>'
    )
    assert peer.post(f"{folio.url}/ap/inbox/", create_note) == 202
    comment = Comment.objects.get(remote_id=note_id)
    assert comment.status == Comment.Status.PENDING and comment.post_id == post.pk
    assert "<script>" not in comment.body_html and 'href="https://x.example/"' in comment.body_html
    services.approve_comments([comment])
    thread = api_client.get(f"/api/posts/{post.pk}/comments/").json()["results"]
    assert thread[0]["author"] == {
        "id": None,
        "username": None,  # remote authors cannot be @mentioned locally
        "display_name": "Ana from the peer",
        "avatar": {"url": f"{peer.origin}/ana.png", "width": None, "height": None},
        "handle": f"@ana@{peer.origin.split('//')[1]}",
        "url": f"{peer.origin}/@ana",
        "remote": True,
    }

    # a reply to that reply joins its thread
    child_id, create_child = reply(peer, note_id, "<p>And more.</p>")
    assert peer.post(f"{folio.url}/ap/inbox/", create_child) == 202
    assert Comment.objects.get(remote_id=child_id).parent_id == comment.pk

    # Like, Announce, Undo(Like)
    like = {"id": peer.next_id("likes"), "type": "Like", "actor": peer.actor_id, "object": article["id"]}
    boost = {
        "id": peer.next_id("boosts"),
        "type": "Announce",
        "actor": peer.actor_id,
        "object": article["url"],
    }
    assert peer.post(f"{folio.url}/ap/inbox/", like) == 202
    assert peer.post(f"{folio.url}/ap/inbox/", boost) == 202
    assert api_client.get(f"/api/posts/{post.pk}/stats/").json()["fediverse"] == {"likes": 1, "boosts": 1}
    undo = {"id": peer.next_id("undos"), "type": "Undo", "actor": peer.actor_id, "object": like}
    assert peer.post(f"{folio.url}/ap/inbox/", undo) == 202
    assert api_client.get(f"/api/posts/{post.pk}/stats/").json()["fediverse"] == {"likes": 0, "boosts": 1}

    # Update then Delete of the note
    update = {
        "id": peer.next_id("updates"),
        "type": "Update",
        "actor": peer.actor_id,
        "object": {**create_note["object"], "content": "<p>Edited.</p>"},
    }
    assert peer.post(f"{folio.url}/ap/inbox/", update) == 202
    comment.refresh_from_db()
    assert comment.body_html == "<p>Edited.</p>" and comment.edited
    delete = {"id": peer.next_id("deletes"), "type": "Delete", "actor": peer.actor_id, "object": note_id}
    assert peer.post(f"{folio.url}/ap/inbox/", delete) == 202
    comment.refresh_from_db()
    assert comment.is_deleted

    # an edit → Update(Article); unpublishing → Delete
    post.title = "Hello again"
    post.save_revision().publish()
    assert wait_until(lambda: peer.received_of("Update", "Article"), 10)
    assert peer.received_of("Update", "Article")[0]["activity"]["object"]["name"] == "Hello again"
    post.unpublish()
    assert wait_until(lambda: peer.received_of("Delete"), 10)
    deleted = peer.received_of("Delete")[0]
    assert deleted["verified"] and deleted["activity"]["object"]["id"] == article["id"]

    # Undo(Follow)
    undo_follow = {
        "id": peer.next_id("undos"),
        "type": "Undo",
        "actor": peer.actor_id,
        "object": follow_activity,
    }
    assert peer.post(f"{actor['id']}inbox/", undo_follow) == 202
    assert not Follower.objects.exists()


def test_the_blog_actor_announces_new_posts_to_its_followers(folio, peer, ada, make_post):
    _, finger_type, finger = get_json(
        f"{folio.url}/.well-known/webfinger?resource=acct:blog@{folio.url.split('//')[1]}"
    )
    blog = finger["links"][0]["href"]
    _, _, document = get_json(blog)
    assert document["type"] == "Service"
    follow(peer, folio, blog)
    assert wait_until(lambda: peer.received_of("Accept"), 10)
    post = make_post(authors=[ada])
    assert wait_until(lambda: peer.received_of("Announce"), 10)
    announce = peer.received_of("Announce")[0]
    assert announce["verified"], announce["problem"]
    assert announce["activity"]["actor"] == blog
    assert announce["activity"]["object"] == f"{folio.url}/ap/posts/{post.pk}/"
    assert not peer.received_of("Create")  # the peer follows only the blog


def test_replies_show_at_once_when_not_held(folio, peer, ada, make_post, settings, api_client):
    settings.FEDERATION_HOLD_REPLIES = False
    post = make_post(authors=[ada])
    note_id, create = reply(peer, f"{folio.url}/ap/posts/{post.pk}/")
    assert peer.post(f"{folio.url}/ap/inbox/", create) == 202
    assert Comment.objects.get(remote_id=note_id).status == Comment.Status.VISIBLE
    assert api_client.get(f"/api/posts/{post.pk}/stats/").json()["comment_count"] == 1


def test_content_that_is_not_text_never_becomes_a_comment_body(folio, peer, ada, make_post):
    odd = {"content": {"html": "<p>nested</p>"}, "contentMap": {"en": "<p>From the map.</p>"}}
    post = make_post(authors=[ada])
    note_id, create = reply(peer, f"{folio.url}/ap/posts/{post.pk}/")
    create["object"].update(odd)
    assert peer.post(f"{folio.url}/ap/inbox/", create) == 202
    comment = Comment.objects.get(remote_id=note_id)
    assert comment.body_html == "<p>From the map.</p>"
    for hostile in (["<p>a</p>"], 42, None):
        update = {
            "id": peer.next_id("updates"),
            "type": "Update",
            "actor": peer.actor_id,
            "object": {**create["object"], "content": hostile, "contentMap": hostile},
        }
        assert peer.post(f"{folio.url}/ap/inbox/", update) == 202
        comment.refresh_from_db()
        assert comment.body_html == "<p>From the map.</p>" and not comment.edited, hostile


# --- Refusals -----------------------------------------------------------------------


@pytest.fixture
def post_and_reply(folio, peer, ada, make_post):
    post = make_post(authors=[ada])
    note_id, create = reply(peer, f"{folio.url}/ap/posts/{post.pk}/")
    return post, note_id, create


def assert_nothing_stored():
    assert not Comment.objects.exists()
    assert not ReceivedActivity.objects.exists()


def test_json_nested_too_deep_is_a_400_not_a_500(folio, peer):
    deep = b"[" * 10_000 + b"]" * 10_000
    assert peer.post(f"{folio.url}/ap/inbox/", None, body=deep) == 400
    assert_nothing_stored()


def test_unsigned_activities_are_refused(folio, peer, post_and_reply):
    assert peer.post(f"{folio.url}/ap/inbox/", post_and_reply[2], unsigned=True) == 401
    assert_nothing_stored()


def test_a_bad_signature_is_refused(folio, peer, post_and_reply):
    from fediverse.tests.peer import _new_key

    assert peer.post(f"{folio.url}/ap/inbox/", post_and_reply[2], key=_new_key()) == 401
    assert_nothing_stored()


def test_a_digest_that_does_not_match_the_body_is_refused(folio, peer, post_and_reply):
    assert peer.post(f"{folio.url}/ap/inbox/", post_and_reply[2], digest="SHA-256=AAAA") == 401
    assert_nothing_stored()


def test_a_body_changed_after_signing_is_refused(folio, peer, post_and_reply):
    import json

    body = json.dumps(post_and_reply[2]).encode()
    headers = peer.signed_headers(f"{folio.url}/ap/inbox/", body)
    tampered = body.replace(b"Lovely", b"Hateful")
    assert peer.post(f"{folio.url}/ap/inbox/", None, body=tampered, unsigned=True, headers=headers) == 401
    assert_nothing_stored()


def test_a_stale_date_is_refused(folio, peer, post_and_reply):
    stale = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    assert peer.post(f"{folio.url}/ap/inbox/", post_and_reply[2], date=stale) == 401
    assert_nothing_stored()


def test_a_signature_without_the_digest_is_refused(folio, peer, post_and_reply):
    covered = ["(request-target)", "host", "date"]
    assert peer.post(f"{folio.url}/ap/inbox/", post_and_reply[2], covered=covered) == 401
    assert_nothing_stored()


def test_an_activity_signed_by_someone_else_is_refused(folio, peer, post_and_reply):
    forged = {**post_and_reply[2], "actor": "http://127.0.0.1:9/users/victim"}
    forged["object"] = {**forged["object"], "attributedTo": forged["actor"]}
    assert peer.post(f"{folio.url}/ap/inbox/", forged) == 401
    assert_nothing_stored()


def test_a_repeated_activity_is_taken_once(folio, peer, post_and_reply):
    settings_hold = post_and_reply[2]
    assert peer.post(f"{folio.url}/ap/inbox/", settings_hold) == 202
    assert peer.post(f"{folio.url}/ap/inbox/", settings_hold) == 202
    assert Comment.objects.count() == 1 and ReceivedActivity.objects.count() == 1


def test_a_reaction_counts_once_however_often_it_is_sent(folio, peer, post_and_reply):
    post = post_and_reply[0]
    for _ in range(2):
        like = {
            "id": peer.next_id("likes"),
            "type": "Like",
            "actor": peer.actor_id,
            "object": f"{folio.url}/ap/posts/{post.pk}/",
        }
        assert peer.post(f"{folio.url}/ap/inbox/", like) == 202
    assert RemoteReaction.objects.filter(post=post).count() == 1


def test_a_body_over_the_limit_is_413(folio, peer, post_and_reply, settings):
    settings.FEDERATION_MAX_INBOX_BYTES = 1000
    create = post_and_reply[2]
    create["object"]["content"] = "<p>" + "x" * 2000 + "</p>"
    assert peer.post(f"{folio.url}/ap/inbox/", create) == 413
    assert_nothing_stored()


def test_blocked_domains_are_refused_and_lose_their_follows(folio, peer, ada, post_and_reply):
    follow(peer, folio, actor_url(folio))
    assert Follower.objects.count() == 1
    Block.objects.create(domain="127.0.0.1")
    assert not Follower.objects.exists()
    assert peer.post(f"{folio.url}/ap/inbox/", post_and_reply[2]) == 403
    assert not Comment.objects.exists()


def test_a_rotated_key_is_fetched_again(folio, peer, post_and_reply):
    post, note_id, create = post_and_reply
    assert peer.post(f"{folio.url}/ap/inbox/", create) == 202
    peer.rotate_key()
    second_id, second = reply(peer, f"{folio.url}/ap/posts/{post.pk}/")
    assert peer.post(f"{folio.url}/ap/inbox/", second) == 202
    assert Comment.objects.filter(remote_id=second_id).exists()
    assert [path for path, _ in peer.fetches].count("/users/ana") == 2
    assert all(signature for _, signature in peer.fetches)  # signed GETs, for "secure mode" servers


def test_private_addresses_are_refused_unless_allowed(folio, peer, post_and_reply, settings):
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = False
    assert peer.post(f"{folio.url}/ap/inbox/", post_and_reply[2]) == 401
    assert not peer.fetches  # never connected
    assert_nothing_stored()


def test_a_dead_peer_is_retried_then_given_up_and_publishing_goes_on(
    folio, peer, ada, make_post, settings, monkeypatch
):
    monkeypatch.setattr("fediverse.tasks.EAGER_RETRY_SECONDS", 0.05)
    follow(peer, folio, actor_url(folio))
    assert wait_until(lambda: peer.received_of("Accept"), 10)
    peer.stop()
    settings.FEDERATION_MAX_DELIVERY_ATTEMPTS = 3
    post = make_post(authors=[ada])
    assert post.live
    assert wait_until(lambda: Delivery.objects.filter(status=Delivery.Status.FAILED).exists(), 20)
    failed = Delivery.objects.get(status=Delivery.Status.FAILED)
    assert failed.attempts == 3 and failed.activity["type"] == "Create" and failed.last_error


# --- Discovery ----------------------------------------------------------------------


def test_webfinger_answers_400_for_bad_resources_and_404_for_unknown_ones(folio):
    host = folio.url.split("//")[1]
    for resource, status in [
        ("", 400),
        ("nonsense", 400),
        (f"acct:nobody@{host}", 404),
        ("acct:blog@elsewhere.example", 404),
    ]:
        with pytest.raises(urllib.error.HTTPError) as caught:
            get_json(f"{folio.url}/.well-known/webfinger?resource={resource}")
        assert caught.value.code == status, resource


def test_nodeinfo(folio, ada, make_post):
    make_post(authors=[ada])
    _, _, links = get_json(f"{folio.url}/.well-known/nodeinfo", accept="application/json")
    _, _, info = get_json(links["links"][0]["href"], accept="application/json")
    assert info["software"]["name"] == "folio" and info["protocols"] == ["activitypub"]
    assert info["usage"]["localPosts"] == 1 and info["usage"]["users"]["total"] >= 1


def test_collections_are_paged_with_totals(folio, ada, make_post):
    make_post(authors=[ada])
    _, _, outbox = get_json(f"{actor_url(folio)}outbox/")
    assert outbox["type"] == "OrderedCollection" and outbox["totalItems"] == 1
    _, _, first = get_json(outbox["first"])
    assert first["orderedItems"][0]["object"]["type"] == "Article"
    _, _, followers = get_json(f"{actor_url(folio)}followers/")
    assert followers["totalItems"] == 0


# --- Admin --------------------------------------------------------------------------


def test_the_fediverse_admin_lists_followers_activities_and_blocks(
    client, django_user_model, folio, peer, ada
):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    follow(peer, folio, actor_url(folio))
    Block.objects.create(domain="spam.example", reason="spam")
    followers = client.get("/admin/fediverse/followers/")
    assert followers.status_code == 200 and "@ana@127.0.0.1" in followers.content.decode()
    activities = client.get("/admin/fediverse/activities/")
    assert activities.status_code == 200 and "followed Ada Lindqvist" in activities.content.decode()
    assert "spam.example" in client.get("/admin/fediverse/blocks/").content.decode()
    assert client.get("/admin/fediverse/followers/add/").status_code in (302, 403)
    add = client.post("/admin/fediverse/blocks/add/", {"domain": "", "actor_id": "", "reason": ""})
    assert add.status_code == 200 and "Block either a domain or an actor" in add.content.decode()


def test_a_local_reply_to_a_remote_comment_is_delivered_to_its_author(
    folio, peer, ada, make_post, settings, django_user_model, client
):
    settings.FEDERATION_HOLD_REPLIES = False
    post = make_post(authors=[ada])
    note_id, create = reply(peer, f"{folio.url}/ap/posts/{post.pk}/")
    assert peer.post(f"{folio.url}/ap/inbox/", create) == 202
    remote_comment = Comment.objects.get(remote_id=note_id)
    reader = django_user_model.objects.create_user("jo", "jo@example.com", "pw")
    answer = services.post_comment(post, reader, "Thanks *Ana*!", parent=remote_comment)
    assert wait_until(lambda: peer.received_of("Create", "Note"), 10)
    delivered = peer.received_of("Create", "Note")[0]
    assert delivered["verified"], delivered["problem"]
    assert delivered["path"] == "/users/ana/inbox"
    note = delivered["activity"]["object"]
    assert note["inReplyTo"] == note_id and note["id"] == f"{folio.url}/ap/comments/{answer.pk}/"
    assert "<em>Ana</em>" in note["content"] and note["tag"][0]["href"] == peer.actor_id

    # the Comments queue shows where each comment came from
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    queue = client.get("/admin/community/comments/").content.decode()
    assert f"@ana@{peer.origin.split('//')[1]}" in queue and "Folio" in queue


def test_signatures_made_for_the_public_host_verify_behind_the_nextjs_proxy(
    folio, peer, post_and_reply, settings
):
    """The peer signs the public host; the rewrite delivers it with Host set to Django's."""
    import json

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    body = json.dumps(post_and_reply[2]).encode()
    headers = peer.signed_headers("https://blog.example/ap/inbox/", body)
    headers.pop("Host")
    headers["X-Forwarded-Host"] = "blog.example"
    assert peer.post(f"{folio.url}/ap/inbox/", None, body=body, unsigned=True, headers=headers) == 202
    assert Comment.objects.filter(remote_id=post_and_reply[1]).exists()


@pytest.fixture
def remote_comment(folio, peer, ada, make_post, settings):
    settings.FEDERATION_HOLD_REPLIES = False
    post = make_post(authors=[ada])
    note_id, create = reply(peer, f"{folio.url}/ap/posts/{post.pk}/")
    assert peer.post(f"{folio.url}/ap/inbox/", create) == 202
    return Comment.objects.get(remote_id=note_id)


def delivered_notes(peer, kind="Create"):
    return [item for item in peer.received_of(kind, "Note") if item["path"] == "/users/ana/inbox"]


def settle(peer):
    """Wait until every queued delivery has been attempted (sent or given up)."""
    assert wait_until(lambda: not Delivery.objects.filter(status=Delivery.Status.PENDING).exists(), 10)


def test_a_held_local_reply_is_delivered_once_when_approved(folio, peer, remote_comment, django_user_model):
    reader = django_user_model.objects.create_user("jo", "jo@example.com", "pw")
    answer = services.post_comment(
        remote_comment.post, reader, "Thanks *Ana*!", parent=remote_comment, status=Comment.Status.PENDING
    )
    settle(peer)
    assert delivered_notes(peer) == []  # held: nothing leaves

    services.approve_comments(Comment.objects.filter(pk=answer.pk))
    assert wait_until(lambda: delivered_notes(peer), 10)
    settle(peer)
    (delivered,) = delivered_notes(peer)
    assert delivered["verified"], delivered["problem"]
    note = delivered["activity"]["object"]
    assert (
        note["id"] == f"{folio.url}/ap/comments/{answer.pk}/"
        and note["inReplyTo"] == remote_comment.remote_id
    )
    assert "<em>Ana</em>" in note["content"]

    # approved again, hidden and approved again, saved again: nothing more is sent
    services.approve_comments(Comment.objects.filter(pk=answer.pk))
    services.hide_comments(Comment.objects.filter(pk=answer.pk))
    services.approve_comments(Comment.objects.filter(pk=answer.pk))
    Comment.objects.get(pk=answer.pk).save()
    settle(peer)
    assert len(delivered_notes(peer)) == 1 and delivered_notes(peer, "Update") == []


def test_a_reply_approved_in_the_admin_is_delivered_once(
    folio, peer, remote_comment, django_user_model, client
):
    reader = django_user_model.objects.create_user("jo", "jo@example.com", "pw")
    held = services.post_comment(
        remote_comment.post, reader, "First held", parent=remote_comment, status=Comment.Status.PENDING
    )
    edited = services.post_comment(
        remote_comment.post, reader, "Second held", parent=remote_comment, status=Comment.Status.PENDING
    )
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pw"))
    # the bulk Approve action
    approve = reverse("wagtail_bulk_action", args=["community", "comment", "approve"])
    bulk = client.post(f"{approve}?id={held.pk}", {"next": "/admin/"})
    assert bulk.status_code == 302
    # the edit form, status set to visible (and saved twice)
    for _ in range(2):
        edit = reverse("wagtailsnippets_community_comment:edit", args=[edited.pk])
        form = client.post(edit, {"status": "visible", "body": "Second held"})
        assert form.status_code == 302, form.content.decode()[:2000]
    assert wait_until(lambda: len(delivered_notes(peer)) >= 2, 10)
    settle(peer)
    ids = sorted(item["activity"]["object"]["id"] for item in delivered_notes(peer))
    assert ids == sorted(f"{folio.url}/ap/comments/{pk}/" for pk in (held.pk, edited.pk))
    assert all(item["verified"] for item in delivered_notes(peer))


def test_an_edit_of_a_delivered_reply_sends_an_update(folio, peer, remote_comment, django_user_model):
    reader = django_user_model.objects.create_user("jo", "jo@example.com", "pw")
    answer = services.post_comment(remote_comment.post, reader, "Thanks!", parent=remote_comment)
    assert wait_until(lambda: delivered_notes(peer), 10)
    services.edit_comment(answer, reader, "Thanks, *Ana*!")
    assert wait_until(lambda: delivered_notes(peer, "Update"), 10)
    settle(peer)
    (update,) = delivered_notes(peer, "Update")
    assert update["verified"], update["problem"]
    note = update["activity"]["object"]
    assert note["id"] == f"{folio.url}/ap/comments/{answer.pk}/" and "<em>Ana</em>" in note["content"]
    assert note["updated"] and len(delivered_notes(peer)) == 1
