"""The moderation side in the Wagtail admin: queue, filters, bulk actions, dashboard."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import dashboard, services
from community.models import Comment, Report, WriterRequest


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def bulk_action(client, action, *comments):
    """POST the admin's bulk ``action`` (approve, hide, soft_delete) on ``comments``."""
    url = reverse("wagtail_bulk_action", args=["community", "comment", action])
    query = "&".join(f"id={comment.pk}" for comment in comments)
    return client.post(f"{url}?{query}", {"next": "/admin/"})


class TestCommentQueue:
    def test_moderators_see_the_comment_queue_with_links_to_posts(self, post, owner, moderator, make_comment):
        make_comment(post, owner, "needs a look")
        response = admin_client(moderator).get(reverse("wagtailsnippets_community_comment:list"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "needs a look" in html
        assert reverse("wagtailadmin_pages:edit", args=[post.pk]) in html

    def test_the_queue_filters_by_status_reported_post_and_author(
        self, make_post, owner, other, moderator, make_comment
    ):
        post, elsewhere = make_post(), make_post()
        reported = make_comment(post, owner, "reported one")
        services.report_comment(reported, other, "rude")
        make_comment(post, other, "pending one", status=Comment.Status.PENDING)
        make_comment(elsewhere, owner, "elsewhere one")
        url = reverse("wagtailsnippets_community_comment:list")
        client = admin_client(moderator)

        def shown(**params):
            html = client.get(url, params).content.decode()
            return {text for text in ("reported one", "pending one", "elsewhere one") if text in html}

        assert shown(status="pending") == {"pending one"}
        assert shown(reported="true") == {"reported one"}
        assert shown(post=elsewhere.pk) == {"elsewhere one"}
        assert shown(author="OTHER") == {"pending one"}

    def test_readers_cannot_open_the_admin_queue(self, owner):
        response = admin_client(owner).get(reverse("wagtailsnippets_community_comment:list"))
        assert response.status_code in (302, 403)

    def test_bulk_approve_hide_and_delete(self, post, owner, other, moderator, make_comment):
        a = make_comment(post, owner, "a", status=Comment.Status.PENDING)
        b = make_comment(post, owner, "b")
        services.report_comment(b, other, "spam")
        c = make_comment(post, owner, "c")
        client = admin_client(moderator)
        assert bulk_action(client, "approve", a).status_code == 302
        assert bulk_action(client, "hide", b).status_code == 302
        assert bulk_action(client, "soft_delete", c).status_code == 302
        a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
        assert (a.status, b.status, c.is_deleted) == ("visible", "hidden", True)
        assert Report.objects.get().status == Report.Status.RESOLVED

    def test_bulk_delete_resolves_and_approve_dismisses_open_reports(
        self, post, owner, other, moderator, make_comment
    ):
        deleted, approved = make_comment(post, owner, "d"), make_comment(post, owner, "a")
        services.report_comment(deleted, other, "spam")
        services.report_comment(approved, other, "not spam after all")
        bulk_action(admin_client(moderator), "soft_delete", deleted)
        bulk_action(admin_client(moderator), "approve", approved)
        assert Comment.objects.get(pk=deleted.pk).is_deleted
        assert Report.objects.get(comment=deleted).status == Report.Status.RESOLVED
        assert Report.objects.get(comment=approved).status == Report.Status.DISMISSED

    @pytest.mark.parametrize("who", ["anonymous", "owner", "other", "author"])
    @pytest.mark.parametrize("action", ["approve", "hide", "soft_delete"])
    def test_only_moderators_approve_hide_or_delete_in_bulk(
        self, post, owner, other, make_user, make_comment, who, action
    ):
        status = Comment.Status.VISIBLE if action == "hide" else Comment.Status.PENDING
        comment = make_comment(post, owner, "x", status=status)
        services.report_comment(comment, other, "spam")
        users = {
            "anonymous": None,
            "owner": owner,
            "other": other,
            "author": make_user("writer", ["Authors"]),
        }
        client = admin_client(users[who]) if users[who] else Client()
        bulk_action(client, action, comment)
        comment.refresh_from_db()
        assert (comment.status, comment.is_deleted) == (status, False)
        assert Report.objects.get(comment=comment).status == Report.Status.OPEN

    def edit(self, client, comment, status):
        url = reverse("wagtailsnippets_community_comment:edit", args=[comment.pk])
        return client.post(url, {"status": status, "body": comment.body})

    def test_the_edit_form_moderates_as_the_bulk_actions_do(
        self, post, owner, other, moderator, make_comment, mailoutbox, django_capture_on_commit_callbacks
    ):
        reported = make_comment(post, owner, "rude words")
        services.report_comment(reported, other, "rude")
        question = make_comment(post, owner, "a question")
        held = make_comment(post, other, "held back", parent=question, status=Comment.Status.PENDING)
        services.report_comment(held, owner, "spam?")
        mailoutbox.clear()
        client = admin_client(moderator)

        assert self.edit(client, reported, "hidden").status_code == 302
        assert Comment.objects.get(pk=reported.pk).status == Comment.Status.HIDDEN
        assert Report.objects.get(comment=reported).status == Report.Status.RESOLVED

        with django_capture_on_commit_callbacks(execute=True):
            assert self.edit(client, held, "visible").status_code == 302
        assert Comment.objects.get(pk=held.pk).status == Comment.Status.VISIBLE
        assert Report.objects.get(comment=held).status == Report.Status.DISMISSED
        # the reply to the owner, held until now, is emailed to them now
        assert [message.to for message in mailoutbox] == [[owner.email]]

    def test_a_status_the_form_does_not_offer_is_refused_and_changes_nothing(
        self, post, owner, other, moderator, make_comment
    ):
        comment = make_comment(post, owner, "x")
        services.report_comment(comment, other, "rude")
        response = self.edit(admin_client(moderator), comment, "deleted")
        assert response.status_code == 200  # the form again, with its error
        assert "deleted is not one of the available choices" in response.content.decode()
        assert Comment.objects.get(pk=comment.pk).status == Comment.Status.VISIBLE
        assert Report.objects.get(comment=comment).status == Report.Status.OPEN

    def test_an_edit_form_that_keeps_the_status_leaves_the_reports_open(
        self, post, owner, other, moderator, make_comment
    ):
        comment = make_comment(post, owner, "typo")
        services.report_comment(comment, other, "rude")
        assert self.edit(admin_client(moderator), comment, "visible").status_code == 302
        assert Report.objects.get(comment=comment).status == Report.Status.OPEN

    @pytest.mark.parametrize("who", ["anonymous", "owner", "other", "author"])
    def test_only_moderators_change_a_status_in_the_edit_form(
        self, post, owner, other, make_user, make_comment, who
    ):
        comment = make_comment(post, owner, "x")
        services.report_comment(comment, other, "rude")
        users = {
            "anonymous": None,
            "owner": owner,
            "other": other,
            "author": make_user("writer", ["Authors"]),
        }
        user = users[who]
        response = self.edit(admin_client(user) if user else Client(), comment, "hidden")
        assert response.status_code in (302, 403)
        assert Comment.objects.get(pk=comment.pk).status == Comment.Status.VISIBLE
        assert Report.objects.get(comment=comment).status == Report.Status.OPEN

    def test_the_report_list_shows_reasons(self, post, owner, other, moderator, make_comment):
        services.report_comment(make_comment(post, owner), other, "Off-topic advertising")
        response = admin_client(moderator).get(reverse("wagtailsnippets_community_report:list"))
        assert "Off-topic advertising" in response.content.decode()

    def test_posts_have_a_comments_button_for_moderators(self, post, owner, moderator, make_comment):
        make_comment(post, owner)
        response = admin_client(moderator).get(reverse("wagtailadmin_pages:edit", args=[post.pk]))
        assert response.status_code == 200
        assert "Comments (1)" in response.content.decode()


class TestWriterRequestsInAdmin:
    def test_a_moderator_approves_in_bulk_and_the_reader_becomes_an_author(self, owner, moderator):
        request_obj = WriterRequest.objects.create(user=owner, message="please")
        url = reverse("wagtail_bulk_action", args=["community", "writerrequest", "approve_writer"])
        response = admin_client(moderator).post(f"{url}?id={request_obj.pk}", {"next": "/admin/"})
        assert response.status_code == 302
        request_obj.refresh_from_db()
        assert request_obj.status == "approved" and request_obj.decided_by == moderator
        assert owner.groups.filter(name="Authors").exists()


class TestDashboard:
    def test_the_admin_home_shows_activity_charts_and_open_reports(
        self, post, owner, other, moderator, make_comment
    ):
        comment = make_comment(post, owner)
        old = make_comment(post, owner, created=timezone.now() - timedelta(days=40))
        services.report_comment(comment, other, "x")
        services.like_post(post, other)
        services.like_comment(old, other)
        response = admin_client(moderator).get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Community moderation" in html
        assert 'data-chart="comments"' in html and 'data-chart="likes"' in html
        assert "<strong>1</strong> open report" in html

    def test_daily_series_covers_30_days_and_counts_each_day(self, post, owner, other, make_comment):
        today = timezone.localdate()
        make_comment(post, owner)
        make_comment(post, owner, created=timezone.now() - timedelta(days=2))
        make_comment(post, owner, created=timezone.now() - timedelta(days=31))
        services.like_post(post, other)
        series = dashboard.daily_series()
        assert len(series) == 30 and series[-1]["day"] == today
        assert sum(point["comments"] for point in series) == 2
        assert series[-1]["likes"] == 1

    def test_readers_do_not_get_the_panel(self, owner):
        from django.contrib.auth.models import Group

        owner.groups.add(Group.objects.get(name="Authors"))
        response = admin_client(owner).get(reverse("wagtailadmin_home"))
        assert "Community moderation" not in response.content.decode()


class TestCommentsFeaturesInTheAdmin:
    def test_the_queue_shows_why_a_comment_was_held(self, post, owner, moderator):
        services.post_comment(post, owner, "https://a.example https://b.example")
        html = admin_client(moderator).get(reverse("wagtailsnippets_community_comment:list")).content.decode()
        assert services.HELD_NEW_ACCOUNT_LINKS in html

    def test_moderators_see_previous_versions_of_an_edited_comment(
        self, post, owner, moderator, make_comment
    ):
        target = make_comment(post, owner, "what I first wrote")
        services.edit_comment(target, owner, "what it says now")
        url = reverse("wagtailsnippets_community_comment:inspect", args=[target.pk])
        html = admin_client(moderator).get(url).content.decode()
        assert "what I first wrote" in html and "what it says now" in html

    def test_moderators_ban_in_the_admin_and_the_ban_applies(self, post, owner, moderator):
        from community.models import Ban

        url = reverse("wagtailsnippets_community_ban:add")
        response = admin_client(moderator).post(url, {"user": owner.pk, "until": "", "reason": "trolling"})
        assert response.status_code == 302
        ban = Ban.objects.get()
        assert (ban.user, ban.until, ban.created_by) == (owner, None, moderator)
        with pytest.raises(services.Banned):
            services.post_comment(post, owner, "hello")
        listing = admin_client(moderator).get(reverse("wagtailsnippets_community_ban:list")).content.decode()
        assert "trolling" in listing

    def test_readers_cannot_open_bans(self, owner):
        assert admin_client(owner).get(reverse("wagtailsnippets_community_ban:list")).status_code in (
            302,
            403,
        )
