"""The project's URLs plus media serving, as DEBUG (or SERVE_MEDIA) adds it; tests run with DEBUG off."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from cms.urls import urlpatterns as project_urlpatterns


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media), *project_urlpatterns]
