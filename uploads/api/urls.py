"""Direct uploads, mounted at /api/uploads/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import UploadViewSet, local_upload

app_name = "uploads"

# Path converters, so the viewset's ``lookup_value_converter = "uuid"`` applies.
router = SimpleRouter(use_regex_path=False)
router.register("", UploadViewSet, basename="upload")

urlpatterns = [
    path("local/", local_upload, name="local"),
    *router.urls,
]
