"""
Newsletter send benchmark: one post to 10,000 confirmed subscribers.

    bench/run --only newsletter                 # through bench/run (services checked)
    python bench/newsletter_bench.py --subscribers 10000

One real Celery worker (``celery -A cms worker -P solo``, production settings, DEBUG off)
runs ``newsletter.deliver_send`` as a publish would queue it; it sends over SMTP to a
local aiosmtpd sink in this process, which only counts (and checks no address gets
two). Prints emails/s, the whole send's time and the worker's memory: its RSS when
2,500 and when 10,000 emails had gone, and its peak (VmHWM), which must not grow with
the subscriber count. Its own database (``BENCH_NEWSLETTER_DB``), Redis db 13 unless
``BENCH_REDIS_URL`` says otherwise.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB_NAME = os.environ.get("BENCH_NEWSLETTER_DB", "folio_newsletter_bench")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
QUEUE = "newsletter-bench"
CHECKPOINT = 2_500

ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CELERY_BROKER_URL": REDIS_URL,
    "CELERY_QUEUE": QUEUE,
    "MEDIA_ROOT": "/tmp/folio-bench-media",
    "DJANGO_DEBUG": "false",  # DEBUG keeps every query in memory: not what production runs
    "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
    "PYTHONWARNINGS": "ignore::UserWarning",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "DEFAULT_FROM_EMAIL": "Folio <news@folio.test>",
}


class CountingSink:
    """An aiosmtpd handler that counts accepted messages and the addresses they went to."""

    def __init__(self):
        self.count = 0
        self.duplicates = 0
        self.bytes = 0
        self._seen = set()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self._lock:
            for address in envelope.rcpt_tos:
                if address in self._seen:
                    self.duplicates += 1
                self._seen.add(address)
            self.count += 1
            self.bytes += len(envelope.content or b"")
        return "250 Message accepted for delivery"


def rss_kib(pid, field="VmRSS"):
    """A process's resident memory (``VmRSS``) or its peak (``VmHWM``), in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def prepare_database():
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB_NAME}"],  # noqa: S603,S607
                   capture_output=True)  # fmt: skip
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env={**os.environ, **ENV}, check=True)  # noqa: S603


def seed(subscribers):
    """The demo site with one post, a fresh send of it, and ``subscribers`` confirmed readers."""
    from django.db import connection
    from django.utils import timezone

    from blog import demo
    from blog.models import BlogPage
    from cms.celery import app
    from newsletter.models import Delivery, Send, Subscriber, Topic

    app.conf.task_always_eager = True  # publishing the demo post sends to nobody yet
    try:
        if not BlogPage.objects.live().exists():
            demo.seed(posts=1)
    finally:
        app.conf.task_always_eager = False
    post = BlogPage.objects.live().order_by("pk").first()
    Delivery.objects.all().delete()
    Send.objects.all().delete()
    Topic.objects.all().delete()
    Subscriber.objects.all().delete()
    now = timezone.now()
    rows = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"reader{n:05}@example.com", state=Subscriber.State.CONFIRMED, confirmed_at=now)
            for n in range(subscribers)
        ],
        batch_size=2_000,
    )
    Topic.objects.bulk_create([Topic(subscriber=row, key="blog") for row in rows], batch_size=2_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Send.objects.create(post=post)


def start_worker(smtp_port):
    celery = Path(PY).with_name("celery")
    command = [str(celery), "-A", "cms", "worker", "-P", "solo", "-Q", QUEUE, "-l", "WARNING",
               "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    env = {**os.environ, **ENV, "EMAIL_PORT": str(smtp_port)}
    # the banner to /dev/null; warnings and errors still reach stderr
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True)  # noqa: S603


def wait_for_worker(process, timeout=60):
    """Until the solo worker has loaded Django (its RSS stops growing), so its start is not timed."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        time.sleep(0.5)
        if process.poll() is not None:
            raise SystemExit("the Celery worker exited at start")
        current = rss_kib(process.pid)
        if last is not None and current == last and current > 50_000:
            return
        last = current


def run(subscribers, timeout):
    from aiosmtpd.controller import Controller

    from newsletter.models import Delivery
    from newsletter.tasks import deliver_send
    from tests.smtp import free_port

    print(f"Seeding {subscribers} confirmed subscribers into {DB_NAME} ...", flush=True)
    send = seed(subscribers)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "del", QUEUE], capture_output=True)  # noqa: S603,S607
    handler = CountingSink()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    worker = start_worker(port)
    try:
        wait_for_worker(worker)
        idle = rss_kib(worker.pid)
        print(f"Worker ready (RSS {idle / 1024:.0f} MiB); sending ...", flush=True)
        started = time.monotonic()
        deliver_send.apply_async((send.pk,), queue=QUEUE)
        at_checkpoint = None
        first_at = None
        samples = []
        while handler.count < subscribers:
            if time.monotonic() - started > timeout:
                raise SystemExit(f"timed out after {timeout}s with {handler.count} emails")
            if worker.poll() is not None:
                raise SystemExit("the Celery worker died")
            if first_at is None and handler.count:
                first_at = time.monotonic()
            if at_checkpoint is None and handler.count >= min(CHECKPOINT, subscribers):
                at_checkpoint = rss_kib(worker.pid)
            samples.append(rss_kib(worker.pid))
            time.sleep(0.05)
        elapsed = time.monotonic() - started
        time.sleep(1)  # anything sent twice would arrive by now
        at_end = rss_kib(worker.pid)
        if at_checkpoint is None:  # fewer subscribers than the checkpoint, or passed in one poll
            at_checkpoint = at_end
        peak = rss_kib(worker.pid, "VmHWM")
        sent_rows = Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count()
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, 15)
            worker.wait(15)
        controller.stop()
    return {
        "subscribers": subscribers,
        "emails": handler.count,
        "duplicates": handler.duplicates,
        "delivery_rows_sent": sent_rows,
        "seconds": round(elapsed, 2),
        "listing_seconds": round(first_at - started, 2) if first_at else None,
        "emails_per_second": round(handler.count / elapsed, 1),
        "mean_message_kib": round(handler.bytes / max(handler.count, 1) / 1024, 1),
        "worker_rss_idle_mib": round(idle / 1024, 1),
        f"worker_rss_at_{CHECKPOINT}_mib": round(at_checkpoint / 1024, 1),
        f"worker_rss_at_{subscribers}_mib": round(at_end / 1024, 1),
        "worker_rss_peak_mib": round(peak / 1024, 1),
        "worker_rss_max_sampled_mib": round(max(s for s in samples if s) / 1024, 1),
    }


def report(figures):
    n = figures["subscribers"]
    print()
    print(
        f"Newsletter send — {n} confirmed subscribers, 1 Celery worker (solo pool), aiosmtpd sink on loopback"
    )
    print(
        f"  {figures['emails']} emails in {figures['seconds']} s = {figures['emails_per_second']} emails/s"
        f" (target: whole send < 120 s); first email after {figures['listing_seconds']} s"
        f" (recipients listed); mean message {figures['mean_message_kib']} KiB"
    )
    print(f"  duplicates: {figures['duplicates']}; Delivery rows sent: {figures['delivery_rows_sent']}")
    print(
        f"  worker RSS: idle {figures['worker_rss_idle_mib']} MiB, after {CHECKPOINT} emails"
        f" {figures[f'worker_rss_at_{CHECKPOINT}_mib']} MiB, after {n}"
        f" {figures[f'worker_rss_at_{n}_mib']} MiB, peak {figures['worker_rss_peak_mib']} MiB"
    )


def main():
    parser = argparse.ArgumentParser(description="Folio newsletter send benchmark")
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    os.environ.update(ENV)
    prepare_database()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    figures = run(args.subscribers, args.timeout)
    report(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
