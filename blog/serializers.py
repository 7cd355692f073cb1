"""
API v2 fields for posts.

Each field documents the JSON it produces. Image fields use renditions that
``BlogPageQuerySet.for_api_listing`` prefetches, so listing a page of posts
costs the same number of queries whatever its size.
"""

from rest_framework.fields import Field
from wagtail.images import get_image_model

HERO_WIDTHS = (400, 800, 1200, 1600)
HERO_SPECS = tuple(f"width-{w}|format-webp" for w in HERO_WIDTHS) + ("fill-640x360|format-webp",)
THUMBNAIL_SPEC = "fill-640x360|format-webp"
SOCIAL_SPEC = "fill-1200x630|format-jpeg|jpegquality-85"
AVATAR_SPEC = "fill-160x160|format-webp"


def image_model():
    return get_image_model()


def absolute_url(context, url):
    """Rendition URLs are relative on local disk and absolute on S3/CloudFront."""
    request = context.get("request")
    if url.startswith("/") and request is not None:
        return request.build_absolute_uri(url)
    return url


def rendition_dict(context, rendition):
    return {
        "url": absolute_url(context, rendition.url),
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
        renditions = image.get_renditions(*HERO_SPECS)
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
        return rendition_dict(self.context, image.get_rendition(SOCIAL_SPEC))


class TagNamesField(Field):
    """Tag names, alphabetical: ``"tags": ["django", "python"]``."""

    def to_representation(self, page):
        return sorted(page.tag_names, key=str.lower)


def author_dict(context, author):
    avatar = author.avatar
    return {
        "id": author.pk,
        "name": author.name,
        "slug": author.slug,
        "bio": author.bio,
        "avatar": rendition_dict(context, avatar.get_rendition(AVATAR_SPEC)) if avatar else None,
    }


class AuthorsField(Field):
    """The post's authors in order: ``[{"id", "name", "slug", "bio", "avatar": {...} | null}]``."""

    def to_representation(self, links):
        return [author_dict(self.context, link.author) for link in links.all()]


class AuthorAvatarField(Field):
    """An author's avatar rendition ``{"url", "width", "height"}`` or ``null``."""

    def to_representation(self, avatar):
        return rendition_dict(self.context, avatar.get_rendition(AVATAR_SPEC)) if avatar else None
