"""
SES bounces and complaints, POSTed over real HTTP to ``/api/newsletter/ses-events/`` as SNS
sends them, signed. django-ses verifies the signature with the certificate it downloads from
``SigningCertURL`` over HTTPS: here a local HTTPS server (its own CA, trusted through
``REQUESTS_CA_BUNDLE``) serves the certificate whose key signed the notifications, and the
trusted certificate domain is that server's instead of ``amazonaws.com``.
"""

import base64
import datetime
import http.server
import json
import ssl
import threading
import uuid

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from django_ses.utils import clear_cert_cache

from newsletter.models import Delivery, Send, Subscriber
from tests.smtp import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TOPIC = "arn:aws:sns:us-east-1:123456789012:ses-events"
SIGNED_FIELDS = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    """A key, its self-signed certificate for localhost, served over HTTPS on our port range."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("sns")
    pem = cert.public_bytes(serialization.Encoding.PEM)
    (folder / "cert.pem").write_bytes(pem)
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )

    class CertHandler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(pem)

        def log_message(self, *args):
            pass

    port = free_port()
    server = http.server.HTTPServer(("127.0.0.1", port), CertHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"key": key, "ca": str(folder / "cert.pem"), "host": f"localhost:{port}"}
    server.shutdown()


@pytest.fixture
def webhook(signer, settings, monkeypatch, django_db_serialized_rollback, live_server):
    settings.AWS_SNS_EVENT_TRUSTED_TOPIC_ARNS = [TOPIC]
    settings.AWS_SNS_EVENT_CERT_TRUSTED_DOMAINS = [signer["host"]]
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", signer["ca"])
    clear_cert_cache()

    def post(ses_message, topic=TOPIC, tamper=None):
        notification = {
            "Type": "Notification",
            "MessageId": str(uuid.uuid4()),
            "TopicArn": topic,
            "Message": json.dumps(ses_message),
            "Timestamp": "2026-12-01T12:00:00.000Z",
            "SignatureVersion": "1",
            "SigningCertURL": f"https://{signer['host']}/SimpleNotificationService-test.pem",
        }
        signed = "".join(
            f"{field}\n{notification[field]}\n" for field in SIGNED_FIELDS if notification.get(field)
        )
        signature = signer["key"].sign(signed.encode(), padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 (SNS v1)
        notification["Signature"] = base64.b64encode(signature).decode()
        if tamper:
            notification["Message"] = json.dumps(tamper)
        return requests.post(
            f"{live_server.url}/api/newsletter/ses-events/",
            data=json.dumps(notification),
            headers={"Content-Type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification"},
            timeout=10,
        )

    return post


def bounce(address, bounce_type="Permanent"):
    return {
        "notificationType": "Bounce",
        "bounce": {"bounceType": bounce_type, "bouncedRecipients": [{"emailAddress": address}]},
        "mail": {"destination": [address]},
    }


def complaint(address):
    return {
        "notificationType": "Complaint",
        "complaint": {"complainedRecipients": [{"emailAddress": address}]},
        "mail": {"destination": [address]},
    }


def state_of(address):
    return Subscriber.objects.get(email=address).state


def test_a_signed_permanent_bounce_suppresses_the_address(webhook, make_subscriber, make_post):
    reader = make_subscriber("bounce@example.com")
    send = Send.objects.create(post=make_post(send_to_subscribers=False))
    Delivery.objects.create(send=send, subscriber=reader, status=Delivery.Status.SENT)
    response = webhook(bounce("Bounce@Example.com"))
    assert response.status_code == 200
    assert state_of("bounce@example.com") == Subscriber.State.SUPPRESSED
    assert Delivery.objects.get().status == Delivery.Status.BOUNCED


def test_a_signed_complaint_suppresses_the_address(webhook, make_subscriber):
    make_subscriber("complains@example.com")
    assert webhook(complaint("complains@example.com")).status_code == 200
    assert state_of("complains@example.com") == Subscriber.State.SUPPRESSED


def test_a_transient_bounce_changes_nothing(webhook, make_subscriber):
    make_subscriber("full@example.com")
    assert webhook(bounce("full@example.com", "Transient")).status_code == 200
    assert state_of("full@example.com") == Subscriber.State.CONFIRMED


def test_a_message_altered_after_signing_is_refused(webhook, make_subscriber):
    make_subscriber("victim@example.com")
    make_subscriber("other@example.com")
    response = webhook(bounce("other@example.com"), tamper=bounce("victim@example.com"))
    assert response.status_code == 400
    assert state_of("victim@example.com") == Subscriber.State.CONFIRMED


def test_a_signed_message_from_another_topic_is_refused(webhook, make_subscriber):
    make_subscriber("victim@example.com")
    response = webhook(bounce("victim@example.com"), topic="arn:aws:sns:us-east-1:999999999999:theirs")
    assert response.status_code == 400
    assert state_of("victim@example.com") == Subscriber.State.CONFIRMED


def test_no_topic_is_trusted_until_one_is_configured(webhook, make_subscriber, settings):
    settings.AWS_SNS_EVENT_TRUSTED_TOPIC_ARNS = []
    make_subscriber("victim@example.com")
    assert webhook(bounce("victim@example.com")).status_code == 400
    assert state_of("victim@example.com") == Subscriber.State.CONFIRMED
