"""Optional TOTP for staff: enrolled users pass a code step before any admin page."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


@pytest.fixture
def enrolled(staff):
    return TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)


def sign_in(client):
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    return response


class TestWithoutADevice:
    def test_the_admin_needs_only_the_password(self, client, staff):
        sign_in(client)
        assert client.get("/admin/").status_code == 200


class TestWithADevice:
    def test_the_dashboard_is_out_of_reach_until_the_code_step(self, client, enrolled):
        sign_in(client)
        for url in ["/admin/", "/admin/pages/", "/admin/users/", "/django-admin/", "/admin/2fa/setup/"]:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/2fa/verify/?next="), url

    def test_a_wrong_code_keeps_the_admin_closed(self, client, enrolled):
        sign_in(client)
        response = client.post("/admin/2fa/verify/", {"token": "000000", "next": "/admin/"})
        assert response.status_code == 200
        assert b"not valid" in response.content
        assert client.get("/admin/").status_code == 302

    def test_the_right_code_opens_the_admin_for_the_session(self, client, enrolled):
        sign_in(client)
        response = client.post("/admin/2fa/verify/", {"token": code_for(enrolled), "next": "/admin/pages/"})
        assert response.status_code == 302
        assert response["Location"] == "/admin/pages/"
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/pages/").status_code == 200

    def test_a_used_code_cannot_be_replayed_in_another_session(self, client, enrolled, django_user_model):
        from django.test import Client

        sign_in(client)
        token = code_for(enrolled)
        client.post("/admin/2fa/verify/", {"token": token})
        attacker = Client()
        sign_in(attacker)
        attacker.post("/admin/2fa/verify/", {"token": token})
        assert attacker.get("/admin/").status_code == 302

    @pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "javascript:alert(1)"])
    def test_next_after_the_code_step_stays_on_the_site(self, client, enrolled, target):
        sign_in(client)
        response = client.post("/admin/2fa/verify/", {"token": code_for(enrolled), "next": target})
        assert response["Location"] == "/admin/"

    def test_signing_out_needs_no_code(self, client, enrolled):
        sign_in(client)
        assert client.post("/admin/logout/").status_code == 302

    def test_anonymous_visitors_are_sent_to_the_login_page_as_before(self, client, enrolled):
        response = client.get("/admin/2fa/verify/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


class TestEnrolment:
    def test_a_staff_user_enrols_by_scanning_and_confirming_a_code(self, client, staff):
        sign_in(client)
        page = client.get("/admin/2fa/setup/")
        assert page.status_code == 200
        assert b"<svg" in page.content
        device = TOTPDevice.objects.get(user=staff, confirmed=False)
        assert page.context["secret"].encode() in page.content
        response = client.post("/admin/2fa/setup/", {"token": code_for(device)})
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/admin/").status_code == 200, "this session is verified"
        client.post("/admin/logout/")
        sign_in(client)
        assert client.get("/admin/").status_code == 302, "the next sign-in asks for a code"

    def test_a_wrong_confirmation_code_enrols_nothing(self, client, staff):
        sign_in(client)
        client.get("/admin/2fa/setup/")
        client.post("/admin/2fa/setup/", {"token": "123456"})
        assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
        assert client.get("/admin/").status_code == 200
