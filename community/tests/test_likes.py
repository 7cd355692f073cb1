"""Likes on posts and comments, and post stats (single and batched)."""

import pytest
from wagtail.models import PageViewRestriction

from community import services
from community.models import Comment, PostLike
from community.tests.conftest import client_for


class TestPostLike:
    def url(self, post):
        return f"/api/posts/{getattr(post, 'pk', post)}/like/"

    def test_anonymous_callers_get_401(self, post):
        assert client_for(None).post(self.url(post)).status_code == 401
        assert client_for(None).delete(self.url(post)).status_code == 401

    def test_liking_is_idempotent_and_answers_the_count(self, post, owner, other):
        assert client_for(owner).post(self.url(post)).json() == {"liked": True, "like_count": 1}
        assert client_for(owner).post(self.url(post)).json() == {"liked": True, "like_count": 1}
        assert client_for(other).post(self.url(post)).json() == {"liked": True, "like_count": 2}
        assert PostLike.objects.count() == 2

    def test_unliking_is_idempotent(self, post, owner, other):
        client_for(owner).post(self.url(post))
        client_for(other).post(self.url(post))
        assert client_for(owner).delete(self.url(post)).json() == {"liked": False, "like_count": 1}
        assert client_for(owner).delete(self.url(post)).json() == {"liked": False, "like_count": 1}

    def test_drafts_private_and_unknown_posts_answer_404(self, make_post, owner):
        draft = make_post(publish=False)
        private = make_post()
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
        for target in (draft, private, 999999, "x"):
            assert client_for(owner).post(self.url(target)).status_code == 404


class TestCommentLike:
    def url(self, comment):
        return f"/api/comments/{comment.pk}/like/"

    def test_liking_a_comment_is_idempotent(self, post, owner, other, moderator, make_comment):
        comment = make_comment(post, owner)
        assert client_for(other).post(self.url(comment)).json() == {"liked": True, "like_count": 1}
        assert client_for(other).post(self.url(comment)).json() == {"liked": True, "like_count": 1}
        assert client_for(moderator).post(self.url(comment)).json() == {"liked": True, "like_count": 2}
        assert client_for(other).delete(self.url(comment)).json() == {"liked": False, "like_count": 1}

    def test_anonymous_callers_get_401(self, post, owner, make_comment):
        assert client_for(None).post(self.url(make_comment(post, owner))).status_code == 401

    def test_hidden_or_deleted_comments_answer_404(self, post, owner, other, make_comment):
        hidden = make_comment(post, owner, status=Comment.Status.HIDDEN)
        deleted = make_comment(post, owner)
        services.delete_comments([deleted])
        for comment in (hidden, deleted):
            assert client_for(other).post(self.url(comment)).status_code == 404


NO_FEDIVERSE = {"fediverse": {"likes": 0, "boosts": 0}}


class TestPostStats:
    def url(self, post):
        return f"/api/posts/{getattr(post, 'pk', post)}/stats/"

    def test_stats_count_likes_and_visible_comments(self, post, owner, other, make_comment):
        services.like_post(post, owner)
        services.like_post(post, other)
        make_comment(post, owner)
        make_comment(post, owner, status=Comment.Status.HIDDEN)
        services.delete_comments([make_comment(post, owner)])
        expected = {"like_count": 2, "comment_count": 1, "fediverse": {"likes": 0, "boosts": 0}}
        assert client_for(None).get(self.url(post)).json() == {**expected, "liked_by_me": False}
        assert client_for(owner).get(self.url(post)).json() == {**expected, "liked_by_me": True}

    def test_unknown_posts_answer_404(self, db):
        assert client_for(None).get(self.url(424242)).status_code == 404
        assert client_for(None).get(self.url("nope")).status_code == 404


class TestPostStatsBatch:
    url = "/api/posts/stats/"

    def test_stats_of_several_posts_in_the_order_asked(self, make_post, owner, make_comment, count_queries):
        first, second, draft = make_post(), make_post(), make_post(publish=False)
        services.like_post(second, owner)
        make_comment(first, owner)
        client = client_for(owner)
        with count_queries() as ctx:
            response = client.get(self.url, {"ids": f"{second.pk},{first.pk},{draft.pk},999999"})
        assert response.status_code == 200
        assert response.json() == {
            "results": [
                {"id": second.pk, "like_count": 1, "comment_count": 0, "liked_by_me": True, **NO_FEDIVERSE},
                {"id": first.pk, "like_count": 0, "comment_count": 1, "liked_by_me": False, **NO_FEDIVERSE},
            ]
        }
        assert len(ctx) <= 4  # user, view restrictions, the annotated posts, the caller's likes
        with count_queries() as ctx:
            again = client.get(self.url, {"ids": f"{second.pk},{first.pk},{draft.pk},999999"})
        assert again.json() == response.json()
        assert len(ctx) <= 2  # cached: user, the caller's likes

    @pytest.mark.parametrize(
        "ids", ["", "a,b", "1;2", "1,-2", "1.5", ",".join(str(i) for i in range(1, 102))]
    )
    def test_garbage_ids_answer_400_naming_the_field(self, db, ids):
        response = client_for(None).get(self.url, {"ids": ids})
        assert response.status_code == 400
        assert "ids" in response.json()

    def test_a_missing_ids_parameter_answers_400(self, db):
        response = client_for(None).get(self.url)
        assert response.status_code == 400 and "ids" in response.json()


class TestCommentLikeCountsInListing:
    def test_listing_counts_match_the_like_rows(self, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        services.like_comment(comment, other)
        services.like_comment(comment, owner)
        data = client_for(None).get(f"/api/posts/{post.pk}/comments/").json()
        assert data["results"][0]["like_count"] == 2
