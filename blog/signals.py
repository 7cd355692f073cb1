"""
What happens when content changes: the API cache is invalidated and the
frontend is told which of its cached pages to rebuild.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from blog import revalidation
from blog.models import Author
from cms.api_cache import bump_generation


def content_changed(page=None, extra_paths=()):
    bump_generation("pages")
    if page is not None:
        tags, paths = revalidation.targets_for(page)
        revalidation.schedule(tags, list(paths) + list(extra_paths))


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    content_changed(instance)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    content_changed(instance)


@receiver(post_page_move)
def on_page_moved(sender, instance, url_path_before, **kwargs):
    old_path = revalidation.public_path(url_path_before, instance)
    content_changed(instance.specific, extra_paths=[old_path] if old_path else [])


@receiver(pre_delete)
def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        specific = instance.specific
        # gather targets now, while the page and its relations still exist
        tags, paths = revalidation.targets_for(specific)
        bump_generation("pages")
        revalidation.schedule(tags, paths)


@receiver([post_save, post_delete], sender=Author)
def on_author_changed(sender, instance, **kwargs):
    bump_generation("pages")
    revalidation.schedule(["authors", f"author:{instance.slug}", "posts"], [])


@receiver([post_save, post_delete], sender=get_image_model())
def on_image_changed(sender, instance, **kwargs):
    bump_generation("pages")
