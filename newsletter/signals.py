"""A post's first publication starts its newsletter send, after the commit."""

from django.dispatch import receiver
from wagtail.signals import page_published

from blog.models import BlogPage
from core import jobs
from newsletter import sending, tasks


@receiver(page_published)
def send_new_post_to_subscribers(sender, instance, **kwargs):
    if isinstance(instance, BlogPage):
        send = sending.start_send(instance)
        if send is not None:
            jobs.enqueue_on_commit(tasks.deliver_send, send.pk)
