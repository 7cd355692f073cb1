from rest_framework.fields import Field

from blog.api.serializers import serialize_post_summaries
from blog.models import BlogPage


class FeaturedPostsField(Field):
    """
    The editor's featured posts that are live, in their chosen order, each in
    the listing shape of ``/api/v2/pages/?type=blog.BlogPage`` (without bodies):
    ``[{"id", "meta": {...}, "title", "excerpt", ..., "tags", "authors"}]``.
    """

    def to_representation(self, home):
        ids = [link.post_id for link in home.featured_posts.all()]
        posts = BlogPage.objects.live().public().filter(pk__in=ids).for_api_listing()
        by_id = {post.pk: post for post in posts}
        ordered = [by_id[pk] for pk in ids if pk in by_id]
        return serialize_post_summaries(ordered, self.context)
