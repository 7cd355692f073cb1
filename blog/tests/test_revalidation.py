"""Publishing tells the frontend what to rebuild, over real HTTP, with retries."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from blog import revalidation

# transaction=True so on_commit hooks fire; serialized_rollback restores the
# page tree that migrations create, which a transactional flush would lose.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class FakeFrontend:
    """A loopback HTTP server that records revalidation calls."""

    def __init__(self, statuses=()):
        self.calls = []
        self.statuses = list(statuses)
        self.received = threading.Event()
        frontend = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                frontend.calls.append({"auth": self.headers.get("Authorization"), **body})
                status = frontend.statuses.pop(0) if frontend.statuses else 200
                self.send_response(status)
                self.end_headers()
                if status == 200:
                    frontend.received.set()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def frontend(settings):
    server = FakeFrontend()
    settings.FRONTEND_URL = server.url
    settings.REVALIDATE_SECRET = "s3cret"
    yield server
    server.close()


def test_publishing_a_post_revalidates_its_page_tags_and_authors(frontend, make_post, make_author):
    post = make_post(title="Hello", slug="hello", tags=["Python"], authors=[make_author(name="Ada")])
    assert frontend.received.wait(5)
    call = frontend.calls[-1]
    assert call["auth"] == "Bearer s3cret"
    assert {f"page:{post.pk}", "posts", "tag:python", "author:ada"} <= set(call["tags"])
    assert "/blog/hello/" in call["paths"] and "/" in call["paths"]


def test_unpublishing_revalidates(frontend, make_post):
    post = make_post(slug="gone")
    assert frontend.received.wait(5)
    frontend.received.clear()
    post.unpublish()
    assert frontend.received.wait(5)
    assert "/blog/gone/" in frontend.calls[-1]["paths"]


def test_deleting_a_live_post_revalidates_its_old_path(frontend, make_post):
    post = make_post(slug="deleted")
    assert frontend.received.wait(5)
    frontend.received.clear()
    post.delete()
    assert frontend.received.wait(5)
    assert "/blog/deleted/" in frontend.calls[-1]["paths"]


@pytest.fixture
def embedded_celery(_celery_eager):
    """Eager tasks as on the embedded default (errors are not propagated), where Celery
    runs a task's retries (``autoretry_for``) at once, in the same call."""
    _celery_eager.conf.task_eager_propagates = False
    return _celery_eager


def test_failures_are_retried_with_backoff(frontend, embedded_celery):
    from blog.tasks import revalidate_frontend

    frontend.statuses = [503, 502]
    assert revalidate_frontend.apply((["posts"], [])).get()
    assert len(frontend.calls) == 3


def test_a_wrong_secret_is_not_retried(frontend, embedded_celery):
    from blog.tasks import revalidate_frontend

    frontend.statuses = [401]
    assert not revalidate_frontend.apply((["posts"], [])).get()
    assert len(frontend.calls) == 1


def test_an_unreachable_frontend_gives_up_quietly(settings):
    settings.FRONTEND_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.REVALIDATE_SECRET = "s3cret"
    assert revalidation.notify_frontend(["posts"], []) is None


def test_the_celery_task_asks_for_a_retry_until_the_frontend_confirms(frontend):
    from blog.tasks import RevalidationPending, revalidate_frontend

    frontend.statuses = [503, 401]
    with pytest.raises(RevalidationPending):  # autoretry_for: Celery retries with backoff
        revalidate_frontend.run(["posts"], ["/"])
    assert revalidate_frontend.run(["posts"], ["/"]) is False  # refused for good: no retry
    assert revalidate_frontend.run(["posts"], ["/"]) is True
    assert len(frontend.calls) == 3


def test_with_a_broker_publishing_queues_a_task_instead_of_a_thread(
    settings, monkeypatch, make_post, _celery_eager
):
    from blog import tasks

    queued = []
    settings.REVALIDATE_SECRET = "s3cret"
    _celery_eager.conf.task_always_eager = False
    monkeypatch.setattr(tasks.revalidate_frontend, "delay", lambda *args: queued.append(args))
    post = make_post(slug="queued")
    [(tags, paths, purge_urls)] = [call for call in queued if f"page:{post.pk}" in call[0]]
    assert purge_urls == []  # no edge cache configured
    assert "/blog/queued/" in paths


def wait_for_jobs():
    """Join the threads that run jobs in this process (the embedded default's revalidation)."""
    for thread in threading.enumerate():
        if thread.name.startswith("job:"):
            thread.join(10)


def test_seeding_tells_the_frontend_nothing(frontend, caplog):
    from django.core.management import call_command

    with caplog.at_level("INFO"):
        call_command("seed_demo", posts=2, stdout=None)
        wait_for_jobs()
    assert frontend.calls == []
    assert not [record for record in caplog.records if "revalidation" in record.getMessage()]


def test_nothing_is_sent_without_a_configured_frontend(frontend, settings, make_post, blog_index):
    wait_for_jobs()
    frontend.calls.clear()  # the blog index's own publication, before the secret went
    settings.REVALIDATE_SECRET = ""
    make_post(slug="quiet")
    wait_for_jobs()
    assert frontend.calls == []
