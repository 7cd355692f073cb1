"""Request and response bodies of the newsletter API."""

from rest_framework import serializers

from newsletter.models import BLOG_TOPIC, Subscriber
from newsletter.subscriptions import unknown_topics

MAX_TOPICS = 50


class TopicsField(serializers.ListField):
    """``["blog", "author:<slug>", "tag:<slug>"]``: each an existing author or tag."""

    child = serializers.CharField(max_length=140)

    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_TOPICS, **kwargs)

    def to_internal_value(self, data):
        keys = list(dict.fromkeys(super().to_internal_value(data)))
        unknown = unknown_topics(keys)
        if unknown:
            raise serializers.ValidationError(f"Unknown topic: {unknown[0]!r}.")
        return keys


class SubscribeSerializer(serializers.Serializer):
    """In: ``{"email": "reader@example.com", "topics": ["blog"]}`` (``topics`` defaults to ``["blog"]``)."""

    email = serializers.EmailField(max_length=254)
    topics = TopicsField(required=False, min_length=1, default=[BLOG_TOPIC])


class AcceptedSerializer(serializers.Serializer):
    """Out (202, whatever the address): ``{"detail": "If this address can subscribe, …"}``."""

    detail = serializers.CharField()


class ConfirmSerializer(serializers.Serializer):
    """In: ``{"token": "…"}`` from the emailed link."""

    token = serializers.CharField(max_length=128)


class ConfirmedSerializer(serializers.Serializer):
    """Out: ``{"email": "reader@example.com", "topics": ["blog"]}``."""

    email = serializers.EmailField()
    topics = serializers.ListField(child=serializers.CharField(), source="topic_keys")


class MySubscriptionSerializer(serializers.Serializer):
    """
    Out: ``{"email": "reader@example.com", "state": "confirmed", "topics": ["blog"]}``;
    ``state`` is ``none`` with no subscription. In (PUT): ``{"topics": [...]}``, ``[]``
    to unsubscribe; an address not yet confirmed gets a confirmation email first.
    """

    email = serializers.EmailField(read_only=True)
    state = serializers.ChoiceField(
        choices=[("none", "No subscription"), *Subscriber.State.choices], read_only=True
    )
    topics = TopicsField(source="topic_keys")
