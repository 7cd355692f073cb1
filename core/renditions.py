"""
Image rendition specs, declared once.

The APIs serve these renditions and the upload job pre-generates the avatar
ones, so both read them from here: a size changed in one place is changed in
both, and the first reader of a fresh avatar never pays for a resize.
"""

HERO_WIDTHS = (400, 800, 1200, 1600)
THUMBNAIL_SPEC = "fill-640x360|format-webp"
HERO_SPECS = tuple(f"width-{w}|format-webp" for w in HERO_WIDTHS) + (THUMBNAIL_SPEC,)
SOCIAL_SPEC = "fill-1200x630|format-jpeg|jpegquality-85"

AVATAR_SPEC = "fill-160x160|format-webp"
# Every avatar rendition an API serves; uploads/processing.py makes exactly these.
AVATAR_SPECS = (AVATAR_SPEC,)
