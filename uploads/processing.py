"""
Turning a finished upload into an avatar: the rules behind the background job.

``process_upload`` runs once per upload under a row lock, so completing twice
(or a redelivered task) finds the work done and changes nothing.
"""

import io
import logging

from django.apps import apps
from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection

from core.renditions import AVATAR_SPECS

from . import storage
from .images import Rejected, clean_image
from .models import Upload

logger = logging.getLogger(__name__)

AVATAR_COLLECTION = "Avatars"


def process_upload(upload_id):
    """
    Check, clean and publish one upload; return it with its final status.
    Raises ``StorageUnavailable`` (nothing changed) when storage can't be reached.
    """
    with transaction.atomic():
        upload = Upload.objects.select_for_update().select_related("user").get(pk=upload_id)
        if upload.status != Upload.Status.PENDING:
            return upload
        try:
            image = _make_avatar(upload)
        except Rejected as exc:
            # Real S3 would have refused some of these; our bucket keeps none of them.
            storage.delete_object(upload.key)
            upload.status, upload.reason = Upload.Status.REJECTED, str(exc)[:255]
        else:
            upload.status, upload.image = Upload.Status.READY, image
            attach_avatar(upload.user, image)
        upload.processed_at = timezone.now()
        upload.save(update_fields=["status", "reason", "image", "processed_at"])

    if upload.status == Upload.Status.READY:
        # The raw upload still carries its EXIF/GPS: only the cleaned copy stays.
        try:
            storage.delete_object(upload.key)
        except storage.StorageUnavailable:
            logger.warning("Could not delete raw upload %s; the bucket lifecycle rule will.", upload.key)
    return upload


def _make_avatar(upload):
    size = storage.object_size(upload.key)
    limit = settings.UPLOADS_MAX_SIZE
    if size is None:
        raise Rejected("The file never arrived. Please upload it again.")
    if size == 0:
        raise Rejected("The file is empty.")
    if size > limit:
        raise Rejected(f"The file is {_mb(size)}; the limit is {_mb(limit)}.")
    # The form stays usable until it expires, so the object may have changed since
    # the HEAD: from here on only these bytes count.
    data = storage.read_object(upload.key, limit)
    if len(data) > limit:
        raise Rejected(f"The file is larger than {_mb(limit)}.")
    cleaned = clean_image(data, upload.pillow_format, settings.UPLOADS_MAX_IMAGE_PIXELS)

    with storage.storage_errors():
        image = get_image_model()(
            title=f"Avatar of {upload.user.get_username()}",
            collection=avatar_collection(),
            uploaded_by_user=upload.user,
        )
        image.file = ImageFile(io.BytesIO(cleaned), name=f"avatar-{upload.pk.hex}.{upload.extension}")
        image._set_image_file_metadata()
        image.save()
        # Exactly the renditions the APIs serve, so the first page view doesn't pay for them.
        image.get_renditions(*AVATAR_SPECS)
    return image


def avatar_collection():
    """The "Avatars" collection, made under the root the first time it is needed."""
    collection = Collection.objects.filter(name=AVATAR_COLLECTION, depth=2).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=AVATAR_COLLECTION)
    return collection


def attach_avatar(user, image):
    """
    Make ``image`` the user's avatar on their community profile. Returns False
    (and does nothing) while the community app has no ``Profile`` model.
    """
    if not apps.is_installed("community"):
        return False
    try:
        profile_model = apps.get_model("community", "Profile")
    except LookupError:
        return False
    profile_model.objects.update_or_create(user=user, defaults={"avatar": image})
    return True


def _mb(size):
    return f"{size / (1024 * 1024):.1f} MB"
