"""
Faults survived: Redis stopped mid-run, S3 unreachable, PostgreSQL restarted
under a running server, a Celery worker killed mid-task. Each uses its own
throwaway service (never the shared Redis or PostgreSQL) and cleans up.
"""

import logging
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import redis
from django.contrib.auth.models import Group

from tests.hardening.conftest import client_for
from tests.hardening.services import (
    ThrowawayRedis,
    current_database_url,
    free_port,
    start_celery_worker,
    stop_processes,
    throwaway_postgres,
    throwaway_redis,
    wait_for_port,
    wait_until,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def redis_caches(url):
    options = {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    return {
        alias: {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": alias,
            "OPTIONS": options,
        }
        for alias in ("default", "renditions")
    }


@pytest.mark.django_db
class TestRedisStoppedMidRun:
    def test_api_v2_and_community_reads_keep_answering_from_the_database(self, settings, world, caplog):
        with throwaway_redis() as server:
            settings.CACHES = redis_caches(server.url)
            settings.API_CACHE_ENABLED = True
            settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
            anonymous = client_for()
            urls = [
                "/api/v2/pages/?type=blog.BlogPage&fields=*",
                f"/api/v2/pages/{world.post.pk}/",
                f"/api/posts/{world.post.pk}/comments/",
                f"/api/posts/{world.post.pk}/stats/",
                f"/api/posts/stats/?ids={world.post.pk}",
            ]
            before = {url: anonymous.get(url) for url in urls}
            assert {r.status_code for r in before.values()} == {200}
            assert redis.Redis.from_url(server.url).dbsize() > 0, "reads were cached in Redis"

            server.stop()
            caplog.clear()
            with caplog.at_level(logging.WARNING):
                started = time.monotonic()
                after = {url: anonymous.get(url) for url in urls}
                signed_in = client_for(world.bob).get(f"/api/posts/{world.post.pk}/comments/")
            assert {r.status_code for r in after.values()} == {200}
            assert signed_in.status_code == 200
            for url in urls:
                assert after[url].json() == before[url].json(), url
            assert time.monotonic() - started < 10, "a dead Redis costs a refused connection, not a timeout"
            assert any(record.name.startswith("django_redis") for record in caplog.records), (
                "the outage is logged"
            )

            server.start()  # back on the same port: caching resumes
            assert anonymous.get(urls[0]).status_code == 200
            assert redis.Redis.from_url(server.url).dbsize() > 0


class TestS3Unreachable:
    """Signing with S3 down is covered in uploads/tests (503, no row); here S3 goes away between steps."""

    @pytest.mark.django_db
    def test_s3_gone_after_the_file_arrived_answers_503_and_leaves_nothing_half_written(
        self, s3_settings, settings, django_user_model
    ):
        import requests
        from wagtail.images import get_image_model

        from uploads.models import Upload
        from uploads.tests.conftest import image_bytes

        user = django_user_model.objects.create_user("uploader", password="pw")
        client = client_for(user)
        form = client.post(
            "/api/uploads/",
            {"filename": "me.jpg", "content_type": "image/jpeg", "size": 2000, "purpose": "avatar"},
            format="json",
        ).json()
        data = image_bytes("JPEG", size=(300, 300))
        files = {"file": ("me.jpg", data, "image/jpeg")}
        assert requests.post(form["url"], data=form["fields"], files=files, timeout=10).status_code == 204

        default = settings.STORAGES["default"]
        working = default["OPTIONS"]
        dead = {**working, "endpoint_url": f"http://127.0.0.1:{free_port()}"}
        settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": dead}}
        images_before = get_image_model().objects.count()
        response = client.post(f"/api/uploads/{form['id']}/complete/")
        assert response.status_code == 503
        assert Upload.objects.get(pk=form["id"]).status == "pending"
        assert get_image_model().objects.count() == images_before
        assert client.post("/api/uploads/", {}, format="json").status_code in (400, 503)

        settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": working}}
        assert client.post(f"/api/uploads/{form['id']}/complete/").status_code == 202
        assert Upload.objects.get(pk=form["id"]).status == "ready"


def get(url, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def port_in_our_range():
    import socket

    for port in range(8050, 8070):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 8050-8069")


class TestPostgresRestart:
    def test_a_running_server_answers_again_right_after_a_database_restart(self, db):
        with throwaway_postgres() as pg:
            pg.copy_database(current_database_url())  # this worker's migrated test database
            env = {
                **os.environ,
                "DATABASE_URL": pg.url(),
                "DJANGO_SETTINGS_MODULE": "cms.settings",
                "API_CACHE": "off",
                "REDIS_URL": "",
                "CELERY_BROKER_URL": "",
            }
            port = port_in_our_range()
            gunicorn = Path(sys.executable).with_name("gunicorn")
            server = subprocess.Popen(
                [str(gunicorn), "cms.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--no-control-socket"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                wait_for_port(port, timeout=30)
                base = f"http://127.0.0.1:{port}"
                urls = [f"{base}/healthz/", f"{base}/api/v2/pages/", f"{base}/api/posts/stats/?ids=1,2"]
                assert [get(url) for url in urls] == [200, 200, 200]

                pg.restart()  # every server connection is cut; the worker keeps its (now dead) one

                # CONN_HEALTH_CHECKS: the first query of a request finds the dead connection and reconnects.
                statuses = []
                for url in urls * 2:
                    statuses.append(get(url))
                assert statuses[:3] == [200, 200, 200], statuses
                assert statuses[3:] == [200, 200, 200]
            finally:
                stop_processes([server])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestCeleryWorkerKilledMidTask:
    @staticmethod
    def start_worker(broker_url):
        return start_celery_worker("tests.hardening.fault_tasks", "faults", {"FAULT_BROKER_URL": broker_url})

    def test_the_task_runs_again_on_another_worker_and_its_effect_happens_once(self):
        from tests.hardening.fault_tasks import app, slow_effect

        server = ThrowawayRedis().start()
        workers = []
        try:
            broker = redis.Redis.from_url(server.url)
            app.conf.broker_url = server.url
            starts = lambda: int(broker.get("faults:starts:42") or 0)  # noqa: E731
            done = lambda: Group.objects.filter(name="fault-job-42").exists()  # noqa: E731

            workers.append(self.start_worker(server.url))
            slow_effect.apply_async(args=[42, 4])
            assert wait_until(lambda: starts() == 1, 60), "the first worker picked the task up"
            workers[0].kill()  # SIGKILL mid-task: no chance to acknowledge or requeue
            workers[0].wait(timeout=10)
            assert not done()

            workers.append(self.start_worker(server.url))
            assert wait_until(done, 60), "the task was redelivered and finished"
            assert starts() == 2
            # A duplicate delivery (the same job published again) changes nothing.
            slow_effect.apply_async(args=[42, 0])
            assert wait_until(lambda: starts() == 3, 30)
            time.sleep(0.5)
            assert Group.objects.filter(name="fault-job-42").count() == 1
        finally:
            stop_processes(workers)
            server.stop()
