"""
Community API views: accounts (JWT), comments, reports, likes and post stats.

Views stay thin: validation is in ``serializers``, visibility rules on the
``Comment`` QuerySet, the moderator rule in ``community.roles``.
"""

import json
import re

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView
from wagtail.images import get_image_model

from blog.models import BlogPage
from blog.serializers import AVATAR_SPEC
from cms import api_cache
from community import cache as community_cache
from community import roles
from community.api import serializers as s
from community.api import throttles
from community.api.permissions import IsOwnerOrModeratorCanDelete
from community.models import Comment, CommentLike, CommunitySettings, PostLike, Report, WriterRequest

_ID = re.compile(r"^[0-9]{1,18}$")

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Validation errors by field: `{"field": ["message"]}`.'
)
UNAUTHORIZED = OpenApiResponse(ERROR, description="Not signed in, or the token is invalid or expired.")
NOT_FOUND = OpenApiResponse(ERROR, description="No such object, or not visible to the caller.")
FORBIDDEN = OpenApiResponse(ERROR, description="Signed in, but not allowed.")


def parse_id(value):
    """URL ids are matched as strings so that any non-id answers a JSON 404, never a 500."""
    if not _ID.match(str(value)):
        raise Http404
    return int(value)


def public_posts():
    return BlogPage.objects.live().public()


def get_public_post(page_id):
    """A live BlogPage without view restrictions, else 404 (drafts, private, unknown alike)."""
    post = public_posts().filter(pk=parse_id(page_id)).first()
    if post is None:
        raise Http404
    return post


def with_author_info(queryset):
    """Authors, profiles and avatar renditions in a fixed number of queries."""
    return queryset.select_related("author__community_profile").prefetch_related(
        Prefetch(
            "author__community_profile__avatar",
            queryset=get_image_model().objects.prefetch_renditions(AVATAR_SPEC),
        )
    )


class CommunityAPIView(APIView):
    """JWT bearer tokens only: no sessions, so no CSRF surface for the frontend."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticatedOrReadOnly]

    def is_moderator(self):
        return roles.is_moderator(self.request.user)

    def get_serializer_context(self):
        return {"request": self.request, "view": self, "is_moderator": self.is_moderator()}


# --- Accounts ---------------------------------------------------------------


class RegisterView(CommunityAPIView):
    """Create an account. Usernames are NFKC-normalised and unique regardless of case."""

    permission_classes = [AllowAny]
    throttle_classes = [throttles.RegisterThrottle]

    @extend_schema(
        request=s.RegisterSerializer,
        responses={201: s.RegisterSerializer, 400: FIELD_ERRORS, 429: ERROR},
        tags=["auth"],
    )
    def post(self, request):
        serializer = s.RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                user = serializer.save()
        except IntegrityError as error:  # a simultaneous registration won the name
            raise ValidationError({"username": ["This username is taken."]}) from error
        return Response({"id": user.pk, "username": user.username}, status=status.HTTP_201_CREATED)


class TokenView(TokenObtainPairView):
    """Sign in: ``{access, refresh}``. The same 401 for an unknown user and a wrong password;
    throttled per address and per username (429)."""

    serializer_class = s.TokenPairSerializer
    throttle_classes = [throttles.LoginIPThrottle, throttles.LoginUsernameThrottle]

    @extend_schema(
        request=s.TokenPairSerializer,
        responses={200: s.TokenPairResponseSerializer, 400: FIELD_ERRORS, 401: ERROR, 429: ERROR},
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class RefreshView(TokenRefreshView):
    """Exchange a refresh token for a new pair; the old refresh token is blacklisted."""

    serializer_class = s.RefreshSerializer
    throttle_classes = [throttles.LoginIPThrottle]

    @extend_schema(
        request=s.RefreshTokenRequestSerializer,
        responses={200: s.TokenPairResponseSerializer, 400: FIELD_ERRORS, 401: ERROR},
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class LogoutView(CommunityAPIView):
    """Blacklist a refresh token (205). Holding the token is the proof needed."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=s.RefreshTokenRequestSerializer,
        responses={205: OpenApiResponse(description="Signed out."), 400: FIELD_ERRORS, 401: ERROR},
        tags=["auth"],
    )
    def post(self, request):
        serializer = s.RefreshTokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            RefreshToken(serializer.validated_data["refresh"]).blacklist()
        except TokenError as error:
            raise InvalidToken(error.args[0]) from error
        return Response(status=status.HTTP_205_RESET_CONTENT)


class MeView(CommunityAPIView):
    """The signed-in account and profile."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.MeSerializer, 401: UNAUTHORIZED}, tags=["auth"])
    def get(self, request):
        return Response(s.MeSerializer(request.user, context=self.get_serializer_context()).data)

    @extend_schema(
        request=s.MeSerializer,
        responses={200: s.MeSerializer, 400: FIELD_ERRORS, 401: UNAUTHORIZED},
        tags=["auth"],
    )
    def patch(self, request):
        serializer = s.MeSerializer(
            request.user, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class WriterRequestView(CommunityAPIView):
    """Ask to write (a moderator approves in the admin), or see your latest request."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: s.WriterRequestSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND}, tags=["auth"]
    )
    def get(self, request):
        latest = WriterRequest.objects.filter(user=request.user).first()
        if latest is None:
            raise Http404
        return Response(s.WriterRequestSerializer(latest).data)

    @extend_schema(
        request=s.WriterRequestSerializer,
        responses={201: s.WriterRequestSerializer, 400: FIELD_ERRORS, 401: UNAUTHORIZED},
        tags=["auth"],
    )
    def post(self, request):
        if roles.can_write(request.user):
            raise ValidationError({"non_field_errors": ["You can already write."]})
        serializer = s.WriterRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                serializer.save(user=request.user)
        except IntegrityError as error:
            raise ValidationError({"non_field_errors": ["Your request is already waiting."]}) from error
        return Response(serializer.data, status=status.HTTP_201_CREATED)


# --- Comments ---------------------------------------------------------------


class CommentPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def build_tree(top_level, descendants):
    """Attach ``descendants`` under their parents as ``tree_replies``. A reply whose
    parent the caller cannot see has nowhere to attach, so it is left out with its
    own replies: hiding a comment hides its sub-thread."""
    nodes = {}
    for comment in [*top_level, *descendants]:
        comment.tree_replies = []
        nodes[comment.pk] = comment
    for comment in descendants:
        parent = nodes.get(comment.parent_id)
        if parent is not None:
            parent.tree_replies.append(comment)
    return top_level


class PostCommentsView(CommunityAPIView):
    """Top-level comments of a post, newest thread last, with their replies nested.

    Reads come from the shared cache (``community.cache``): anonymous callers get the
    cached bytes; signed-in callers get them with their own fields overlaid
    (``liked_by_me``, ``can_edit``, ``can_delete``: a fixed number of queries, whatever
    the thread's size). Moderators, and readers with pending or hidden comments of
    their own on the post, see comments others do not: their page is built from the
    database.
    """

    throttle_classes = [throttles.CommentWriteThrottle]
    pagination_class = CommentPagination

    def comments(self, post, user, moderator):
        return (
            with_author_info(Comment.objects.filter(post=post))
            .viewable_by(user, moderator)
            .with_like_info(user)
        )

    def thread_page(self, post, user, moderator):
        """One page of top-level comments with their replies, as ``user`` sees it."""
        paginator = self.pagination_class()
        top_level = paginator.paginate_queryset(
            self.comments(post, user, moderator).filter(parent=None).order_by("created", "pk"),
            self.request,
            view=self,
        )
        thread_ids = [comment.pk for comment in top_level]
        descendants = (
            list(
                self.comments(post, user, moderator)
                .filter(thread_id__in=thread_ids)
                .exclude(parent=None)
                .order_by("created", "pk")
            )
            if thread_ids
            else []
        )
        build_tree(top_level, descendants)
        context = {"request": self.request, "view": self, "user": user, "is_moderator": moderator}
        data = s.CommentSerializer(top_level, many=True, context=context).data
        return paginator.get_paginated_response(data).data

    def sees_unlisted_comments(self, post_id):
        own = Comment.objects.filter(post_id=post_id, author=self.request.user)
        return self.is_moderator() or own.exclude(status=Comment.Status.VISIBLE).exists()

    @extend_schema(
        parameters=[
            OpenApiParameter("page", int, description="Page of top-level comments."),
            OpenApiParameter("page_size", int, description="Top-level comments per page (max 100)."),
        ],
        responses={200: s.CommentSerializer(many=True), 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["comments"],
    )
    def get(self, request, page_id):
        post_id, user = parse_id(page_id), request.user
        if user.is_authenticated and self.sees_unlisted_comments(post_id):
            data = self.thread_page(get_public_post(post_id), user, self.is_moderator())
            return community_cache.mark_private(Response(data))
        entry = community_cache.thread_entry(
            request, post_id, lambda: self.thread_page(get_public_post(post_id), AnonymousUser(), False)
        )
        if not user.is_authenticated:
            return community_cache.public_response(request, entry)
        data = json.loads(entry["content"])
        comments = list(s.walk_comments(data["results"]))
        liked = set(
            CommentLike.objects.filter(user=user, comment_id__in=[c["id"] for c in comments]).values_list(
                "comment_id", flat=True
            )
        )
        s.overlay_viewer_fields(comments, user, liked)
        return community_cache.mark_private(Response(data))

    @extend_schema(
        request=s.CommentCreateSerializer,
        responses={
            201: s.CommentSerializer,
            400: FIELD_ERRORS,
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            429: ERROR,
        },
        tags=["comments"],
    )
    def post(self, request, page_id):
        post = get_public_post(page_id)
        if not post.comments_enabled:
            raise PermissionDenied("Comments are closed on this post.")
        context = {**self.get_serializer_context(), "post": post}
        serializer = s.CommentCreateSerializer(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        parent = serializer.validated_data.get("parent")
        comment = Comment(
            post=post,
            author=request.user,
            parent=parent,
            thread_id=parent.thread_id if parent else None,
            depth=parent.depth + 1 if parent else 0,
            body=serializer.validated_data["body"],
            status=self.initial_status(request.user),
        )
        comment.save()
        comment.like_count, comment.liked_by_me = 0, False
        return Response(s.CommentSerializer(comment, context=context).data, status=status.HTTP_201_CREATED)

    def initial_status(self, user):
        """Pending when the site holds a new user's first comment and this user has none approved."""
        if self.is_moderator() or not CommunitySettings.load().hold_first_comment:
            return Comment.Status.VISIBLE
        if Comment.objects.filter(author=user, status=Comment.Status.VISIBLE).exists():
            return Comment.Status.VISIBLE
        return Comment.Status.PENDING


class CommentObjectMixin:
    def get_comment(self, comment_id, for_write=False):
        """A comment the caller may see, on a live public post; 404 otherwise."""
        queryset = (
            with_author_info(Comment.objects.filter(post__in=public_posts()))
            .viewable_by(self.request.user, self.is_moderator())
            .with_like_info(self.request.user)
        )
        if for_write:
            queryset = queryset.filter(is_deleted=False)
        comment = queryset.filter(pk=parse_id(comment_id)).first()
        if comment is None:
            raise Http404
        self.check_object_permissions(self.request, comment)
        return comment


class CommentDetailView(CommentObjectMixin, CommunityAPIView):
    """One comment: read it, edit it (its author), delete it (its author or a moderator)."""

    permission_classes = [IsAuthenticatedOrReadOnly, IsOwnerOrModeratorCanDelete]
    throttle_classes = [throttles.CommentWriteThrottle]

    @extend_schema(responses={200: s.CommentSerializer, 404: NOT_FOUND}, tags=["comments"])
    def get(self, request, comment_id):
        comment = self.get_comment(comment_id)
        return Response(s.CommentSerializer(comment, context=self.get_serializer_context()).data)

    @extend_schema(
        request=s.CommentUpdateSerializer,
        responses={
            200: s.CommentSerializer,
            400: FIELD_ERRORS,
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        tags=["comments"],
    )
    def patch(self, request, comment_id):
        comment = self.get_comment(comment_id, for_write=True)
        serializer = s.CommentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment.body = serializer.validated_data["body"]
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        return Response(s.CommentSerializer(comment, context=self.get_serializer_context()).data)

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted."),
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        tags=["comments"],
    )
    def delete(self, request, comment_id):
        self.get_comment(comment_id, for_write=True).soft_delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentReportView(CommentObjectMixin, CommunityAPIView):
    """Report a comment to the moderators; once per user per comment."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [throttles.ReportThrottle]

    @extend_schema(
        request=s.ReportSerializer,
        responses={201: s.ReportSerializer, 400: FIELD_ERRORS, 401: UNAUTHORIZED, 404: NOT_FOUND, 429: ERROR},
        tags=["comments"],
    )
    def post(self, request, comment_id):
        comment = self.get_comment(comment_id, for_write=True)
        serializer = s.ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if comment.author_id == request.user.pk:
            raise ValidationError({"non_field_errors": ["You cannot report your own comment."]})
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    comment=comment, reporter=request.user, reason=serializer.validated_data["reason"]
                )
        except IntegrityError as error:
            raise ValidationError(
                {"non_field_errors": ["You have already reported this comment."]}
            ) from error
        return Response(s.ReportSerializer(report).data, status=status.HTTP_201_CREATED)


# --- Likes and stats --------------------------------------------------------


def set_like(model, liked, **target):
    """Like (idempotent ``INSERT … ON CONFLICT DO NOTHING``) or unlike, then count.

    The unique constraint makes a like count once however many requests race.
    """
    if liked:
        model.objects.bulk_create([model(**target)], ignore_conflicts=True)
    else:
        model.objects.filter(**target).delete()
    target.pop("user")
    return {"liked": liked, "like_count": model.objects.filter(**target).count()}


LIKE_SCHEMA = {
    "request": None,
    "responses": {200: s.LikeSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND, 429: ERROR},
    "tags": ["likes"],
}


class PostLikeView(CommunityAPIView):
    """Like (POST) or unlike (DELETE) a post; both idempotent."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [throttles.LikeThrottle]

    @extend_schema(**LIKE_SCHEMA)
    def post(self, request, page_id):
        post = get_public_post(page_id)
        return Response(set_like(PostLike, True, user=request.user, post=post))

    @extend_schema(**LIKE_SCHEMA)
    def delete(self, request, page_id):
        post = get_public_post(page_id)
        return Response(set_like(PostLike, False, user=request.user, post=post))


class CommentLikeView(CommunityAPIView):
    """Like (POST) or unlike (DELETE) a visible comment; both idempotent."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [throttles.LikeThrottle]

    def get_comment(self, comment_id):
        comment = (
            Comment.objects.visible()
            .filter(pk=parse_id(comment_id), is_deleted=False, post__in=public_posts())
            .first()
        )
        if comment is None:
            raise Http404
        return comment

    @extend_schema(**LIKE_SCHEMA)
    def post(self, request, comment_id):
        return Response(set_like(CommentLike, True, user=request.user, comment=self.get_comment(comment_id)))

    @extend_schema(**LIKE_SCHEMA)
    def delete(self, request, comment_id):
        return Response(set_like(CommentLike, False, user=request.user, comment=self.get_comment(comment_id)))


def with_counts(posts):
    """Annotate ``like_count`` and ``comment_count`` with subqueries (two joined COUNTs
    would multiply each other)."""
    likes = PostLike.objects.filter(post=OuterRef("pk")).values("post").annotate(n=Count("pk")).values("n")
    comments = (
        Comment.objects.counted()
        .filter(post=OuterRef("pk"))
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return posts.annotate(
        like_count=Coalesce(Subquery(likes, output_field=IntegerField()), 0),
        comment_count=Coalesce(Subquery(comments, output_field=IntegerField()), 0),
    )


def shared_stats(post_ids):
    """``{post_id: {"like_count", "comment_count"} | None}`` from the shared cache (None: not
    a live public post), and the newest generation among them."""

    def build(missing):
        posts = with_counts(public_posts().filter(pk__in=missing))
        return {
            post.pk: {"like_count": post.like_count, "comment_count": post.comment_count} for post in posts
        }

    return community_cache.post_stats(post_ids, build)


def liked_post_ids(user, post_ids):
    if not user.is_authenticated:
        return set()
    return set(PostLike.objects.filter(user=user, post_id__in=post_ids).values_list("post_id", flat=True))


def stats_response(request, data, last_modified_ns):
    """Public with validators for anonymous callers; private when ``liked_by_me`` is the caller's."""
    if request.user.is_authenticated:
        return community_cache.mark_private(Response(data))
    content = community_cache.render(data)
    entry = api_cache.make_entry(content, community_cache.CONTENT_TYPE, None, last_modified_ns)
    return community_cache.public_response(request, entry)


class PostStatsView(CommunityAPIView):
    """Likes and comments of one post (cached; ``liked_by_me`` overlaid for the caller)."""

    @extend_schema(responses={200: s.PostStatsSerializer, 404: NOT_FOUND}, tags=["likes"])
    def get(self, request, page_id):
        post_id = parse_id(page_id)
        stats, newest = shared_stats([post_id])
        if stats[post_id] is None:
            raise Http404
        data = {**stats[post_id], "liked_by_me": post_id in liked_post_ids(request.user, [post_id])}
        return stats_response(request, data, newest)


class PostStatsBatchView(CommunityAPIView):
    """Stats of many posts at once, for listings: ``?ids=1,2,3``."""

    @extend_schema(
        parameters=[
            OpenApiParameter("ids", str, required=True, description="Comma-separated post ids (≤ 100).")
        ],
        responses={200: s.PostStatsBatchSerializer, 400: FIELD_ERRORS},
        operation_id="posts_stats_batch",
        tags=["likes"],
    )
    def get(self, request):
        query = s.PostStatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ids = query.validated_data["ids"]
        stats, newest = shared_stats(ids)
        liked = liked_post_ids(request.user, [pk for pk in ids if stats[pk] is not None])
        results = [{"id": pk, **stats[pk], "liked_by_me": pk in liked} for pk in ids if stats[pk] is not None]
        return stats_response(request, {"results": results}, newest)
