"""
Community API serializers. Every field is listed; the JSON each produces is in
the docstrings. Mass-assigned fields (author, status, counts, is_staff) are not
writable anywhere: they are either absent or ``read_only``.
"""

import re
import unicodedata

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer

from blog.serializers import rendition_dict
from community import roles
from community.models import Comment, Profile, WriterRequest
from community.services import NO_SUCH_PARENT
from core.renditions import AVATAR_SPEC

User = get_user_model()

# Invisible and direction-changing characters make two usernames look alike.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Zs", "Mn", "Me"}


def normalize_username(value):
    return unicodedata.normalize("NFKC", value).strip()


def user_named(name, users=None):
    """The user among ``users`` (default: every account) whose username is ``name`` as
    sign-up stores it (NFKC-normalised, any case), or None. Bans and mutes name users so."""
    users = User.objects.all() if users is None else users
    return users.filter(username__iexact=normalize_username(name)).first()


def avatar_dict(context, image):
    """``{"url", "width", "height"}`` of the 160×160 WebP avatar rendition, or ``None``."""
    if image is None:
        return None
    return rendition_dict(context, image.get_rendition(AVATAR_SPEC))


class AvatarSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)


# --- Accounts ---------------------------------------------------------------


class RegisterSerializer(serializers.Serializer):
    """In: ``{"username", "email", "password"}``; out: ``{"id", "username"}``."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(max_length=150, trim_whitespace=True)
    email = serializers.EmailField(write_only=True, max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)

    def validate_username(self, value):
        value = normalize_username(value)
        if any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in value):
            raise serializers.ValidationError("Usernames may not contain spaces or invisible characters.")
        if len(value) < 3:
            raise serializers.ValidationError("Usernames have at least 3 characters.")
        try:
            UnicodeUsernameValidator()(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(list(error.messages)) from error
        if User.objects.filter(username__iexact=value).exists():
            raise serializers.ValidationError("This username is taken.")
        return value

    def validate_email(self, value):
        value = User.objects.normalize_email(value.strip())
        if User.objects.filter(email__iexact=value).exists():
            raise serializers.ValidationError("An account with this email already exists.")
        return value

    def validate(self, attrs):
        candidate = User(username=attrs["username"], email=attrs["email"])
        try:
            password_validation.validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": list(error.messages)}) from error
        return attrs

    def create(self, validated_data):
        return User.objects.create_user(
            username=validated_data["username"],
            email=validated_data["email"],
            password=validated_data["password"],
        )


class TokenPairSerializer(TokenObtainPairSerializer):
    """In: ``{"username", "password"}``; out: ``{"access", "refresh"}``. Usernames match
    case-insensitively, as they are unique case-insensitively."""

    def validate(self, attrs):
        username = attrs.get(self.username_field)
        if isinstance(username, str):
            username = normalize_username(username)
            match = User.objects.filter(username__iexact=username).values_list("username", flat=True).first()
            attrs[self.username_field] = match or username
        return super().validate(attrs)


class TokenPairResponseSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class RefreshSerializer(TokenRefreshSerializer):
    """In: ``{"refresh"}``; out: ``{"access", "refresh"}`` (the old refresh token is blacklisted)."""

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except User.DoesNotExist as error:  # the account was deleted
            raise AuthenticationFailed("No active account found for the given token.") from error


class RefreshTokenRequestSerializer(serializers.Serializer):
    """``{"refresh": "<refresh token>"}``"""

    refresh = serializers.CharField()


class EmailOptOutSerializer(serializers.Serializer):
    """``{"replies": false, "post_comments": false, "reports": true, "mentions": false}``:
    true means no email."""

    replies = serializers.BooleanField(required=False)
    post_comments = serializers.BooleanField(required=False)
    reports = serializers.BooleanField(required=False)
    mentions = serializers.BooleanField(required=False)


OPT_OUT_FIELDS = Profile.EMAIL_FLAGS


class MeSerializer(serializers.Serializer):
    """
    The signed-in account::

        {"id", "username", "email", "display_name", "bio", "avatar": null | {"url", "width", "height"},
         "is_moderator", "can_write", "email_opt_out": {"replies", "post_comments", "reports", "mentions"}}

    Only ``display_name``, ``bio`` and ``email_opt_out`` can be changed here.
    """

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    display_name = serializers.CharField(source="profile.display_name", max_length=80, allow_blank=True)
    bio = serializers.CharField(source="profile.bio", max_length=1000, allow_blank=True)
    avatar = serializers.SerializerMethodField()
    is_moderator = serializers.SerializerMethodField()
    can_write = serializers.SerializerMethodField()
    email_opt_out = EmailOptOutSerializer(required=False)

    def validate_display_name(self, value):
        value = normalize_username(value)
        if any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES - {"Zs", "Mn"} for ch in value):
            raise serializers.ValidationError("Display names may not contain invisible characters.")
        return value

    @extend_schema_field(AvatarSerializer(allow_null=True))
    def get_avatar(self, user):
        return avatar_dict(self.context, user.profile.avatar)

    def get_is_moderator(self, user) -> bool:
        return roles.is_moderator(user)

    def get_can_write(self, user) -> bool:
        return roles.can_write(user)

    def to_representation(self, user):
        user.profile = Profile.for_user(user)
        data = super().to_representation(user)
        data["email_opt_out"] = {
            key: not getattr(user.profile, field) for key, field in OPT_OUT_FIELDS.items()
        }
        return data

    def update(self, user, validated_data):
        profile = Profile.for_user(user)
        for field, value in validated_data.get("profile", {}).items():
            setattr(profile, field, value)
        for key, value in validated_data.get("email_opt_out", {}).items():
            setattr(profile, OPT_OUT_FIELDS[key], not value)
        profile.save()
        user.profile = profile
        return user


class WriterRequestSerializer(serializers.ModelSerializer):
    """``{"id", "message", "status": "pending" | "approved" | "declined", "created"}``."""

    class Meta:
        model = WriterRequest
        fields = ["id", "message", "status", "created"]
        read_only_fields = ["id", "status", "created"]


# --- Comments ---------------------------------------------------------------


class CommentAuthorSerializer(serializers.Serializer):
    """A local reader (``remote: false``, ``handle`` and ``url`` null) or a fediverse
    author (``remote: true``, ``id`` null, ``handle`` "@user@host", ``url`` their profile,
    ``avatar.url`` on their server, its size unknown)."""

    id = serializers.IntegerField(allow_null=True)
    username = serializers.CharField(
        allow_null=True, help_text="What ``@mentions`` and mutes name (null for a fediverse author)."
    )
    display_name = serializers.CharField()
    avatar = AvatarSerializer(allow_null=True)
    handle = serializers.CharField(allow_null=True)
    url = serializers.URLField(allow_null=True)
    remote = serializers.BooleanField()


def remote_author_dict(profile):
    """``CommentAuthorSerializer``'s JSON for a ``RemoteProfile``."""
    return {
        "id": None,
        "username": None,
        "display_name": profile.display_name,
        "avatar": {"url": profile.avatar_url, "width": None, "height": None} if profile.avatar_url else None,
        "handle": profile.handle or None,
        "url": profile.url or profile.actor_id,
        "remote": True,
    }


class CommentSerializer(serializers.ModelSerializer):
    """
    A comment with its visible replies nested (``replies`` is empty beyond the
    reply depth and on single-comment responses)::

        {"id": 7, "parent": null, "author": {"id", "username", "display_name", "avatar"} | null,
         "body_html": "<p>…</p>", "created": "…", "edited": false, "edited_at": null,
         "deleted": false, "status": "visible" | "pending" | "hidden", "pinned": false,
         "mentions": ["alice"], "like_count": 2, "liked_by_me": false, "muted": false,
         "can_edit": true, "can_delete": true, "can_pin": false, "replies": [...]}

    A deleted comment keeps its place with ``author: null`` and ``body_html: ""``.
    ``status`` is other than "visible" only for its author and moderators, who
    are the only ones to see such comments ("pending": held for review).
    ``muted``, ``liked_by_me`` and ``can_*`` are the caller's (``overlay_viewer_fields``
    for cached pages; ``muted_ids`` and ``can_pin`` in the context otherwise).
    """

    author = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    edited = serializers.BooleanField(read_only=True)
    deleted = serializers.BooleanField(source="is_deleted", read_only=True)
    pinned = serializers.BooleanField(read_only=True)
    mentions = serializers.SerializerMethodField()
    like_count = serializers.SerializerMethodField()
    liked_by_me = serializers.SerializerMethodField()
    muted = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_delete = serializers.SerializerMethodField()
    can_pin = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id", "parent", "author", "body_html", "created", "edited", "edited_at", "deleted",
            "status", "pinned", "mentions", "like_count", "liked_by_me", "muted", "can_edit",
            "can_delete", "can_pin", "replies",
        ]  # fmt: skip
        read_only_fields = fields

    def _user(self):
        # "user" in the context: serialize as someone else would see it (the shared,
        # anonymous representation that community.cache stores).
        if "user" in self.context:
            return self.context["user"]
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(CommentAuthorSerializer(allow_null=True))
    def get_author(self, comment):
        if comment.is_deleted:
            return None
        if comment.remote_author_id:
            return remote_author_dict(comment.remote_author)
        if comment.author is None:
            return None
        author = comment.author
        try:
            profile = author.community_profile
        except Profile.DoesNotExist:
            profile = None
        return {
            "id": author.pk,
            "username": author.get_username(),
            "display_name": (profile and profile.display_name) or author.get_username(),
            "avatar": avatar_dict(self.context, profile.avatar) if profile else None,
            "handle": None,
            "url": None,
            "remote": False,
        }

    def get_body_html(self, comment) -> str:
        return "" if comment.is_deleted else comment.body_html

    def get_like_count(self, comment) -> int:
        count = getattr(comment, "like_count", None)
        return comment.likes.count() if count is None else count

    def get_liked_by_me(self, comment) -> bool:
        liked = getattr(comment, "liked_by_me", None)
        if liked is None:
            user = self._user()
            if not (user and user.is_authenticated):
                return False
            return comment.likes.filter(user=user).exists()
        return liked

    def get_mentions(self, comment) -> list[str]:
        if comment.is_deleted:
            return []
        return [user.get_username() for user in comment.mentions.all()]

    def get_muted(self, comment) -> bool:
        return comment.author_id is not None and comment.author_id in self.context.get("muted_ids", ())

    def get_can_edit(self, comment) -> bool:
        return comment.can_edit(self._user())

    def get_can_delete(self, comment) -> bool:
        return comment.can_delete(self._user())

    def get_can_pin(self, comment) -> bool:
        return bool(self.context.get("can_pin")) and comment.parent_id is None and not comment.is_deleted

    @extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/Comment"}})
    def get_replies(self, comment):
        replies = getattr(comment, "tree_replies", [])
        return CommentSerializer(replies, many=True, context=self.context).data


def walk_comments(comments):
    """Every comment of serialized ``comments``, replies included (depth first)."""
    for comment in comments:
        yield comment
        yield from walk_comments(comment["replies"])


def overlay_viewer_fields(comments, user, liked_ids, muted_ids=(), can_pin=False):
    """Turn serialized comments as an anonymous reader sees them into what ``user``
    sees: ``liked_by_me`` from ``liked_ids`` (the comment ids ``user`` likes), ``muted``
    from ``muted_ids`` (the users ``user`` muted), ``can_edit``/``can_delete`` by the
    model's rules (``Comment.editable_by``, ``Comment.deletable_by``) and ``can_pin`` on
    top-level comments when ``user`` may pin on this post. Deleted comments have
    ``author: null``, so they are nobody's."""
    for comment in comments:
        author_id = comment["author"]["id"] if comment["author"] is not None else None
        comment["liked_by_me"] = comment["id"] in liked_ids
        comment["muted"] = author_id is not None and author_id in muted_ids
        comment["can_edit"] = Comment.editable_by(user, author_id, comment["deleted"])
        comment["can_delete"] = Comment.deletable_by(user, author_id, comment["deleted"])
        comment["can_pin"] = can_pin and comment["parent"] is None and not comment["deleted"]


class CommentCreateSerializer(serializers.Serializer):
    """In: ``{"body": "Markdown, 1–5,000 characters", "parent": 12 | null}``."""

    # ``parent`` is validated to the comment itself: one on this post the caller can see.

    body = serializers.CharField(max_length=5000, trim_whitespace=True)
    parent = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)

    def validate_parent(self, value):
        if value is None:
            return None
        post = self.context["post"]
        parent = (
            Comment.objects.viewable_by(self.context["request"].user, self.context["is_moderator"])
            .filter(pk=value, post=post, is_deleted=False)
            .select_related("parent__parent")  # for the depth cap (``Comment.reply_parent``)
            .first()
        )
        if parent is None:
            raise serializers.ValidationError(NO_SUCH_PARENT)
        return parent


class ThreadQuerySerializer(serializers.Serializer):
    """``?sort=best|newest|oldest`` (default ``best``)."""

    sort = serializers.ChoiceField(choices=Comment.SORTS, default=Comment.DEFAULT_SORT, required=False)


class CommentPageQuerySerializer(ThreadQuerySerializer):
    """``?sort=…&page_size=…``: the thread page a comment is on under that sort."""

    page_size = serializers.IntegerField(min_value=1, max_value=100, default=20, required=False)


class CommentPageSerializer(serializers.Serializer):
    """``{"page": 3, "thread": 12}``: the page (1-based) showing comment's thread ``thread``."""

    page = serializers.IntegerField()
    thread = serializers.IntegerField()


class PreviewSerializer(serializers.Serializer):
    """In: ``{"body"}``; out: ``{"body_html", "mentions"}`` as a comment would show it."""

    body = serializers.CharField(max_length=5000, trim_whitespace=True, write_only=True)
    body_html = serializers.CharField(read_only=True)
    mentions = serializers.ListField(child=serializers.CharField(), read_only=True)


class ThreadVersionSerializer(serializers.Serializer):
    """``{"version": "…", "comment_count": 12, "like_count": 3}``: ``version`` changes
    whenever anything in the thread does (poll with ``If-None-Match``: 304 until then)."""

    version = serializers.CharField()
    comment_count = serializers.IntegerField()
    like_count = serializers.IntegerField()


_USER_ID = re.compile(r"^[0-9]{1,9}$")


class BanSerializer(serializers.Serializer):
    """In: ``{"user": "username" | id, "until": "ISO time" | null, "reason"}``;
    out: ``{"id", "user": "username", "until", "reason", "created"}``."""

    id = serializers.IntegerField(read_only=True)
    user = serializers.CharField(max_length=150)
    until = serializers.DateTimeField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=1000, trim_whitespace=True)
    created = serializers.DateTimeField(read_only=True)

    def validate_user(self, value):
        users = User.objects.filter(is_active=True)
        found = user_named(value, users)
        # Only ASCII digits that fit the id column: "²" passes isdigit() but not int(),
        # and a 30-digit number overflows PostgreSQL's integer (both were 500s).
        if found is None and _USER_ID.match(value):
            found = users.filter(pk=int(value)).first()
        if found is None:
            raise serializers.ValidationError("No such user.")
        return found

    def to_representation(self, ban):
        return {
            "id": ban.pk,
            "user": ban.user.get_username(),
            "until": serializers.DateTimeField().to_representation(ban.until) if ban.until else None,
            "reason": ban.reason,
            "created": serializers.DateTimeField().to_representation(ban.created),
        }


class MuteSerializer(serializers.Serializer):
    """``{"username": "alice", "muted": true}``."""

    username = serializers.CharField()
    muted = serializers.BooleanField()


class CommentUpdateSerializer(serializers.Serializer):
    """In: ``{"body": "Markdown, 1–5,000 characters"}``."""

    body = serializers.CharField(max_length=5000, trim_whitespace=True)


class ReportSerializer(serializers.Serializer):
    """In: ``{"reason": "1–1,000 characters"}``; out adds ``{"id", "created"}``."""

    id = serializers.IntegerField(read_only=True)
    reason = serializers.CharField(max_length=1000, trim_whitespace=True)
    created = serializers.DateTimeField(read_only=True)


# --- Likes and stats ------------------------------------------------------


class LikeSerializer(serializers.Serializer):
    """``{"liked": true, "like_count": 12}`` after the like or unlike."""

    liked = serializers.BooleanField()
    like_count = serializers.IntegerField()


class FediverseStatsSerializer(serializers.Serializer):
    """``{"likes": 4, "boosts": 1}``: likes and boosts (``Announce``) from the fediverse."""

    likes = serializers.IntegerField()
    boosts = serializers.IntegerField()


class PostStatsSerializer(serializers.Serializer):
    """``{"like_count": 12, "comment_count": 3, "liked_by_me": false,
    "fediverse": {"likes": 4, "boosts": 1}}``."""

    like_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    liked_by_me = serializers.BooleanField()
    fediverse = FediverseStatsSerializer()


class PostStatsItemSerializer(PostStatsSerializer):
    id = serializers.IntegerField()


class PostStatsBatchSerializer(serializers.Serializer):
    """``{"results": [{"id", "like_count", "comment_count", "liked_by_me"}, ...]}`` in the
    order asked; posts that are not live and public are left out."""

    results = PostStatsItemSerializer(many=True)


_IDS = re.compile(r"^[0-9]{1,18}$")
MAX_BATCH = 100


class PostStatsQuerySerializer(serializers.Serializer):
    """``?ids=1,2,3`` (at most 100)."""

    ids = serializers.CharField()

    def validate_ids(self, value):
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not parts or not all(_IDS.match(part) for part in parts):
            raise serializers.ValidationError("A comma-separated list of post ids, e.g. 1,2,3.")
        ids = list(dict.fromkeys(int(part) for part in parts))
        if len(ids) > MAX_BATCH:
            raise serializers.ValidationError(f"At most {MAX_BATCH} ids.")
        return ids
