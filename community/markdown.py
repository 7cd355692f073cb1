"""
Comment Markdown → safe HTML.

Readers get a small subset: emphasis, links, inline and fenced code, quotes and
lists. Raw HTML is not interpreted at all (it shows as typed, escaped), images
are not rendered, and nh3 cleans the result with an allow-list, so ``javascript:``
and ``data:`` URLs, event handlers and SVG cannot survive in any spelling.
Links are marked ``nofollow ugc`` because readers, not editors, wrote them.
"""

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"


def _markdown():
    md = markdown.Markdown(extensions=["fenced_code", "sane_lists", "nl2br"], output_format="html")
    # No raw HTML and no images: deregistering the processors leaves them as text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("image_link")
    md.inlinePatterns.deregister("image_reference")
    md.inlinePatterns.deregister("short_image_ref")
    return md


def _absolute_links_only(tag, attribute, value):
    # nh3 already drops disallowed schemes; relative links are dropped too, since
    # a reader's link to a path on this site is more likely a trick than a help.
    if (
        tag == "a"
        and attribute == "href"
        and not value.lower().startswith(("http://", "https://", "mailto:"))
    ):
        return None
    return value


def render_comment_markdown(text: str) -> str:
    """Render a comment body (already trimmed) to sanitized HTML."""
    html = _markdown().convert(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_absolute_links_only,
    )
