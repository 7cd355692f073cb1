"""The site root: an introduction and a hand-picked set of featured posts."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail_headless_preview.models import HeadlessMixin

from home.serializers import FeaturedPostsField


class HomePage(HeadlessMixin, Page):
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_posts", label="Featured post", max_num=6),
    ]
    api_fields = [
        APIField("intro"),
        APIField("featured_posts", serializer=FeaturedPostsField(source="*")),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1


class HomePageFeaturedPost(Orderable):
    page = ParentalKey(HomePage, related_name="featured_posts", on_delete=models.CASCADE)
    post = models.ForeignKey("blog.BlogPage", related_name="+", on_delete=models.CASCADE)

    panels = [FieldPanel("post")]
