"""Community test helpers: users in each role and API clients signed in as them."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    def make(username, groups=(), **fields):
        fields.setdefault("email", f"{username}@example.com")
        user = get_user_model().objects.create_user(username=username, password="correct horse 42", **fields)
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def owner(make_user):
    return make_user("owner")


@pytest.fixture
def other(make_user):
    return make_user("other")


@pytest.fixture
def moderator(make_user):
    return make_user("mod", groups=["Moderators"])


def client_for(user):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def as_user():
    """``as_user(user)`` → an APIClient sending that user's access token (``None``: anonymous)."""
    return client_for


@pytest.fixture
def post(make_post):
    return make_post(title="Commented post")


@pytest.fixture
def make_comment(db):
    """``make_comment(post, author, body="Hello", parent=None, status=..., created=...)``
    → a saved comment, posted through ``community.services`` (visible unless ``status``
    says otherwise)."""
    from community import services
    from community.models import Comment

    def make(post, author, body="Hello", parent=None, status=Comment.Status.VISIBLE, created=None):
        return services.post_comment(post, author, body, parent, status=status, created=created)

    return make
