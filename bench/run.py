"""
Folio benchmarks, printed side by side in one run (figures, not pass/fail).

    bench/run                      # 10k posts, 10 s per load test
    bench/run --posts 2000 --duration 5
    bench/run --only newsletter    # just the newsletter send (bench/newsletter_bench.py)

Starts its own servers on loopback (gunicorn gthread workers with keep-alive,
as in the Procfile), loads them with wrk, and prints requests/s, p50/p95/p99
and query counts, with the ratios the production issue asks for.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = sys.executable
DB_NAME = os.environ.get("BENCH_DB", "folio_bench")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
# Servers listen on BASE+1 ... BASE+7 (BENCH_PORT_BASE, so two runs on one machine need not collide).
BASE = int(os.environ.get("BENCH_PORT_BASE", "8110"))
PAIRED_ROUNDS = 5
REVALIDATE_SECRET = "bench-revalidate-secret"  # noqa: S105 (loopback servers of one run)
MEDIA_ROOT = "/tmp/folio-bench-media"
# the listing exactly as the frontend asks for it (frontend/src/lib/cms.ts POST_SUMMARY_FIELDS)
LISTING = (
    "/api/v2/pages/?type=blog.BlogPage&fields=excerpt,date,last_published_at,reading_time,hero_image,"
    "social_image,tags,authors,canonical_url,seo_title,search_description"
    "&order=-first_published_at&limit=20&offset=0"
)

SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "MEDIA_ROOT": MEDIA_ROOT,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8000",
    "LOG_LEVEL": "WARNING",
    "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collected static files here
}


def gunicorn(app, port, workers, threads, extra_env=None):
    command = [
        str(Path(PY).parent / "gunicorn"), app, "--bind", f"127.0.0.1:{port}",
        "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
        "--keep-alive", "5", "--no-control-socket", "--log-level", "warning",
    ]  # fmt: skip
    env = {**os.environ, **SERVER_ENV, **(extra_env or {})}
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def nginx(port, root):
    conf_dir = Path(tempfile.mkdtemp(prefix="folio-nginx-"))
    (conf_dir / "nginx.conf").write_text(
        f"""
worker_processes 2; daemon off; pid {conf_dir}/nginx.pid; error_log {conf_dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off; keepalive_requests 100000; default_type application/json;
  client_body_temp_path {conf_dir}; proxy_temp_path {conf_dir}; fastcgi_temp_path {conf_dir};
  uwsgi_temp_path {conf_dir}; scgi_temp_path {conf_dir};
  server {{ listen 127.0.0.1:{port}; root {root}; location / {{ try_files $uri $uri/index.html =404; }} }}
}}
"""
    )
    return subprocess.Popen(  # noqa: S603
        ["/usr/sbin/nginx", "-c", str(conf_dir / "nginx.conf"), "-p", str(conf_dir)], start_new_session=True
    )


def varnish(port, django_port, next_port):
    """Varnish with the committed VCL in front of Django and Next.js (installs it when missing)."""
    return subprocess.Popen(  # noqa: S603
        [str(ROOT / "deploy/varnish/run"), str(port), str(django_port), str(next_port)],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def celery_worker(extra_env):
    env = {**os.environ, **SERVER_ENV, **extra_env}
    command = [str(Path(PY).parent / "celery"), "-A", "cms", "worker", "-P", "solo", "-l", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


PUBLISH_TO_VISIBLE = """
import json, time, urllib.request
from blog.models import BlogPage
post = BlogPage.objects.live().get(slug="bench-1")
def body(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()
figures = []
for attempt in range(5):
    title = f"Bench title {time.time_ns()}"
    post.title = title
    post.save_revision().publish()
    start = time.monotonic()
    while not all(title in body(CACHE + path) for path in ("/blog/bench-1/", f"/api/v2/pages/{post.pk}/")):
        if time.monotonic() - start > 30:
            break
        time.sleep(0.02)
    figures.append(round((time.monotonic() - start) * 1000))
    time.sleep(0.5)
print("RESULT", json.dumps(figures))
"""


def next_server(port, api_url):
    """Build the frontend against the benchmark API and start it (production build)."""
    frontend = ROOT / "frontend"
    env = {
        **os.environ,
        "NEXT_PUBLIC_API_URL": api_url,
        "SITE_URL": f"http://127.0.0.1:{port}",
        "NEXT_DIST_DIR": ".next-bench",
        "PREBUILT_POSTS": "50",
        "NEXT_TELEMETRY_DISABLED": "1",
        "REVALIDATE_SECRET": REVALIDATE_SECRET,
    }
    shutil.rmtree(frontend / ".next-bench", ignore_errors=True)
    subprocess.run(["npx", "next", "build"], cwd=frontend, env=env, check=True, capture_output=True)
    return subprocess.Popen(
        ["npx", "next", "start", "-H", "127.0.0.1", "-p", str(port)],
        cwd=frontend, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
                return response.read()
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def wrk(url, duration, connections, threads=2, headers=()):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "-s",
        str(BENCH / "wrk_report.lua"),
    ]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    figures = json.loads(line.removeprefix("WRK_JSON "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def paired_rounds(first, second, rounds, duration, connections):
    """Alternates wrk runs of two URLs and returns each round's (first, second) req/s.
    One run of each, minutes apart, swung the ratio 0.32-1.18 on a shared 2-core machine;
    back-to-back rounds see the same moment's noise, and the median of their ratios holds still."""
    pairs = []
    for _ in range(rounds):
        pairs.append((wrk(first, duration, connections)["rps"], wrk(second, duration, connections)["rps"]))
    return pairs


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def prepare_database(posts):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB_NAME}"],  # noqa: S603,S607
                   capture_output=True)  # fmt: skip
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "MEDIA_ROOT": MEDIA_ROOT}
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([PY, "bench/seed_bulk.py", "--posts", str(posts)], cwd=ROOT, env=env, check=True)  # noqa: S603


def query_counts():
    """Queries per request for the listing (20 posts) and a detail, uncached, measured in-process."""
    env = {**os.environ, **SERVER_ENV, "API_CACHE": "off", "DJANGO_DEBUG": "true"}
    code = f"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
c = Client(HTTP_HOST="127.0.0.1")
figures = {{}}
for name, url in [("listing_20", {LISTING!r}), ("listing_5", {LISTING.replace("limit=20", "limit=5")!r})]:
    c.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    figures[name] = len(ctx)
first_id = json.loads(c.get({LISTING!r}).content)["items"][0]["id"]
c.get(f"/api/v2/pages/{{first_id}}/")
with CaptureQueriesContext(connection) as ctx:
    c.get(f"/api/v2/pages/{{first_id}}/")
figures["detail"] = len(ctx)
from bench import community_bench
figures.update(community_bench.query_counts(c))
print("QUERIES", json.dumps(figures))
"""
    result = subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, check=True)  # fmt: skip
    line = next(line for line in result.stdout.splitlines() if line.startswith("QUERIES "))
    return json.loads(line.removeprefix("QUERIES "))


def in_django(code, extra_env=None):
    """Run ``code`` in a Django shell against the benchmark database; returns its ``RESULT`` JSON."""
    env = {**os.environ, **SERVER_ENV, "DJANGO_DEBUG": "true", **(extra_env or {})}
    result = subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)  # fmt: skip
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def edge_cache(results, args, servers):
    """Varnish (deploy/varnish/folio.vcl) in front of the cached Django and Next.js: the post page
    and the listing from the cache, and how long a publish takes to show through it (the purge
    runs in a Celery worker after the frontend's revalidation, as in production)."""
    cache_url = f"http://127.0.0.1:{BASE + 6}"
    servers.append(varnish(BASE + 6, BASE + 2, BASE + 5))
    wait_for(f"{cache_url}/blog/bench-1/", timeout=120)
    wait_for(cache_url + LISTING)
    for name, url in {
        "post page through Varnish": f"{cache_url}/blog/bench-1/",
        "listing through Varnish": cache_url + LISTING,
    }.items():
        print(f"wrk {args.duration}s c={args.connections}: {name} ...", flush=True)
        results["load"][name] = wrk(url, args.duration, args.connections)
    edge_env = {
        "REDIS_URL": REDIS_URL,
        "FRONTEND_URL": f"http://127.0.0.1:{BASE + 5}",
        "REVALIDATE_SECRET": REVALIDATE_SECRET,
        "FRONTEND_CACHE_PURGE_URL": cache_url,
    }
    servers.append(celery_worker(edge_env))
    print("publish to visible through the cache (5 publishes) ...", flush=True)
    code = f"CACHE = {cache_url!r}\n" + PUBLISH_TO_VISIBLE
    results["publish_to_visible_ms"] = in_django(code, edge_env)


def main():
    parser = argparse.ArgumentParser(description="Folio benchmarks")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--no-frontend", dest="frontend", action="store_false", help="skip the Next.js figures"
    )
    parser.add_argument("--only", choices=["newsletter"], help="run one benchmark alone: the newsletter send")
    parser.add_argument("--no-newsletter", dest="newsletter", action="store_false")
    parser.add_argument("--subscribers", type=int, default=10_000, help="newsletter send")
    args = parser.parse_args()
    if args.only == "newsletter":
        newsletter_send(args.subscribers)
        return

    print(f"Seeding {args.posts} posts into {DB_NAME} (bulk) ...", flush=True)
    prepare_database(args.posts)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)  # noqa: S603,S607
    results = {"posts": args.posts, "queries": query_counts()}

    work = Path(tempfile.mkdtemp(prefix="folio-bench-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user
    servers = []
    try:
        uncached = gunicorn(
            "cms.wsgi:application", BASE + 1, 2, 4, {"API_CACHE": "off", "REDIS_URL": REDIS_URL}
        )
        cached = gunicorn("cms.wsgi:application", BASE + 2, 2, 4, {"REDIS_URL": REDIS_URL})
        servers += [uncached, cached]
        payload = wait_for(f"http://127.0.0.1:{BASE + 1}{LISTING}")
        wait_for(f"http://127.0.0.1:{BASE + 2}{LISTING}")
        (work / "listing.json").write_bytes(payload)
        bare = gunicorn(
            "bench.bare_django:application", BASE + 3, 2, 4, {"BARE_PAYLOAD": str(work / "listing.json")}
        )
        static = nginx(BASE + 4, work)
        servers += [bare, static]
        wait_for(f"http://127.0.0.1:{BASE + 3}/listing")
        wait_for(f"http://127.0.0.1:{BASE + 4}/listing.json")

        runs = {
            "listing, uncached (Folio)": f"http://127.0.0.1:{BASE + 1}{LISTING}",
            "listing, cached (Folio + Redis)": f"http://127.0.0.1:{BASE + 2}{LISTING}",
            "bare Django JSON view": f"http://127.0.0.1:{BASE + 3}/listing",
            "nginx, same JSON from disk": f"http://127.0.0.1:{BASE + 4}/listing.json",
        }
        thread_url = in_django("from bench import community_bench as b; import json; "
                               "print('RESULT', json.dumps(b.thread_url()))")  # fmt: skip
        runs["1,000-comment thread, uncached"] = f"http://127.0.0.1:{BASE + 1}{thread_url}"
        runs["1,000-comment thread, cached"] = f"http://127.0.0.1:{BASE + 2}{thread_url}"
        results["load"] = {}
        for name, url in runs.items():
            print(f"wrk {args.duration}s c={args.connections}: {name} ...", flush=True)
            results["load"][name] = wrk(url, args.duration, args.connections)
        print(f"paired: cached listing and bare Django, {PAIRED_ROUNDS} alternating rounds ...", flush=True)
        results["paired_listing_vs_bare"] = paired_rounds(
            runs["listing, cached (Folio + Redis)"],
            runs["bare Django JSON view"],
            PAIRED_ROUNDS,
            max(2, args.duration // 2),
            args.connections,
        )
        print("wrk c=1: latency of the uncached listing and thread ...", flush=True)
        results["latency_c1"] = {
            "listing, uncached": wrk(runs["listing, uncached (Folio)"], args.duration, 1, threads=1),
            "1,000-comment thread, uncached": wrk(
                runs["1,000-comment thread, uncached"], args.duration, 1, threads=1
            ),
        }
        if args.frontend and (ROOT / "frontend" / "node_modules").exists():
            print("Building and starting the Next.js site ...", flush=True)
            frontend = next_server(BASE + 5, f"http://127.0.0.1:{BASE + 2}")
            servers.append(frontend)
            html = wait_for(f"http://127.0.0.1:{BASE + 5}/blog/bench-1/", timeout=120)
            (work / "post.html").write_bytes(html)
            (work / "post.html").chmod(0o644)
            for name, url in {
                "Next.js post page": f"http://127.0.0.1:{BASE + 5}/blog/bench-1/",
                "nginx, same post HTML from disk": f"http://127.0.0.1:{BASE + 4}/post.html",
            }.items():
                print(f"wrk {args.duration}s c={args.connections}: {name} ...", flush=True)
                results["load"][name] = wrk(url, args.duration, args.connections)
            edge_cache(results, args, servers)
        print("1,000 concurrent likes by 1,000 users ...", flush=True)
        results["concurrent_likes"] = in_django(
            "from bench import community_bench as b; import json; "
            f"print('RESULT', json.dumps(b.concurrent_likes('http://127.0.0.1:{BASE + 2}')))"
        )
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(work, ignore_errors=True)

    report(results, args)
    if args.newsletter:
        newsletter_send(args.subscribers)


def newsletter_send(subscribers):
    """bench/newsletter_bench.py in its own process (its own database, worker and SMTP sink)."""
    subprocess.run([PY, "bench/newsletter_bench.py", "--subscribers", str(subscribers)],  # noqa: S603
                   cwd=ROOT, check=True)  # fmt: skip


def report(results, args):
    load = results["load"]
    print()
    print(
        f"Folio benchmark — {results['posts']} posts, PostgreSQL, gunicorn gthread 2x4 with keep-alive,"
        f" wrk {args.duration}s with {args.connections} connections, {os.cpu_count()} cores"
    )
    print(f"{'target':40} {'req/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, figures in load.items():
        print(
            f"{name:40} {figures['rps']:>10.0f} {figures['p50_ms']:>8.2f} {figures['p95_ms']:>8.2f} "
            f"{figures['p99_ms']:>8.2f} {figures['errors'] + figures['non2xx']:>7}"
        )
    queries = results["queries"]
    print()
    print(
        f"queries per request: listing of 20 = {queries['listing_20']},"
        f" listing of 5 = {queries['listing_5']},"
        f" detail = {queries['detail']}  (target: independent of page size, <= 12)"
    )
    uncached = load["listing, uncached (Folio)"]
    cached = load["listing, cached (Folio + Redis)"]
    bare = load["bare Django JSON view"]
    nginx_figures = load["nginx, same JSON from disk"]
    c1 = results["latency_c1"]
    print(
        f"uncached listing, one client: p50 {c1['listing, uncached']['p50_ms']:.1f} ms,"
        f" p95 {c1['listing, uncached']['p95_ms']:.1f} ms (target p95 < 50 ms at 10k posts);"
        f" at {args.connections} connections p95 {uncached['p95_ms']:.1f} ms"
    )
    thread = c1["1,000-comment thread, uncached"]
    print(
        f"1,000-comment thread, one client: p50 {thread['p50_ms']:.1f} ms, p95 {thread['p95_ms']:.1f} ms"
        f" (target < 50 ms); queries: {queries['thread_10']} for 10 comments,"
        f" {queries['thread_1000']} for 1,000"
    )
    likes = results["concurrent_likes"]
    print(
        f"1,000 concurrent likes: {likes['likes_ok']}/{likes['likes_sent']} answered 200,"
        f" like_count {likes['like_count_after']} (rows {likes['db_like_rows']}),"
        f" {likes['likes_per_second']} likes/s"
    )
    print(f"cached listing / bare Django, one run each = {cached['rps'] / bare['rps']:.2f}")
    ratios = sorted(folio / yardstick for folio, yardstick in results["paired_listing_vs_bare"])
    print(
        f"cached listing / bare Django, {len(ratios)} alternating rounds: median"
        f" {statistics.median(ratios):.2f} (target >= 0.8), rounds {[round(r, 2) for r in ratios]}"
    )
    print(f"cached listing / nginx static = {cached['rps'] / nginx_figures['rps']:.3f}")
    if "Next.js post page" in load:
        ratio = load["Next.js post page"]["rps"] / load["nginx, same post HTML from disk"]["rps"]
        print(f"Next.js post page / nginx same HTML = {ratio:.3f} (aim >= 0.1)")
    if "post page through Varnish" in load:
        page = load["post page through Varnish"]["rps"] / load["nginx, same post HTML from disk"]["rps"]
        listing = load["listing through Varnish"]["rps"] / nginx_figures["rps"]
        print(f"post page through Varnish / nginx same HTML = {page:.2f} (target >= 0.5)")
        print(f"listing through Varnish / nginx same JSON = {listing:.2f} (target >= 0.5)")
        times = results["publish_to_visible_ms"]
        print(f"publish to visible through the cache: {sorted(times)} ms (target < 2,000)")
    for key, value in results.items():
        if key not in {
            "posts",
            "queries",
            "load",
            "latency_c1",
            "concurrent_likes",
            "publish_to_visible_ms",
            "paired_listing_vs_bare",
        }:
            print(f"{key}: {value}")
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    print(f"\nraw figures: {out / 'latest.json'}")


if __name__ == "__main__":
    main()
