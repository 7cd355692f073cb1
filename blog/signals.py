"""
The one place where content changes are received: pages published, unpublished,
moved or deleted, view restrictions, author and image edits. Each change works
out once what it touches (``revalidation.targets_for``) and sends
``core.signals.content_changed``, which the API cache, the community caches and
the frontend's revalidation (below) all receive.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal, receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from blog import purge, revalidation, tasks
from blog.models import Author, BlogPage
from core import jobs
from core.signals import content_changed

author_renamed = Signal()
"""Sent with ``author`` and ``old_slug`` once an Author saved under a new slug: for what
apps above blog keep by slug (newsletter topics ``author:<slug>``)."""


def page_changed(page, extra_paths=(), subtree=False):
    """Send ``content_changed`` for ``page`` (its specific instance) and what it shows on."""
    tags, paths = revalidation.targets_for(page)
    content_changed.send(
        sender=type(page), page=page, tags=tags, paths=sorted({*paths, *extra_paths}), subtree=subtree
    )


@receiver(page_published, dispatch_uid="blog_page_published")
@receiver(page_unpublished, dispatch_uid="blog_page_unpublished")
def on_page_published_or_unpublished(sender, instance, **kwargs):
    page_changed(instance)


@receiver(post_page_move, dispatch_uid="blog_page_moved")
def on_page_moved(sender, instance, url_path_before, **kwargs):
    old_path = revalidation.public_path(url_path_before, instance)
    page_changed(instance.specific, extra_paths=[old_path] if old_path else [], subtree=True)


@receiver(pre_delete, dispatch_uid="blog_page_deleted")
def on_page_deleted(sender, instance, **kwargs):
    # targets are gathered now, while the page and its relations still exist
    if isinstance(instance, Page) and instance.live:
        page_changed(instance.specific)


@receiver([post_save, post_delete], sender=PageViewRestriction, dispatch_uid="blog_view_restriction")
def on_view_restriction_changed(sender, instance, **kwargs):
    """A restriction hides (or shows again) the page and everything below it."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        page_changed(page.specific, subtree=True)


@receiver(pre_save, sender=Author, dispatch_uid="blog_author_note_slug")
def note_author_slug(sender, instance, raw=False, **kwargs):
    """Remember the slug the author is saved over: a new slug leaves the old author page
    (and its cache tag) showing the author until it is refreshed too."""
    if not raw and instance.pk is not None:
        instance._slug_before = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()


@receiver(post_save, sender=Author, dispatch_uid="blog_author_changed")
@receiver(pre_delete, sender=Author, dispatch_uid="blog_author_deleted")
def on_author_changed(sender, instance, **kwargs):
    """The author's page (under its old slug too), the author listings and every post
    crediting them. A deletion is sent before it happens, while the posts still credit
    the author, so that ``blog.purge`` finds them by the slug."""
    before = getattr(instance, "_slug_before", None)
    slugs = dict.fromkeys(filter(None, [instance.slug, before]))
    instance._slug_before = instance.slug
    if kwargs.get("signal") is post_save and before and before != instance.slug:
        author_renamed.send(sender=Author, author=instance, old_slug=before)
    content_changed.send(
        sender=Author,
        page=None,
        tags=["authors", *(f"author:{slug}" for slug in slugs), "posts"],
        paths=[],
        subtree=False,
    )


@receiver([post_save, post_delete], sender=get_image_model(), dispatch_uid="blog_image_changed")
def on_image_changed(sender, instance, **kwargs):
    """Renditions in any answer may change: the posts and authors showing the image do
    (``blog.purge`` adds the posts of the authors)."""
    posts = BlogPage.objects.live().filter(Q(hero_image_id=instance.pk) | Q(social_image_id=instance.pk))
    post_tags, paths = revalidation.targets_for_posts(posts)
    avatars = Author.objects.filter(avatar_id=instance.pk).values_list("slug", flat=True)
    tags = [f"image:{instance.pk}", *post_tags, *(f"author:{slug}" for slug in avatars)]
    content_changed.send(sender=sender, page=None, tags=list(dict.fromkeys(tags)), paths=paths, subtree=False)


@receiver(content_changed, dispatch_uid="blog_revalidate_frontend")
def revalidate_frontend(sender, page, tags, paths, subtree=False, **kwargs):
    """Once the change commits (in its own thread on the embedded default): tell the
    frontend, then purge the edge cache of exactly the URLs the change shows on."""
    notify = revalidation.wanted(tags, paths)
    urls = purge.urls_for(page, tags, paths, subtree) if purge.enabled() else []
    if notify or urls:
        jobs.enqueue_on_commit(
            tasks.revalidate_frontend,
            list(tags) if notify else [],
            list(paths) if notify else [],
            urls,
            background=True,
        )
