"""
The community API's OpenAPI description (drf-spectacular): one declaration per
endpoint, applied to its view as a class decorator (``@schema.post_comments``), and
the preprocessing hook that keeps Wagtail's own APIs out of the schema.

Error bodies are those of ``community.api.views``: 400 ``{"field": ["message"]}``,
401/403/404/429 ``{"detail": "..."}``.
"""

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from community.api import serializers as s
from core.openapi import ERROR, FIELD_ERRORS, answers

EXCLUDED_PREFIXES = ("/api/v2/", "/admin/", "/django-admin/", "/documents/")


def exclude_non_community_paths(endpoints, **kwargs):
    """Wagtail's own API v2 and admin views are not DRF-describable (schema generation
    errors on them and their operationIds collide): document the community API only."""
    return [endpoint for endpoint in endpoints if not endpoint[0].startswith(EXCLUDED_PREFIXES)]


# --- Accounts ---------------------------------------------------------------

register = extend_schema_view(
    post=extend_schema(
        request=s.RegisterSerializer,
        responses=answers({201: s.RegisterSerializer}, 400, 429),
        tags=["auth"],
    )
)

token = extend_schema_view(
    post=extend_schema(
        request=s.TokenPairSerializer,
        responses={200: s.TokenPairResponseSerializer, 400: FIELD_ERRORS, 401: ERROR, 429: ERROR},
        tags=["auth"],
    )
)

token_refresh = extend_schema_view(
    post=extend_schema(
        request=s.RefreshTokenRequestSerializer,
        responses={200: s.TokenPairResponseSerializer, 400: FIELD_ERRORS, 401: ERROR},
        tags=["auth"],
    )
)

logout = extend_schema_view(
    post=extend_schema(
        request=s.RefreshTokenRequestSerializer,
        responses={205: OpenApiResponse(description="Signed out."), 400: FIELD_ERRORS, 401: ERROR},
        tags=["auth"],
    )
)

me = extend_schema_view(
    get=extend_schema(responses=answers({200: s.MeSerializer}, 401), tags=["auth"]),
    patch=extend_schema(
        request=s.MeSerializer,
        responses=answers({200: s.MeSerializer}, 400, 401),
        tags=["auth"],
    ),
)

writer_request = extend_schema_view(
    get=extend_schema(responses=answers({200: s.WriterRequestSerializer}, 401, 404), tags=["auth"]),
    post=extend_schema(
        request=s.WriterRequestSerializer,
        responses=answers({201: s.WriterRequestSerializer}, 400, 401),
        tags=["auth"],
    ),
)


# --- Comments ---------------------------------------------------------------

post_comments = extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("page", int, description="Page of top-level comments."),
            OpenApiParameter("page_size", int, description="Top-level comments per page (max 100)."),
            OpenApiParameter(
                "sort",
                str,
                enum=["best", "newest", "oldest"],
                description="best (default): most liked, then newest. The pinned comment comes first.",
            ),
        ],
        responses=answers({200: s.CommentSerializer(many=True)}, 400, 401, 404),
        tags=["comments"],
    ),
    post=extend_schema(
        request=s.CommentCreateSerializer,
        responses=answers({201: s.CommentSerializer}, 400, 401, 403, 404, 429),
        tags=["comments"],
    ),
)

comment_detail = extend_schema_view(
    get=extend_schema(responses=answers({200: s.CommentSerializer}, 404), tags=["comments"]),
    patch=extend_schema(
        request=s.CommentUpdateSerializer,
        responses=answers({200: s.CommentSerializer}, 400, 401, 403, 404),
        tags=["comments"],
    ),
    delete=extend_schema(
        responses=answers({204: OpenApiResponse(description="Deleted.")}, 401, 403, 404),
        tags=["comments"],
    ),
)

comment_report = extend_schema_view(
    post=extend_schema(
        request=s.ReportSerializer,
        responses=answers({201: s.ReportSerializer}, 400, 401, 404, 429),
        tags=["comments"],
    )
)


comment_pin = extend_schema_view(
    post=extend_schema(
        request=None,
        responses=answers({200: s.CommentSerializer}, 400, 401, 403, 404, 429),
        tags=["comments"],
    ),
    delete=extend_schema(
        request=None,
        responses=answers({200: s.CommentSerializer}, 401, 403, 404, 429),
        tags=["comments"],
    ),
)

comment_page = extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("sort", str, enum=["best", "newest", "oldest"]),
            OpenApiParameter("page_size", int, description="As asked of the thread (default 20, max 100)."),
        ],
        responses=answers({200: s.CommentPageSerializer}, 400, 404),
        tags=["comments"],
    )
)

comment_preview = extend_schema_view(
    post=extend_schema(
        request=s.PreviewSerializer,
        responses=answers({200: s.PreviewSerializer}, 400, 401, 429),
        tags=["comments"],
    )
)

thread_version = extend_schema_view(
    get=extend_schema(
        responses=answers(
            {200: s.ThreadVersionSerializer, 304: OpenApiResponse(description="Unchanged (If-None-Match).")},
            404,
        ),
        tags=["comments"],
    )
)

bans = extend_schema_view(
    post=extend_schema(
        request=s.BanSerializer,
        responses=answers({201: s.BanSerializer}, 400, 401, 403, 429),
        tags=["moderation"],
    )
)

mutes = extend_schema_view(
    post=extend_schema(
        request=None, responses=answers({200: s.MuteSerializer}, 400, 401, 404, 429), tags=["auth"]
    ),
    delete=extend_schema(
        request=None, responses=answers({200: s.MuteSerializer}, 401, 404, 429), tags=["auth"]
    ),
)


# --- Likes and stats --------------------------------------------------------


def _like_and_unlike():
    """Like (POST) and unlike (DELETE) answer alike: ``{liked, like_count}``."""
    like = {
        "request": None,
        "responses": answers({200: s.LikeSerializer}, 401, 404, 429),
        "tags": ["likes"],
    }
    return extend_schema_view(post=extend_schema(**like), delete=extend_schema(**like))


post_like = _like_and_unlike()
comment_like = _like_and_unlike()

post_stats = extend_schema_view(
    get=extend_schema(responses=answers({200: s.PostStatsSerializer}, 404), tags=["likes"])
)

post_stats_batch = extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("ids", str, required=True, description="Comma-separated post ids (≤ 100).")
        ],
        responses=answers({200: s.PostStatsBatchSerializer}, 400),
        operation_id="posts_stats_batch",
        tags=["likes"],
    )
)
