"""``core.urls.absolute_url``: one origin for every URL an API answer carries."""

from core.urls import absolute_url


def test_relative_urls_get_the_configured_origin(settings):
    settings.WAGTAILAPI_BASE_URL = "https://cms.example"
    assert absolute_url("/media/a.webp") == "https://cms.example/media/a.webp"


def test_absolute_and_protocol_relative_urls_pass_through(settings):
    settings.WAGTAILAPI_BASE_URL = "https://cms.example"
    assert absolute_url("https://bucket.s3.example/a.webp?sig=1") == "https://bucket.s3.example/a.webp?sig=1"
    assert absolute_url("//cdn.example/a.webp") == "//cdn.example/a.webp"
