"""Project URL map: admin, API v2, community API, media in development."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from blog.api.views import TagsAPIView
from cms.api import api_router
from core import views as error_views

handler400 = error_views.bad_request
handler403 = error_views.permission_denied
handler404 = error_views.page_not_found
handler500 = error_views.server_error

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/uploads/", include("uploads.api.urls")),
    path("api/newsletter/", include("newsletter.api.urls")),
    path("api/", include("community.api.urls")),
    path("api/v2/tags/", TagsAPIView.as_view(), name="api-tags"),
    path("api/v2/", api_router.urls),
    re_path(r"^api/", error_views.api_not_found),
    path("", include("fediverse.urls")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Page URLs redirect to the Next.js frontend (HeadlessMixin.serve).
    path("", include(wagtail_urls)),
]
