"""Comments: listing threads, posting, editing, deleting, reporting; XSS; query counts."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from community import services
from community.models import Comment, CommunitySettings, Report
from community.tests.conftest import client_for

User = get_user_model()


def comments_url(post_or_id):
    return f"/api/posts/{getattr(post_or_id, 'pk', post_or_id)}/comments/"


class TestListComments:
    def get(self, post, user=None, **params):
        return client_for(user).get(comments_url(post), params)

    def test_anonymous_readers_see_visible_comments_with_replies_nested(
        self, post, owner, other, make_comment
    ):
        top = make_comment(post, owner, "First *post*")
        reply = make_comment(post, other, "A reply", parent=top)
        response = self.get(post)
        assert response.status_code == 200
        data = response.json()
        assert data["count"] == 1 and data["next"] is None and data["previous"] is None
        [item] = data["results"]
        assert item == {
            "id": top.pk,
            "parent": None,
            "author": {
                "id": owner.pk,
                "username": "owner",
                "display_name": "owner",
                "avatar": None,
                "handle": None,
                "url": None,
                "remote": False,
            },
            "body_html": "<p>First <em>post</em></p>",
            "created": item["created"],
            "edited": False,
            "edited_at": None,
            "deleted": False,
            "status": "visible",
            "pinned": False,
            "mentions": [],
            "like_count": 0,
            "liked_by_me": False,
            "muted": False,
            "can_edit": False,
            "can_delete": False,
            "can_pin": False,
            "replies": [item["replies"][0]],
        }
        assert item["replies"][0]["id"] == reply.pk
        assert item["replies"][0]["parent"] == top.pk

    def test_the_caller_sees_what_they_may_do(self, post, owner, other, moderator, make_comment):
        make_comment(post, owner)

        def flags(user):
            item = self.get(post, user).json()["results"][0]
            return {"can_edit": item["can_edit"], "can_delete": item["can_delete"]}

        assert flags(owner) == {"can_edit": True, "can_delete": True}
        assert flags(other) == {"can_edit": False, "can_delete": False}
        assert flags(moderator) == {"can_edit": False, "can_delete": True}

    def test_hidden_and_pending_comments_show_only_to_their_author_and_moderators(
        self, post, owner, other, moderator, make_comment
    ):
        make_comment(post, owner, "held", status=Comment.Status.PENDING)
        make_comment(post, owner, "hidden", status=Comment.Status.HIDDEN)
        assert self.get(post).json()["count"] == 0
        assert self.get(post, other).json()["count"] == 0
        # best (the default) with no likes: newest first
        assert [c["status"] for c in self.get(post, owner).json()["results"]] == ["hidden", "pending"]
        assert self.get(post, moderator).json()["count"] == 2

    def test_replies_under_a_hidden_comment_are_hidden_with_it(self, post, owner, other, make_comment):
        top = make_comment(post, owner, status=Comment.Status.HIDDEN)
        make_comment(post, other, parent=top)
        assert self.get(post).json()["results"] == []

    def test_deleted_comments_keep_their_place_without_author_or_body(self, post, owner, other, make_comment):
        top = make_comment(post, owner, "secret")
        make_comment(post, other, "reply", parent=top)
        services.delete_comments([top])
        [item] = self.get(post).json()["results"]
        assert (item["author"], item["body_html"], item["deleted"]) == (None, "", True)
        assert len(item["replies"]) == 1

    def test_like_counts_and_liked_by_me(self, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        services.like_comment(comment, other)
        item = self.get(post, other).json()["results"][0]
        assert (item["like_count"], item["liked_by_me"]) == (1, True)
        assert self.get(post, owner).json()["results"][0]["liked_by_me"] is False

    def test_top_level_comments_are_paginated(self, post, owner, make_comment):
        for i in range(25):
            make_comment(post, owner, f"c{i}")
        first = self.get(post).json()
        assert (first["count"], len(first["results"])) == (25, 20)
        second = client_for(None).get(first["next"]).json()
        assert len(second["results"]) == 5
        assert self.get(post, page=9).status_code == 404

    @pytest.mark.parametrize("page_id", ["abc", "0", "99999999", "99999999999999999999999", "1.5", "%20"])
    def test_unknown_or_malformed_post_ids_answer_a_json_404(self, db, page_id):
        response = client_for(None).get(f"/api/posts/{page_id}/comments/")
        assert response.status_code == 404
        assert (
            response.json() == {"detail": "No Post matches the given query."} or "detail" in response.json()
        )

    def test_drafts_private_posts_and_other_pages_answer_404(self, make_post, blog_index, home_page, owner):
        draft = make_post(publish=False)
        private = make_post()
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
        unpublished = make_post()
        unpublished.unpublish()
        for page in (draft, private, unpublished, blog_index, home_page):
            assert self.get(page, owner).status_code == 404, page


class TestListQueryCount:
    """Listing a thread costs the same number of queries whatever its size."""

    def make_thread(self, post, users, size):
        """A top-level comment and ``size - 1`` replies to it; every third reply liked."""
        [top] = services.import_comments([services.NewComment(post.pk, users[0].pk, "top")])
        replies = services.import_comments(
            services.NewComment(post.pk, users[i % len(users)].pk, f"reply {i}", parent=top)
            for i in range(size - 1)
        )
        for reply in replies[::3]:
            services.like_comment(reply, users[1])
        return top

    def count(self, post, user, count_queries):
        client = client_for(user)
        with count_queries() as ctx:
            response = client.get(comments_url(post))
        assert response.status_code == 200
        return len(ctx), response.json()

    def test_a_1000_comment_thread_costs_no_more_queries_than_a_10_comment_one(
        self, make_post, make_user, count_queries
    ):
        users = [make_user(f"reader{i}") for i in range(5)]
        small, large = make_post(), make_post()
        self.make_thread(small, users, 10)
        self.make_thread(large, users, 1000)
        small_queries, _ = self.count(small, users[1], count_queries)
        large_queries, data = self.count(large, users[1], count_queries)
        assert large_queries == small_queries
        # a cold read: sign-in, groups, the reader's own facts (one UNION), the shared
        # thread (with authors, avatars and mentions)
        assert small_queries <= 13

        def total(items):
            return sum(1 + total(item["replies"]) for item in items)

        assert total(data["results"]) == 1000


class TestCreateComment:
    def post_comment(self, post, user, **data):
        return client_for(user).post(comments_url(post), data, format="json")

    def test_anonymous_callers_get_401(self, post):
        response = self.post_comment(post, None, body="hi")
        assert response.status_code == 401
        assert "detail" in response.json()

    def test_a_signed_in_reader_comments_and_gets_the_comment_back(self, post, owner):
        response = self.post_comment(post, owner, body="  Nice **post**  ")
        assert response.status_code == 201
        data = response.json()
        assert data["body_html"] == "<p>Nice <strong>post</strong></p>"
        assert data["author"]["id"] == owner.pk and data["can_edit"] and data["status"] == "visible"
        assert Comment.objects.get().body == "Nice **post**"

    def test_mass_assigned_fields_are_ignored(self, post, owner, other):
        response = self.post_comment(
            post, owner, body="hi", author=other.pk, status="hidden", like_count=99, is_deleted=True
        )
        assert response.status_code == 201
        comment = Comment.objects.get()
        assert (comment.author, comment.status, comment.is_deleted) == (owner, "visible", False)
        assert response.json()["like_count"] == 0

    @pytest.mark.parametrize("body", ["", "   \n\t ", "x" * 5001])
    def test_empty_or_too_long_bodies_answer_400(self, post, owner, body):
        response = self.post_comment(post, owner, body=body)
        assert response.status_code == 400
        assert "body" in response.json()

    def test_5000_characters_are_allowed(self, post, owner):
        assert self.post_comment(post, owner, body="x" * 5000).status_code == 201

    def test_replies_must_be_to_a_comment_on_the_same_post(self, make_post, owner, make_comment):
        post, elsewhere = make_post(), make_post()
        foreign = make_comment(elsewhere, owner)
        for parent in (foreign.pk, 999999, "abc"):
            response = self.post_comment(post, owner, body="hi", parent=parent)
            assert response.status_code == 400
            assert "parent" in response.json()

    def test_replies_deeper_than_the_cap_attach_to_the_deepest_allowed_parent(self, post, owner):
        top = self.post_comment(post, owner, body="0").json()["id"]
        one = self.post_comment(post, owner, body="1", parent=top).json()["id"]
        two = self.post_comment(post, owner, body="2", parent=one).json()["id"]
        three = self.post_comment(post, owner, body="3", parent=two).json()
        assert three["parent"] == one
        assert Comment.objects.get(pk=three["id"]).depth == 2

    def test_drafts_private_and_unknown_posts_answer_404(self, make_post, owner):
        draft = make_post(publish=False)
        private = make_post()
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
        for target in (draft, private, 999999):
            assert self.post_comment(target, owner, body="hi").status_code == 404

    def test_posts_with_comments_disabled_answer_403(self, make_post, owner):
        post = make_post(comments_enabled=False)
        response = self.post_comment(post, owner, body="hi")
        assert response.status_code == 403
        assert response.json() == {"detail": "Comments are closed on this post."}

    def test_a_new_users_first_comment_is_held_when_the_setting_says_so(self, post, owner, moderator):
        settings_obj = CommunitySettings.load()
        settings_obj.hold_first_comment = True
        settings_obj.save()
        first = self.post_comment(post, owner, body="first").json()
        assert first["status"] == "pending"
        assert self.post_comment(post, owner, body="second").json()["status"] == "pending"
        assert client_for(None).get(comments_url(post)).json()["count"] == 0
        services.approve_comments(Comment.objects.filter(pk=first["id"]))
        assert self.post_comment(post, owner, body="third").json()["status"] == "visible"
        assert self.post_comment(post, moderator, body="mod").json()["status"] == "visible"

    def test_commenting_is_throttled(self, post, owner):
        codes = [self.post_comment(post, owner, body=f"c{i}").status_code for i in range(11)]
        assert codes[-1] == 429 and codes[:10] == [201] * 10


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x73;cript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.test"></iframe>',
    '[x](https://ok.test "title" onmouseover="alert(1)")',
    "<style>body{display:none}</style>",
]


class TagCollector(HTMLParser):
    """The elements and attributes a browser would build from the HTML."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html):
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


class TestXSS:
    @pytest.mark.parametrize("payload", XSS_PAYLOADS)
    def test_payloads_are_rendered_inert(self, post, owner, payload):
        response = client_for(owner).post(comments_url(post), {"body": payload}, format="json")
        assert response.status_code == 201
        for tag, attrs in parse(response.json()["body_html"]):
            assert tag in {"p", "br", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol", "li"}
            assert set(attrs) <= {"href", "title", "rel"}
            href = attrs.get("href")
            assert href is None or href.lower().startswith(("https://", "http://", "mailto:")), href

    def test_links_get_nofollow_ugc(self, post, owner):
        response = client_for(owner).post(comments_url(post), {"body": "[a](https://a.test)"}, format="json")
        assert 'rel="nofollow ugc noopener noreferrer"' in response.json()["body_html"]

    def test_display_names_are_data_not_markup(self, post, owner, make_comment):
        from community.models import Profile

        Profile.objects.create(user=owner, display_name="<b>bold</b>")
        make_comment(post, owner)
        item = client_for(None).get(comments_url(post)).json()["results"][0]
        assert item["author"]["display_name"] == "<b>bold</b>"  # JSON string; the frontend escapes it


class TestCommentDetail:
    def url(self, comment):
        return f"/api/comments/{getattr(comment, 'pk', comment)}/"

    def test_anyone_reads_a_visible_comment(self, post, owner, make_comment):
        comment = make_comment(post, owner)
        assert client_for(None).get(self.url(comment)).json()["id"] == comment.pk

    def test_hidden_comments_are_404_to_others(self, post, owner, other, moderator, make_comment):
        comment = make_comment(post, owner, status=Comment.Status.HIDDEN)
        assert client_for(other).get(self.url(comment)).status_code == 404
        assert client_for(owner).get(self.url(comment)).status_code == 200
        assert client_for(moderator).get(self.url(comment)).status_code == 200

    @pytest.mark.parametrize("comment_id", ["abc", "99999999", "-1", "1e3"])
    def test_malformed_or_unknown_ids_answer_404(self, db, comment_id):
        assert client_for(None).get(self.url(comment_id)).status_code == 404

    def test_moderators_read_and_delete_but_do_not_edit_through_the_detail(
        self, post, owner, moderator, make_comment
    ):
        comment = make_comment(post, owner)
        data = client_for(moderator).get(self.url(comment)).json()
        assert (data["can_edit"], data["can_delete"]) == (False, True)
        assert client_for(owner).get(self.url(comment)).json()["can_edit"] is True

    def test_the_owner_edits_and_the_comment_shows_edited(self, post, owner, make_comment):
        comment = make_comment(post, owner)
        response = client_for(owner).patch(self.url(comment), {"body": "changed _text_"}, format="json")
        assert response.status_code == 200
        assert response.json()["edited"] is True
        assert response.json()["body_html"] == "<p>changed <em>text</em></p>"

    def test_others_and_moderators_cannot_edit(self, post, owner, other, moderator, make_comment):
        comment = make_comment(post, owner)
        assert client_for(None).patch(self.url(comment), {"body": "x"}, format="json").status_code == 401
        assert client_for(other).patch(self.url(comment), {"body": "x"}, format="json").status_code == 403
        assert client_for(moderator).patch(self.url(comment), {"body": "x"}, format="json").status_code == 403
        comment.refresh_from_db()
        assert comment.body == "Hello" and comment.edited_at is None

    def test_editing_validates_the_body(self, post, owner, make_comment):
        comment = make_comment(post, owner)
        response = client_for(owner).patch(self.url(comment), {"body": "  "}, format="json")
        assert response.status_code == 400 and "body" in response.json()

    def test_the_owner_deletes_softly(self, post, owner, make_comment):
        comment = make_comment(post, owner, "gone")
        assert client_for(owner).delete(self.url(comment)).status_code == 204
        comment.refresh_from_db()
        assert comment.is_deleted and comment.body == "" and comment.body_html == ""
        assert client_for(owner).delete(self.url(comment)).status_code == 404
        assert client_for(owner).patch(self.url(comment), {"body": "back"}, format="json").status_code == 404

    def test_a_moderator_may_delete_anyones_comment(self, post, owner, moderator, make_comment):
        comment = make_comment(post, owner)
        assert client_for(moderator).delete(self.url(comment)).status_code == 204

    def test_others_cannot_delete(self, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        assert client_for(None).delete(self.url(comment)).status_code == 401
        assert client_for(other).delete(self.url(comment)).status_code == 403
        comment.refresh_from_db()
        assert not comment.is_deleted

    @pytest.mark.parametrize("who", ["owner", "moderator"])
    def test_deleting_resolves_the_comments_open_reports(
        self, post, owner, other, moderator, make_comment, who
    ):
        comment, neighbour = make_comment(post, owner), make_comment(post, owner)
        services.report_comment(comment, other, "spam")
        services.report_comment(neighbour, other, "spam")
        deleter = {"owner": owner, "moderator": moderator}[who]
        assert client_for(deleter).delete(self.url(comment)).status_code == 204
        assert Report.objects.get(comment=comment).status == Report.Status.RESOLVED
        assert Report.objects.get(comment=neighbour).status == Report.Status.OPEN


class TestReport:
    def url(self, comment):
        return f"/api/comments/{comment.pk}/report/"

    def test_a_reader_reports_a_comment_once(self, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        response = client_for(other).post(self.url(comment), {"reason": "Spam"}, format="json")
        assert response.status_code == 201
        assert response.json()["reason"] == "Spam"
        again = client_for(other).post(self.url(comment), {"reason": "Spam!"}, format="json")
        assert again.status_code == 400 and "non_field_errors" in again.json()
        assert Report.objects.count() == 1

    def test_anonymous_callers_get_401(self, post, owner, make_comment):
        comment = make_comment(post, owner)
        assert client_for(None).post(self.url(comment), {"reason": "x"}, format="json").status_code == 401

    def test_a_reason_is_required(self, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        response = client_for(other).post(self.url(comment), {"reason": " "}, format="json")
        assert response.status_code == 400 and "reason" in response.json()

    def test_reporting_your_own_comment_answers_400(self, post, owner, make_comment):
        comment = make_comment(post, owner)
        assert client_for(owner).post(self.url(comment), {"reason": "x"}, format="json").status_code == 400

    def test_comments_the_reporter_cannot_see_answer_404(self, post, owner, other, moderator, make_comment):
        comment = make_comment(post, owner, status=Comment.Status.HIDDEN)
        assert client_for(other).post(self.url(comment), {"reason": "x"}, format="json").status_code == 404
        assert (
            client_for(moderator).post(self.url(comment), {"reason": "x"}, format="json").status_code == 201
        )
