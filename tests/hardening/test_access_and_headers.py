"""
Who can reach what, and what the backend tells browsers: IDOR on every id-bearing
route, CORS from foreign origins, cache poisoning through Host/X-Forwarded-*
headers, open redirects after sign-in, throttles that X-Forwarded-For can't dodge,
and security headers (media included, on disk and on S3).
"""

from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from community.models import Comment, CommentLike, PostLike, Report
from tests.hardening.conftest import client_for
from uploads.models import Upload

pytestmark = pytest.mark.django_db


class TestIDOR:
    """Bob acting on Alice's objects: 403 where he can see them, 404 where he can't."""

    def test_editing_or_deleting_someone_elses_comment_is_403_and_changes_nothing(self, world):
        bob, url = client_for(world.bob), f"/api/comments/{world.alice_comment.pk}/"
        assert bob.patch(url, {"body": "pwned"}, format="json").status_code == 403
        assert bob.delete(url).status_code == 403
        world.alice_comment.refresh_from_db()
        assert world.alice_comment.body == "Alice's *comment*" and not world.alice_comment.is_deleted

    def test_someone_elses_pending_comment_is_404_for_every_verb(self, world):
        world.alice_comment.status = Comment.Status.PENDING
        world.alice_comment.save()
        bob, pk = client_for(world.bob), world.alice_comment.pk
        assert bob.get(f"/api/comments/{pk}/").status_code == 404
        assert bob.patch(f"/api/comments/{pk}/", {"body": "x"}, format="json").status_code == 404
        assert bob.delete(f"/api/comments/{pk}/").status_code == 404
        assert bob.post(f"/api/comments/{pk}/like/").status_code == 404
        assert bob.post(f"/api/comments/{pk}/report/", {"reason": "x"}, format="json").status_code == 404
        replying = {"body": "reply", "parent": pk}
        assert bob.post(f"/api/posts/{world.post.pk}/comments/", replying, format="json").status_code == 400

    def test_unliking_removes_only_your_own_like(self, world):
        alice, bob = client_for(world.alice), client_for(world.bob)
        alice.post(f"/api/posts/{world.post.pk}/like/")
        alice.post(f"/api/comments/{world.bob_comment.pk}/like/")
        assert bob.delete(f"/api/posts/{world.post.pk}/like/").json() == {"liked": False, "like_count": 1}
        assert bob.delete(f"/api/comments/{world.bob_comment.pk}/like/").json()["like_count"] == 1
        assert PostLike.objects.filter(user=world.alice).count() == 1
        assert CommentLike.objects.filter(user=world.alice).count() == 1

    def test_a_like_or_report_is_always_the_callers_own(self, world):
        bob = client_for(world.bob)
        body = {"user": world.alice.pk, "reporter": world.alice.pk, "reason": "spam"}
        bob.post(f"/api/posts/{world.post.pk}/like/", body, format="json")
        bob.post(f"/api/comments/{world.alice_comment.pk}/report/", body, format="json")
        assert list(PostLike.objects.values_list("user", flat=True)) == [world.bob.pk]
        assert list(Report.objects.values_list("reporter", flat=True)) == [world.bob.pk]

    def test_comments_on_unpublished_posts_are_404(self, world, make_post):
        draft = make_post(title="Draft", publish=False)
        alice = client_for(world.alice)
        for response in (
            alice.get(f"/api/posts/{draft.pk}/comments/"),
            alice.post(f"/api/posts/{draft.pk}/comments/", {"body": "x"}, format="json"),
            alice.post(f"/api/posts/{draft.pk}/like/"),
            alice.get(f"/api/posts/{draft.pk}/stats/"),
        ):
            assert response.status_code == 404

    def test_someone_elses_upload_is_404_on_every_route(self, world):
        upload = Upload.objects.create(
            user=world.alice, purpose="avatar", key="uploads/1/x.jpg", content_type="image/jpeg",
            declared_size=10, expires_at="2099-01-01T00:00:00Z",
        )  # fmt: skip
        bob = client_for(world.bob)
        assert bob.get(f"/api/uploads/{upload.pk}/").status_code == 404
        assert bob.post(f"/api/uploads/{upload.pk}/complete/").status_code == 404
        assert client_for(world.alice).get(f"/api/uploads/{upload.pk}/").status_code == 200

    def test_the_writer_request_and_profile_are_only_ever_the_callers(self, world):
        client_for(world.alice).post("/api/auth/me/write-request/", {"message": "let me"}, format="json")
        assert client_for(world.bob).get("/api/auth/me/write-request/").status_code == 404
        bob = client_for(world.bob)
        assert bob.patch("/api/auth/me/", {"id": world.alice.pk, "bio": "mine"}, format="json").json()[
            "id"
        ] == (world.bob.pk)


class TestCORS:
    def test_a_foreign_origin_gets_no_cors_grant_even_with_credentials(self, world):
        client = client_for(world.alice)
        response = client.get("/api/auth/me/", HTTP_ORIGIN="https://evil.example", HTTP_COOKIE="sessionid=x")
        assert "Access-Control-Allow-Origin" not in response
        assert "Access-Control-Allow-Credentials" not in response

    def test_a_foreign_preflight_is_not_granted(self, db):
        response = APIClient().options(
            "/api/posts/1/comments/",
            HTTP_ORIGIN="https://evil.example",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
        )
        assert "Access-Control-Allow-Origin" not in response
        assert "Access-Control-Allow-Methods" not in response

    @pytest.mark.parametrize(
        "origin",
        ["null", "http://frontend.test.evil.example", "http://evil.frontend.test", "https://frontend.test"],
    )
    def test_lookalike_origins_are_not_granted(self, api_client, world, origin):
        response = api_client.get("/api/v2/pages/", HTTP_ORIGIN=origin)
        assert "Access-Control-Allow-Origin" not in response

    def test_the_frontend_origin_is_granted_without_credentials(self, api_client, world, settings):
        frontend = settings.CORS_ALLOWED_ORIGINS[0]
        response = api_client.get("/api/v2/pages/", HTTP_ORIGIN=frontend)
        assert response["Access-Control-Allow-Origin"] == frontend
        assert "Access-Control-Allow-Credentials" not in response


class TestCachePoisoning:
    """API v2 answers are cached by path and shared: no request header may change them."""

    @pytest.fixture
    def post_with_image(self, make_post, make_image):
        return make_post(title="Pictured", hero_image=make_image(), hero_alt="A picture")

    POISON = [
        {"HTTP_HOST": "evil.example"},
        {"HTTP_X_FORWARDED_HOST": "evil.example"},
        {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_PORT": "666"},
        {"HTTP_X_ORIGINAL_URL": "/admin/", "HTTP_X_REWRITE_URL": "/admin/"},
        {"HTTP_X_HTTP_METHOD_OVERRIDE": "DELETE"},
        {"HTTP_FORWARDED": "host=evil.example;proto=https"},
    ]

    @pytest.mark.parametrize("headers", POISON, ids=lambda h: ",".join(h))
    @pytest.mark.parametrize(
        "path",
        ["/api/v2/pages/?type=blog.BlogPage&fields=*", "/api/v2/pages/{pk}/", "/api/v2/images/?fields=*"],
    )
    def test_headers_cannot_poison_the_shared_api_cache(
        self, settings, api_client, post_with_image, headers, path
    ):
        settings.ALLOWED_HOSTS = ["*"]  # the worst case: any Host reaches Django
        settings.API_CACHE_ENABLED = True
        path = path.format(pk=post_with_image.pk)
        first = api_client.get(path, **headers)
        assert first.status_code == 200
        # A poisoned port shows as "host:666/" in a URL (a page whose id is 666 reads '"id":666,').
        assert b"evil.example" not in first.content and b":666/" not in first.content
        clean = api_client.get(path)
        assert clean.content == first.content
        assert b"http://testserver/" in clean.content

    def test_urls_in_api_answers_come_from_settings(self, settings, api_client, post_with_image):
        settings.WAGTAILAPI_BASE_URL = "https://api.folio.example"
        body = api_client.get(f"/api/v2/pages/{post_with_image.pk}/", HTTP_HOST="testserver").json()
        assert body["meta"]["detail_url"].startswith("https://api.folio.example/")
        assert body["hero_image"]["renditions"][0]["url"].startswith("https://api.folio.example/media/")


class TestThrottlesAndForwardedFor:
    @pytest.fixture(autouse=True)
    def five_attempts_an_hour(self, settings):
        # An hourly window: a minute boundary falling mid-test cannot reset the count.
        rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login_ip": "5/hour"}
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}

    @staticmethod
    def attempt(i, forwarded_for):
        return (
            APIClient()
            .post(
                "/api/auth/token/",
                {"username": f"user{i}", "password": "x"},
                format="json",
                HTTP_X_FORWARDED_FOR=forwarded_for,
            )
            .status_code
        )

    def test_rotating_x_forwarded_for_does_not_dodge_the_login_throttle(self, db):
        codes = [self.attempt(i, f"203.0.113.{i}") for i in range(6)]
        assert codes == [401] * 5 + [429]

    def test_behind_one_trusted_proxy_the_last_hop_is_the_client(self, settings, db):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
        # A spoofed first hop, then the address the trusted proxy saw.
        codes = [self.attempt(i, f"198.51.100.{i}, 203.0.113.7") for i in range(6)]
        assert codes == [401] * 5 + [429]


class TestOpenRedirects:
    @pytest.fixture
    def editor(self, django_user_model):
        return django_user_model.objects.create_superuser("editor", "editor@example.com", "correct horse 42")

    @pytest.mark.parametrize(
        "target",
        [
            "//evil.example",
            "\\\\evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "https://evil.example/admin/",
            "http:evil.example",
            "\x00//evil.example",
            " //evil.example",
            "%2F%2Fevil.example",
        ],
    )
    @pytest.mark.parametrize("login_url", ["/admin/login/", "/django-admin/login/"])
    def test_next_after_sign_in_never_leaves_the_site(self, client, editor, login_url, target):
        response = client.post(
            f"{login_url}?next={target}",
            {"username": "editor", "password": "correct horse 42", "next": target},
        )
        assert response.status_code == 302
        # Where a browser would go: relative locations resolve against the login page.
        landing = urlsplit(urljoin(f"http://testserver{login_url}", response["Location"]))
        assert (landing.scheme, landing.netloc) == ("http", "testserver"), response["Location"]
        # Browsers read "\\" as "/" in http(s) URLs.
        assert not response["Location"].replace("\\", "/").lstrip().startswith("//")

    @pytest.mark.parametrize("target", ["//evil.example", "javascript:alert(1)", "https://evil.example"])
    def test_sign_out_next_never_leaves_the_site(self, client, editor, target):
        client.force_login(editor)
        response = client.post(f"/admin/logout/?next={target}")
        assert response.status_code == 302
        assert "evil.example" not in response["Location"] and "javascript" not in response["Location"]

    def test_page_urls_redirect_only_to_the_configured_frontend(self, client, world):
        response = client.get(world.post.url, HTTP_HOST="testserver", HTTP_X_FORWARDED_HOST="evil.example")
        assert response.status_code in (301, 302)
        assert response["Location"].startswith("http://frontend.test/")


class TestSecurityHeaders:
    def test_api_answers_carry_nosniff_and_a_referrer_policy(self, api_client, world):
        for url in ["/api/v2/pages/", f"/api/posts/{world.post.pk}/comments/", "/api/nonexistent/"]:
            response = api_client.get(url)
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"

    @pytest.mark.urls("tests.hardening.media_urls")
    def test_local_media_is_served_with_nosniff(self, client, settings, make_image):
        image = make_image()
        rendition = image.get_rendition("width-100")
        from django.core.files.storage import default_storage

        default_storage.save("documents/evil.txt", ContentFile(b"<html><script>alert(1)</script>"))
        for url in [image.file.url, rendition.url, "/media/documents/evil.txt"]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["X-Content-Type-Options"] == "nosniff"
        assert client.get("/media/documents/evil.txt")["Content-Type"].startswith("text/plain")

    def test_production_sends_hsts_and_secure_cookies(self, monkeypatch):
        import runpy
        from pathlib import Path

        monkeypatch.setenv("DJANGO_DEBUG", "0")
        monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
        monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "api.folio.example")
        values = runpy.run_path(str(Path(__file__).resolve().parents[2] / "cms" / "settings.py"))
        assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
        assert values["SECURE_CONTENT_TYPE_NOSNIFF"] and values["SESSION_COOKIE_SECURE"]
        assert values["REST_FRAMEWORK"]["NUM_PROXIES"] == 0

    def test_s3_objects_are_stored_with_their_content_type_and_documents_as_attachments(self, s3_settings):
        from django.core.files.storage import default_storage

        default_storage.save("images/photo.webp", ContentFile(b"RIFF....WEBP"))
        default_storage.save("documents/notes.txt", ContentFile(b"<script>alert(1)</script>"))
        default_storage.save("original_images/unknown.zzz", ContentFile(b"??"))
        head = lambda key: s3_settings.client.head_object(Bucket=s3_settings.bucket, Key=key)  # noqa: E731
        assert head("images/photo.webp")["ContentType"] == "image/webp"
        assert "ContentDisposition" not in head("images/photo.webp")
        assert head("documents/notes.txt")["ContentType"] == "text/plain"
        assert head("documents/notes.txt")["ContentDisposition"] == "attachment"
        assert head("original_images/unknown.zzz")["ContentType"] == "application/octet-stream"
