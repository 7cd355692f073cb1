"""
Markdown → safe HTML for posts.

wagtail-markdown's field stores raw Markdown; API v2 would hand that out as-is.
We render with Python-Markdown (tables, fenced code highlighted by Pygments,
footnotes, heading anchors, Wagtail's internal link forms) and then clean the
result with nh3 using an explicit allow-list: no script, no event handlers, no
inline styles, and only http(s)/mailto/relative URLs survive.
"""

import hashlib

import markdown
import nh3
from django.conf import settings
from django.core.cache import cache
from wagtailmarkdown.mdx.inlinepatterns import (
    DelExtension,
    ImageExtension,
    LinkExtension,
    ObjectLookupNegotiator,
)
from wagtailmarkdown.mdx.linker import LinkerExtension

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

ALLOWED_TAGS = _HEADINGS | {
    "p", "div", "span", "pre", "code", "em", "strong", "del", "ins", "sup", "sub",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "hr", "br", "a", "img",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "abbr",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    **{tag: {"id"} for tag in _HEADINGS},
    "a": {"href", "title", "id", "class"},
    "img": {"src", "alt", "title", "width", "height"},
    # Pygments marks tokens with classes; footnotes use ids and classes.
    "div": {"class"},
    "span": {"class"},
    "code": {"class"},
    "pre": {"class"},
    "sup": {"id", "class"},
    "li": {"id"},
    "ol": {"class"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "td": {"colspan", "rowspan", "align"},
    "abbr": {"title"},
}

URL_SCHEMES = {"http", "https", "mailto"}


class IdLookupNegotiator(ObjectLookupNegotiator):
    """``page:12`` / ``image:3`` / ``doc:4`` links; anything but a number is left
    as written instead of crashing the lookup (upstream raises ValueError)."""

    @classmethod
    def retrieve(cls, url):
        _, _, identifier = url.partition(":")
        if not identifier.isdigit():
            return None
        return super().retrieve(url)


def _extensions():
    return [
        "extra",  # tables, fenced code, footnotes, abbreviations, def lists
        "codehilite",
        "toc",
        "sane_lists",
        LinkerExtension(
            {
                "__default__": "wagtailmarkdown.mdx.linkers.page",
                "page:": "wagtailmarkdown.mdx.linkers.page",
                "image:": "wagtailmarkdown.mdx.linkers.image",
                "doc:": "wagtailmarkdown.mdx.linkers.document",
            }
        ),
        LinkExtension(object_lookup_negotiator=IdLookupNegotiator),
        ImageExtension(object_lookup_negotiator=IdLookupNegotiator),
        DelExtension(),
    ]


EXTENSION_CONFIGS = {
    "codehilite": {"guess_lang": False, "css_class": "codehilite"},
    "toc": {"permalink": False},
}


def render_markdown(text: str) -> str:
    """Render post Markdown to sanitized HTML."""
    html = markdown.markdown(
        text or "",
        extensions=_extensions(),
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )
    return sanitize_html(html)


def _absolute_media(tag, attribute, value):
    # Renditions of images embedded with image:ID have site-relative URLs on
    # local disk; the frontend lives on another origin.
    if tag == "img" and attribute == "src" and value.startswith("/") and not value.startswith("//"):
        return settings.WAGTAILAPI_BASE_URL.rstrip("/") + value
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_absolute_media,
    )


def render_markdown_cached(text: str) -> str:
    """Rendering (Pygments especially) is the costliest part of a listing, so
    cache the HTML by the Markdown's hash: the output depends on it alone."""
    key = "md:v1:" + hashlib.sha256(text.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render_markdown(text)
        cache.set(key, html, timeout=60 * 60 * 24)
    return html
