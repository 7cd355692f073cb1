"""Side effects: account changes end JWT sessions; new comments and reports send emails;
changes to what public community reads show invalidate their cache. Also the signals
community sends for apps above it (``comments_made_visible``)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal, receiver
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from wagtail.images import get_image_model

from blog.models import BlogPage
from community import cache as community_cache
from community import notifications, tasks
from community.models import Comment, CommentLike, PostLike, Profile, RemoteReaction, Report
from core import jobs
from core.signals import content_changed

User = get_user_model()

comments_made_visible = Signal()
"""Sent by ``community.services.approve_comments`` with ``comments``: those it made
visible that were not (pending or hidden). The approval is a bulk update, so no
``post_save`` tells of it; a single comment saved visible (posted, or the admin's edit
form) is told by ``post_save``. Sent before the caller's transaction commits, if any:
receivers that reach outside act on commit (``core.jobs.enqueue_on_commit``)."""


def blacklist_all_refresh_tokens(user):
    """End every session of ``user``: their outstanding refresh tokens stop working."""
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


@receiver(pre_save, sender=User, dispatch_uid="community_note_credential_change")
def note_credential_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    previous = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    instance._community_end_sessions = bool(previous) and (
        previous["password"] != instance.password or (previous["is_active"] and not instance.is_active)
    )


@receiver(post_save, sender=User, dispatch_uid="community_end_sessions_on_credential_change")
def end_sessions_on_credential_change(sender, instance, raw=False, **kwargs):
    """A password change or a deactivation ends all of the user's refresh tokens."""
    if getattr(instance, "_community_end_sessions", False):
        instance._community_end_sessions = False
        blacklist_all_refresh_tokens(instance)


@receiver(post_save, sender=Comment, dispatch_uid="community_email_about_new_comment")
def email_about_new_comment(sender, instance, created, raw=False, **kwargs):
    if created and not raw and not notifications.is_muted():
        jobs.enqueue_on_commit(tasks.notify_comment, instance.pk)


@receiver(post_save, sender=Report, dispatch_uid="community_email_moderators_about_report")
def email_moderators_about_report(sender, instance, created, raw=False, **kwargs):
    if created and not raw and not notifications.is_muted():
        jobs.enqueue_on_commit(tasks.notify_report, instance.pk)


# --- Cache invalidation (community.cache) --------------------------------------------
# A post's generation is bumped after commit by anything that changes its thread or
# stats; the admin's bulk status changes go through CommentQuerySet.update and likes
# inserted in bulk through LikeQuerySet.bulk_create, which bump the same way.


@receiver([post_save, post_delete], sender=Comment, dispatch_uid="community_cache_comment_changed")
def invalidate_thread_on_comment_change(sender, instance, **kwargs):
    """New, edited, approved, hidden, (soft-)deleted comments."""
    community_cache.bump_post(instance.post_id)


@receiver([post_save, post_delete], sender=PostLike, dispatch_uid="community_cache_post_like_changed")
@receiver([post_save, post_delete], sender=CommentLike, dispatch_uid="community_cache_comment_like_changed")
def invalidate_thread_on_like_change(sender, instance, **kwargs):
    community_cache.bump_post(instance.liked_post_id())


@receiver([post_save, post_delete], sender=RemoteReaction, dispatch_uid="community_cache_remote_reaction")
def invalidate_stats_on_remote_reaction(sender, instance, **kwargs):
    """Fediverse likes and boosts are part of the post's stats."""
    community_cache.bump_post(instance.post_id)


def posts_of(comments):
    """Ids of the posts whose threads show ``comments`` (a Comment QuerySet), lazily: the
    edge purges them when there is an edge (``community_cache.bump_all``)."""
    return comments.values_list("post_id", flat=True).distinct()


@receiver(content_changed, dispatch_uid="community_cache_content_changed")
def invalidate_threads_on_content_change(sender, page=None, subtree=False, **kwargs):
    """A post's publication, deletion or move; a move or a view restriction can make any
    number of posts (non-)public: those below the page."""
    if subtree:
        community_cache.bump_all(
            BlogPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
        )
    elif page is not None:
        community_cache.bump_post(page.pk)


_PUBLIC_PROFILE_FIELDS = ("display_name", "avatar_id")


@receiver(pre_save, sender=Profile, dispatch_uid="community_cache_note_profile_change")
def note_public_profile_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if update_fields is not None and not {"display_name", "avatar"} & set(update_fields):
        instance._community_public_changed = False
        return
    previous = instance.pk and sender.objects.filter(pk=instance.pk).values(*_PUBLIC_PROFILE_FIELDS).first()
    previous = previous or {"display_name": "", "avatar_id": None}
    instance._community_public_changed = any(
        previous[field] != getattr(instance, field) for field in _PUBLIC_PROFILE_FIELDS
    )


@receiver(post_save, sender=Profile, dispatch_uid="community_cache_profile_saved")
def invalidate_all_threads_on_profile_change(sender, instance, **kwargs):
    """A commenter's display name or avatar shows in every thread they wrote in."""
    if getattr(instance, "_community_public_changed", True):
        community_cache.bump_all(posts_of(Comment.objects.filter(author_id=instance.user_id)))


@receiver(post_delete, sender=Profile, dispatch_uid="community_cache_profile_deleted")
def invalidate_all_threads_on_profile_delete(sender, instance, **kwargs):
    community_cache.bump_all(posts_of(Comment.objects.filter(author_id=instance.user_id)))


def showing_user(user):
    """Comments showing ``user``'s username: theirs, and those mentioning them."""
    return Comment.objects.filter(Q(author=user) | Q(mentions=user))


@receiver(pre_delete, sender=User, dispatch_uid="community_cache_user_deleted")
def invalidate_all_threads_on_user_delete(sender, instance, **kwargs):
    """Before the deletion, while their comments and mentions still name them."""
    community_cache.bump_all(posts_of(showing_user(instance)))


@receiver(post_save, sender=User, dispatch_uid="community_cache_user_renamed")
def invalidate_all_threads_on_rename(sender, instance, created=False, update_fields=None, **kwargs):
    """Usernames show where no display name is set, and in mentions (sign-ins save only
    ``last_login``)."""
    if not created and (update_fields is None or "username" in update_fields):
        community_cache.bump_all(posts_of(showing_user(instance)))


@receiver(post_save, sender=get_image_model(), dispatch_uid="community_cache_avatar_saved")
@receiver(pre_delete, sender=get_image_model(), dispatch_uid="community_cache_avatar_deleted")
def invalidate_all_threads_on_avatar_change(sender, instance, created=False, **kwargs):
    if not created and Profile.objects.filter(avatar_id=instance.pk).exists():
        commented = Comment.objects.filter(author__community_profile__avatar_id=instance.pk)
        community_cache.bump_all(posts_of(commented))
