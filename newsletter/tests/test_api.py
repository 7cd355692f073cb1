"""The newsletter API from the outside: subscribe, confirm, /me/, one-click unsubscribe."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from newsletter import emails
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/api/newsletter/subscribe/"
CONFIRM = "/api/newsletter/confirm/"
ME = "/api/newsletter/me/"


@pytest.fixture
def subscribe(api_client, django_capture_on_commit_callbacks):
    def post(body, client=None):
        with django_capture_on_commit_callbacks(execute=True):
            return (client or api_client).post(SUBSCRIBE, body, format="json")

    return post


def token_in(message):
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://frontend\.test/newsletter/confirm/\?token=([\w-]+)", text).group(1)


def signed_in(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


class TestSubscribe:
    def test_the_answer_is_the_same_whatever_the_address(self, subscribe, smtp, make_subscriber):
        make_subscriber("confirmed@example.com")
        make_subscriber("bounced@example.com", state=Subscriber.State.SUPPRESSED)
        answers = [
            subscribe({"email": address})
            for address in [
                "new@example.com",
                "confirmed@example.com",
                "bounced@example.com",
                "new@example.com",
            ]
        ]
        assert {response.status_code for response in answers} == {202}
        assert len({response.content for response in answers}) == 1
        # One confirmation email, to the one unconfirmed address, however often it asks.
        assert smtp.recipients == ["new@example.com"]

    def test_confirming_turns_the_address_on_once(self, subscribe, smtp, api_client, make_author):
        make_author(name="Jane", slug="jane")
        assert (
            subscribe({"email": "  New@Example.COM ", "topics": ["author:jane", "blog"]}).status_code == 202
        )
        token = token_in(smtp.messages[0])
        subscriber = Subscriber.objects.get()
        assert (subscriber.email, subscriber.state) == ("new@example.com", Subscriber.State.PENDING)

        response = api_client.post(CONFIRM, {"token": token}, format="json")
        assert response.status_code == 200
        assert response.json() == {"email": "new@example.com", "topics": ["author:jane", "blog"]}
        assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED

        reused = api_client.post(CONFIRM, {"token": token}, format="json")
        assert reused.status_code == 400 and "token" in reused.json()

    def test_an_expired_or_made_up_token_is_refused(self, subscribe, smtp, api_client, settings):
        subscribe({"email": "late@example.com"})
        token = token_in(smtp.messages[0])
        Subscriber.objects.update(confirm_sent_at=timezone.now() - timedelta(hours=73))
        assert api_client.post(CONFIRM, {"token": token}, format="json").status_code == 400
        assert api_client.post(CONFIRM, {"token": "made-up"}, format="json").status_code == 400
        assert api_client.post(CONFIRM, {}, format="json").json().keys() == {"token"}
        assert Subscriber.objects.get().state == Subscriber.State.PENDING
        # An expired link may be asked for again.
        subscribe({"email": "late@example.com"})
        assert len(smtp.messages) == 2

    @pytest.mark.parametrize(
        "body, field",
        [
            ({"email": "not-an-address"}, "email"),
            ({}, "email"),
            ({"email": "a@example.com", "topics": ["everything"]}, "topics"),
            ({"email": "a@example.com", "topics": ["author:nobody"]}, "topics"),
            ({"email": "a@example.com", "topics": ["tag:nothing"]}, "topics"),
            ({"email": "a@example.com", "topics": []}, "topics"),
            ({"email": "a@example.com", "topics": "blog"}, "topics"),
            ({"email": ["a@example.com"]}, "email"),
        ],
    )
    def test_bad_input_is_a_400_naming_the_field(self, subscribe, body, field):
        response = subscribe(body)
        assert response.status_code == 400
        assert field in response.json()
        assert not Subscriber.objects.exists()

    def test_an_existing_tag_is_a_topic(self, subscribe, make_post):
        make_post(tags=["Django"])
        assert subscribe({"email": "a@example.com", "topics": ["tag:django"]}).status_code == 202
        assert Subscriber.objects.get().topic_keys == ["tag:django"]

    def test_throttled_per_address_whatever_the_client(self, subscribe, smtp):
        clients = [APIClient(REMOTE_ADDR=f"10.0.0.{n}") for n in range(5)]
        codes = [subscribe({"email": "target@example.com"}, client).status_code for client in clients]
        assert codes == [202, 202, 202, 429, 429]

    def test_throttled_per_client(self, subscribe, smtp, settings):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                "newsletter_subscribe": "2/hour",
            },
        }
        codes = [subscribe({"email": f"r{n}@example.com"}).status_code for n in range(3)]
        assert codes == [202, 202, 429]


class TestMySubscription:
    def test_anonymous_callers_are_refused(self, api_client):
        assert api_client.get(ME).status_code == 401
        assert api_client.put(ME, {"topics": ["blog"]}, format="json").status_code == 401

    def test_each_reader_sees_only_their_own(self, django_user_model, make_subscriber):
        owner = django_user_model.objects.create_user("owner", "owner@example.com", "pw-owner-123")
        other = django_user_model.objects.create_user("other", "other@example.com", "pw-other-123")
        make_subscriber("owner@example.com", ["blog"], user=owner)

        mine = signed_in(owner).get(ME)
        assert mine.status_code == 200
        assert mine.json() == {"email": "owner@example.com", "state": "confirmed", "topics": ["blog"]}
        assert signed_in(other).get(ME).json() == {
            "email": "other@example.com",
            "state": "none",
            "topics": [],
        }

        # Another reader's changes never touch the owner's subscription.
        signed_in(other).put(ME, {"topics": []}, format="json")
        assert Subscriber.objects.get(user=owner).state == Subscriber.State.CONFIRMED

    def test_the_owner_changes_topics_and_unsubscribes(self, django_user_model, make_subscriber, make_author):
        make_author(name="Jane", slug="jane")
        owner = django_user_model.objects.create_user("owner", "owner@example.com", "pw-owner-123")
        make_subscriber("owner@example.com", ["blog"], user=owner)
        client = signed_in(owner)
        changed = client.put(ME, {"topics": ["author:jane"]}, format="json")
        assert changed.status_code == 200 and changed.json()["topics"] == ["author:jane"]
        assert client.put(ME, {"topics": ["tag:none"]}, format="json").status_code == 400
        assert client.put(ME, {"topics": []}, format="json").json()["state"] == "unsubscribed"

    def test_a_new_subscription_from_the_account_is_confirmed_by_email(
        self, django_user_model, smtp, django_capture_on_commit_callbacks
    ):
        reader = django_user_model.objects.create_user("reader", "reader@example.com", "pw-reader-123")
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in(reader).put(ME, {"topics": ["blog"]}, format="json")
        assert response.json() == {"email": "reader@example.com", "state": "pending", "topics": ["blog"]}
        assert smtp.recipients == ["reader@example.com"]


def send(client, method, path, data):
    """``data`` as JSON escaped to ASCII, so a lone surrogate arrives as ``\\ud800`` (the
    test client's own encoder cannot write one); a ``str`` is the body as it is."""
    body = data if isinstance(data, str) else json.dumps(data)
    return client.generic(method, path, body, content_type="application/json")


def assert_refused(response, field):
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert field in response.json()


DEEP = "[" * 10_000 + "]" * 10_000
"""20 kB of JSON nested deeper than Python's stack."""

BAD_TOPICS = [
    "blog",
    {"blog": True},
    7,
    None,
    [None],
    [7],
    [["blog"]],
    [{"key": "blog"}],
    ["blog\x00"],
    ["tag:\ud800"],
    ["author:zoë"],
    ["tag:a b?!"],
    ["tag:" + "x" * 5000],
    [f"tag:t{n}" for n in range(51)],  # at most 50 a request
]


class TestHostileInput:
    """Whatever arrives, the answer is a JSON 400 naming what was wrong, never a 500."""

    @pytest.fixture
    def reader(self, django_user_model):
        return signed_in(django_user_model.objects.create_user("r", "r@example.com", "pw-reader-123"))

    @pytest.mark.parametrize(
        "email",
        [
            "zoë@example.com",
            "a@exa mple.com",
            "a\x00@example.com",
            "<a>@example.com",
            "a@@example.com",
            "\ud800@example.com",
            "a" * 300 + "@example.com",
            "a@" + "b" * 5000 + ".com",
            7,
            True,
            None,
            {"address": "a@example.com"},
        ],
    )
    def test_a_bad_address_is_a_400_on_email(self, api_client, email):
        assert_refused(send(api_client, "POST", SUBSCRIBE, {"email": email}), "email")
        assert not Subscriber.objects.exists()

    @pytest.mark.parametrize("topics", BAD_TOPICS)
    def test_bad_topics_are_a_400_on_topics(self, api_client, topics):
        body = {"email": "a@example.com", "topics": topics}
        assert_refused(send(api_client, "POST", SUBSCRIBE, body), "topics")
        assert not Subscriber.objects.exists()

    @pytest.mark.parametrize("topics", BAD_TOPICS)
    def test_bad_topics_from_the_account_are_a_400_on_topics(self, reader, topics):
        assert_refused(send(reader, "PUT", ME, {"topics": topics}), "topics")
        assert not Subscriber.objects.exists()

    @pytest.mark.parametrize(
        "body",
        ["[]", '"blog"', "7", "null", "{", DEEP, f'{{"topics": {DEEP}}}'],
        ids=[
            "array",
            "string",
            "number",
            "null",
            "cut short",
            "nested too deeply",
            "topics nested too deeply",
        ],
    )
    def test_a_body_that_is_not_a_json_object_is_a_400(self, api_client, reader, body):
        for response in [send(api_client, "POST", SUBSCRIBE, body), send(reader, "PUT", ME, body)]:
            assert response.status_code == 400, response.content[:300]
            assert response.json()  # the field, "non_field_errors" or the parse error's "detail"
        assert not Subscriber.objects.exists()


class TestOneClickUnsubscribe:
    def url(self, subscriber):
        return emails.unsubscribe_url(subscriber.pk).removeprefix("http://testserver")

    def test_get_shows_a_form_and_changes_nothing(self, client, make_subscriber):
        subscriber = make_subscriber("reader@example.com")
        response = client.get(self.url(subscriber))
        assert response.status_code == 200
        assert b'<form method="post">' in response.content
        subscriber.refresh_from_db()
        assert subscriber.state == Subscriber.State.CONFIRMED

    def test_one_click_post_needs_no_auth_and_no_csrf(self, make_subscriber, publish, smtp):
        from django.test import Client

        subscriber = make_subscriber("reader@example.com")
        response = Client(enforce_csrf_checks=True).post(
            self.url(subscriber),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200 and b"Unsubscribed" in response.content
        subscriber.refresh_from_db()
        assert subscriber.state == Subscriber.State.UNSUBSCRIBED
        publish(title="After leaving")
        assert smtp.messages == []

    def test_the_pages_own_form_lands_on_the_sites_unsubscribed_page(self, client, make_subscriber, settings):
        subscriber = make_subscriber("reader@example.com")
        page = client.get(self.url(subscriber)).content.decode()
        assert '<input type="hidden" name="then" value="site">' in page
        response = client.post(self.url(subscriber), {"List-Unsubscribe": "One-Click", "then": "site"})
        assert response.status_code == 303
        assert response["Location"] == f"{settings.FRONTEND_URL}/newsletter/unsubscribed/"
        subscriber.refresh_from_db()
        assert subscriber.state == Subscriber.State.UNSUBSCRIBED

    def test_a_tampered_token_is_a_404(self, client, make_subscriber):
        subscriber = make_subscriber("reader@example.com")
        assert client.post(self.url(subscriber)[:-3] + "x/").status_code == 404


def test_the_openapi_schema_documents_the_newsletter_api(api_client):
    paths = api_client.get("/api/schema/?format=json").json()["paths"]
    assert {"/api/newsletter/subscribe/", "/api/newsletter/confirm/", "/api/newsletter/me/"} <= set(paths)
