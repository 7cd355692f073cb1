"""Fixtures for the hardening tests: a small world of users, a post and comments."""

from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken


def bearer(user):
    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=bearer(user)["Authorization"])
    return client


@pytest.fixture
def world(make_post, django_user_model):
    """Two readers, a post with comments by each, and tokens for both."""
    from community import services

    alice = django_user_model.objects.create_user("alice", "alice@example.com", "correct horse 42")
    bob = django_user_model.objects.create_user("bob", "bob@example.com", "correct horse 42")
    post = make_post(title="Fuzzed post")
    alice_comment = services.post_comment(post, alice, "Alice's *comment*")
    bob_comment = services.post_comment(post, bob, "Bob's comment")
    return SimpleNamespace(
        alice=alice, bob=bob, post=post, alice_comment=alice_comment, bob_comment=bob_comment
    )
