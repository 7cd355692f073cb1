"""Newsletter fixtures (the SMTP sink is tests/smtp.py's, shared by every app)."""

import pytest

from newsletter.models import Subscriber, Topic


@pytest.fixture
def make_subscriber(db):
    def make(email, topics=("blog",), state=Subscriber.State.CONFIRMED, **fields):
        subscriber = Subscriber.objects.create(email=email, state=state, **fields)
        Topic.objects.bulk_create([Topic(subscriber=subscriber, key=key) for key in topics])
        return subscriber

    return make


@pytest.fixture
def publish(make_post, django_capture_on_commit_callbacks):
    """Publish a post and run what its commit starts (the send, in-process)."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make_post(**kwargs)

    return run
