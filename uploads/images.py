"""
Checking and cleaning an uploaded image with Pillow. Nothing about the file is
believed: its real format must match the declared one, its pixel count must be
reasonable before anything is decoded, and the output is a fresh encode with
no metadata (EXIF, GPS, XMP, comments) and the EXIF orientation applied.
"""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError


class Rejected(Exception):
    """The file is not acceptable; ``str(exc)`` is the reason shown to the user."""


FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
# Phones write JPEGs with extra pictures (MPO); Pillow names them apart, browsers say image/jpeg.
SAME_AS = {"MPO": "JPEG"}


def clean_image(data, declared_format, max_pixels):
    """Return ``data`` re-encoded in ``declared_format`` without metadata, or raise ``Rejected``."""
    declared_name = FORMAT_NAMES.get(declared_format, declared_format)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice its limit: make that an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                if width * height > max_pixels:
                    raise Rejected(
                        f"The image is {width}×{height} pixels; the limit is "
                        f"{max_pixels / 1_000_000:g} million pixels."
                    )
                if SAME_AS.get(probe.format, probe.format) != declared_format:
                    actual = FORMAT_NAMES.get(probe.format, probe.format or "unknown")
                    raise Rejected(f"The file is a {actual} image but was sent as {declared_name}.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # first frame only: avatars are still images
                return _encode(image, declared_format)
    except Rejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Rejected(f"The image has too many pixels to process safely (limit {max_pixels:,}).") from exc
    except UnidentifiedImageError as exc:
        raise Rejected("The file is not a JPEG, PNG, WebP or GIF image.") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise Rejected(f"The {declared_name} image is damaged or truncated.") from exc


def _encode(image, fmt):
    icc_profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    image = ImageOps.exif_transpose(image)
    # Drop everything Pillow carried over from the source; keep only what the pixels need.
    image.info = {}
    if hasattr(image, "_exif"):
        image._exif = None
    options = {}
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        options = {"quality": 90, "optimize": True}
    elif fmt == "WEBP":
        options = {"quality": 90}
    elif fmt in ("PNG", "GIF"):
        options = {"optimize": True}
        if transparency is not None:
            options["transparency"] = transparency
    if icc_profile and fmt in ("JPEG", "PNG", "WEBP"):
        options["icc_profile"] = icc_profile  # colour, not personal data
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()
