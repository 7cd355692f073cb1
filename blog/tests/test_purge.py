"""blog.purge and the expansion of author and image changes: what a change purges from
the edge cache, in a number of queries that does not grow with the posts it touches."""

import pytest

from blog import purge, tasks
from core import jobs
from core.signals import content_changed

PURGE_ENABLED = {
    "edge": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": "http://127.0.0.1:9",  # never called: purges run after commit
    }
}


@pytest.fixture
def edge_cache(settings):
    settings.FRONTEND_URL = "https://example.com"
    settings.WAGTAILFRONTENDCACHE = PURGE_ENABLED


def public(*paths):
    return {f"https://example.com{path}" for path in paths}


class TestAuthorChange:
    def make_posts(self, make_post, make_author, author, count):
        return [
            make_post(
                title=f"{author.name} {n}",
                authors=[author, make_author(name=f"{author.name} co {n}")],
                tags=[f"t{n}"],
            )
            for n in range(count)
        ]

    def test_saving_an_author_costs_the_same_queries_for_1_or_5_posts(
        self, edge_cache, make_post, make_author, count_queries
    ):
        counts = []
        for count in (1, 5):
            author = make_author(name=f"Ada {count}")
            self.make_posts(make_post, make_author, author, count)
            with count_queries() as ctx:
                author.save()
            counts.append(len(ctx))
        # the slug saved over, the save, the caches' bumps, the author's posts with their
        # tags and authors, the listings (was 18 + 10 a post: each post's site, root
        # page, tags, authors and previous version one by one)
        assert counts == [21, 21]

    def test_a_new_slug_purges_the_old_author_page_too(
        self, edge_cache, make_post, make_author, queued, sent
    ):
        ada = make_author(name="Ada", slug="ada")
        [post] = self.make_posts(make_post, make_author, ada, 1)
        queued.clear()
        ada.slug = "ada-lovelace"
        ada.save()
        [urls] = queued
        assert public("/authors/ada/", "/authors/ada-lovelace/", "/authors/", f"/blog/{post.slug}/") <= urls
        assert public(f"/api/v2/pages/{post.pk}/*", "/api/v2/authors/*") <= urls
        # the frontend drops its data cached under the old slug's tag too
        assert {"author:ada", "author:ada-lovelace"} <= set(sent[-1]["tags"])

    def test_saving_an_author_twice_names_only_the_slugs_it_had(self, edge_cache, make_author, sent):
        ada = make_author(name="Ada", slug="ada")
        ada.slug = "lovelace"
        ada.save()
        ada.save()
        assert [tag for tag in sent[-1]["tags"] if tag.startswith("author:")] == ["author:lovelace"]

    def test_a_deleted_author_purges_their_page_and_the_posts_that_credited_them(
        self, edge_cache, make_post, make_author, queued
    ):
        ada = make_author(name="Ada", slug="ada")
        [post] = self.make_posts(make_post, make_author, ada, 1)
        queued.clear()
        ada.delete()
        [urls] = queued
        assert public("/authors/ada/", "/authors/", f"/blog/{post.slug}/", "/tags/t0/") <= urls
        assert public(f"/api/v2/pages/{post.pk}/*", "/api/v2/authors/*") <= urls

    def test_the_urls_of_an_author_change_are_their_posts_as_they_show_now(
        self, edge_cache, make_post, make_author
    ):
        ada = make_author(name="Ada", slug="ada")
        [post] = self.make_posts(make_post, make_author, ada, 1)
        urls = set(purge.urls_for(None, ["authors", "author:ada", "posts"], []))
        assert (
            public(
                "/authors/",
                "/authors/ada/",
                "/authors/ada-co-0/",
                f"/blog/{post.slug}/",
                "/tags/t0/",
                "/blog/",
                "/",
            )
            <= urls
        )
        assert public(f"/api/v2/pages/{post.pk}/*", "/api/v2/pages/*", "/api/v2/authors/*") <= urls


@pytest.fixture
def queued(monkeypatch):
    """The edge purges ``blog.signals`` queued meanwhile: each change's set of URLs."""
    calls = []
    enqueue = jobs.enqueue_on_commit

    def record(task, *args, **kwargs):
        if task is tasks.revalidate_frontend:
            calls.append(set(args[2]))
        else:
            enqueue(task, *args, **kwargs)

    monkeypatch.setattr(jobs, "enqueue_on_commit", record)
    return calls


@pytest.fixture
def sent():
    """The ``content_changed`` signals sent meanwhile, as their keyword arguments."""
    calls = []

    def receive(sender, **kwargs):
        calls.append(kwargs)

    content_changed.connect(receive, dispatch_uid="test_purge_sent")
    yield calls
    content_changed.disconnect(dispatch_uid="test_purge_sent")


class TestImageChange:
    def test_an_image_change_names_the_posts_and_authors_showing_it_in_flat_queries(
        self, edge_cache, make_post, make_author, make_image, sent, count_queries
    ):
        counts = []
        for count in (1, 4):
            image = make_image(title=f"Shown by {count}")
            avatar_of = make_author(name=f"Face {count}", avatar=image)
            heroes = [make_post(hero_image=image, hero_alt="A view") for _ in range(count)]
            social = make_post(social_image=image)
            make_post()  # not showing it
            sent.clear()
            with count_queries() as ctx:
                image.save()
            counts.append(len(ctx))
            [change] = sent
            assert change["page"] is None
            assert {f"image:{image.pk}", f"author:{avatar_of.slug}", "posts"} <= set(change["tags"])
            showing = {tag for tag in change["tags"] if tag.startswith("page:")}
            assert showing == {f"page:{post.pk}" for post in [*heroes, social]}
            assert {f"/blog/{post.slug}/" for post in [*heroes, social]} <= set(change["paths"])
        # the same for 2 posts showing it as for 5 (was 27 + 4 a post)
        assert counts == [30, 30]
