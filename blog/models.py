"""
Blog content: authors, the blog index and Markdown posts.

Posts are headless: the Next.js frontend renders them from API v2, so the page
models declare what the API exposes (``api_fields``) rather than templates.
"""

import math
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin
from wagtailmarkdown.fields import MarkdownField

from blog import serializers
from blog.forms import BlogPageForm
from core.renditions import AVATAR_SPEC, HERO_SPECS, SOCIAL_SPEC

WORDS_PER_MINUTE = 230


class Author(index.Indexed, models.Model):
    """A person credited on posts; linked to a Wagtail user where they have one."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    bio = models.TextField(blank=True)
    avatar = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The Wagtail user who writes as this author, if any.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("avatar"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)


class BlogIndexPage(HeadlessMixin, Page):
    """Lists posts; the only place a BlogPage may live."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    subpage_types = ["blog.BlogPage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE)


class BlogPageAuthor(Orderable):
    """Orders a post's authors (a post has one or more)."""

    page = ParentalKey("blog.BlogPage", related_name="page_authors", on_delete=models.CASCADE)
    author = models.ForeignKey(Author, related_name="page_links", on_delete=models.CASCADE)

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "author"], name="unique_author_per_post")]


class BlogPageQuerySet(PageQuerySet):
    def for_api_listing(self):
        """
        Everything the API serializes, in a fixed number of queries: images come
        with the page rows (joins), their renditions in one query per placement.
        """
        renditions = serializers.image_model().get_rendition_model().objects

        def prefetch_renditions(path, *specs):
            return models.Prefetch(
                f"{path}__renditions",
                queryset=renditions.filter(filter_spec__in=specs),
                to_attr="prefetched_renditions",  # where Wagtail looks for them
            )

        return self.select_related("locale", "hero_image", "social_image").prefetch_related(
            "tagged_items__tag",
            # the social image falls back to the hero, so fetch that crop too
            prefetch_renditions("hero_image", *HERO_SPECS, SOCIAL_SPEC),
            prefetch_renditions("social_image", SOCIAL_SPEC),
            models.Prefetch(
                "page_authors",
                queryset=BlogPageAuthor.objects.select_related("author__avatar").prefetch_related(
                    prefetch_renditions("author__avatar", AVATAR_SPEC)
                ),
            ),
        )


BlogPageManager = PageManager.from_queryset(BlogPageQuerySet)


class BlogPage(HeadlessMixin, Page):
    """A Markdown post with a hero image, tags and one or more authors."""

    excerpt = models.TextField(
        max_length=500, blank=True, help_text="One or two sentences for listings and search."
    )
    body = MarkdownField(blank=True)
    date = models.DateField("Publication date", default=timezone.localdate)
    hero_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt = models.CharField(
        "Hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it.",
    )
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    reading_time = models.PositiveIntegerField(
        default=1, editable=False, help_text="Minutes, computed from the body on save."
    )
    social_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Open Graph / Twitter image; the hero image is used when empty.",
    )
    canonical_url = models.URLField(
        blank=True, help_text="Set only when this post was first published elsewhere."
    )
    comments_enabled = models.BooleanField(default=True)
    send_to_subscribers = models.BooleanField(
        "Send to subscribers",
        default=True,
        help_text="Email this post to newsletter subscribers when it is first published.",
    )

    objects = BlogPageManager()
    base_form_class = BlogPageForm

    content_panels = Page.content_panels + [
        FieldPanel("excerpt"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading="Hero image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("tags"), InlinePanel("page_authors", min_num=1, label="Author")],
            heading="Metadata",
        ),
    ]
    promote_panels = Page.promote_panels + [
        FieldPanel("social_image"),
        FieldPanel("canonical_url"),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("comments_enabled"),
        FieldPanel("send_to_subscribers"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("excerpt"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("page_authors", [index.RelatedFields("author", [index.SearchField("name")])]),
        index.FilterField("date"),
    ]

    api_fields = [
        APIField("excerpt"),
        APIField("date"),
        APIField("reading_time"),
        APIField("body_markdown", serializer=serializers.MarkdownSourceField(source="body")),
        APIField("body_html", serializer=serializers.MarkdownHTMLField(source="body")),
        APIField("hero_image", serializer=serializers.HeroImageField()),
        APIField("social_image", serializer=serializers.SocialImageField(source="*")),
        APIField("tags", serializer=serializers.TagsField(source="*")),
        APIField("authors", serializer=serializers.AuthorsField(source="page_authors")),
        APIField("canonical_url"),
        APIField("comments_enabled"),
        APIField("last_published_at"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "blog post"

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the hero image for screen readers."})

    def save(self, *args, **kwargs):
        self.reading_time = estimate_reading_time(self.body)
        super().save(*args, **kwargs)

    @property
    def authors(self):
        return [link.author for link in self.page_authors.all()]


_MARKUP = re.compile(r"```.*?```|`[^`]*`|!\[[^\]]*\]\([^)]*\)|[#>*_\-\[\]()|]", re.S)


def estimate_reading_time(markdown_text):
    """Minutes to read the prose at ~230 wpm; code and image markup are not words."""
    words = len(_MARKUP.sub(" ", markdown_text or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
