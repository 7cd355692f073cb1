"""
Post summaries: what a listing says about each post, wherever posts are listed.

``/api/v2/pages/?type=blog.BlogPage&fields=<POST_SUMMARY_FIELDS>`` and the home
page's featured posts are serialized by the same Wagtail serializer, built for
the same fields, so the two cannot drift apart.
"""

from blog.models import BlogPage

# What a post card, feed item or sitemap entry reads (never the body).
POST_SUMMARY_FIELDS = (
    "excerpt",
    "date",
    "last_published_at",
    "reading_time",
    "hero_image",
    "social_image",
    "tags",
    "authors",
    "canonical_url",
    "seo_title",
    "search_description",
)


def serialize_post_summaries(posts, context):
    """
    ``posts`` (from ``BlogPage.objects.for_api_listing()``) in the listing shape:
    ``[{"id", "meta": {"type", "detail_url", "html_url", "slug", "first_published_at",
    "seo_title", "search_description"}, "title", "excerpt", "date", ..., "tags", "authors"}]``.
    ``context`` is an API v2 serializer context (it carries the router).
    """
    router = context["router"]
    _, endpoint = router.get_model_endpoint(BlogPage)
    fields_config = [(name, False, None) for name in POST_SUMMARY_FIELDS]
    serializer_class = endpoint._get_serializer_class(router, BlogPage, fields_config)
    return serializer_class(posts, many=True, context=context).data
