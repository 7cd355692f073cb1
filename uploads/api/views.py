"""
The direct-upload API: sign a form, let the browser send the file to storage,
then ask us to process it. ``local_upload`` stands in for S3 on local disk.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework_simplejwt.authentication import JWTAuthentication

from core import jobs
from core.openapi import ERROR, FIELD_ERRORS, UNAUTHORIZED
from core.throttling import AtomicRateThrottle

from .. import storage
from ..models import Upload
from ..tasks import process_upload
from .serializers import (
    UploadFormSerializer,
    UploadLimitsSerializer,
    UploadRequestSerializer,
    UploadSerializer,
)


class StorageUnavailableError(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Storage is unavailable, try again later."
    default_code = "storage_unavailable"


class UploadRateThrottle(AtomicRateThrottle):
    """Signing forms, per user, at ``UPLOADS_RATE`` (the view requires a signed-in caller)."""

    scope = "uploads"

    def get_rate(self):
        return settings.UPLOADS_RATE

    def get_identity(self, request, view):
        return f"user-{request.user.pk}"


NOT_FOUND = OpenApiResponse(ERROR, description="No such upload, or someone else's.")
UNAVAILABLE = OpenApiResponse(
    ERROR, description="Storage or background processing is unreachable; retry later."
)


@extend_schema_view(
    create=extend_schema(
        request=UploadRequestSerializer,
        responses={
            201: UploadFormSerializer,
            400: FIELD_ERRORS,
            401: UNAUTHORIZED,
            403: OpenApiResponse(ERROR, description="A session caller without a CSRF token."),
            429: ERROR,
            503: UNAVAILABLE,
        },
    ),
    limits=extend_schema(responses={200: UploadLimitsSerializer}),
    retrieve=extend_schema(responses={200: UploadSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND}),
    complete=extend_schema(
        request=None,
        responses={
            202: UploadSerializer,
            401: UNAUTHORIZED,
            403: OpenApiResponse(ERROR, description="A session caller without a CSRF token."),
            404: NOT_FOUND,
            409: OpenApiResponse(ERROR, description="The file has not reached storage yet."),
            503: UNAVAILABLE,
        },
    ),
)
class UploadViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """
    ``GET /api/uploads/limits/`` says what may be uploaded; ``POST /api/uploads/``
    signs a form; ``POST /api/uploads/{id}/complete/`` queues processing (202);
    ``GET /api/uploads/{id}/`` tells where it stands. Only the owner sees an
    upload; anyone else gets 404. Ids are UUIDs: anything else is a JSON 404.
    """

    authentication_classes = [JWTAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    serializer_class = UploadSerializer
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return Upload.objects.owned_by(self.request.user).select_related("image")

    def get_throttles(self):
        return [UploadRateThrottle()] if self.action == "create" else []

    def handle_exception(self, exc):
        if isinstance(exc, storage.StorageUnavailable):
            exc = StorageUnavailableError()
        return super().handle_exception(exc)

    def create(self, request):
        serializer = UploadRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = Upload(
            user=request.user,
            purpose=data["purpose"],
            key=storage.new_key(request.user, data["content_type"]),
            content_type=data["content_type"],
            declared_size=data["size"],
            original_filename=data["filename"],
            expires_at=timezone.now() + timedelta(seconds=settings.UPLOADS_EXPIRY_SECONDS),
        )
        # Sign (and reach storage) before saving: an outage leaves no row behind.
        url, fields = storage.signed_form(upload)
        upload.save()
        form = {"id": upload.pk, "url": url, "fields": fields, "expires_at": upload.expires_at}
        return Response(UploadFormSerializer(form).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"], permission_classes=[AllowAny])
    def limits(self, request):
        return Response(UploadLimitsSerializer.current().data)

    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        upload = self.get_object()
        if upload.status == Upload.Status.PENDING:
            if storage.object_size(upload.key) is None:
                return Response(
                    {"detail": "The file has not been uploaded yet."}, status=status.HTTP_409_CONFLICT
                )
            jobs.enqueue(process_upload, str(upload.pk))  # JobsUnavailableError: a 503
            upload.refresh_from_db()  # eager runs (embedded default) have already finished
        serializer = self.get_serializer(upload)
        return Response(serializer.data, status=status.HTTP_202_ACCEPTED)


def _refuse(status_code, code, message):
    return JsonResponse({"code": code, "detail": message}, status=status_code)


@csrf_exempt
@require_POST
def local_upload(request):
    """
    The embedded default's stand-in for S3's POST endpoint: the same multipart
    form (``key``, ``Content-Type``, ``token``, then ``file``), answered 204 like
    S3. Unlike moto it enforces the signed conditions: type, size, expiry, key.
    """
    if storage.uses_s3():
        return _refuse(404, "NotFound", "Uploads go to S3 on this site.")
    # Refuse an oversized body before Django reads it (multipart overhead allowed).
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.UPLOADS_MAX_SIZE + 64 * 1024:
        return _refuse(400, "EntityTooLarge", "The file is larger than the signed form allows.")
    grant = storage.read_local_token(request.POST.get("token", ""))
    if grant is None:
        return _refuse(403, "AccessDenied", "The upload form's signature is invalid.")
    if grant["e"] < time.time():
        return _refuse(403, "AccessDenied", "The upload form has expired.")
    if request.POST.get("key") != grant["k"]:
        return _refuse(403, "AccessDenied", "The key does not match the signed form.")
    if request.POST.get("Content-Type") != grant["t"]:
        return _refuse(403, "AccessDenied", "The Content-Type does not match the signed form.")
    upload_file = request.FILES.get("file")
    if upload_file is None:
        return _refuse(400, "InvalidArgument", "No file was sent (expected a field named file).")
    if upload_file.size < 1:
        return _refuse(400, "EntityTooSmall", "The file is empty.")
    if upload_file.size > grant["m"]:
        return _refuse(400, "EntityTooLarge", "The file is larger than the signed form allows.")
    if not Upload.objects.filter(key=grant["k"], status=Upload.Status.PENDING).exists():
        return _refuse(403, "AccessDenied", "This upload form has already been used.")
    if default_storage.exists(grant["k"]):
        default_storage.delete(grant["k"])  # S3 overwrites too
    default_storage.save(grant["k"], upload_file)
    return HttpResponse(status=204)
