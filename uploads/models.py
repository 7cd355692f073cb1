"""
A direct upload: the browser sends the file straight to storage (S3, or our
local endpoint on the embedded default) and Django only ever sees its key.

One row is made when the form is signed and is then processed once: until
then nothing in it can be trusted, which is why the key is ours, the declared
type and size are re-checked, and the image is re-encoded before anyone sees it.
"""

import uuid

from django.conf import settings
from django.db import models

# What a browser may declare, and the extension (and Pillow format) each implies.
CONTENT_TYPES = {
    "image/jpeg": ("jpg", "JPEG"),
    "image/png": ("png", "PNG"),
    "image/webp": ("webp", "WEBP"),
    "image/gif": ("gif", "GIF"),
}


class UploadQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(user=user)


class Upload(models.Model):
    class Purpose(models.TextChoices):
        AVATAR = "avatar", "Avatar"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        READY = "ready", "Ready"
        REJECTED = "rejected", "Rejected"

    # A UUID so that ids can't be enumerated (other people's uploads answer 404 anyway).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploads")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    # Storage name chosen by the server: uploads/<user id>/<uuid>.<ext>.
    key = models.CharField(max_length=255, unique=True)
    content_type = models.CharField(max_length=50)
    declared_size = models.PositiveIntegerField()
    # The client's name for the file, for display only; never used in a path.
    original_filename = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=255, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.key} ({self.status})"

    @property
    def extension(self):
        return CONTENT_TYPES[self.content_type][0]

    @property
    def pillow_format(self):
        return CONTENT_TYPES[self.content_type][1]
