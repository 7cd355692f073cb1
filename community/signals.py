"""Side effects: account changes end JWT sessions; new comments and reports send emails."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from community import notifications
from community.models import Comment, Report

User = get_user_model()


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
        transaction.on_commit(lambda: notifications.notify_new_comment(instance))


@receiver(post_save, sender=Report, dispatch_uid="community_email_moderators_about_report")
def email_moderators_about_report(sender, instance, created, raw=False, **kwargs):
    if created and not raw and not notifications.is_muted():
        transaction.on_commit(lambda: notifications.notify_new_report(instance))
