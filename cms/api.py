"""The project's one API v2 router: pages, images, documents, authors, previews."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2 import views as documents_api
from wagtail.images.api.v2 import views as images_api

from blog.api.views import AuthorsAPIViewSet, FolioPagesAPIViewSet, PagePreviewAPIViewSet
from search.filters import with_bounded_search


class ImagesAPIViewSet(images_api.ImagesAPIViewSet):
    """Wagtail's images endpoint, its ``?search=`` bounded like every other endpoint's."""

    filter_backends = with_bounded_search(images_api.ImagesAPIViewSet.filter_backends)


class DocumentsAPIViewSet(documents_api.DocumentsAPIViewSet):
    """Wagtail's documents endpoint, its ``?search=`` bounded like every other endpoint's."""

    filter_backends = with_bounded_search(documents_api.DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", FolioPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("authors", AuthorsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
