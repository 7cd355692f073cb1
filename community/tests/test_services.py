"""community.services: each operation on comments and likes, called directly as the
admin, seeders and (later) federation call it; and the model's edit/delete rules."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community import services
from community.models import Comment, CommentLike, CommunitySettings, Mute, PostLike, Report
from community.tests.conftest import client_for


def thread_of(post):
    """The public thread as the API shows it: ``{id: comment}``, replies included."""
    response = client_for(None).get(f"/api/posts/{post.pk}/comments/")
    assert response.status_code == 200

    def walk(items):
        for item in items:
            yield item
            yield from walk(item["replies"])

    return {item["id"]: item for item in walk(response.json()["results"])}


def open_reports(comment):
    return set(Report.objects.filter(comment=comment, status=Report.Status.OPEN).values_list("pk", flat=True))


@pytest.fixture
def reported(post, owner, other, make_user, make_comment):
    """``owner``'s comment with two open reports and one dismissed earlier; and a
    neighbouring comment with its own open report."""
    comment = make_comment(post, owner, "reported")
    neighbour = make_comment(post, owner, "neighbour")
    third = make_user("third")
    services.report_comment(comment, other, "spam")
    services.report_comment(comment, third, "rude")
    dismissed = services.report_comment(comment, make_user("fourth"), "meh")
    Report.objects.filter(pk=dismissed.pk).update(status=Report.Status.DISMISSED)
    services.report_comment(neighbour, other, "also spam")
    return comment, neighbour, dismissed


class TestPostComment:
    def test_a_top_level_comment_is_its_own_thread_at_depth_0(self, post, owner):
        comment = services.post_comment(post, owner, "Hello *there*")
        comment.refresh_from_db()
        assert (comment.thread_id, comment.depth, comment.parent_id) == (comment.pk, 0, None)
        assert comment.body_html == "<p>Hello <em>there</em></p>"
        assert comment.status == Comment.Status.VISIBLE and comment.author == owner

    def test_replies_join_the_parents_thread_one_level_down(self, post, owner, other):
        top = services.post_comment(post, owner, "top")
        reply = services.post_comment(post, other, "reply", parent=top)
        deeper = services.post_comment(post, owner, "deeper", parent=reply)
        for comment in (reply, deeper):
            comment.refresh_from_db()
        assert (reply.thread_id, reply.depth, reply.parent_id) == (top.pk, 1, top.pk)
        assert (deeper.thread_id, deeper.depth, deeper.parent_id) == (top.pk, 2, reply.pk)

    def test_replies_beyond_the_depth_cap_attach_to_the_deepest_allowed_parent(self, post, owner):
        top = services.post_comment(post, owner, "0")
        one = services.post_comment(post, owner, "1", parent=top)
        two = services.post_comment(post, owner, "2", parent=one)
        three = services.post_comment(post, owner, "3", parent=Comment.objects.get(pk=two.pk))
        assert (three.parent_id, three.depth, three.thread_id) == (one.pk, 2, top.pk)

    def test_a_parent_on_another_post_or_deleted_is_refused(self, make_post, owner):
        post, elsewhere = make_post(), make_post()
        foreign = services.post_comment(elsewhere, owner, "elsewhere")
        gone = services.post_comment(post, owner, "gone")
        services.delete_comments([gone])
        for parent in (foreign, gone):
            with pytest.raises(services.InvalidInput) as error:
                services.post_comment(post, owner, "reply", parent=parent)
            assert (error.value.field, error.value.message) == ("parent", "No such comment on this post.")
        assert not Comment.objects.filter(body="reply").exists()

    def test_a_post_closed_to_comments_refuses_them(self, make_post, owner):
        post = make_post(comments_enabled=False)
        with pytest.raises(services.NotAllowed, match="Comments are closed on this post."):
            services.post_comment(post, owner, "hi")
        assert not Comment.objects.exists()

    def test_status_follows_the_hold_setting_unless_given(self, post, owner, moderator):
        setting = CommunitySettings.load()
        setting.hold_first_comment = True
        setting.save()
        assert services.post_comment(post, owner, "first").status == Comment.Status.PENDING
        assert services.post_comment(post, moderator, "mod").status == Comment.Status.VISIBLE
        given = services.post_comment(post, owner, "imported", status=Comment.Status.VISIBLE)
        assert given.status == Comment.Status.VISIBLE
        assert services.post_comment(post, owner, "now approved").status == Comment.Status.VISIBLE

    def test_the_creation_time_can_be_kept(self, post, owner):
        when = timezone.now() - timedelta(days=3)
        comment = services.post_comment(post, owner, "old", created=when)
        comment.refresh_from_db()
        assert comment.created == when

    def test_a_new_comment_shows_in_the_cached_thread_at_once(self, post, owner):
        assert thread_of(post) == {}
        comment = services.post_comment(post, owner, "fresh")
        assert set(thread_of(post)) == {comment.pk}


class TestImportComments:
    def test_threads_depth_and_bodies_are_worked_out_as_for_one_comment(self, make_post, owner, other):
        post, elsewhere = make_post(), make_post()
        when = timezone.now() - timedelta(days=1)
        tops = services.import_comments(
            [
                services.NewComment(post.pk, owner.pk, "**one**", created=when),
                services.NewComment(elsewhere.pk, other.pk, "two"),
                services.NewComment(post.pk, None, "three", status=Comment.Status.HIDDEN),
            ],
            batch_size=2,
        )
        replies = services.import_comments(
            [services.NewComment(post.pk, other.pk, "reply", parent=tops[0])]
            + [services.NewComment(elsewhere.pk, owner.pk, f"r{i}", parent=tops[1]) for i in range(3)]
        )
        rows = {comment.pk: comment for comment in Comment.objects.all()}
        assert [c.body for c in tops + replies] == ["**one**", "two", "three", "reply", "r0", "r1", "r2"]
        for top in tops:
            assert (rows[top.pk].thread_id, rows[top.pk].depth, top.thread_id) == (top.pk, 0, top.pk)
        for reply in replies:
            assert (rows[reply.pk].thread_id, rows[reply.pk].depth) == (reply.parent_id, 1)
        assert rows[tops[0].pk].body_html == "<p><strong>one</strong></p>"
        assert rows[tops[0].pk].created == when
        assert rows[tops[2].pk].status == Comment.Status.HIDDEN and rows[tops[2].pk].author is None

    def test_imported_replies_beyond_the_cap_attach_to_the_deepest_allowed_parent(self, post, owner):
        top = services.post_comment(post, owner, "0")
        one = services.post_comment(post, owner, "1", parent=top)
        two = services.post_comment(post, owner, "2", parent=one)
        [three] = services.import_comments([services.NewComment(post.pk, owner.pk, "3", parent=two)])
        assert (three.parent_id, three.depth, three.thread_id) == (one.pk, 2, top.pk)

    def test_imported_comments_show_in_the_cached_thread_at_once(self, post, owner):
        first = services.post_comment(post, owner, "first")
        assert set(thread_of(post)) == {first.pk}
        [reply] = services.import_comments([services.NewComment(post.pk, owner.pk, "reply", parent=first)])
        assert thread_of(post)[first.pk]["replies"][0]["id"] == reply.pk


class TestEditComment:
    def test_the_author_edits_and_the_comment_is_marked_edited(self, post, owner, make_comment):
        comment = make_comment(post, owner)
        services.edit_comment(comment, owner, "new _body_")
        comment.refresh_from_db()
        assert comment.body == "new _body_" and comment.body_html == "<p>new <em>body</em></p>"
        assert comment.edited

    @pytest.mark.parametrize("who", ["anonymous", "other", "moderator"])
    def test_nobody_else_may_edit(self, post, owner, other, moderator, make_comment, who):
        user = {"anonymous": AnonymousUser(), "other": other, "moderator": moderator}[who]
        comment = make_comment(post, owner)
        with pytest.raises(services.NotAllowed):
            services.edit_comment(comment, user, "taken over")
        comment.refresh_from_db()
        assert comment.body == "Hello" and comment.edited_at is None

    def test_a_deleted_comment_cannot_be_edited(self, post, owner, make_comment):
        comment = make_comment(post, owner)
        services.delete_comment(comment, owner)
        with pytest.raises(services.NotFound):
            services.edit_comment(comment, owner, "back")


class TestDeleteComment:
    @pytest.mark.parametrize("who", ["owner", "moderator"])
    def test_the_author_or_a_moderator_deletes_and_the_open_reports_are_resolved(
        self, reported, owner, moderator, who
    ):
        comment, neighbour, dismissed = reported
        services.delete_comment(comment, {"owner": owner, "moderator": moderator}[who])
        comment.refresh_from_db()
        assert (comment.is_deleted, comment.body, comment.body_html) == (True, "", "")
        assert open_reports(comment) == set()
        assert Report.objects.filter(comment=comment, status=Report.Status.RESOLVED).count() == 2
        assert Report.objects.get(pk=dismissed.pk).status == Report.Status.DISMISSED
        assert len(open_reports(neighbour)) == 1

    @pytest.mark.parametrize("who", ["anonymous", "other"])
    def test_nobody_else_may_delete(self, reported, other, who):
        comment, _, _ = reported
        with pytest.raises(services.NotAllowed):
            services.delete_comment(comment, {"anonymous": AnonymousUser(), "other": other}[who])
        comment.refresh_from_db()
        assert not comment.is_deleted and len(open_reports(comment)) == 2

    def test_deleting_twice_answers_not_found(self, post, owner, make_comment):
        comment = make_comment(post, owner)
        services.delete_comment(comment, owner)
        with pytest.raises(services.NotFound):
            services.delete_comment(comment, owner)

    def test_the_admins_bulk_delete_resolves_the_open_reports_too(self, reported):
        comment, neighbour, _ = reported
        services.delete_comments(Comment.objects.filter(pk=comment.pk))
        assert Comment.objects.get(pk=comment.pk).is_deleted
        assert open_reports(comment) == set() and len(open_reports(neighbour)) == 1

    def test_the_deleted_comment_keeps_its_place_in_the_cached_thread(self, post, owner, other, make_comment):
        top = make_comment(post, owner, "secret")
        reply = make_comment(post, other, "reply", parent=top)
        assert thread_of(post)[top.pk]["body_html"] == "<p>secret</p>"
        services.delete_comment(top, owner)
        shown = thread_of(post)
        assert (shown[top.pk]["deleted"], shown[top.pk]["author"], shown[top.pk]["body_html"]) == (
            True,
            None,
            "",
        )
        assert reply.pk in shown


class TestModeration:
    def test_approving_shows_comments_and_dismisses_their_open_reports(
        self, post, owner, other, make_comment
    ):
        held = make_comment(post, owner, status=Comment.Status.PENDING)
        report = services.report_comment(held, other, "hmm")
        assert thread_of(post) == {}
        services.approve_comments([held])
        assert set(thread_of(post)) == {held.pk}
        assert Report.objects.get(pk=report.pk).status == Report.Status.DISMISSED

    def test_hiding_removes_comments_with_their_replies_and_resolves_reports(
        self, reported, post, other, make_comment
    ):
        comment, neighbour, _ = reported
        make_comment(post, other, "reply", parent=comment)
        assert comment.pk in thread_of(post)
        services.hide_comments([comment])
        assert set(thread_of(post)) == {neighbour.pk}
        assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN
        assert open_reports(comment) == set() and len(open_reports(neighbour)) == 1


class TestReportComment:
    def test_a_reader_reports_once(self, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        report = services.report_comment(comment, other, "spam")
        assert (report.comment, report.reporter, report.status) == (comment, other, Report.Status.OPEN)
        with pytest.raises(services.InvalidInput) as error:
            services.report_comment(comment, other, "again")
        assert error.value.field == "non_field_errors"
        assert Report.objects.count() == 1

    def test_nobody_reports_their_own_comment(self, post, owner, make_comment):
        with pytest.raises(services.InvalidInput, match="You cannot report your own comment."):
            services.report_comment(make_comment(post, owner), owner, "me")

    def test_a_deleted_comment_cannot_be_reported(self, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        services.delete_comments([comment])
        with pytest.raises(services.NotFound):
            services.report_comment(comment, other, "spam")


class TestLikes:
    def test_post_likes_are_idempotent_and_counted(self, post, owner, other):
        assert services.like_post(post, owner) == services.LikeState(liked=True, like_count=1)
        assert services.like_post(post, owner) == services.LikeState(liked=True, like_count=1)
        assert services.like_post(post, other).like_count == 2
        assert services.unlike_post(post, owner) == services.LikeState(liked=False, like_count=1)
        assert services.unlike_post(post, owner) == services.LikeState(liked=False, like_count=1)
        assert list(PostLike.objects.values_list("user", flat=True)) == [other.pk]

    def test_comment_likes_are_idempotent_and_counted(self, post, owner, other, make_comment):
        comment = make_comment(post, owner)
        assert services.like_comment(comment, other) == services.LikeState(liked=True, like_count=1)
        assert services.like_comment(comment, other).like_count == 1
        assert services.like_comment(comment, owner).like_count == 2
        assert thread_of(post)[comment.pk]["like_count"] == 2
        assert services.unlike_comment(comment, other) == services.LikeState(liked=False, like_count=1)
        assert thread_of(post)[comment.pk]["like_count"] == 1

    def test_the_time_of_a_like_can_be_kept(self, post, owner, make_comment):
        when = timezone.now() - timedelta(days=5)
        services.like_post(post, owner, created=when)
        services.like_comment(make_comment(post, owner), owner, created=when)
        assert PostLike.objects.get().created == when and CommentLike.objects.get().created == when

    @pytest.mark.parametrize("state", ["pending", "hidden", "deleted"])
    def test_only_comments_everyone_sees_can_be_liked(self, post, owner, other, make_comment, state):
        status = Comment.Status.VISIBLE if state == "deleted" else state
        comment = make_comment(post, owner, status=status)
        if state == "deleted":
            services.delete_comments([comment])
        for operation in (services.like_comment, services.unlike_comment):
            with pytest.raises(services.NotFound):
                operation(comment, other)
        assert not CommentLike.objects.exists()


class TestWhoMayChangeAComment:
    """``Comment.can_edit``/``can_delete`` and their plain-value forms, which the
    permission class, the serializer and the cached-thread overlay all use."""

    def cases(self, owner, other, moderator):
        return {
            "anonymous": AnonymousUser(),
            "other": other,
            "owner": owner,
            "moderator": moderator,
            "none": None,
        }

    EXPECTED = {
        # who: (can_edit, can_delete) on a live comment by ``owner``
        "anonymous": (False, False),
        "none": (False, False),
        "other": (False, False),
        "owner": (True, True),
        "moderator": (False, True),
    }

    def test_the_author_edits_and_the_author_or_a_moderator_deletes(
        self, post, owner, other, moderator, make_comment
    ):
        comment = make_comment(post, owner)
        for who, user in self.cases(owner, other, moderator).items():
            expected = self.EXPECTED[who]
            assert (comment.can_edit(user), comment.can_delete(user)) == expected, who
            plain = (
                Comment.editable_by(user, owner.pk, False),
                Comment.deletable_by(user, owner.pk, False),
            )
            assert plain == expected, who

    def test_nobody_changes_a_deleted_comment(self, post, owner, other, moderator, make_comment):
        comment = make_comment(post, owner)
        services.delete_comments([comment])
        for who, user in self.cases(owner, other, moderator).items():
            assert not (comment.can_edit(user) or comment.can_delete(user)), who

    def test_a_comment_whose_author_has_gone_is_the_moderators_alone(
        self, post, owner, moderator, make_comment
    ):
        comment = make_comment(post, owner)
        owner.delete()
        comment.refresh_from_db()
        assert comment.author_id is None
        assert not comment.can_edit(moderator) and comment.can_delete(moderator)
        assert not Comment.editable_by(AnonymousUser(), None, False)


class TestThreadViewer:
    """What a signed-in reader's thread adds to the shared one, in one query."""

    def test_the_callers_likes_on_this_post_mutes_and_pin_right(
        self, make_post, make_author, owner, other, make_user, make_comment, django_assert_num_queries
    ):
        post = make_post(authors=[make_author(name="Owner", user=owner)])
        elsewhere = make_post()
        liked, unliked = make_comment(post, other, "a"), make_comment(post, other, "b")
        services.like_comment(liked, owner)
        services.like_comment(make_comment(elsewhere, other, "c"), owner)
        services.mute_user(owner, other)
        services.mute_user(owner, make_user("third"))
        services.roles.is_moderator(owner)  # the groups, asked once per request anyway
        with django_assert_num_queries(1):
            viewer = services.thread_viewer(owner, post.pk)
        assert viewer.liked_ids == {liked.pk} and unliked.pk not in viewer.liked_ids
        assert viewer.muted_ids == set(Mute.objects.filter(muter=owner).values_list("muted_id", flat=True))
        assert len(viewer.muted_ids) == 2
        assert viewer.can_pin is True and viewer.sees_unlisted is False
        assert services.thread_viewer(owner, elsewhere.pk).can_pin is False

    def test_own_pending_or_hidden_comments_and_moderators_see_unlisted(
        self, post, owner, other, moderator, make_comment
    ):
        assert services.thread_viewer(owner, post.pk).sees_unlisted is False
        make_comment(post, owner, "held", status=Comment.Status.PENDING)
        make_comment(post, owner, "hidden", status=Comment.Status.HIDDEN)
        assert services.thread_viewer(owner, post.pk).sees_unlisted is True
        assert services.thread_viewer(other, post.pk).sees_unlisted is False
        mod = services.thread_viewer(moderator, post.pk)
        assert mod.sees_unlisted is True and mod.can_pin is True


class TestSpamAndBanRules:
    def test_a_new_account_check_counts_no_further_than_the_threshold(
        self, post, owner, make_comment, count_queries
    ):
        owner.date_joined = timezone.now() - timedelta(days=365)
        owner.save(update_fields=["date_joined"])
        settings = CommunitySettings.load()  # 3 visible comments make an account established
        for n in range(2):
            make_comment(post, owner, f"comment {n}")
        assert services.is_new_account(owner, settings) is True
        for n in range(5):
            make_comment(post, owner, f"more {n}")
        with count_queries() as ctx:
            assert services.is_new_account(owner, settings) is False
        [query] = ctx.captured_queries
        assert f"LIMIT {settings.new_account_comments}" in query["sql"]

    def test_the_ban_that_keeps_a_user_out_longest_is_picked_by_the_database(
        self, owner, moderator, count_queries
    ):
        now = timezone.now()
        services.ban_user(owner, moderator, until=now + timedelta(days=30), reason="long")
        services.ban_user(owner, moderator, until=now + timedelta(days=1), reason="short")
        services.Ban.objects.create(user=owner, until=now - timedelta(days=1), reason="over")
        assert services.active_ban(owner).reason == "long"
        forever = services.ban_user(owner, moderator, reason="for good")
        services.ban_user(owner, moderator, until=now + timedelta(days=60), reason="longer")
        with count_queries() as ctx:
            assert services.active_ban(owner) == forever
        [query] = ctx.captured_queries
        assert "LIMIT 1" in query["sql"]  # one row read, however many bans there are
        assert services.active_ban(moderator) is None and services.active_ban(AnonymousUser()) is None
