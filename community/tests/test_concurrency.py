"""Exact counts and throttles under simultaneous requests (threads against the real database)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from community.models import PostLike
from community.tests.conftest import client_for

# serialized_rollback: the flush after a transactional test would drop the page tree and roles.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORKERS = 25  # simultaneous connections; PostgreSQL allows 100 in all


def run_concurrently(calls):
    """Run every call from a pool of threads released at the same moment; answer the results."""
    start = threading.Event()

    def run(call):
        start.wait()
        try:
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(run, call) for call in calls]
        start.set()
        return [future.result() for future in futures]


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is measured on PostgreSQL")


def make_users(count):
    User = get_user_model()
    return User.objects.bulk_create(
        [User(username=f"crowd{i}", email=f"crowd{i}@example.com") for i in range(count)]
    )


class TestConcurrentLikes:
    def test_50_simultaneous_likes_by_one_user_count_once(self, require_postgres, make_post, owner):
        post = make_post()
        client = client_for(owner)
        url = f"/api/posts/{post.pk}/like/"
        responses = run_concurrently([lambda: client.post(url)] * 50)
        assert {r.status_code for r in responses} == {200}
        assert PostLike.objects.filter(post=post).count() == 1
        assert client_for(None).get(f"/api/posts/{post.pk}/stats/").json()["like_count"] == 1

    def test_200_simultaneous_likes_by_different_users_count_200(self, require_postgres, make_post):
        post = make_post()
        users = make_users(200)
        url = f"/api/posts/{post.pk}/like/"
        clients = [client_for(user) for user in users]
        responses = run_concurrently([lambda c=c: c.post(url) for c in clients])
        assert {r.status_code for r in responses} == {200}
        assert client_for(None).get(f"/api/posts/{post.pk}/stats/").json()["like_count"] == 200
        assert max(r.json()["like_count"] for r in responses) == 200

    def test_simultaneous_likes_and_unlikes_of_a_comment_stay_exact(
        self, require_postgres, make_post, make_comment, owner
    ):
        post = make_post()
        comment = make_comment(post, owner)
        users = make_users(60)
        url = f"/api/comments/{comment.pk}/like/"
        clients = [client_for(user) for user in users]
        run_concurrently([lambda c=c: c.post(url) for c in clients])
        calls = [lambda c=c: c.delete(url) for c in clients[:30]] + [lambda c=c: c.post(url) for c in clients]
        run_concurrently(calls)
        # The first 30 unliked then liked again (in any order), the other 30 liked twice.
        assert 30 <= comment.likes.count() <= 60
        listing = client_for(None).get(f"/api/posts/{post.pk}/comments/").json()
        assert listing["results"][0]["like_count"] == comment.likes.count()


class TestConcurrentLogin:
    def test_simultaneous_wrong_passwords_are_all_counted(self, require_postgres, owner):
        def attempt():
            from rest_framework.test import APIClient

            return (
                APIClient()
                .post("/api/auth/token/", {"username": "owner", "password": "wrong"}, format="json")
                .status_code
            )

        codes = run_concurrently([attempt] * 25)
        assert codes.count(401) == 10
        assert codes.count(429) == 15
        assert attempt() == 429
