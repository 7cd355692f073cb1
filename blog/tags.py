"""
Slugs for tag names made only of symbols.

taggit slugifies the name (``Café`` → ``café``, ``C#`` → ``c``, then ``c_1`` on a
collision), which leaves nothing of a name like ``🎉`` or ``%%``: an empty slug
would give the tag no page. Such a tag is named after its characters instead
(``🎉`` → ``party-popper``), kept unique the way taggit does it.
"""

import unicodedata

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.text import slugify
from taggit.models import Tag

FALLBACK_SLUG = "tag"


def symbol_slug(name):
    """A slug from the Unicode names of ``name``'s characters: ``"🎉"`` → ``"party-popper"``."""
    spelled = " ".join(unicodedata.name(char, "") for char in name)
    max_length = Tag._meta.get_field("slug").max_length
    return slugify(spelled, allow_unicode=True)[: max_length - 4].strip("-") or FALLBACK_SLUG


def unique_slug(base):
    """``base``, or ``base_1``, ``base_2``... whichever no tag has yet (taggit's suffixes)."""
    taken = set(Tag.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 0
    while slug in taken:
        n += 1
        slug = f"{base}_{n}"
    return slug


@receiver(pre_save, sender=Tag, dispatch_uid="blog_tags_slug_for_symbol_names")
def give_symbol_names_a_slug(sender, instance, **kwargs):
    if not instance.slug:
        instance.slug = unique_slug(symbol_slug(instance.name))
