"""Serializers for the direct-upload API."""

import posixpath

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.renditions import AVATAR_SPEC
from core.urls import absolute_url

from ..models import CONTENT_TYPES, Upload


class UploadRequestSerializer(serializers.Serializer):
    """What the browser knows about the file it is about to send."""

    filename = serializers.CharField(max_length=255, help_text="Shown to the user only; never used as a key.")
    content_type = serializers.ChoiceField(
        choices=list(CONTENT_TYPES),
        error_messages={"invalid_choice": "Only JPEG, PNG, WebP and GIF images can be uploaded."},
    )
    size = serializers.IntegerField(min_value=1, help_text="In bytes.")
    purpose = serializers.ChoiceField(choices=Upload.Purpose.choices)

    def validate_filename(self, value):
        return posixpath.basename(value.replace("\\", "/")).strip()[:255]

    def validate_size(self, value):
        limit = settings.UPLOADS_MAX_SIZE
        if value > limit:
            raise serializers.ValidationError(
                f"The file is too large; the limit is {limit // (1024 * 1024)} MB."
            )
        return value


class UploadLimitsSerializer(serializers.Serializer):
    """
    What the server accepts, so the browser checks a file against the real limits
    before asking for a form: ``{"max_size": 5242880, "content_types": ["image/jpeg", …]}``.
    """

    max_size = serializers.IntegerField(help_text="In bytes.")
    content_types = serializers.ListField(child=serializers.CharField())

    @classmethod
    def current(cls):
        """The limits in force (``UPLOADS_MAX_SIZE`` and the accepted types)."""
        return cls({"max_size": settings.UPLOADS_MAX_SIZE, "content_types": list(CONTENT_TYPES)})


class UploadFormSerializer(serializers.Serializer):
    """
    The signed form: POST ``fields`` then the file (as ``file``) as multipart to ``url``.
    ``{"id": "…", "url": "https://bucket.s3…/", "fields": {"key": "…", "policy": "…", …},
    "expires_at": "2026-11-26T10:10:00Z"}``
    """

    id = serializers.UUIDField()
    url = serializers.URLField()
    fields = serializers.DictField(child=serializers.CharField())
    expires_at = serializers.DateTimeField()


class UploadSerializer(serializers.ModelSerializer):
    """
    Where an upload stands: ``{"id": "…", "status": "pending|ready|rejected",
    "reason": "", "image": null | {"id": 3, "url": "https://…/avatar.webp"}}``
    """

    image = serializers.SerializerMethodField()

    class Meta:
        model = Upload
        fields = ["id", "status", "reason", "image"]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "url": {"type": "string", "format": "uri"}},
        }
    )
    def get_image(self, upload):
        if upload.status != Upload.Status.READY or upload.image is None:
            return None
        return {"id": upload.image.pk, "url": absolute_url(upload.image.get_rendition(AVATAR_SPEC).url)}
