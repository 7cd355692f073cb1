"""
Scale-out proof: two app server processes on different ports share one
PostgreSQL, Redis and S3 endpoint, and behave as one site.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

from tests.hardening.services import current_database_url

ROOT = Path(__file__).resolve().parent.parent
LISTING = "/api/v2/pages/?type=blog.BlogPage&fields=title"

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """A gunicorn process serving Folio on its own port."""

    def __init__(self, env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
            [str(gunicorn), "cms.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--worker-class", "gthread", "--workers", "1", "--threads", "4", "--no-control-socket"],
            cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip

    def wait_until_ready(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=10).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise RuntimeError(f"server on {self.port} did not start: {self.process.stderr.read1().decode()}")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)


@pytest.fixture
def servers(s3_settings):
    env = {
        **os.environ,
        "DATABASE_URL": current_database_url(),
        "REDIS_URL": settings.CACHES["default"].get("LOCATION", "")
        if "redis" in settings.CACHES["default"]["BACKEND"].lower()
        else "",
        "AWS_STORAGE_BUCKET_NAME": s3_settings.bucket,
        "AWS_S3_ENDPOINT_URL": s3_settings.endpoint_url,
        "AWS_S3_REGION_NAME": "us-east-1",
        "DJANGO_SECRET_KEY": "scale-out-shared-secret-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CELERY_BROKER_URL": "",
        "PYTHONWARNINGS": "ignore",
    }
    if not env["REDIS_URL"]:
        pytest.skip("the scale-out proof needs the shared Redis cache (REDIS_URL)")
    pair = [AppServer(env), AppServer(env)]
    try:
        for server in pair:
            server.wait_until_ready()
        yield pair
    finally:
        for server in pair:
            server.stop()


def titles(server):
    response = requests.get(server.url + LISTING, timeout=10)
    assert response.status_code == 200
    return sorted(item["title"] for item in response.json()["items"])


def test_two_app_servers_behave_as_one_site(servers, make_post, make_image):
    a, b = servers
    post = make_post(title="Shared", hero_image=make_image(), hero_alt="alt")

    # a token issued by one server works on the other
    account = {"username": "scaler", "email": "scaler@example.com", "password": "a-long-passphrase-9"}
    assert requests.post(f"{a.url}/api/auth/register/", json=account, timeout=10).status_code == 201
    tokens = requests.post(f"{a.url}/api/auth/token/", json=account, timeout=10).json()
    auth = {"Authorization": f"Bearer {tokens['access']}"}
    me = requests.get(f"{b.url}/api/auth/me/", headers=auth, timeout=10)
    assert me.status_code == 200 and me.json()["username"] == "scaler"
    refreshed = requests.post(
        f"{b.url}/api/auth/token/refresh/", json={"refresh": tokens["refresh"]}, timeout=10
    )
    assert refreshed.status_code == 200
    # ...and the rotated-out refresh token is dead on both
    for server in servers:
        reuse = requests.post(
            f"{server.url}/api/auth/token/refresh/", json={"refresh": tokens["refresh"]}, timeout=10
        )
        assert reuse.status_code == 401

    # a comment made through one is seen through the other
    comments_url = f"/api/posts/{post.pk}/comments/"
    assert requests.get(b.url + comments_url, timeout=10).json()["count"] == 0  # warm B's cache, if any
    created = requests.post(a.url + comments_url, json={"body": "Hello from A"}, headers=auth, timeout=10)
    assert created.status_code == 201, created.text
    thread = requests.get(b.url + comments_url, timeout=10).json()
    assert [c["body_html"] for c in thread["results"]] == ["<p>Hello from A</p>"]

    # a like made through one is counted through the other
    stats_url = f"/api/posts/{post.pk}/stats/"
    assert requests.get(a.url + stats_url, timeout=10).json()["like_count"] == 0
    assert (
        requests.post(f"{b.url}/api/posts/{post.pk}/like/", headers=auth, timeout=10).json()["liked"] is True
    )
    assert requests.get(a.url + stats_url, timeout=10).json()["like_count"] == 1

    # media come from the shared bucket, whichever server renders the URL
    hero_a = requests.get(f"{a.url}/api/v2/pages/{post.pk}/", timeout=10).json()["hero_image"]
    hero_b = requests.get(f"{b.url}/api/v2/pages/{post.pk}/", timeout=10).json()["hero_image"]
    assert s3_bucket_of(hero_a["thumbnail"]["url"]) == s3_bucket_of(hero_b["thumbnail"]["url"])
    assert requests.get(hero_b["thumbnail"]["url"], timeout=10).status_code == 200


def test_a_publish_seen_by_one_server_invalidates_the_cache_of_both(servers, make_post, admin_user):
    a, b = servers
    make_post(title="First")
    assert titles(a) == titles(b) == ["First"]  # both caches are warm now

    # publish elsewhere (this test process is a third app instance)
    second = make_post(title="Second")
    assert titles(a) == titles(b) == ["First", "Second"]

    # unpublish through server A's Wagtail admin: B stops listing it too
    session = requests.Session()
    login_page = session.get(f"{a.url}/admin/login/", timeout=10)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    session.post(
        f"{a.url}/admin/login/",
        data={"csrfmiddlewaretoken": csrf, "username": "admin", "password": "password"},
        headers={"Referer": f"{a.url}/admin/login/"},
        timeout=10,
    )
    confirm = session.get(f"{a.url}/admin/pages/{second.pk}/unpublish/", timeout=10)
    assert confirm.status_code == 200, "admin login through server A failed"
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.text).group(1)
    response = session.post(
        f"{a.url}/admin/pages/{second.pk}/unpublish/",
        data={"csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{a.url}/admin/pages/{second.pk}/unpublish/"},
        timeout=10,
    )
    assert response.status_code == 200
    assert titles(b) == titles(a) == ["First"]


def s3_bucket_of(url):
    return url.split("?")[0].rsplit("/", 3)[0]
