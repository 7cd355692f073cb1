"""
Comment Markdown → safe HTML.

Readers get a small subset: emphasis, links, inline and fenced code, quotes and
lists. Raw HTML is not interpreted at all (it shows as typed, escaped), images
are not rendered, and nh3 cleans the result with an allow-list, so ``javascript:``
and ``data:`` URLs, event handlers and SVG cannot survive in any spelling.
Links are marked ``nofollow ugc`` because readers, not editors, wrote them.
"""

import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from django.utils.html import escape
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from community.mentions import MENTION

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol", "li", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Raw HTML is never interpreted, so the only spans are the renderer's mentions.
ALLOWED_CLASSES = {"span": {"mention"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"


class MentionProcessor(InlineProcessor):
    """``@name`` of a known user → ``<span class="mention">@name</span>`` (not in code)."""

    def __init__(self, names):
        super().__init__(MENTION.pattern)
        self.names = names

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        name = m.group(1).rstrip(".-")
        if name.casefold() not in self.names:
            return None, None, None
        span = etree.Element("span", {"class": "mention"})
        span.text = AtomicString(f"@{name}")
        return span, m.start(0), m.start(0) + len(name) + 1


def _markdown(mentions=()):
    md = markdown.Markdown(extensions=["fenced_code", "sane_lists", "nl2br"], output_format="html")
    if mentions:
        names = {name.casefold() for name in mentions}
        md.inlinePatterns.register(MentionProcessor(names), "mention", 75)
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


# Python-Markdown parses nested quotes and lists recursively (">>>>…" or "- - - …"
# a few hundred deep exceeds the recursion limit), and matches "[" link openers
# by backtracking (5,000 of them took 2.5 s): comments past these bounds are
# shown as plain text instead.
MAX_NESTING = 12
MAX_LINK_OPENERS = 200
_NESTING_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s)))+", re.MULTILINE)
_NESTING_MARK = re.compile(r">|[-*+]|\d{1,9}[.)]")


def _too_deep(text):
    for prefix in _NESTING_PREFIX.findall(text):
        if len(_NESTING_MARK.findall(prefix)) > MAX_NESTING:
            return True
    return text.count("[") > MAX_LINK_OPENERS


def _plain_text_html(text):
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def render_comment_markdown(text: str, mentions=()) -> str:
    """Render a comment body (already trimmed) to sanitized HTML; ``@name`` of each of
    ``mentions`` (usernames) shows as a mention."""
    text = text or ""
    if _too_deep(text):
        html = _plain_text_html(text)
    else:
        try:
            html = _markdown(mentions).convert(text)
        except RecursionError:  # a nesting shape the bounds above did not foresee
            html = _plain_text_html(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_absolute_links_only,
    )


REMOTE_TAGS = ALLOWED_TAGS | {"span"}


def clean_remote_html(html: str) -> str:
    """A fediverse reply's HTML (Mastodon sends ``<p>``, links and ``<span class="h-card">``
    mentions) cleaned with the same allow-list as local comments: links and mentions
    stay, classes, scripts, images and relative links go."""
    return nh3.clean(
        html or "",
        tags=REMOTE_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_absolute_links_only,
    )
