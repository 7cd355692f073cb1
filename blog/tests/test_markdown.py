"""Markdown rendering and sanitizing of post bodies."""

import pytest

from blog.markdown import render_markdown


def test_tables_are_rendered():
    html = render_markdown("| a | b |\n| --- | --- |\n| 1 | 2 |\n")
    assert "<table>" in html and "<td>1</td>" in html


def test_fenced_code_is_highlighted_with_pygments_classes():
    html = render_markdown("```python\ndef f():\n    return 1\n```\n")
    assert '<div class="codehilite">' in html
    assert '<span class="k">def</span>' in html


def test_footnotes_and_heading_anchors():
    html = render_markdown("## Getting started\n\nText[^1].\n\n[^1]: A note.\n")
    assert '<h2 id="getting-started">Getting started</h2>' in html
    assert 'id="fn:1"' in html and 'href="#fn:1"' in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">x</a>',
        "<svg><script>alert(1)</script></svg>",
        '<iframe src="https://evil.example"></iframe>',
    ],
)
def test_raw_html_cannot_run_script(payload):
    html = render_markdown(f"Hello\n\n{payload}\n")
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "<iframe" not in lowered and "<svg" not in lowered


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
    ],
)
def test_dangerous_url_schemes_are_removed(link):
    html = render_markdown(link).lower()
    assert "javascript:" not in html
    assert "java\tscript" not in html
    assert "data:" not in html
    assert "vbscript:" not in html


def test_inline_styles_are_dropped():
    html = render_markdown('<p style="position:fixed;top:0">overlay</p>')
    assert "style=" not in html
    assert "overlay" in html


def test_safe_links_keep_their_href_and_gain_rel():
    html = render_markdown("[docs](https://example.com/docs)")
    assert 'href="https://example.com/docs"' in html
    assert 'rel="noopener noreferrer"' in html


def test_malformed_internal_references_do_not_crash():
    html = render_markdown("![alt](image:not-a-number) [page](page:abc)")
    assert "alt" in html


@pytest.mark.django_db
def test_image_reference_renders_an_absolute_rendition(make_image, settings):
    image = make_image()
    html = render_markdown(f"![A chart](image:{image.pk})")
    assert '<img alt="A chart"' in html
    assert f'src="{settings.WAGTAILAPI_BASE_URL}/media/images/' in html


@pytest.mark.django_db
def test_page_reference_links_to_the_page_path(make_post):
    post = make_post(title="Target", slug="target")
    html = render_markdown(f"[see]({'page:'}{post.pk})")
    assert 'href="/blog/target/"' in html
