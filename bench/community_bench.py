"""
Comments and likes for the benchmarks: a bulk seeder (100k comments, 1M likes)
and the load figures (a 1,000-comment thread, 1,000 concurrent likes).
Imported by bench/seed_bulk.py and bench/run.py after django.setup().
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import requests
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from blog.models import BlogPage
from community import services
from community.models import Comment, PostLike

USERS = 1_000
COMMENTS_PER_POST = 10
THREAD_COMMENTS = 1_000
LIKES_PER_POST = 100
BATCH = 5_000


def bench_users():
    User = get_user_model()
    existing = User.objects.filter(username__startswith="bench-user-").count()
    if existing < USERS:
        User.objects.bulk_create(
            [
                User(username=f"bench-user-{n}", email=f"bench-user-{n}@example.com", password="!")  # noqa: S106 (unusable)
                for n in range(existing, USERS)
            ],
            batch_size=BATCH,
        )
    return list(
        User.objects.filter(username__startswith="bench-user-").order_by("pk").values_list("pk", flat=True)
    )


def thread_post():
    """The post carrying the 1,000-comment thread (the newest bench post)."""
    return BlogPage.objects.filter(slug="bench-0").first()


def seed():
    users = bench_users()
    posts = list(
        BlogPage.objects.filter(slug__startswith="bench-").order_by("pk").values_list("pk", flat=True)
    )
    seed_comments(users, posts)
    seed_likes(users, posts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def seed_comments(users, posts):
    """Ten top-level comments per post, and on the newest post a 1,000-comment thread
    (500 comments with one reply each), through ``community.services.import_comments``."""
    if Comment.objects.filter(post_id__in=posts[:1]).exists():
        print(f"comments: {Comment.objects.count()} already there")
        return
    body = "Thanks for writing this up — the **numbers** section was exactly what I needed."
    now = timezone.now()

    def comment(post_id, n, parent=None):
        return services.NewComment(
            post_id=post_id, author_id=users[n % len(users)], body=body, parent=parent,
            created=now - timedelta(seconds=n),
        )  # fmt: skip

    progress = tqdm(total=len(posts) * COMMENTS_PER_POST + THREAD_COMMENTS, desc="comments", unit="comment")
    for start in range(0, len(posts), BATCH // COMMENTS_PER_POST):
        chunk = posts[start : start + BATCH // COMMENTS_PER_POST]
        services.import_comments(
            [comment(post_id, n) for post_id in chunk for n in range(COMMENTS_PER_POST)], batch_size=BATCH
        )
        progress.update(len(chunk) * COMMENTS_PER_POST)
    thread_id = thread_post().pk
    tops = services.import_comments([comment(thread_id, n) for n in range(THREAD_COMMENTS // 2)])
    services.import_comments([comment(thread_id, n + 1, parent=top) for n, top in enumerate(tops)])
    progress.update(THREAD_COMMENTS)
    progress.close()


def seed_likes(users, posts):
    """A hundred likes per post (a million at 10k posts). A like is one row with nothing
    to work out, so the rows are written with COPY rather than ``community.services``:
    an order of magnitude faster than INSERT batches."""
    if PostLike.objects.filter(post_id__in=posts[:1]).exists():
        print(f"likes: {PostLike.objects.count()} already there")
        return
    total = len(posts) * LIKES_PER_POST
    progress = tqdm(total=total, desc="likes", unit="like")
    created = timezone.now().isoformat()
    copy_sql = "COPY community_postlike (user_id, post_id, created) FROM STDIN"
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for index, post_id in enumerate(posts):
            for k in range(LIKES_PER_POST):
                copy.write_row((users[(index * 7 + k) % len(users)], post_id, created))
            if index % 500 == 499:
                progress.update(500 * LIKES_PER_POST)
    progress.update(total - progress.n)
    progress.close()


def query_counts(client):
    """Queries to list a thread page with 10 vs 1,000 comments (uncached reads)."""
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    big = thread_post()
    small = BlogPage.objects.filter(slug="bench-1").first()
    figures = {}
    for name, post in [("thread_10", small), ("thread_1000", big)]:
        url = f"/api/posts/{post.pk}/comments/"
        client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        figures[name] = len(context)
    return figures


def concurrent_likes(base_url, users=1_000, workers=200):
    """1,000 different users like one fresh post at once; the count must be exactly 1,000."""
    from rest_framework_simplejwt.tokens import AccessToken

    User = get_user_model()
    post = BlogPage.objects.filter(slug="bench-5000").first() or BlogPage.objects.last()
    PostLike.objects.filter(post=post).delete()
    tokens = [
        str(AccessToken.for_user(u)) for u in User.objects.filter(username__startswith="bench-user-")[:users]
    ]
    url = f"{base_url}/api/posts/{post.pk}/like/"
    session_per_thread = {}

    def like(token):
        import threading

        session = session_per_thread.setdefault(threading.get_ident(), requests.Session())
        return session.post(url, headers={"Authorization": f"Bearer {token}"}, timeout=60).status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(pool.map(like, tokens))
    elapsed = time.perf_counter() - started
    count = requests.get(f"{base_url}/api/posts/{post.pk}/stats/", timeout=10).json()["like_count"]
    return {
        "likes_sent": len(tokens),
        "likes_ok": statuses.count(200),
        "like_count_after": count,
        "db_like_rows": PostLike.objects.filter(post=post).count(),
        "likes_per_second": round(len(tokens) / elapsed, 1),
    }


def thread_url():
    return f"/api/posts/{thread_post().pk}/comments/"


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps({"thread_url": thread_url()}))
