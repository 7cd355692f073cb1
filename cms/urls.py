"""Project URL map: admin, API v2, community API, media in development."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from blog.api.views import TagsAPIView
from cms.api import api_router

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/uploads/", include("uploads.api.urls")),
    path("api/", include("community.api.urls")),
    path("api/v2/tags/", TagsAPIView.as_view(), name="api-tags"),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Page URLs redirect to the Next.js frontend (HeadlessMixin.serve).
    path("", include(wagtail_urls)),
]
