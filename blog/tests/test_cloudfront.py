"""Purging CloudFront as production does: ``blog.purge.CloudfrontBackend`` (Wagtail's backend)
through boto3 over HTTP, to moto's CloudFront, and to a loopback CloudFront that refuses an
invalidation for now, as the real one does while too many are in progress."""

import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest

from blog import purge, tasks
from core import jobs

NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"


@pytest.fixture
def cloudfront(settings, monkeypatch):
    """``cloudfront(endpoint, distribution_id)``: purges go to that CloudFront. The backend
    makes its own boto3 client, which takes the endpoint from the environment."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    settings.FRONTEND_URL = "https://folio.example"

    def configure(endpoint, distribution_id):
        monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", endpoint)
        settings.WAGTAILFRONTENDCACHE = {
            "cloudfront": {"BACKEND": "blog.purge.CloudfrontBackend", "DISTRIBUTION_ID": distribution_id}
        }

    return configure


def test_a_publish_invalidates_the_paths_that_show_the_post(
    cloudfront, s3_endpoint, make_post, make_author, django_capture_on_commit_callbacks
):
    client = boto3.client("cloudfront", endpoint_url=s3_endpoint, region_name="us-east-1")
    origin = {
        "Id": "frontend",
        "DomainName": "frontend.folio.example",
        "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"},
    }
    distribution = client.create_distribution(
        DistributionConfig={
            "CallerReference": uuid.uuid4().hex,
            "Origins": {"Quantity": 1, "Items": [origin]},
            "DefaultCacheBehavior": {"TargetOriginId": "frontend", "ViewerProtocolPolicy": "https-only"},
            "Comment": "Folio",
            "Enabled": True,
        }
    )["Distribution"]["Id"]
    cloudfront(s3_endpoint, distribution)

    ada = make_author(name="Ada", slug="ada")  # before: her own change is not this test's
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(title="Café", slug="cafe", tags=["Edge"], authors=[ada])
    for thread in threading.enumerate():  # the jobs' threads (core.jobs)
        if thread.name.startswith("job:"):
            thread.join(10)

    summaries = client.list_invalidations(DistributionId=distribution)["InvalidationList"]["Items"]
    pages, thread = sorted(
        (
            set(
                client.get_invalidation(DistributionId=distribution, Id=summary["Id"])["Invalidation"][
                    "InvalidationBatch"
                ]["Paths"]["Items"]
            )
            for summary in summaries
        ),
        key=len,
        reverse=True,
    )
    # one invalidation for the pages and API answers showing the post...
    assert {
        "/blog/cafe/",
        "/",
        "/blog/",
        "/feed.xml",
        "/sitemap.xml",
        "/tags/edge/",
        "/authors/ada/",
    } <= pages
    assert {"/api/v2/pages/*", f"/api/v2/pages/{post.pk}/*", "/api/v2/tags/*"} <= pages
    # ...and one for its comment thread's (community.cache, a job of its own)
    assert thread == {
        f"/api/posts/{post.pk}/{path}*" for path in ("comments/", "comments/version/", "stats/")
    }


class RefusingCloudFront:
    """CreateInvalidation answers ``answers`` in turn: an error code, or None for created."""

    def __init__(self, answers):
        self.answers, self.requests = list(answers), []
        cloudfront = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                cloudfront.requests.append(re.findall(r"<Path>([^<]*)</Path>", body))
                code = cloudfront.answers.pop(0) if cloudfront.answers else None
                if code:
                    status, reply = (
                        400,
                        (
                            f'<?xml version="1.0"?><ErrorResponse xmlns="{NS}"><Error><Type>Sender</Type>'
                            f"<Code>{code}</Code><Message>Not now.</Message></Error>"
                            "<RequestId>r</RequestId></ErrorResponse>"
                        ),
                    )
                else:
                    status, reply = (
                        201,
                        (
                            f'<?xml version="1.0"?><Invalidation xmlns="{NS}"><Id>I1</Id><Status>InProgress'
                            "</Status><CreateTime>2026-12-07T00:00:00Z</CreateTime><InvalidationBatch><Paths>"
                            "<Quantity>0</Quantity></Paths><CallerReference>c</CallerReference>"
                            "</InvalidationBatch></Invalidation>"
                        ),
                    )
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def refusing(cloudfront, _celery_eager):
    # as on the embedded default: an eager task's retry runs it again (propagating its
    # exception, as the tests' default does, would end it at the first retry)
    _celery_eager.conf.task_eager_propagates = False
    servers = []

    def start(*answers):
        server = RefusingCloudFront(answers)
        servers.append(server)
        cloudfront(server.url, "E2FOLIO")
        return server

    yield start
    for server in servers:
        server.close()


URLS = ["https://folio.example/blog/cafe/", "https://folio.example/api/v2/pages/*"]


def test_an_invalidation_refused_for_now_is_sent_again(refusing):
    edge = refusing("TooManyInvalidationsInProgress", "TooManyInvalidationsInProgress")
    assert jobs.enqueue(tasks.purge_edge_cache, URLS).successful()
    # refused twice, created the third time (Celery's retries, at once when eager)
    assert [sorted(paths) for paths in edge.requests] == [["/api/v2/pages/*", "/blog/cafe/"]] * 3


def test_a_refusal_that_waiting_cannot_cure_is_logged_once(refusing, caplog):
    edge = refusing("AccessDenied")
    with caplog.at_level("ERROR", logger="blog.purge"):
        jobs.enqueue(tasks.purge_edge_cache, URLS)
    assert len(edge.requests) == 1
    assert "AccessDenied" in caplog.text


def test_a_purge_still_refused_after_its_retries_fails_loudly(refusing):
    edge = refusing(*["TooManyInvalidationsInProgress"] * 20)
    result = jobs.enqueue(tasks.purge_edge_cache, URLS)
    assert result.failed() and isinstance(result.result, purge.PurgeThrottled)
    assert len(edge.requests) == tasks.purge_edge_cache.max_retries + 1
