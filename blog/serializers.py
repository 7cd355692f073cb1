"""
API v2 fields for posts.

Each field documents the JSON it produces. Image fields use renditions that
``BlogPageQuerySet.for_api_listing`` prefetches, so listing a page of posts
costs the same number of queries whatever its size.
"""

from rest_framework.fields import Field
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from core.renditions import AVATAR_SPEC, HERO_SPECS, HERO_WIDTHS, SOCIAL_SPEC, THUMBNAIL_SPEC
from core.urls import absolute_url

# Filter objects parse their spec once and cache it; passing them instead of
# strings saves that work for every image of every request.
HERO_FILTERS = tuple(Filter(spec) for spec in HERO_SPECS)
SOCIAL_FILTER = Filter(SOCIAL_SPEC)
AVATAR_FILTER = Filter(AVATAR_SPEC)


def rendition(image, image_filter):
    """
    ``image.get_rendition(filter)``, short-cut for prefetched renditions.

    Wagtail's generic lookup costs ~0.3 ms a call, most of a listing's time;
    matching the prefetched list on spec and focal-point key is what it does
    underneath. Anything not prefetched (a first request) goes through Wagtail,
    which creates the rendition.
    """
    prefetched = getattr(image, "prefetched_renditions", None)
    if prefetched:
        focal_point_key = image_filter.get_cache_key(image)
        for candidate in prefetched:
            if candidate.filter_spec == image_filter.spec and candidate.focal_point_key == focal_point_key:
                return candidate
    return image.get_rendition(image_filter)


def image_model():
    return get_image_model()


def rendition_dict(context, rendition):
    """``{"url", "width", "height"}`` of a rendition, its URL absolute (``context`` is unused)."""
    return {
        "url": absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


class MarkdownSourceField(Field):
    """The post body as the editor wrote it: ``"body_markdown": "# Title\\n..."``."""

    def to_representation(self, value):
        return value or ""


class MarkdownHTMLField(Field):
    """The body rendered and sanitized: ``"body_html": "<h1 id=\\"title\\">Title</h1>..."``."""

    def to_representation(self, value):
        # imported here: blog.markdown pulls in wagtail-markdown's model lookups,
        # and this module is imported by blog.models before the app registry is ready
        from blog.markdown import render_markdown_cached

        return render_markdown_cached(value or "")


class HeroImageField(Field):
    """
    The hero image with its alt text and responsive WebP renditions::

        "hero_image": {"id": 3, "title": "...", "alt": "...", "width": 1600, "height": 900,
                       "renditions": [{"width": 400, "height": 225, "url": "...", "format": "webp"}, ...],
                       "thumbnail": {"url": "...", "width": 640, "height": 360}}

    ``null`` when the post has no hero image.
    """

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, page):
        image = page.hero_image
        if image is None:
            return None
        renditions = {f.spec: rendition(image, f) for f in HERO_FILTERS}
        widths = [w for w in HERO_WIDTHS if w <= image.width] or [HERO_WIDTHS[0]]
        return {
            "id": image.pk,
            "title": image.title,
            "alt": page.hero_alt,
            "width": image.width,
            "height": image.height,
            "renditions": [
                {**rendition_dict(self.context, renditions[f"width-{w}|format-webp"]), "format": "webp"}
                for w in widths
            ],
            "thumbnail": rendition_dict(self.context, renditions[THUMBNAIL_SPEC]),
        }


class SocialImageField(Field):
    """The 1200×630 sharing image, falling back to the hero: ``{"url", "width", "height"}`` or ``null``."""

    def to_representation(self, page):
        image = page.social_image or page.hero_image
        if image is None:
            return None
        return rendition_dict(self.context, rendition(image, SOCIAL_FILTER))


class TagsField(Field):
    """
    The post's tags, alphabetical by name, each with the slug its tag page is
    found by: ``"tags": [{"name": "Café", "slug": "café"}, {"name": "C#", "slug": "c_1"}]``.

    The slug is taggit's (unique, possibly non-ASCII or with a ``_N`` suffix):
    clients link with it and never derive one from the name.
    """

    def to_representation(self, page):
        tags = sorted((item.tag for item in page.tagged_items.all()), key=lambda tag: tag.name.lower())
        return [{"name": tag.name, "slug": tag.slug} for tag in tags]


def author_dict(context, author):
    avatar = author.avatar
    return {
        "id": author.pk,
        "name": author.name,
        "slug": author.slug,
        "bio": author.bio,
        "avatar": rendition_dict(context, rendition(avatar, AVATAR_FILTER)) if avatar else None,
    }


class AuthorsField(Field):
    """The post's authors in order: ``[{"id", "name", "slug", "bio", "avatar": {...} | null}]``."""

    def to_representation(self, links):
        return [author_dict(self.context, link.author) for link in links.all()]


class AuthorAvatarField(Field):
    """An author's avatar rendition ``{"url", "width", "height"}`` or ``null``."""

    def to_representation(self, avatar):
        return rendition_dict(self.context, rendition(avatar, AVATAR_FILTER)) if avatar else None
