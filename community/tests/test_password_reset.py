"""Password reset by email: same answer for any address, single-use expiring links, sessions end."""

import re
import statistics
import time
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

REQUEST_URL = "/api/auth/password-reset/"
CONFIRM_URL = "/api/auth/password-reset/confirm/"
NEW_PASSWORD = "a brand new passphrase 77"


def ask(email):
    return APIClient().post(REQUEST_URL, {"email": email}, format="json")


def confirm(uid, token, new_password=NEW_PASSWORD):
    return APIClient().post(
        CONFIRM_URL, {"uid": uid, "token": token, "new_password": new_password}, format="json"
    )


def link_in(message):
    url = re.search(r"https?://\S+", message.body).group(0)
    query = parse_qs(urlparse(url).query)
    return url, query["uid"][0], query["token"][0]


@pytest.fixture
def roomy_throttles(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **rates,
            "password_reset": "1000/hour",
            "password_reset_email": "1000/hour",
        },
    }


class TestRequest:
    def test_a_known_address_gets_202_and_an_email_with_a_link_to_the_frontend(self, owner):
        response = ask("OWNER@example.com")
        assert response.status_code == 202
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["owner@example.com"]
        url, uid, token = link_in(mail.outbox[0])
        assert url.startswith("http://frontend.test/reset-password?uid=")
        assert uid and token

    def test_an_unknown_address_gets_the_same_status_and_body_and_no_email(self, owner):
        known, unknown = ask("owner@example.com"), ask("nobody@example.com")
        assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
        assert len(mail.outbox) == 1

    def test_inactive_accounts_get_no_email_and_the_same_answer(self, owner):
        owner.is_active = False
        owner.save()
        assert ask("owner@example.com").status_code == 202
        assert mail.outbox == []

    def test_known_and_unknown_addresses_take_similar_time(self, owner, roomy_throttles):
        def timed(email):
            started = time.perf_counter()
            assert ask(email).status_code == 202
            return time.perf_counter() - started

        known = statistics.median(timed("owner@example.com") for _ in range(9))
        unknown = statistics.median(timed(f"nobody{i}@example.com") for i in range(9))
        assert abs(known - unknown) < 0.05, (known, unknown)

    def test_an_invalid_address_is_a_400_by_field(self, db):
        response = ask("not an email")
        assert response.status_code == 400
        assert "email" in response.json()

    def test_requests_are_throttled_per_address_whether_it_exists_or_not(self, owner):
        assert [ask("owner@example.com").status_code for _ in range(4)] == [202, 202, 202, 429]
        assert [ask("ghost@example.com").status_code for _ in range(4)] == [202, 202, 202, 429]
        assert len(mail.outbox) == 3

    def test_requests_are_throttled_per_client_address(self, db):
        codes = [ask(f"someone{i}@example.com").status_code for i in range(11)]
        assert codes[:10] == [202] * 10
        assert codes[10] == 429


class TestConfirm:
    @pytest.fixture
    def link(self, owner):
        ask("owner@example.com")
        return link_in(mail.outbox[0])

    def test_the_emailed_token_sets_the_new_password_once(self, owner, link, roomy_throttles):
        _, uid, token = link
        assert confirm(uid, token).status_code == 204
        owner.refresh_from_db()
        assert owner.check_password(NEW_PASSWORD)
        signin = APIClient().post(
            "/api/auth/token/", {"username": "owner", "password": NEW_PASSWORD}, format="json"
        )
        assert signin.status_code == 200
        again = confirm(uid, token, "yet another passphrase 88")
        assert again.status_code == 400
        assert "token" in again.json()

    def test_a_reset_ends_every_session_of_the_account(self, owner, link, roomy_throttles):
        refresh = RefreshToken.for_user(owner)
        access = str(refresh.access_token)
        _, uid, token = link
        assert confirm(uid, token).status_code == 204
        reused = APIClient().post("/api/auth/token/refresh/", {"refresh": str(refresh)}, format="json")
        assert reused.status_code == 401
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        assert client.get("/api/auth/me/").status_code == 401

    def test_djangos_password_validators_apply(self, owner, link):
        _, uid, token = link
        response = confirm(uid, token, "password")
        assert response.status_code == 400
        assert "new_password" in response.json()
        owner.refresh_from_db()
        assert owner.check_password("correct horse 42")

    def test_an_expired_token_is_refused(self, owner, link, settings):
        _, uid, token = link
        settings.PASSWORD_RESET_TIMEOUT = -1
        assert confirm(uid, token).status_code == 400

    def test_a_token_for_another_user_is_refused(self, owner, other, link):
        _, _, token = link
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        other_uid = urlsafe_base64_encode(force_bytes(other.pk))
        assert confirm(other_uid, token).status_code == 400
        other.refresh_from_db()
        assert other.check_password("correct horse 42")

    @pytest.mark.parametrize(
        ("uid", "token"),
        [
            ("", ""),
            ("!!!", "x"),
            ("MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw", "x-y"),
            ("LTE", "a-b"),
            ("AA", "-"),
        ],
    )
    def test_garbage_uids_and_tokens_are_a_400(self, db, uid, token):
        response = confirm(uid, token)
        assert response.status_code == 400
