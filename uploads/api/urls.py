"""Direct uploads, mounted at /api/uploads/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import UploadViewSet, local_upload

app_name = "uploads"

router = SimpleRouter()
router.register("", UploadViewSet, basename="upload")

urlpatterns = [
    path("local/", local_upload, name="local"),
    *router.urls,
]
