"""
The edge cache, real: Varnish (deploy/varnish/folio.vcl, started by deploy/varnish/run)
in front of a live Django and of a loopback origin standing in for Next.js, with
Django purging it through wagtail.contrib.frontend_cache's HTTP backend.
"""

import random
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from rest_framework_simplejwt.tokens import RefreshToken

from blog import purge
from blog.models import BlogPage
from tests.hardening.services import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LISTING = "/api/v2/pages/?type=blog.BlogPage&fields=title,tags&order=-first_published_at&limit=50"


class Origin:
    """Pages as Next.js answers them: ISR pages (``s-maxage``), per-request pages
    (``private, no-store``), an answer that sets a cookie; counts what reaches it."""

    ANSWERS = {
        "/isr/": {"Cache-Control": "s-maxage=3600, stale-while-revalidate=31532400"},
        "/account/": {"Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate"},
        "/sets-cookie/": {"Cache-Control": "s-maxage=3600", "Set-Cookie": "folio_access=x; Path=/; HttpOnly"},
        "/stale/": {"Cache-Control": "s-maxage=3600", "x-nextjs-cache": "STALE"},
        "/authors/ada/": {"Cache-Control": "s-maxage=3600, stale-while-revalidate=31532400"},
        "/authors/ada-lovelace/": {"Cache-Control": "s-maxage=3600, stale-while-revalidate=31532400"},
        "/slow/": {"Cache-Control": "s-maxage=3600, stale-while-revalidate=31532400"},
    }

    # /slow/: a read that takes SLOW_SECONDS and answers what ``version`` was when it began
    SLOW_SECONDS = 1.0

    def __init__(self):
        self.hits = {}
        self.cookies = []
        self.version = 1
        origin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                path = urlsplit(self.path).path
                origin.hits[path] = origin.hits.get(path, 0) + 1
                origin.cookies.append(self.headers.get("Cookie"))
                body = f"{path} #{origin.hits[path]}".encode()
                if path == "/slow/":
                    body = f"v{origin.version}".encode()
                    time.sleep(origin.SLOW_SECONDS)
                self.send_response(200 if path in origin.ANSWERS else 404)
                for name, value in origin.ANSWERS.get(path, {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="session")
def origin():
    server = Origin()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="session")
def varnish(live_server, origin):
    """Varnish on a free port in front of the live server (Django) and ``origin`` (Next)."""
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / "deploy/varnish/run"), str(port), str(urlsplit(live_server.url).port), str(origin.port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"

    def answers():
        try:
            return requests.get(f"{url}/isr/", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    if not wait_until(answers, 60):
        process.terminate()
        pytest.fail(f"Varnish did not start: {process.communicate(timeout=10)[0]}")
    yield url
    process.terminate()
    process.wait(timeout=15)


@pytest.fixture
def edge(settings, varnish):
    """Django purges this Varnish; the public host is Varnish itself."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": varnish}
    }
    settings.FRONTEND_URL = varnish
    settings.ALLOWED_HOSTS = ["*"]
    return varnish


def get(url, **kwargs):
    return requests.get(url, timeout=5, allow_redirects=False, **kwargs)


def wait_for_jobs():
    """The purge runs in its own thread on the embedded default (core.jobs)."""
    assert wait_until(lambda: not any(t.name.startswith("job:") for t in threading.enumerate()), 30)


def titles(response):
    return [item["title"] for item in response.json()["items"]]


def test_public_api_answers_are_kept_for_hours_by_the_edge(edge, make_post):
    make_post(title="Kept")
    wait_for_jobs()
    first, second = get(edge + LISTING), get(edge + LISTING)
    assert first.headers["X-Cache"] == "MISS" and second.headers["X-Cache"] == "HIT"
    assert "s-maxage=21600" in second.headers["Cache-Control"]
    assert "public" in second.headers["Cache-Control"]
    assert second.json() == first.json()


def test_a_publish_is_visible_through_the_cache_within_two_seconds(edge, make_post):
    post = make_post(title="Before")
    wait_for_jobs()
    detail = f"{edge}/api/v2/pages/{post.pk}/?fields=title"
    assert titles(get(edge + LISTING)) == ["Before"]
    assert get(detail).json()["title"] == "Before"
    assert get(edge + LISTING).headers["X-Cache"] == "HIT"

    published_at = time.monotonic()
    post.title = "After"
    post.save_revision().publish()
    assert wait_until(lambda: titles(get(edge + LISTING)) == ["After"], 2, interval=0.05)
    assert wait_until(lambda: get(detail).json()["title"] == "After", 2 - (time.monotonic() - published_at))


def test_a_purge_covers_every_query_string_of_an_api_path(edge, make_post):
    post = make_post(title="One")
    wait_for_jobs()
    variants = [
        LISTING,
        "/api/v2/pages/?type=blog.BlogPage&fields=title&limit=5",
        "/api/v2/pages/?fields=title",
    ]
    for variant in variants:
        get(edge + variant)
        assert get(edge + variant).headers["X-Cache"] == "HIT"
    post.title = "Two"
    post.save_revision().publish()
    wait_for_jobs()
    for variant in variants:
        response = get(edge + variant)
        assert response.headers["X-Cache"] == "MISS", variant
        assert "Two" in titles(response)


def test_requests_with_an_authorization_header_bypass_the_cache(edge, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")
    token = str(RefreshToken.for_user(user).access_token)
    for _ in range(2):
        response = get(f"{edge}/api/auth/me/", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and response.json()["username"] == "reader"
        assert response.headers["X-Cache"] == "PASS"
    # the listing, asked with credentials, is not served from (nor stored in) the cache either
    assert get(edge + LISTING, headers={"Authorization": f"Bearer {token}"}).headers["X-Cache"] == "PASS"
    assert get(f"{edge}/api/auth/me/").status_code == 401


@pytest.mark.parametrize(
    "cookie", ["folio_access=a", "folio_refresh=r", "sessionid=s", "__prerender_bypass=1"]
)
def test_requests_with_the_session_cookies_bypass_the_cache(edge, origin, cookie):
    get(f"{edge}/isr/")  # stored
    before = origin.hits.get("/isr/", 0)
    response = get(f"{edge}/isr/", headers={"Cookie": f"theme=dark; {cookie}"})
    assert response.headers["X-Cache"] == "PASS"
    assert origin.hits["/isr/"] == before + 1
    assert cookie in origin.cookies[-1]


def test_other_cookies_are_dropped_and_the_page_served_from_the_cache(edge, origin):
    get(f"{edge}/isr/")
    before = origin.hits["/isr/"]
    response = get(f"{edge}/isr/", headers={"Cookie": "theme=dark; _ga=1"})
    assert response.headers["X-Cache"] == "HIT"
    assert origin.hits["/isr/"] == before


@pytest.mark.parametrize("path", ["/sets-cookie/", "/account/", "/stale/"])
def test_answers_that_set_cookies_are_per_user_or_stale_are_never_stored(edge, origin, path):
    for _ in range(3):
        response = get(f"{edge}{path}")
        assert response.text == f"{path} #{origin.hits[path]}"
        assert response.headers["X-Cache"] == "PASS"
    assert origin.hits[path] >= 3
    if path == "/sets-cookie/":
        assert "folio_access" in response.headers["Set-Cookie"]


def test_a_read_that_began_before_a_change_is_purged_again_once_it_is_over(edge, origin, settings):
    from blog.tasks import purge_edge_cache

    settings.EDGE_REPURGE_SECONDS = 2 * origin.SLOW_SECONDS
    url = f"{edge}/slow/"
    origin.version, before = 1, origin.hits.get("/slow/", 0)
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(get, url)  # a reader's request reaches the origin...
        assert wait_until(lambda: origin.hits.get("/slow/", 0) == before + 1, 5, interval=0.01)
        origin.version = 2  # ...the change commits...
        purge_edge_cache([url])  # ...and is purged while that read is still under way
        assert slow.result().text == "v1"
    # The old answer reached the edge after the purge, and the edge keeps it...
    kept = get(url)
    assert (kept.text, kept.headers["X-Cache"]) == ("v1", "HIT")
    # ...until the purge is sent again.
    assert wait_until(lambda: get(url).text == "v2", 4 * origin.SLOW_SECONDS, interval=0.1)
    wait_for_jobs()


def bearer(user):
    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


def test_a_new_comment_is_visible_through_the_cache_right_after_it_is_posted(
    edge, make_post, django_user_model
):
    post = make_post(title="Discussed")
    wait_for_jobs()
    thread, version, stats = (
        f"{edge}/api/posts/{post.pk}/{path}" for path in ("comments/", "comments/version/", "stats/")
    )
    for url in (thread, f"{thread}?sort=newest", version, stats):
        get(url)
        cached = get(url)
        assert cached.headers["X-Cache"] == "HIT", url
        assert "s-maxage=21600" in cached.headers["Cache-Control"]
    assert get(thread).json()["count"] == 0

    reader = django_user_model.objects.create_user("reader", password="x")
    posted = requests.post(thread, json={"body": "First!"}, headers=bearer(reader), timeout=5)
    assert posted.status_code == 201

    def shown(url):
        return [comment["body_html"] for comment in get(url).json()["results"]] == ["<p>First!</p>"]

    assert wait_until(lambda: shown(thread) and shown(f"{thread}?sort=newest"), 2, interval=0.05)
    assert get(stats).json()["comment_count"] == 1
    assert get(version).json()["comment_count"] == 1
    # the reader's own view (liked_by_me, can_edit) is never stored
    for _ in range(2):
        mine = get(thread, headers=bearer(reader))
        assert mine.headers["X-Cache"] == "PASS" and mine.headers["Cache-Control"] == "private, no-store"
        assert mine.json()["results"][0]["can_edit"] is True
    assert get(thread).json()["results"][0]["can_edit"] is False


def test_a_renamed_or_deleted_author_leaves_no_stale_author_page(edge, origin, make_post, make_author):
    ada = make_author(name="Ada", slug="ada")
    post = make_post(title="By Ada", authors=[ada, make_author(name="Grace")])
    wait_for_jobs()
    detail = f"{edge}/api/v2/pages/{post.pk}/?fields=authors"
    for url in (f"{edge}/authors/ada/", detail):
        get(url)
        assert get(url).headers["X-Cache"] == "HIT"

    ada.slug = "ada-lovelace"
    ada.save()
    wait_for_jobs()
    old_page = get(f"{edge}/authors/ada/")
    assert old_page.headers["X-Cache"] == "MISS"  # the old page, fetched again
    assert [author["slug"] for author in get(detail).json()["authors"]] == ["ada-lovelace", "grace"]

    get(f"{edge}/authors/ada-lovelace/")
    assert get(f"{edge}/authors/ada-lovelace/").headers["X-Cache"] == "HIT"
    ada.delete()
    wait_for_jobs()
    assert get(f"{edge}/authors/ada-lovelace/").headers["X-Cache"] == "MISS"
    assert [author["slug"] for author in get(detail).json()["authors"]] == ["grace"]


def test_urls_for_a_post_are_exactly_what_shows_it(settings, make_post, make_author):
    settings.FRONTEND_URL = "https://example.com"
    post = make_post(title="Hi", slug="hi", tags=["Café"], authors=[make_author(name="Ada", slug="ada")])
    for number in range(10):
        make_post(title=f"Filler {number}")
    post.tags.set(["Python"])
    post.slug = "hello"
    post.save_revision().publish()
    post.refresh_from_db()
    from blog.revalidation import targets_for

    tags, paths = targets_for(post)
    urls = {url.removeprefix("https://example.com") for url in purge.urls_for(post, tags, paths)}
    home_id = post.get_site().root_page_id
    assert urls == {
        "/blog/hello/",
        "/blog/hi/",  # the old slug
        "/",
        "/blog/",
        "/blog/page/2/",  # 11 posts, 10 a page
        "/blog/page/3/",
        "/feed.xml",
        "/sitemap.xml",
        "/tags/",
        "/tags/python/",
        "/tags/python/feed.xml",
        "/tags/caf%C3%A9/",  # the tag it had before
        "/tags/caf%C3%A9/feed.xml",
        "/authors/",
        "/authors/ada/",
        f"/api/v2/pages/{post.pk}/*",
        f"/api/v2/pages/{home_id}/*",
        "/api/v2/pages/*",
        "/api/v2/pages/find/*",
        "/api/v2/tags/*",
        "/api/v2/authors/*",
    }


def test_an_author_change_purges_their_posts_and_page(settings, make_post, make_author):
    settings.FRONTEND_URL = "https://example.com"
    ada = make_author(name="Ada", slug="ada")
    post = make_post(title="By Ada", slug="by-ada", authors=[ada], tags=["Go"])
    urls = purge.urls_for(None, ["authors", "author:ada", "posts"], [])
    assert {
        "https://example.com/authors/ada/",
        "https://example.com/blog/by-ada/",
        "https://example.com/tags/go/",
        f"https://example.com/api/v2/pages/{post.pk}/*",
    } <= set(urls)


@pytest.mark.slow
def test_after_random_edits_and_publishes_a_crawl_of_api_variants_through_the_cache_finds_nothing_stale(
    edge, live_server, make_post, make_author
):
    rng = random.Random(14)
    authors = [make_author(name=f"Writer {n}", slug=f"writer-{n}") for n in range(3)]
    posts = [make_post(title=f"Post {n}", tags=[f"t{n % 4}"], authors=[authors[n % 3]]) for n in range(12)]

    def crawl_urls():
        urls = [
            LISTING,
            "/api/v2/pages/?type=blog.BlogPage&fields=title&limit=5",
            "/api/v2/authors/",
            "/api/v2/tags/",
        ]
        urls += [f"/api/v2/pages/?type=blog.BlogPage&fields=title&tag=t{n}" for n in range(4)]
        urls += [f"/api/v2/pages/?type=blog.BlogPage&fields=title&author=writer-{n}" for n in range(3)]
        urls += [f"/api/v2/pages/{post.pk}/?fields=title,tags,authors" for post in posts]
        return urls

    def crawl():
        return {url: get(edge + url) for url in crawl_urls()}

    # The 200 edits run end to end, pages and API through Next.js and Varnish
    # (frontend/e2e/edge-cache.spec.ts); here fewer, over every filter variant of the API.
    crawl()
    for edit in range(60):
        post = rng.choice(posts)
        post = BlogPage.objects.get(pk=post.pk)
        action = rng.random()
        if action < 0.1 and post.live:
            post.unpublish()
        else:
            post.title = f"Post {post.pk} edit {edit}"
            if action < 0.4:
                post.tags.set([f"t{rng.randrange(4)}"])
            post.save_revision().publish()
        if edit % 10 == 0:
            wait_for_jobs()
            crawl()  # fill the cache between edits, so it has something to go stale
    wait_for_jobs()
    through_cache = crawl()
    stale = [
        url
        for url, response in through_cache.items()
        if (response.status_code, response.content)
        != ((direct := get(live_server.url + url)).status_code, direct.content)
    ]
    assert stale == []
    found = [response for response in crawl().values() if response.status_code == 200]
    assert found and all(response.headers["X-Cache"] == "HIT" for response in found)
