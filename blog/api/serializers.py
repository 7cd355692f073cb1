"""
Post summaries: what a listing says about each post, wherever posts are listed.

``POST_SUMMARY_FIELDS`` are the default fields of ``/api/v2/pages/?type=blog.BlogPage``
(``FolioPagesAPIViewSet.get_listing_default_fields``), and the home page's
featured posts are serialized by that same Wagtail serializer, so the two
cannot drift apart and clients need not copy the list.
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
    # No fields requested: the endpoint's listing defaults, as for ?type=blog.BlogPage.
    serializer_class = endpoint._get_serializer_class(router, BlogPage, [])
    return serializer_class(posts, many=True, context=context).data
