"""
When to federate. Wagtail's page signals are received here rather than
``core.signals.content_changed``, which says that a post changed but not how: a
first publication (``Create``), a later one (``Update``) and an unpublish or a
delete (``Delete``) send different activities, and a deletion arrives while the
page is still live. Newsletter sending hooks ``page_published`` the same way.

Local replies to fediverse comments: ``post_save`` of a comment, and community's
``comments_made_visible`` for the bulk approvals that send no ``post_save``.
"""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from blog.models import BlogPage
from community.models import Comment
from community.signals import comments_made_visible
from fediverse import delivery


@receiver(page_published, dispatch_uid="fediverse_post_published")
def federate_published_post(sender, instance, **kwargs):
    if isinstance(instance, BlogPage):
        delivery.publish(instance)


@receiver(page_unpublished, dispatch_uid="fediverse_post_unpublished")
def retract_unpublished_post(sender, instance, **kwargs):
    if isinstance(instance, BlogPage):
        delivery.retract(instance)


@receiver(pre_delete, sender=BlogPage, dispatch_uid="fediverse_post_deleted")
def retract_deleted_post(sender, instance, **kwargs):
    # while the page's authors can still be read
    delivery.retract(instance)


@receiver(post_save, sender=Comment, dispatch_uid="fediverse_reply_to_remote_comment")
def deliver_reply_to_remote_comment(sender, instance, raw=False, **kwargs):
    """A local reply to a fediverse comment goes to that comment's author once visible:
    posted visible, or saved visible (the admin's edit form); an edit sends ``Update``."""
    if not raw and instance.parent_id and not instance.remote_id:
        delivery.reply_to_remote(instance)


@receiver(comments_made_visible, dispatch_uid="fediverse_approved_reply_to_remote_comment")
def deliver_approved_replies_to_remote_comments(sender, comments, **kwargs):
    """Replies approved in bulk (``community.services.approve_comments``: the admin's
    Approve action) send no ``post_save``."""
    for comment in comments:
        if comment.parent_id and not comment.remote_id:
            delivery.reply_to_remote(comment)
