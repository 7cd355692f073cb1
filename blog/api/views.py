"""API v2 endpoints owned by the blog: pages with post filters, authors, tags."""

from django.db.models import Count, Q
from django.http import Http404
from rest_framework.fields import IntegerField
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from taggit.models import Tag
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Page

from blog.api.serializers import POST_SUMMARY_FIELDS
from blog.models import Author, BlogPage
from blog.serializers import AuthorAvatarField
from search.filters import BoundedSearchFilter, with_bounded_search


class CompactJSONMixin:
    """
    JSON only, without Wagtail's 4-space indent: one representation per URL
    keeps the API cache's keys honest, and the payload is a third smaller.
    """

    renderer_classes = [JSONRenderer]

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context


class PostFilter(BaseFilterBackend):
    """``?author=<author slug>`` and ``?tag=<tag slug>`` on post listings."""

    def filter_queryset(self, request, queryset, view):
        author = request.GET.get("author")
        tag = request.GET.get("tag")
        if (author or tag) and not issubclass(queryset.model, BlogPage):
            raise BadRequestError("filtering by author or tag requires type=blog.BlogPage")
        if author:
            queryset = queryset.filter(page_authors__author__slug=author)
        if tag:
            queryset = queryset.filter(tagged_items__tag__slug=tag)
            queryset._filtered_by_tag = True
        return queryset


class FolioPagesAPIViewSet(CompactJSONMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, plus post filters and prefetching for posts."""

    filter_backends = [PostFilter] + with_bounded_search(PagesAPIViewSet.filter_backends)
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["author", "tag"])

    @classmethod
    def get_listing_default_fields(cls, model):
        """A post listing says what a post card, feed item or sitemap entry reads: the post summary."""
        fields = super().get_listing_default_fields(model)
        if issubclass(model, BlogPage):
            fields = fields + [name for name in POST_SUMMARY_FIELDS if name not in fields]
        return fields

    def get_base_queryset(self):
        # Wagtail asks for this several times per request (queryset, serializer
        # context); each call queries the view restrictions again.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, BlogPage):
            queryset = queryset.for_api_listing()
        return queryset

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            page = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
            if page is None:
                raise Http404("not found")
            # Fetch the specific page in one go, with the same prefetching as listings.
            model = page.specific_class
            queryset = model.objects.filter(pk=page.pk)
            if issubclass(model, BlogPage):
                queryset = queryset.for_api_listing()
            self._cached_object = queryset.get()
        return self._cached_object


class AuthorsAPIViewSet(CompactJSONMixin, BaseAPIViewSet):
    """
    ``/api/v2/authors/``: people credited on live posts, with ``post_count``.
    Filter by ``?slug=``.
    """

    model = Author
    name = "authors"
    filter_backends = [FieldsFilter, OrderingFilter, BoundedSearchFilter]
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug", "bio", "avatar", "post_count"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug"]

    def get_queryset(self):
        live_posts = Q(page_links__page__live=True)
        return (
            Author.objects.select_related("avatar")
            .prefetch_related("avatar__renditions")
            .annotate(post_count=Count("page_links", filter=live_posts, distinct=True))
            .order_by("name")
        )

    @classmethod
    def get_field_serializer_overrides(cls, model):
        return {"avatar": AuthorAvatarField(read_only=True), "post_count": IntegerField(read_only=True)}

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        return fields if db_fields_only else fields + ["post_count"]


class TagsAPIView(CompactJSONMixin, APIView):
    """``/api/v2/tags/``: tags used by live posts: ``{"items": [{"name", "slug", "post_count"}]}``."""

    def get(self, request):
        live_ids = Page.objects.live().public().type(BlogPage).values("pk")
        tags = (
            Tag.objects.filter(blog_blogpagetag_items__content_object__in=live_ids)
            .annotate(post_count=Count("blog_blogpagetag_items", distinct=True))
            .order_by("name")
            .values("name", "slug", "post_count")
        )
        slug = request.GET.get("slug")
        if slug is not None:
            tags = tags.filter(slug=slug)
            if not tags:
                raise Http404
        return Response({"meta": {"total_count": len(tags)}, "items": list(tags)})


class PagePreviewAPIViewSet(FolioPagesAPIViewSet):
    """
    ``/api/v2/page_preview/?content_type=blog.blogpage&token=...``: the draft
    that an editor is previewing, serialized like a live page.

    The token is signed by wagtail-headless-preview and looked up in its
    PagePreview table; anything else is a 404. Never cached.
    """

    known_query_parameters = FolioPagesAPIViewSet.known_query_parameters.union(["content_type", "token"])

    def listing_view(self, request):
        # A preview is one object: serialize it with the detail fields.
        self.action = "detail_view"
        return self.detail_view(request, pk=None)

    def detail_view(self, request, pk):
        page = self.get_object()
        response = Response(self.get_serializer(page).data)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_object(self):
        if not hasattr(self, "_preview_page"):
            self._preview_page = self._page_from_token()
        return self._preview_page

    def _page_from_token(self):
        from django.contrib.contenttypes.models import ContentType
        from django.core.signing import BadSignature
        from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

        content_type = self.request.GET.get("content_type", "")
        token = self.request.GET.get("token", "")
        app_label, _, model_name = content_type.partition(".")
        try:
            model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
        except ContentType.DoesNotExist:
            model = None
        if model is None or not issubclass(model, HeadlessPreviewMixin):
            raise Http404("unknown preview content type")
        try:
            model.get_preview_signer().unsign(token)
            preview = PagePreview.objects.get(
                content_type__app_label=app_label, content_type__model=model_name, token=token
            )
        except (BadSignature, PagePreview.DoesNotExist) as exc:
            raise Http404("invalid or expired preview token") from exc
        page = preview.as_page()
        if page.pk is None:
            page.pk = 0  # a page that has never been saved yet
        return page
