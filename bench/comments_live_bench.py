"""
What live comment threads cost the origin (issue 13), printed as figures:

    .venv/bin/python bench/comments_live_bench.py [--duration 10] [--readers 1000]

Readers poll ``GET /api/posts/<id>/comments/version/`` every 3 s with ``If-None-Match``
(frontend/src/components/comments.tsx), answered 304 from core.cache without SQL, and
refetch the thread page only when the version changes. Measured on a post with a
1,000-comment thread, gunicorn gthread 2x4 on loopback:

- requests/s the version endpoint sustains (wrk, 304s) against what N readers need
  (N / 3 s), and the CPU seconds per request of the gunicorn workers (from /proc);
- the cached thread refetch that follows a change (N readers at once);
- time from a comment being posted (API) to its appearance for pollers (20 pollers
  with staggered 3 s phases, several comments).

Uses its own database (BENCH_DB, default folio_live_bench) and Redis database
(BENCH_REDIS_URL, default redis://127.0.0.1:6379/6); reuses bench/run.py's helpers.
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402

DB_NAME = os.environ.get("BENCH_DB", "folio_live_bench")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
PORT = int(os.environ.get("BENCH_PORT", "8131"))
POLL_SECONDS = 3.0
ENV = {"DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL, "THROTTLE_COMMENT": "1000/min"}


def prepare():
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB_NAME}"],  # noqa: S603,S607
                   capture_output=True)  # fmt: skip
    env = {**os.environ, **run.SERVER_ENV, **ENV}
    subprocess.run([run.PY, "manage.py", "migrate", "-v0"], cwd=run.ROOT, env=env, check=True)  # noqa: S603
    code = """
import json
from bench import community_bench
from blog.models import BlogPage
if not BlogPage.objects.filter(slug="bench-0").exists():
    raise SystemExit("seed first")
post = community_bench.thread_post()
print("RESULT", json.dumps({"post": post.pk, "comments": post.community_comments.count()}))
"""
    try:
        return run.in_django(code, ENV)
    except subprocess.CalledProcessError:
        subprocess.run([run.PY, "bench/seed_bulk.py", "--posts", "20"], cwd=run.ROOT, env=env, check=True)  # noqa: S603
        return run.in_django(code, ENV)


def worker_cpu_seconds(master_pid):
    """utime + stime of the gunicorn master's children (the workers), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()  # noqa: S603,S607
    total = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def load(url, duration, connections, master_pid, headers=()):
    before = worker_cpu_seconds(master_pid)
    figures = run.wrk(url, duration, connections, headers=headers)
    cpu = worker_cpu_seconds(master_pid) - before
    figures["cpu_ms_per_request"] = 1000 * cpu / max(figures["requests"], 1)
    return figures


def token(base):
    body = {"username": "live-bench", "email": "live-bench@example.com", "password": "live bench password 42"}
    post = lambda path, data, auth=None: urllib.request.urlopen(  # noqa: E731,S310
        urllib.request.Request(
            base + path,
            data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json", **({"Authorization": auth} if auth else {})},
        ),
        timeout=10,
    )
    with contextlib.suppress(urllib.error.HTTPError):  # registered by an earlier run
        post("/api/auth/register/", body)
    access = json.loads(post("/api/auth/token/", body).read())["access"]
    return lambda path, data: json.loads(post(path, data, f"Bearer {access}").read())


def appearance_latency(base, post_id, comments=5, pollers=20):
    """Seconds from posting each comment to each poller seeing it in the thread."""
    send = token(base)
    version_url = f"{base}/api/posts/{post_id}/comments/version/"
    thread_url = f"{base}/api/posts/{post_id}/comments/?sort=newest"
    posted, seen, stop = {}, [], threading.Event()
    lock = threading.Lock()

    def poller(phase):
        time.sleep(phase)
        etag, known = None, set()
        while not stop.is_set():
            status, headers, body = get(version_url, {"If-None-Match": etag} if etag else {})
            if status == 200:
                etag = headers.get("ETag")
                _, _, page = get(f"{thread_url}&v={json.loads(body)['version']}")
                now = time.monotonic()
                for item in json.loads(page)["results"]:
                    if item["id"] in posted and item["id"] not in known:
                        known.add(item["id"])
                        with lock:
                            seen.append(now - posted[item["id"]])
                    known.add(item["id"])
            stop.wait(POLL_SECONDS)

    threads = [threading.Thread(target=poller, args=(i * POLL_SECONDS / pollers,)) for i in range(pollers)]
    for thread in threads:
        thread.start()
    time.sleep(POLL_SECONDS + 1)
    for n in range(comments):
        started = time.monotonic()
        created = send(f"/api/posts/{post_id}/comments/", {"body": f"live comment {n} at {time.time()}"})
        posted[created["id"]] = started
        time.sleep(POLL_SECONDS + 1.3 * n % POLL_SECONDS)
    time.sleep(POLL_SECONDS + 1)
    stop.set()
    for thread in threads:
        thread.join()
    return seen


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()

    seeded = prepare()
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)  # noqa: S603,S607
    server = run.gunicorn("cms.wsgi:application", PORT, 2, 4, ENV)
    base = f"http://127.0.0.1:{PORT}"
    try:
        version_url = f"{base}/api/posts/{seeded['post']}/comments/version/"
        thread_url = f"{base}/api/posts/{seeded['post']}/comments/"
        run.wait_for(version_url)
        run.wait_for(thread_url)
        etag = get(version_url)[1]["ETag"]
        assert get(version_url, {"If-None-Match": etag})[0] == 304
        poll = load(version_url, args.duration, args.connections, server.pid, [f"If-None-Match: {etag}"])
        refetch = load(thread_url, args.duration, args.connections, server.pid)
        latencies = appearance_latency(base, seeded["post"])
    finally:
        run.stop(server)

    needed = args.readers / POLL_SECONDS
    print(
        f"\nLive threads — {seeded['comments']:,}-comment thread, gunicorn gthread 2x4,"
        f" {os.cpu_count()} cores"
    )
    print(f"  {args.readers:,} readers polling every {POLL_SECONDS:.0f} s need {needed:,.0f} req/s")
    print(
        f"  version poll (304): {poll['rps']:,.0f} req/s, p50 {poll['p50_ms']:.1f} ms,"
        f" p99 {poll['p99_ms']:.1f} ms,"
        f" {poll['cpu_ms_per_request']:.2f} ms CPU/request → {needed * poll['cpu_ms_per_request'] / 1000:.2f}"
        f" CPU cores for {args.readers:,} readers ({needed / poll['rps']:.0%} of this server)"
    )
    print(
        f"  after a change, cached thread refetch (200): {refetch['rps']:,.0f} req/s,"
        f" {refetch['cpu_ms_per_request']:.2f} ms CPU/request → {args.readers:,} readers refetch in"
        f" {args.readers / refetch['rps']:.1f} s of server time"
    )
    if latencies:
        print(
            f"  comment → seen by a poller: mean {statistics.mean(latencies):.2f} s,"
            f" p50 {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s"
            f" ({len(latencies)} sightings)"
        )
    print("RESULT", json.dumps({"poll": poll, "refetch": refetch, "latency_count": len(latencies)}))


if __name__ == "__main__":
    main()
