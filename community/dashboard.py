"""Numbers for the moderation dashboard on the Wagtail admin home."""

from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from community.models import Comment, CommentLike, PostLike, Report, WriterRequest

DAYS = 30
CHART_HEIGHT = 80
BAR_WIDTH = 10
BAR_GAP = 3


def _per_day(queryset, start):
    rows = (
        queryset.filter(created__date__gte=start)
        .annotate(day=TruncDate("created"))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    return dict(rows)


def daily_series(days=DAYS, today=None):
    """``[{"day": date, "comments": n, "likes": n}, ...]`` for the last ``days`` days, oldest first."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    comments = _per_day(Comment.objects.all(), start)
    post_likes = _per_day(PostLike.objects.all(), start)
    comment_likes = _per_day(CommentLike.objects.all(), start)
    series = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        series.append(
            {
                "day": day,
                "comments": comments.get(day, 0),
                "likes": post_likes.get(day, 0) + comment_likes.get(day, 0),
            }
        )
    return series


def bars(series, key):
    """Geometry of an SVG bar chart of ``series[key]``, drawn on the server (no JS, no CDN)."""
    peak = max((point[key] for point in series), default=0) or 1
    result = []
    for index, point in enumerate(series):
        height = round(point[key] / peak * CHART_HEIGHT)
        result.append(
            {
                "x": index * (BAR_WIDTH + BAR_GAP),
                "y": CHART_HEIGHT - height,
                "height": height,
                "value": point[key],
                "day": point["day"],
            }
        )
    return result


def summary():
    series = daily_series()
    return {
        "comment_bars": bars(series, "comments"),
        "like_bars": bars(series, "likes"),
        "comments_total": sum(point["comments"] for point in series),
        "likes_total": sum(point["likes"] for point in series),
        "open_reports": Report.objects.filter(status=Report.Status.OPEN).count(),
        "pending_comments": Comment.objects.filter(status=Comment.Status.PENDING, is_deleted=False).count(),
        "pending_writer_requests": WriterRequest.objects.filter(status=WriterRequest.Status.PENDING).count(),
        "chart_width": DAYS * (BAR_WIDTH + BAR_GAP),
        "chart_height": CHART_HEIGHT,
        "bar_width": BAR_WIDTH,
        "days": DAYS,
    }
