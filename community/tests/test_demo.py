"""community.demo: demo readers and activity for seed_demo."""

from django.core.management import call_command

from community import dashboard
from community.models import Comment, CommentLike, PostLike, Report


def test_seed_demo_adds_readers_comments_likes_and_reports_once(db):
    call_command("seed_demo", posts=4, stdout=None)
    counts = (Comment.objects.count(), PostLike.objects.count(), CommentLike.objects.count())
    assert all(counts) and Report.objects.filter(status="open").exists()
    call_command("seed_demo", posts=4, stdout=None)
    assert (Comment.objects.count(), PostLike.objects.count(), CommentLike.objects.count()) == counts


def test_the_dashboard_shows_the_demo_activity(db):
    call_command("seed_demo", posts=3, stdout=None)
    summary = dashboard.summary()
    assert summary["comments_total"] > 0 and summary["likes_total"] > 0 and summary["open_reports"] == 2
