"""Compact post summaries for places outside the pages endpoint (featured posts)."""

from blog import serializers as fields


def _bound(field, context):
    # A DRF field used outside a serializer reads its context from ``_context``.
    field._context = context
    return field


def serialize_post_summaries(posts, context):
    """``[{"id", "title", "meta": {...}, "excerpt", "date", ..., "authors"}]`` in the listing shape."""
    request = context.get("request")
    hero = _bound(fields.HeroImageField(), context)
    social = _bound(fields.SocialImageField(source="*"), context)
    tags = _bound(fields.TagNamesField(source="*"), context)
    authors = _bound(fields.AuthorsField(source="page_authors"), context)
    return [
        {
            "id": post.pk,
            "title": post.title,
            "meta": {
                "type": "blog.BlogPage",
                "slug": post.slug,
                "html_url": post.get_full_url(request),
                "first_published_at": post.first_published_at,
                "search_description": post.search_description,
            },
            "excerpt": post.excerpt,
            "date": post.date.isoformat(),
            "reading_time": post.reading_time,
            "hero_image": hero.to_representation(post),
            "social_image": social.to_representation(post),
            "tags": tags.to_representation(post),
            "authors": authors.to_representation(post.page_authors),
        }
        for post in posts
    ]
