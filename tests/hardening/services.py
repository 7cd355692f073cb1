"""
Real processes for fault tests: throwaway Redis servers and PostgreSQL clusters (never
the shared ones), and Celery workers that can be killed mid-task.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout, interval=0.1):
    """Poll ``condition`` until it is true (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def child_database_url():
    """The database this test runs against, as a ``DATABASE_URL`` for a child process."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_celery_worker(app, queue, env):
    """A real ``celery -A <app> worker`` on ``queue`` (solo pool: one task at a time, so a
    kill lands mid-task), with the test settings and database plus ``env``."""
    celery = Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [str(celery), "-A", app, "worker", "-P", "solo", "-Q", queue, "-l", "INFO"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.test_settings",
            "DATABASE_URL": child_database_url(),
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_processes(processes):
    """Stop what a test started (terminate, then kill) and print the end of what it wrote
    (pytest shows it when the test fails)."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
        try:
            output, errors = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            output, errors = process.communicate()
        print(((output or "") + (errors or ""))[-3000:])


def wait_for_port(port, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout}s")


class ThrowawayRedis:
    """``redis-server`` on a free loopback port, nothing on disk; ``stop()``/``start()`` at will."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


@contextmanager
def throwaway_redis():
    server = ThrowawayRedis().start()
    try:
        yield server
    finally:
        server.stop()


def _pg_bin():
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    return None


class ThrowawayPostgres:
    """
    A PostgreSQL cluster in a temp dir on a free port, run as the ``postgres`` OS
    user (the server refuses root), trust auth on loopback; ``restart()`` and
    ``stop()`` touch only this cluster.
    """

    def __init__(self):
        self.bin = _pg_bin()
        if self.bin is None:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="folio-pg-"))
        self.data = self.dir / "data"
        self.run_as = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        if self.run_as:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args, check=True):
        return subprocess.run(
            [*self.run_as, *args], check=check, capture_output=True, text=True, timeout=120, cwd=self.dir
        )

    def url(self, name="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def init(self):
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-sync",
        )  # fmt: skip
        return self

    def ctl(self, action):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "60",
                  "-l", str(self.dir / "log"), action)  # fmt: skip

    def start(self):
        self.ctl("start")
        return self

    def restart(self):
        self.ctl("restart")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self._run(
                str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False
            )

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def copy_database(self, source_url, name="postgres"):
        """Load ``source_url``'s tables and rows into ``name`` here: a migrated database in a few
        seconds (``manage.py migrate`` takes about 30)."""
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", source_url],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", self.url(name)],
            input=dump.stdout, check=True, capture_output=True, timeout=120,
        )  # fmt: skip


def current_database_url():
    """The URL of the database Django uses now (this pytest worker's test database)."""
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def throwaway_postgres():
    cluster = ThrowawayPostgres()
    try:
        cluster.init().start()
        yield cluster
    finally:
        cluster.cleanup()
