"""
Tags as the API serves them: every name an editor can type gets a slug that
finds its tag and its posts, and posts carry that slug so nobody derives one.
"""

import json
from pathlib import Path

import pytest
from taggit.models import Tag
from taggit.utils import parse_tags

pytestmark = pytest.mark.django_db

# Names an editor may type; frontend/e2e/follow-a-tag.spec.ts follows the same ones in a browser.
EDITOR_NAMES = json.loads((Path(__file__).parent / "editor_tag_names.json").read_text(encoding="utf-8"))


def post_tags(client, post):
    response = client.get(f"/api/v2/pages/{post.pk}/")
    assert response.status_code == 200
    return response.json()["tags"]


class TestPostTags:
    def test_post_tags_come_with_the_slug_taggit_gave_them(self, api_client, make_post):
        post = make_post(tags=["foo_bar", "Café", "c", "C#"])
        assert post_tags(api_client, post) == [
            {"name": "c", "slug": "c"},
            {"name": "C#", "slug": "c_1"},
            {"name": "Café", "slug": "café"},
            {"name": "foo_bar", "slug": "foo_bar"},
        ]

    @pytest.mark.parametrize("name", EDITOR_NAMES)
    def test_any_tag_name_finds_its_tag_and_its_posts_by_slug(self, api_client, make_post, name):
        post = make_post(tags=[name])
        [tag] = post_tags(api_client, post)
        assert tag["name"] == name
        slug = tag["slug"]
        # One path segment that needs no escaping beyond UTF-8 percent-encoding.
        assert slug and "/" not in slug and "%" not in slug and slug.strip() == slug
        assert slug == Tag.objects.get(name=name).slug

        found = api_client.get("/api/v2/tags/", {"slug": slug})
        assert found.status_code == 200
        assert found.json()["items"] == [{"name": name, "slug": slug, "post_count": 1}]

        listed = api_client.get("/api/v2/pages/", {"type": "blog.BlogPage", "tag": slug})
        assert listed.status_code == 200
        assert [item["id"] for item in listed.json()["items"]] == [post.pk]

    def test_names_typed_in_the_admin_tag_field_all_get_distinct_slugs(self, api_client, make_post):
        # What the editor types, parsed as the admin's tag widget parses it.
        names = parse_tags('foo_bar, Café, "C#", "c++", 日本語, "a/b", "  spaces  ", 100%, <script>, 🎉, 🚀')
        post = make_post(tags=names)
        slugs = [tag["slug"] for tag in post_tags(api_client, post)]
        assert len(set(slugs)) == len(names) and all(slugs)
        assert {"party-popper", "rocket", "c", "c_1", "日本語", "ab", "spaces", "script"} <= set(slugs)

    def test_filter_by_tag_name_still_works_for_non_ascii_names(self, api_client, make_post):
        post = make_post(tags=["Café"])
        make_post(tags=["cafe"])
        listed = api_client.get("/api/v2/pages/", {"type": "blog.BlogPage", "tags": "Café"})
        assert [item["id"] for item in listed.json()["items"]] == [post.pk]


class TestSymbolTagSlugs:
    def test_a_name_with_no_letters_is_named_after_its_characters(self, make_post):
        make_post(tags=["🎉", "%%"])
        assert Tag.objects.get(name="🎉").slug == "party-popper"
        assert Tag.objects.get(name="%%").slug == "percent-sign-percent-sign"

    def test_symbol_slugs_stay_unique(self, make_post):
        make_post(tags=["party-popper", "🎉"])
        make_post(tags=["🎉🎉"])
        assert Tag.objects.get(name="🎉").slug == "party-popper_1"
        assert Tag.objects.get(name="🎉🎉").slug == "party-popper-party-popper"

    def test_a_slug_the_editor_chose_is_kept(self):
        Tag.objects.create(name="🎉", slug="celebration")
        assert Tag.objects.get(name="🎉").slug == "celebration"
