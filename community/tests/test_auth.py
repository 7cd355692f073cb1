"""Accounts: registration, JWT sign-in, refresh rotation, logout, /me, token attacks."""

import base64
import json
import time
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from community.models import WriterRequest
from community.tests.conftest import client_for

User = get_user_model()
PASSWORD = "correct horse 42"


def sign_in(username, password=PASSWORD, client=None):
    return (client or APIClient()).post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )


class TestRegister:
    url = "/api/auth/register/"

    def post(self, **data):
        body = {"username": "newreader", "email": "new@example.com", "password": "a long passphrase 9"}
        body.update(data)
        return APIClient().post(self.url, body, format="json")

    def test_registering_creates_an_account_and_answers_its_id_and_username(self, db):
        response = self.post()
        assert response.status_code == 201
        user = User.objects.get(username="newreader")
        assert response.json() == {"id": user.pk, "username": "newreader"}
        assert user.check_password("a long passphrase 9")

    def test_mass_assigned_fields_are_ignored(self, db):
        response = self.post(is_staff=True, is_superuser=True, id=999)
        assert response.status_code == 201
        user = User.objects.get(username="newreader")
        assert not user.is_staff and not user.is_superuser and user.pk != 999

    def test_weak_passwords_are_refused_by_djangos_validators(self, db):
        response = self.post(password="password")
        assert response.status_code == 400
        assert "password" in response.json()

    def test_usernames_are_unique_regardless_of_case(self, make_user):
        make_user("Reader")
        response = self.post(username="rEADER")
        assert response.status_code == 400
        assert response.json() == {"username": ["This username is taken."]}

    def test_emails_are_unique_regardless_of_case(self, make_user):
        make_user("someone", email="Taken@Example.com")
        assert self.post(email="taken@example.COM").json() == {
            "email": ["An account with this email already exists."]
        }

    def test_usernames_are_nfkc_normalised(self, db):
        response = self.post(username="ｆｕｌｌｗｉｄｔｈ")
        assert response.status_code == 201
        assert response.json()["username"] == "fullwidth"

    @pytest.mark.parametrize(
        "username", ["zero\u200bwidth", "bidi\u202eevil", "with space", "tab\tname", "ctrl\x07", "ab", "x<y>"]
    )
    def test_invisible_bidi_and_invalid_characters_are_refused(self, db, username):
        response = self.post(username=username)
        assert response.status_code == 400
        assert "username" in response.json()

    def test_missing_fields_answer_400_by_field(self, db):
        response = APIClient().post(self.url, {}, format="json")
        assert response.status_code == 400
        assert set(response.json()) == {"username", "email", "password"}

    def test_a_non_object_body_answers_400_not_500(self, db):
        response = APIClient().post(self.url, "[1, 2]", content_type="application/json")
        assert response.status_code == 400

    def test_registration_is_throttled(self, db, settings):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                "register": "2/hour",
            },
        }
        codes = [self.post(username=f"user{i}", email=f"u{i}@example.com").status_code for i in range(3)]
        assert codes == [201, 201, 429]


class TestToken:
    def test_valid_credentials_answer_an_access_and_a_refresh_token(self, owner):
        response = sign_in("owner")
        assert response.status_code == 200
        assert set(response.json()) == {"access", "refresh"}
        claims = jwt.decode(
            response.json()["access"],
            settings.SIMPLE_JWT["SIGNING_KEY"],
            algorithms=["HS256"],
            audience="folio-api",
            issuer="folio",
        )
        assert claims["token_type"] == "access"
        assert claims["exp"] - claims["iat"] == 300

    def test_usernames_match_case_insensitively(self, owner):
        assert sign_in("OWNER").status_code == 200

    def test_unknown_user_and_wrong_password_get_the_same_401(self, owner):
        unknown, wrong = sign_in("nobody"), sign_in("owner", "wrong password")
        assert unknown.status_code == wrong.status_code == 401
        assert unknown.json() == wrong.json()

    def test_inactive_users_cannot_sign_in(self, owner):
        owner.is_active = False
        owner.save()
        assert sign_in("owner").status_code == 401

    def test_brute_force_on_one_username_is_throttled(self, owner):
        codes = [sign_in("owner", f"guess {i}").status_code for i in range(12)]
        assert codes[:10] == [401] * 10
        assert codes[10:] == [429, 429]
        assert sign_in("owner").status_code == 429  # even the right password, until the window ends

    def test_attempts_from_one_address_are_throttled_across_usernames(self, db):
        codes = [sign_in(f"user{i}", "x").status_code for i in range(31)]
        assert codes[-1] == 429

    def test_the_throttle_answers_a_json_detail(self, owner):
        for i in range(10):
            sign_in("owner", f"guess {i}")
        response = sign_in("owner", "again")
        assert response.status_code == 429
        assert "detail" in response.json()
        assert int(response["Retry-After"]) >= 0


class TestRefresh:
    url = "/api/auth/token/refresh/"

    def refresh(self, token):
        return APIClient().post(self.url, {"refresh": token}, format="json")

    def test_a_refresh_token_answers_a_new_pair(self, owner):
        tokens = sign_in("owner").json()
        response = self.refresh(tokens["refresh"])
        assert response.status_code == 200
        assert set(response.json()) == {"access", "refresh"}
        assert response.json()["refresh"] != tokens["refresh"]

    def test_reusing_a_rotated_refresh_token_answers_401(self, owner):
        old = sign_in("owner").json()["refresh"]
        new = self.refresh(old).json()["refresh"]
        assert self.refresh(old).status_code == 401
        assert self.refresh(new).status_code == 200

    def test_an_access_token_is_not_a_refresh_token(self, owner):
        assert self.refresh(sign_in("owner").json()["access"]).status_code == 401

    def test_garbage_answers_401(self, db):
        assert self.refresh("not.a.token").status_code == 401

    def test_a_missing_token_answers_400_by_field(self, db):
        response = APIClient().post(self.url, {}, format="json")
        assert response.status_code == 400
        assert "refresh" in response.json()

    def test_a_deleted_users_token_answers_401_not_500(self, owner):
        refresh = sign_in("owner").json()["refresh"]
        owner.delete()
        assert self.refresh(refresh).status_code == 401


class TestLogout:
    url = "/api/auth/logout/"

    def test_logout_answers_205_and_the_refresh_token_stops_working(self, owner):
        refresh = sign_in("owner").json()["refresh"]
        assert APIClient().post(self.url, {"refresh": refresh}, format="json").status_code == 205
        response = APIClient().post("/api/auth/token/refresh/", {"refresh": refresh}, format="json")
        assert response.status_code == 401

    def test_an_invalid_token_answers_401(self, db):
        assert APIClient().post(self.url, {"refresh": "nope"}, format="json").status_code == 401


class TestCredentialChanges:
    def test_changing_the_password_ends_all_refresh_tokens(self, owner):
        first, second = sign_in("owner").json(), sign_in("owner").json()
        owner.set_password("another long passphrase")
        owner.save()
        for tokens in (first, second):
            response = APIClient().post(
                "/api/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
            )
            assert response.status_code == 401
            me = APIClient().get("/api/auth/me/", HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
            assert me.status_code == 401

    def test_deactivating_a_user_ends_all_their_tokens(self, owner):
        tokens = sign_in("owner").json()
        owner.is_active = False
        owner.save()
        response = APIClient().post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json")
        assert response.status_code == 401
        assert (
            APIClient().get("/api/auth/me/", HTTP_AUTHORIZATION=f"Bearer {tokens['access']}").status_code
            == 401
        )

    def test_signing_in_again_does_not_end_other_sessions(self, owner):
        first = sign_in("owner").json()
        sign_in("owner")
        response = APIClient().post("/api/auth/token/refresh/", {"refresh": first["refresh"]}, format="json")
        assert response.status_code == 200


def _b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


class TestForgedTokens:
    """Every bad bearer token answers 401, even on endpoints anonymous callers may read."""

    def claims(self, user, **extra):
        token = AccessToken.for_user(user)
        return {**token.payload, **extra}

    def assert_rejected(self, token, post=None):
        me = APIClient().get("/api/auth/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert me.status_code == 401
        assert "detail" in me.json()

    def test_a_token_signed_with_another_key_is_rejected(self, owner):
        self.assert_rejected(
            jwt.encode(self.claims(owner), "not-the-real-signing-key-0123456789abcdef", algorithm="HS256")
        )

    def test_an_alg_none_token_is_rejected(self, owner):
        header = _b64({"alg": "none", "typ": "JWT"})
        self.assert_rejected(f"{header}.{_b64(self.claims(owner))}.")

    def test_an_expired_token_is_rejected(self, owner):
        claims = self.claims(owner, exp=int(time.time()) - 10, iat=int(time.time()) - 400)
        self.assert_rejected(jwt.encode(claims, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256"))

    def test_a_refresh_token_is_not_accepted_as_an_access_token(self, owner):
        self.assert_rejected(str(RefreshToken.for_user(owner)))

    def test_a_token_for_another_audience_is_rejected(self, owner):
        claims = self.claims(owner, aud="someone-else")
        self.assert_rejected(jwt.encode(claims, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256"))

    def test_a_token_from_another_issuer_is_rejected(self, owner):
        claims = self.claims(owner, iss="evil")
        self.assert_rejected(jwt.encode(claims, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256"))

    def test_a_bad_token_on_a_public_listing_answers_401(self, owner, post):
        response = APIClient().get(f"/api/posts/{post.pk}/comments/", HTTP_AUTHORIZATION="Bearer garbage")
        assert response.status_code == 401

    def test_the_access_token_lifetime_is_short(self):
        assert settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"] <= timedelta(minutes=5)


class TestMe:
    url = "/api/auth/me/"

    def test_anonymous_callers_get_401(self, db):
        response = APIClient().get(self.url)
        assert response.status_code == 401
        assert "detail" in response.json()

    def test_a_reader_sees_their_account_and_profile(self, owner):
        response = client_for(owner).get(self.url)
        assert response.status_code == 200
        assert response.json() == {
            "id": owner.pk,
            "username": "owner",
            "email": "owner@example.com",
            "display_name": "",
            "bio": "",
            "avatar": None,
            "is_moderator": False,
            "can_write": False,
            "email_opt_out": {"replies": False, "post_comments": False, "reports": False, "mentions": False},
        }

    def test_moderators_are_flagged(self, moderator):
        data = client_for(moderator).get(self.url).json()
        assert data["is_moderator"] is True and data["can_write"] is True

    def test_patch_changes_the_profile_and_opt_outs_only(self, owner):
        response = client_for(owner).patch(
            self.url,
            {
                "display_name": "Owner O.",
                "bio": "Hi",
                "email_opt_out": {"replies": True},
                "username": "hacker",
                "email": "x@evil.test",
                "is_moderator": True,
                "is_staff": True,
            },
            format="json",
        )
        assert response.status_code == 200
        data = response.json()
        assert (data["display_name"], data["bio"], data["username"]) == ("Owner O.", "Hi", "owner")
        assert data["email_opt_out"] == {
            "replies": True,
            "post_comments": False,
            "reports": False,
            "mentions": False,
        }
        assert data["is_moderator"] is False
        owner.refresh_from_db()
        assert owner.email == "owner@example.com" and not owner.is_staff

    def test_invalid_values_answer_400_by_field(self, owner):
        response = client_for(owner).patch(self.url, {"display_name": "x" * 81}, format="json")
        assert response.status_code == 400
        assert "display_name" in response.json()

    def test_display_names_may_not_carry_bidi_overrides(self, owner):
        response = client_for(owner).patch(self.url, {"display_name": "evil\u202etxt"}, format="json")
        assert response.status_code == 400


class TestWriteRequest:
    url = "/api/auth/me/write-request/"

    def test_a_reader_asks_to_write_and_a_moderators_approval_makes_them_an_author(self, owner, moderator):
        response = client_for(owner).post(self.url, {"message": "I write about Rust."}, format="json")
        assert response.status_code == 201
        assert response.json()["status"] == "pending"
        assert client_for(owner).post(self.url, {}, format="json").status_code == 400  # one pending at a time
        WriterRequest.objects.get().approve(moderator)
        assert client_for(owner).get("/api/auth/me/").json()["can_write"] is True
        assert owner.author_profile.name == "owner"
        assert client_for(owner).get(self.url).json()["status"] == "approved"

    def test_anonymous_callers_get_401(self, db):
        assert APIClient().post(self.url, {}, format="json").status_code == 401

    def test_no_request_yet_answers_404(self, owner):
        assert client_for(owner).get(self.url).status_code == 404
