"""Community API routes, included under ``/api/``. Ids are matched loosely and parsed
in the views so that any malformed id answers a JSON 404; the trailing slash is
optional so a POST without it is not redirected."""

from django.urls import re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from community.api import password_reset, unsubscribe, views

ID = r"(?P<{}>[^/]+)"

urlpatterns = [
    re_path(r"^auth/register/?$", views.RegisterView.as_view(), name="community-register"),
    re_path(r"^auth/token/?$", views.TokenView.as_view(), name="community-token"),
    re_path(r"^auth/token/refresh/?$", views.RefreshView.as_view(), name="community-token-refresh"),
    re_path(r"^auth/logout/?$", views.LogoutView.as_view(), name="community-logout"),
    re_path(
        r"^auth/password-reset/?$",
        password_reset.PasswordResetView.as_view(),
        name="community-password-reset",
    ),
    re_path(
        r"^auth/password-reset/confirm/?$",
        password_reset.PasswordResetConfirmView.as_view(),
        name="community-password-reset-confirm",
    ),
    re_path(r"^auth/me/?$", views.MeView.as_view(), name="community-me"),
    re_path(r"^auth/me/write-request/?$", views.WriterRequestView.as_view(), name="community-write-request"),
    re_path(r"^auth/me/mutes/(?P<username>[^/]+)/?$", views.MuteView.as_view(), name="community-mute"),
    re_path(r"^moderation/bans/?$", views.BanView.as_view(), name="community-bans"),
    re_path(r"^comments/preview/?$", views.CommentPreviewView.as_view(), name="community-comment-preview"),
    re_path(r"^posts/stats/?$", views.PostStatsBatchView.as_view(), name="community-post-stats-batch"),
    re_path(
        rf"^posts/{ID.format('page_id')}/comments/?$",
        views.PostCommentsView.as_view(),
        name="community-post-comments",
    ),
    re_path(
        rf"^posts/{ID.format('page_id')}/comments/version/?$",
        views.ThreadVersionView.as_view(),
        name="community-thread-version",
    ),
    re_path(
        rf"^posts/{ID.format('page_id')}/like/?$", views.PostLikeView.as_view(), name="community-post-like"
    ),
    re_path(
        rf"^posts/{ID.format('page_id')}/stats/?$", views.PostStatsView.as_view(), name="community-post-stats"
    ),
    re_path(
        rf"^comments/{ID.format('comment_id')}/?$",
        views.CommentDetailView.as_view(),
        name="community-comment",
    ),
    re_path(
        rf"^comments/{ID.format('comment_id')}/report/?$",
        views.CommentReportView.as_view(),
        name="community-comment-report",
    ),
    re_path(
        rf"^comments/{ID.format('comment_id')}/pin/?$",
        views.CommentPinView.as_view(),
        name="community-comment-pin",
    ),
    re_path(
        rf"^comments/{ID.format('comment_id')}/page/?$",
        views.CommentPageView.as_view(),
        name="community-comment-page",
    ),
    re_path(
        rf"^comments/{ID.format('comment_id')}/like/?$",
        views.CommentLikeView.as_view(),
        name="community-comment-like",
    ),
    re_path(r"^unsubscribe/(?P<token>[^/]+)/?$", unsubscribe.unsubscribe, name="community-unsubscribe"),
    re_path(r"^schema/?$", SpectacularAPIView.as_view(), name="community-schema"),
    re_path(r"^docs/?$", SpectacularSwaggerView.as_view(url_name="community-schema"), name="community-docs"),
]
