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


class TestNewPostAuthor:
    """A new post's author chooser starts with the writer's own Author."""

    @pytest.fixture
    def editor(self, django_user_model):
        return django_user_model.objects.create_superuser(
            username="ada", password="pw", email="ada@example.com"
        )

    def add_url(self, blog_index):
        return f"/admin/pages/add/blog/blogpage/{blog_index.pk}/"

    def chosen_author_inputs(self, html, author):
        return f'name="page_authors-0-author" value="{author.pk}"' in html

    def test_the_signed_in_writer_is_preselected(self, client, editor, blog_index, make_author):
        ada = make_author(name="Ada Lovelace", user=editor)
        make_author(name="Someone Else")
        client.force_login(editor)
        response = client.get(self.add_url(blog_index))
        assert response.status_code == 200
        html = response.content.decode()
        assert self.chosen_author_inputs(html, ada)
        assert "Ada Lovelace" in html
        assert 'name="page_authors-TOTAL_FORMS" value="1"' in html

    def test_posting_the_prefilled_form_credits_the_writer(self, client, editor, blog_index, make_author):
        from blog.models import BlogPage

        ada = make_author(name="Ada Lovelace", user=editor)
        client.force_login(editor)
        response = client.post(
            self.add_url(blog_index),
            {
                "title": "Written by Ada",
                "slug": "written-by-ada",
                "excerpt": "",
                "body": "Hello.",
                "date": "2026-01-02",
                "tags": "",
                "hero_alt": "",
                "canonical_url": "",
                "comments_enabled": "on",
                "page_authors-TOTAL_FORMS": "1",
                "page_authors-INITIAL_FORMS": "0",
                "page_authors-MIN_NUM_FORMS": "1",
                "page_authors-MAX_NUM_FORMS": "1000",
                "page_authors-0-author": str(ada.pk),
                "page_authors-0-id": "",
                "page_authors-0-ORDER": "1",
                "page_authors-0-DELETE": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        post = BlogPage.objects.get(slug="written-by-ada")
        assert post.authors == [ada]

    def test_a_user_without_an_author_gets_an_empty_chooser(self, client, editor, blog_index, make_author):
        other = make_author(name="Someone Else")
        client.force_login(editor)
        html = client.get(self.add_url(blog_index)).content.decode()
        assert not self.chosen_author_inputs(html, other)
        assert '<input type="hidden" name="page_authors-0-author" id="id_page_authors-0-author">' in html

    def test_editing_a_post_keeps_its_own_authors(self, client, editor, make_post, make_author):
        make_author(name="Ada Lovelace", user=editor)
        bo = make_author(name="Bo")
        post = make_post(authors=[bo])
        client.force_login(editor)
        html = client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
        assert 'name="page_authors-TOTAL_FORMS" value="1"' in html
        assert self.chosen_author_inputs(html, bo)
