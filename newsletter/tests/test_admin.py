"""The Newsletter area of the Wagtail admin, as an editor uses it."""

import pytest
from django.urls import reverse

from newsletter.models import Delivery, Send, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-editor-123")
    client.force_login(user)
    return client


def test_subscribers_list_filters_and_exports_csv(editor, make_subscriber):
    make_subscriber("one@example.com", ["blog", "tag:django"])
    make_subscriber("two@example.com", state=Subscriber.State.PENDING)
    url = reverse("wagtailsnippets_newsletter_subscriber:list")
    listing = editor.get(url, {"state": "pending"})
    assert listing.status_code == 200
    assert b"two@example.com" in listing.content and b"one@example.com" not in listing.content
    export = editor.get(url, {"export": "csv"})
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert rows[0].startswith("Email,State,Topics")
    assert any(row.startswith("one@example.com,confirmed,") and "blog, tag:django" in row for row in rows)


def test_sends_list_counts_each_outcome(editor, make_post, make_subscriber):
    post = make_post(title="Counted", send_to_subscribers=False)
    send = Send.objects.create(post=post)
    for n, status in enumerate(["sent", "sent", "failed", "bounced", "queued"]):
        Delivery.objects.create(send=send, subscriber=make_subscriber(f"r{n}@example.com"), status=status)
    response = editor.get(reverse("wagtailsnippets_newsletter_send:list"))
    assert response.status_code == 200
    assert Send.objects.with_counts().values_list("recipients", "sent", "failed", "bounced").get() == (
        5,
        2,
        1,
        1,
    )
    assert b"Counted" in response.content


def test_send_me_a_test_email_mails_the_draft_to_the_editor_only(editor, make_post, smtp):
    post = make_post(title="Draft", publish=False)
    url = reverse("newsletter_test_email", args=[post.pk])
    assert url.encode() in editor.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content
    assert editor.get(url).status_code == 200 and smtp.messages == []  # GET only asks
    assert editor.post(url).status_code == 302
    (message,) = smtp.messages
    assert (message["To"], message["Subject"]) == ("editor@example.com", "Draft")
    assert not Send.objects.exists()


def test_the_switch_is_on_the_post_settings(editor, make_post):
    post = make_post(title="Switch")
    assert (
        b'name="send_to_subscribers"'
        in editor.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content
    )


def test_settings_come_from_the_environment(monkeypatch):
    from tests.smtp import email_settings_from_env

    values = email_settings_from_env(
        monkeypatch,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.example.com",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="user",
        EMAIL_HOST_PASSWORD="secret",
        EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="News <news@example.com>",
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "user",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "News <news@example.com>",
    }
