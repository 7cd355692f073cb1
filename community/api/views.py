"""
Community API views: accounts (JWT), comments, reports, likes and post stats.

Views stay thin: validation is in ``serializers``, what may happen to comments and
likes in ``community.services`` (whose errors ``CommunityAPIView`` turns into 400,
403 and 404 answers), visibility rules on the ``Comment`` QuerySet, the moderator
rule in ``community.roles``, the OpenAPI description in ``schema``.
"""

import json
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView
from wagtail.images import get_image_model

from blog.models import BlogPage
from community import cache as community_cache
from community import roles, services
from community.api import schema, throttles
from community.api import serializers as s
from community.api.permissions import IsOwnerOrModeratorCanDelete
from community.models import Comment, PostLike, RemoteReaction, WriterRequest
from core.cache import make_entry
from core.renditions import AVATAR_SPEC

_ID = re.compile(r"^[0-9]{1,18}$")


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
    """Authors, profiles, avatar renditions and mentioned users in a fixed number of queries."""
    return queryset.select_related("author__community_profile", "remote_author").prefetch_related(
        Prefetch(
            "author__community_profile__avatar",
            queryset=get_image_model().objects.prefetch_renditions(AVATAR_SPEC),
        ),
        Prefetch("mentions", queryset=get_user_model().objects.only("pk", "username")),
    )


def client_info(request):
    """The caller as the spam check sees them (address as the throttles count it)."""
    return services.ClientInfo(
        ip=BaseThrottle().get_ident(request) or "",
        user_agent=request.headers.get("User-Agent", "")[:500],
        referrer=request.headers.get("Referer", "")[:500],
    )


def api_exception(error):
    """The DRF answer to a ``community.services`` error: 400 by field, 403 or 404 ``{detail}``."""
    if isinstance(error, services.InvalidInput):
        return ValidationError({error.field: [error.message]})
    if isinstance(error, services.NotAllowed):
        return exceptions.PermissionDenied(error.message)
    return exceptions.NotFound(error.message)


class CommunityAPIView(APIView):
    """JWT bearer tokens only: no sessions, so no CSRF surface for the frontend."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticatedOrReadOnly]

    def is_moderator(self):
        return roles.is_moderator(self.request.user)

    def get_serializer_context(self):
        return {"request": self.request, "view": self, "is_moderator": self.is_moderator()}

    def handle_exception(self, exc):
        if isinstance(exc, services.CommunityError):
            exc = api_exception(exc)
        return super().handle_exception(exc)


# --- Accounts ---------------------------------------------------------------


@schema.register
class RegisterView(CommunityAPIView):
    """Create an account. Usernames are NFKC-normalised and unique regardless of case."""

    permission_classes = [AllowAny]
    throttle_classes = [throttles.RegisterThrottle]

    def post(self, request):
        serializer = s.RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                user = serializer.save()
        except IntegrityError as error:  # a simultaneous registration won the name
            raise ValidationError({"username": ["This username is taken."]}) from error
        return Response({"id": user.pk, "username": user.username}, status=status.HTTP_201_CREATED)


@schema.token
class TokenView(TokenObtainPairView):
    """Sign in: ``{access, refresh}``. The same 401 for an unknown user and a wrong password;
    throttled per address and per username (429)."""

    serializer_class = s.TokenPairSerializer
    throttle_classes = [throttles.LoginIPThrottle, throttles.LoginUsernameThrottle]


@schema.token_refresh
class RefreshView(TokenRefreshView):
    """Exchange a refresh token for a new pair; the old refresh token is blacklisted."""

    serializer_class = s.RefreshSerializer
    throttle_classes = [throttles.LoginIPThrottle]


@schema.logout
class LogoutView(CommunityAPIView):
    """Blacklist a refresh token (205). Holding the token is the proof needed."""

    permission_classes = [AllowAny]

    def post(self, request):
        serializer = s.RefreshTokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            RefreshToken(serializer.validated_data["refresh"]).blacklist()
        except TokenError as error:
            raise InvalidToken(error.args[0]) from error
        return Response(status=status.HTTP_205_RESET_CONTENT)


@schema.me
class MeView(CommunityAPIView):
    """The signed-in account and profile."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response(s.MeSerializer(request.user, context=self.get_serializer_context()).data)

    def patch(self, request):
        serializer = s.MeSerializer(
            request.user, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


@schema.writer_request
class WriterRequestView(CommunityAPIView):
    """Ask to write (a moderator approves in the admin), or see your latest request."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        latest = WriterRequest.objects.filter(user=request.user).first()
        if latest is None:
            raise Http404
        return Response(s.WriterRequestSerializer(latest).data)

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


@schema.post_comments
class PostCommentsView(CommunityAPIView):
    """Top-level comments of a post in ``?sort=best|newest|oldest`` order (the pinned one
    first), with their replies nested in conversation order.

    Reads come from the shared cache (``community.cache``): anonymous callers get the
    cached bytes; signed-in callers get them with their own fields overlaid
    (``liked_by_me``, ``muted``, ``can_edit``, ``can_delete``, ``can_pin``: a fixed
    number of queries, whatever the thread's size). Moderators, and readers with
    pending or hidden comments of their own on the post, see comments others do not:
    their page is built from the database.
    """

    throttle_classes = [throttles.CommentWriteThrottle]
    pagination_class = CommentPagination

    def comments(self, post, user, moderator):
        return (
            with_author_info(Comment.objects.filter(post=post))
            .viewable_by(user, moderator)
            .with_like_info(user)
        )

    def sort(self):
        query = s.ThreadQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data["sort"]

    def thread_page(self, post, user, moderator, sort, viewer=None):
        """One page of top-level comments with their replies, as ``user`` sees it
        (``viewer``: their ``services.ThreadViewer``, for a signed-in ``user``)."""
        paginator = self.pagination_class()
        top_level = paginator.paginate_queryset(
            self.comments(post, user, moderator).filter(parent=None).sorted(sort),
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
        if viewer is not None:
            context.update(muted_ids=viewer.muted_ids, can_pin=viewer.can_pin)
        data = s.CommentSerializer(top_level, many=True, context=context).data
        return paginator.get_paginated_response(data).data

    def get(self, request, page_id):
        post_id, user, sort = parse_id(page_id), request.user, self.sort()
        viewer = services.thread_viewer(user, post_id) if user.is_authenticated else None
        if viewer is not None and viewer.sees_unlisted:
            data = self.thread_page(get_public_post(post_id), user, self.is_moderator(), sort, viewer)
            return community_cache.mark_private(Response(data))
        entry = community_cache.thread_entry(
            request, post_id, lambda: self.thread_page(get_public_post(post_id), AnonymousUser(), False, sort)
        )
        if viewer is None:
            return community_cache.public_response(request, entry, post_id)
        data = json.loads(entry["content"])
        s.overlay_viewer_fields(
            list(s.walk_comments(data["results"])), user, viewer.liked_ids, viewer.muted_ids, viewer.can_pin
        )
        return community_cache.mark_private(Response(data))

    def post(self, request, page_id):
        post = get_public_post(page_id)
        services.ensure_comments_open(post)  # before validating: a closed post is 403 whatever the body
        context = {**self.get_serializer_context(), "post": post}
        serializer = s.CommentCreateSerializer(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        comment = services.post_comment(
            post,
            request.user,
            serializer.validated_data["body"],
            parent=serializer.validated_data.get("parent"),
            client=client_info(request),
        )
        comment.like_count, comment.liked_by_me = 0, False
        return Response(s.CommentSerializer(comment, context=context).data, status=status.HTTP_201_CREATED)


class CommentObjectMixin:
    def get_comment(self, comment_id, for_write=False):
        """A comment the caller may see, on a live public post; 404 otherwise (for writes,
        deleted ones too, before the permission check)."""
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


@schema.comment_detail
class CommentDetailView(CommentObjectMixin, CommunityAPIView):
    """One comment: read it, edit it (its author), delete it (its author or a moderator)."""

    permission_classes = [IsAuthenticatedOrReadOnly, IsOwnerOrModeratorCanDelete]
    throttle_classes = [throttles.CommentWriteThrottle]

    def get(self, request, comment_id):
        comment = self.get_comment(comment_id)
        return Response(s.CommentSerializer(comment, context=self.get_serializer_context()).data)

    def patch(self, request, comment_id):
        comment = self.get_comment(comment_id, for_write=True)
        serializer = s.CommentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.edit_comment(comment, request.user, serializer.validated_data["body"], client_info(request))
        return Response(s.CommentSerializer(comment, context=self.get_serializer_context()).data)

    def delete(self, request, comment_id):
        services.delete_comment(self.get_comment(comment_id, for_write=True), request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.comment_report
class CommentReportView(CommentObjectMixin, CommunityAPIView):
    """Report a comment to the moderators; once per user per comment."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [throttles.ReportThrottle]

    def post(self, request, comment_id):
        comment = self.get_comment(comment_id, for_write=True)
        serializer = s.ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_comment(comment, request.user, serializer.validated_data["reason"])
        return Response(s.ReportSerializer(report).data, status=status.HTTP_201_CREATED)


@schema.comment_pin
class CommentPinView(CommentObjectMixin, CommunityAPIView):
    """Pin (POST) or unpin (DELETE) a top-level comment: moderators and the post's authors."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [throttles.ModerationThrottle]

    def post(self, request, comment_id):
        comment = services.pin_comment(self.get_comment(comment_id, for_write=True), request.user)
        return Response(s.CommentSerializer(comment, context=self.get_serializer_context()).data)

    def delete(self, request, comment_id):
        comment = services.unpin_comment(self.get_comment(comment_id, for_write=True), request.user)
        return Response(s.CommentSerializer(comment, context=self.get_serializer_context()).data)


@schema.comment_page
class CommentPageView(CommentObjectMixin, CommunityAPIView):
    """Which page of its post's thread shows a comment (for permalinks ``#comment-<id>``)."""

    def get(self, request, comment_id):
        comment = self.get_comment(comment_id)
        query = s.CommentPageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = services.comment_page(
            comment,
            request.user,
            self.is_moderator(),
            query.validated_data["sort"],
            query.validated_data["page_size"],
        )
        return Response({"page": page, "thread": comment.thread_id})


@schema.comment_preview
class CommentPreviewView(CommunityAPIView):
    """The HTML a comment body would show as (Markdown preview before posting)."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [throttles.PreviewThrottle]

    def post(self, request):
        serializer = s.PreviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        body_html, mentions = services.preview_comment(serializer.validated_data["body"])
        return Response({"body_html": body_html, "mentions": mentions})


@schema.thread_version
class ThreadVersionView(CommunityAPIView):
    """What live threads poll: a version that changes with anything in the post's thread,
    from the shared cache (no SQL when warm); ``If-None-Match`` answers 304 until it
    changes. The same for every caller, so it is public."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request, page_id):
        post_id = parse_id(page_id)
        stats, newest = shared_stats([post_id])
        if stats[post_id] is None:
            raise Http404
        data = {"version": str(newest), **stats[post_id]}
        entry = make_entry(community_cache.render(data), community_cache.CONTENT_TYPE, None, newest)
        return community_cache.version_response(request, entry, post_id)


# --- Bans and mutes ---------------------------------------------------------


@schema.bans
class BanView(CommunityAPIView):
    """Moderators ban a user from commenting and liking, for a while or for good."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [throttles.ModerationThrottle]

    def post(self, request):
        if not self.is_moderator():
            raise exceptions.PermissionDenied("Only moderators can ban.")
        serializer = s.BanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ban = services.ban_user(data["user"], request.user, until=data["until"], reason=data["reason"])
        return Response(s.BanSerializer(ban).data, status=status.HTTP_201_CREATED)


@schema.mutes
class MuteView(CommunityAPIView):
    """Mute (POST) or unmute (DELETE) another user: their comments collapse for you and
    their mentions of you send no email. Idempotent."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [throttles.ModerationThrottle]

    def target(self, username):
        # Any account, deactivated ones too: a reader must be able to unmute them.
        user = s.user_named(username)
        if user is None:
            raise Http404
        return user

    def post(self, request, username):
        target = self.target(username)
        services.mute_user(request.user, target)
        return Response({"username": target.get_username(), "muted": True})

    def delete(self, request, username):
        target = self.target(username)
        services.unmute_user(request.user, target)
        return Response({"username": target.get_username(), "muted": False})


# --- Likes and stats --------------------------------------------------------


@schema.post_like
class PostLikeView(CommunityAPIView):
    """Like (POST) or unlike (DELETE) a post; both idempotent."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [throttles.LikeThrottle]

    def post(self, request, page_id):
        return Response(s.LikeSerializer(services.like_post(get_public_post(page_id), request.user)).data)

    def delete(self, request, page_id):
        return Response(s.LikeSerializer(services.unlike_post(get_public_post(page_id), request.user)).data)


@schema.comment_like
class CommentLikeView(CommunityAPIView):
    """Like (POST) or unlike (DELETE) a visible comment; both idempotent."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [throttles.LikeThrottle]

    def get_comment(self, comment_id):
        """The comment on a live public post; whether it may be liked is the service's rule."""
        comment = Comment.objects.filter(pk=parse_id(comment_id), post__in=public_posts()).first()
        if comment is None:
            raise Http404
        return comment

    def post(self, request, comment_id):
        like = services.like_comment(self.get_comment(comment_id), request.user)
        return Response(s.LikeSerializer(like).data)

    def delete(self, request, comment_id):
        like = services.unlike_comment(self.get_comment(comment_id), request.user)
        return Response(s.LikeSerializer(like).data)


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

    def reactions(kind):
        rows = RemoteReaction.objects.filter(post=OuterRef("pk"), kind=kind)
        return Coalesce(
            Subquery(rows.values("post").annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        )

    return posts.annotate(
        like_count=Coalesce(Subquery(likes, output_field=IntegerField()), 0),
        comment_count=Coalesce(Subquery(comments, output_field=IntegerField()), 0),
        fediverse_likes=reactions(RemoteReaction.Kind.LIKE),
        fediverse_boosts=reactions(RemoteReaction.Kind.BOOST),
    )


def shared_stats(post_ids):
    """``{post_id: {"like_count", "comment_count"} | None}`` from the shared cache (None: not
    a live public post), and the newest generation among them."""

    def build(missing):
        posts = with_counts(public_posts().filter(pk__in=missing))
        return {
            post.pk: {
                "like_count": post.like_count,
                "comment_count": post.comment_count,
                "fediverse": {"likes": post.fediverse_likes, "boosts": post.fediverse_boosts},
            }
            for post in posts
        }

    return community_cache.post_stats(post_ids, build)


def liked_post_ids(user, post_ids):
    if not user.is_authenticated:
        return set()
    return set(PostLike.objects.filter(user=user, post_id__in=post_ids).values_list("post_id", flat=True))


def stats_response(request, data, last_modified_ns, post_id=None):
    """Public with validators for anonymous callers (kept long by the edge for one post's
    ``post_id``); private when ``liked_by_me`` is the caller's."""
    if request.user.is_authenticated:
        return community_cache.mark_private(Response(data))
    content = community_cache.render(data)
    entry = make_entry(content, community_cache.CONTENT_TYPE, None, last_modified_ns)
    return community_cache.public_response(request, entry, post_id)


@schema.post_stats
class PostStatsView(CommunityAPIView):
    """Likes and comments of one post (cached; ``liked_by_me`` overlaid for the caller)."""

    def get(self, request, page_id):
        post_id = parse_id(page_id)
        stats, newest = shared_stats([post_id])
        if stats[post_id] is None:
            raise Http404
        data = {**stats[post_id], "liked_by_me": post_id in liked_post_ids(request.user, [post_id])}
        return stats_response(request, data, newest, post_id)


@schema.post_stats_batch
class PostStatsBatchView(CommunityAPIView):
    """Stats of many posts at once, for listings: ``?ids=1,2,3``."""

    def get(self, request):
        query = s.PostStatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ids = query.validated_data["ids"]
        stats, newest = shared_stats(ids)
        liked = liked_post_ids(request.user, [pk for pk in ids if stats[pk] is not None])
        results = [{"id": pk, **stats[pk], "liked_by_me": pk in liked} for pk in ids if stats[pk] is not None]
        return stats_response(request, {"results": results}, newest)
