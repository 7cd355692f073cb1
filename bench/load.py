"""
A bounded load run on loopback (figures, not a test): USERS simulated readers for
DURATION seconds against gunicorn (the Procfile's gthread settings, production
settings) + PostgreSQL + Redis, mixing reads, comments and likes.

It prints status counts, latency percentiles, and the check that matters: zero
5xx, and the database holding exactly the comments and likes that were accepted
(201 for a comment; the last accepted like/unlike of each reader and post).

Everything it uses is its own: a database ``folio_load`` on the local PostgreSQL
(dropped at the end), a redis-server on a free port, gunicorn on a port in
8050-8069. Run it with ``bench/load`` (``--users``, ``--duration``).
"""

import argparse
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("LOAD_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "folio_load"

SETUP = """
import json
from django.contrib.auth import get_user_model
from rest_framework_simplejwt.tokens import RefreshToken
from blog.models import BlogPage
from community.models import Comment, PostLike
User = get_user_model()
users = User.objects.bulk_create(
    [User(username=f"load{{i}}", email=f"load{{i}}@example.com", password="!") for i in range({users})]
)
posts = list(BlogPage.objects.live().public().values_list("pk", flat=True))
print(json.dumps({{
    "tokens": [str(RefreshToken.for_user(u).access_token) for u in users],
    "user_ids": [u.pk for u in users],
    "posts": posts,
    "comments_before": Comment.objects.count(),
    "likes_before": PostLike.objects.count(),
}}))
"""

COUNT = """
import json
from community.models import Comment, PostLike
print(json.dumps({
    "comments": Comment.objects.count(),
    "likes": sorted([u, p] for u, p in PostLike.objects.values_list("user_id", "post_id")),
}))
"""


def free_port(candidates=None):
    for port in candidates or [0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise SystemExit("no free port in 8050-8069")


def wait_for(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def manage(env, *args, stdin=None):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return result.stdout


class Reader(threading.Thread):
    """One simulated reader: its own keep-alive connection and a seeded mix of actions."""

    def __init__(self, n, base, token, user_id, posts, deadline, results):
        super().__init__(daemon=True)
        self.rng = random.Random(n)
        self.base, self.user_id, self.posts, self.deadline, self.results = (
            base,
            user_id,
            posts,
            deadline,
            results,
        )
        self.session = requests.Session()
        self.auth = {"Authorization": f"Bearer {token}"}

    def call(self, kind, method, path, **kwargs):
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, timeout=60, **kwargs)
            status = response.status_code
        except requests.RequestException:
            response, status = None, "error"
        self.results.record(kind, status, time.perf_counter() - started)
        return response

    def run(self):
        while time.monotonic() < self.deadline:
            post = self.rng.choice(self.posts)
            roll = self.rng.random()
            if roll < 0.25:
                self.call(
                    "list", "GET", "/api/v2/pages/?type=blog.BlogPage&fields=excerpt,hero_image&limit=10"
                )
            elif roll < 0.40:
                self.call("detail", "GET", f"/api/v2/pages/{post}/")
            elif roll < 0.55:
                self.call("comments", "GET", f"/api/posts/{post}/comments/", headers=self.auth)
            elif roll < 0.70:
                self.call("stats", "GET", f"/api/posts/stats/?ids={','.join(map(str, self.posts[:10]))}")
            elif roll < 0.85:
                body = {"body": f"Load comment {self.rng.random():.6f} from reader {self.user_id}"}
                response = self.call(
                    "comment", "POST", f"/api/posts/{post}/comments/", json=body, headers=self.auth
                )
                if response is not None and response.status_code == 201:
                    self.results.accept_comment()
            else:
                like = self.rng.random() < 0.7
                method = "POST" if like else "DELETE"
                response = self.call("like", method, f"/api/posts/{post}/like/", headers=self.auth)
                if response is not None and response.status_code == 200:
                    # One thread per reader: requests are sequential, so the last answer is the state.
                    self.results.set_like(self.user_id, post, response.json()["liked"])


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.status = defaultdict(Counter)
        self.latency = defaultdict(list)
        self.comments_accepted = 0
        self.likes = {}

    def record(self, kind, status, seconds):
        with self.lock:
            self.status[kind][status] += 1
            self.latency[kind].append(seconds)

    def accept_comment(self):
        with self.lock:
            self.comments_accepted += 1

    def set_like(self, user, post, liked):
        with self.lock:
            self.likes[(user, post)] = liked


def percentile(values, q):
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--posts", type=int, default=24)
    args = parser.parse_args()

    redis_dir = tempfile.mkdtemp(prefix="folio-load-redis-")
    redis_port = free_port()
    redis = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(redis_port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", "--dir", redis_dir],
        stdout=subprocess.DEVNULL,
    )
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    database_url = PG_ADMIN.rsplit("/", 1)[0] + f"/{DB_NAME}"
    port = free_port(range(8050, 8070))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "WAGTAILAPI_BASE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = None
    try:
        wait_for(redis_port)
        print(f"Preparing {DB_NAME}: migrate, {args.posts} posts, {args.users} readers…", flush=True)
        manage(env, "migrate", "-v0")
        manage(env, "seed_demo", "--posts", str(args.posts))
        seed = json.loads(manage(env, "shell", "-c", SETUP.format(users=args.users)).strip().splitlines()[-1])

        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
            ]
            + ["--worker-class", "gthread", "--workers", "2", "--threads", "8", "--keep-alive", "5"]
            + ["--no-control-socket", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        wait_for(port)
        base = f"http://127.0.0.1:{port}"
        # Warm-up (untimed): the first reads make the image renditions (AVIF/WebP encoding).
        warm = requests.Session()
        warm.get(f"{base}/api/v2/pages/?type=blog.BlogPage&fields=excerpt,hero_image&limit=10", timeout=300)
        for post in seed["posts"]:
            warm.get(f"{base}/api/v2/pages/{post}/", timeout=300)
        print(f"Load: {args.users} readers for {args.duration}s against gunicorn on {base}", flush=True)
        results = Results()
        deadline = time.monotonic() + args.duration
        readers = [
            Reader(n, base, seed["tokens"][n], seed["user_ids"][n], seed["posts"], deadline, results)
            for n in range(args.users)
        ]
        started = time.monotonic()
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
        elapsed = time.monotonic() - started
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        counts = json.loads(manage(env, "shell", "-c", COUNT).strip().splitlines()[-1])
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(redis_dir, ignore_errors=True)
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")

    total = sum(sum(c.values()) for c in results.status.values())
    server_errors = sum(n for c in results.status.values() for s, n in c.items() if s == "error" or s >= 500)
    print(f"\n{total} requests in {elapsed:.1f}s ({total / elapsed:.0f} req/s)")
    print(f"{'kind':<10}{'requests':>10}{'p50 ms':>9}{'p95 ms':>9}  statuses")
    for kind in sorted(results.status):
        lat = results.latency[kind]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(results.status[kind].items(), key=str))
        p50, p95 = percentile(lat, 50) * 1000, percentile(lat, 95) * 1000
        print(f"{kind:<10}{len(lat):>10}{p50:>9.0f}{p95:>9.0f}  {statuses}")

    new_comments = counts["comments"] - seed["comments_before"]
    expected_likes = sorted([u, p] for (u, p), liked in results.likes.items() if liked)
    # Seeded demo likes belong to other users; compare the load readers' likes only.
    load_users = set(seed["user_ids"])
    db_likes = [pair for pair in counts["likes"] if pair[0] in load_users]
    print(f"\n5xx or connection errors: {server_errors}")
    print(f"comments: accepted {results.comments_accepted}, new in the database {new_comments}")
    print(f"likes: expected {len(expected_likes)} (reader, post) pairs, in the database {len(db_likes)}, "
          f"identical: {db_likes == expected_likes}")  # fmt: skip
    ok = server_errors == 0 and new_comments == results.comments_accepted and db_likes == expected_likes
    print("RESULT:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
