"""A post's first publication starts its newsletter send, after the commit; an author's
new slug carries their subscribers over."""

from django.dispatch import receiver
from wagtail.signals import page_published

from blog.models import BlogPage
from blog.signals import author_renamed
from core import jobs
from newsletter import sending, subscriptions, tasks
from newsletter.models import AUTHOR_PREFIX


@receiver(page_published)
def send_new_post_to_subscribers(sender, instance, **kwargs):
    if isinstance(instance, BlogPage):
        send = sending.start_send(instance)
        if send is not None:
            jobs.enqueue_on_commit(tasks.deliver_send, send.pk)


@receiver(author_renamed, dispatch_uid="newsletter_follow_renamed_author")
def follow_renamed_author(sender, author, old_slug, **kwargs):
    subscriptions.move_topic(AUTHOR_PREFIX + old_slug, AUTHOR_PREFIX + author.slug)
