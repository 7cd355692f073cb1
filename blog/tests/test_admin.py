"""The editors' admin: authors are snippets, the Markdown editor has its icons locally."""

import pytest

pytestmark = pytest.mark.django_db


def test_authors_are_managed_as_snippets(admin_client, make_author):
    make_author(name="Listed Author")
    response = admin_client.get("/admin/snippets/blog/author/")
    assert response.status_code == 200
    assert b"Listed Author" in response.content


def test_the_post_editor_serves_font_awesome_from_our_own_static_files(admin_client, make_post):
    post = make_post()
    response = admin_client.get(f"/admin/pages/{post.pk}/edit/")
    assert response.status_code == 200
    assert b"/static/fontawesomefree/css/v4-shims.min.css" in response.content
    assert b'data-easymde-autodownload-value="false"' in response.content


def test_the_admin_does_not_call_gravatar(admin_client):
    response = admin_client.get("/admin/")
    assert b"gravatar.com" not in response.content
