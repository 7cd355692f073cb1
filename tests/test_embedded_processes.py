"""
The embedded default (SQLite, no Redis) as `scripts/run` starts it: a change made by
another process on the machine (cron's `publish_scheduled`, `manage.py shell`) is
served by the running server at once, for API v2 and the community reads alike.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.hardening.services import free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

SETUP = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from blog.models import Author, BlogIndexPage, BlogPage, BlogPageAuthor
from home.models import HomePage
home = HomePage.objects.get()
index = BlogIndexPage(title="Blog", slug="blog")
home.add_child(instance=index)
index.save_revision().publish()
post = BlogPage(title="Before", slug="post", body="Text.", live=False)
post.page_authors.add(BlogPageAuthor(author=Author.objects.create(name="Ada"), sort_order=0))
index.add_child(instance=post)
post.save_revision().publish()
post.title = "After"
post.save_revision(approved_go_live_at=timezone.now() + timedelta(seconds=1))
get_user_model().objects.create_user("reader", "reader@example.com", "a-long-passphrase-9")
print("POST", post.pk)
"""

COMMENT_AND_LIKE = """
from django.contrib.auth import get_user_model
from community.models import Comment, PostLike
reader = get_user_model().objects.get(username="reader")
Comment.objects.create(post_id={post_id}, author=reader, body="From a shell")
PostLike.objects.create(post_id={post_id}, user=reader)
"""


@pytest.fixture
def embedded(tmp_path):
    """``manage.py`` with the embedded default's settings, on an SQLite file and a cache
    directory of its own; returns a function running a command to completion."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "REVALIDATE_SECRET", "API_CACHE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'folio.sqlite3'}",
        CACHE_DIR=str(tmp_path / "cache"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONWARNINGS="ignore",
    )

    def manage(*args, **popen):
        command = [sys.executable, "manage.py", *args]
        if popen:
            return subprocess.Popen(command, cwd=ROOT, env=env, **popen)  # noqa: S603
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "-v0")
    return manage


@pytest.fixture
def server(embedded):
    port = free_port()
    process = embedded(
        "runserver", f"127.0.0.1:{port}", "--noreload",
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{url}/healthz", timeout=5)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def test_changes_from_other_processes_are_served_at_once(embedded, server):
    post_id = int(embedded("shell", "-c", SETUP).split("POST")[-1])
    detail = f"{server}/api/v2/pages/{post_id}/"
    comments, stats = f"{server}/api/posts/{post_id}/comments/", f"{server}/api/posts/{post_id}/stats/"

    first = requests.get(detail, timeout=10)
    assert first.json()["title"] == "Before"
    assert requests.get(detail, timeout=10).headers["ETag"] == first.headers["ETag"]  # served from the cache
    assert requests.get(comments, timeout=10).json()["count"] == 0
    assert requests.get(stats, timeout=10).json()["like_count"] == 0

    time.sleep(1)  # the scheduled revision's go-live time passes
    embedded("publish_scheduled")  # as cron runs it, in a process of its own
    assert requests.get(detail, timeout=10).json()["title"] == "After"

    embedded("shell", "-c", COMMENT_AND_LIKE.format(post_id=post_id))
    thread = requests.get(comments, timeout=10).json()
    assert [comment["body_html"] for comment in thread["results"]] == ["<p>From a shell</p>"]
    assert requests.get(stats, timeout=10).json() == {
        "like_count": 1,
        "comment_count": 1,
        "liked_by_me": False,
        "fediverse": {"likes": 0, "boosts": 0},
    }
