"""Signing without a server: what ``fediverse.signatures.sign`` costs and produces."""

from unittest import mock

import pytest
from cryptography.hazmat.primitives import serialization

from fediverse import signatures


def signed_post(private_pem, body):
    return signatures.sign(
        "POST",
        "https://social.example/inbox",
        "https://blog.example/ap/blog/#main-key",
        private_pem,
        body=body,
    )


def verifies_with(public_pem, headers, body):
    params = signatures.parse(headers["Signature"])
    lowered = {name.lower(): value for name, value in headers.items()}
    names = signatures.check_request(params, "POST", body, lowered)
    signatures.verify(params, names, "POST", "/inbox", lowered, public_pem)
    return True


def test_a_private_key_is_loaded_once_per_process_and_a_rotated_one_is_used_at_once():
    old_private, old_public = signatures.new_key_pair()
    new_private, new_public = signatures.new_key_pair()
    load = mock.Mock(wraps=serialization.load_pem_private_key)
    with mock.patch.object(serialization, "load_pem_private_key", load):
        first, second = signed_post(old_private, b"{}"), signed_post(old_private, b"[]")
        assert load.call_count == 1
        rotated = signed_post(new_private, b"{}")
        assert load.call_count == 2
    assert verifies_with(old_public, first, b"{}") and verifies_with(old_public, second, b"[]")
    assert verifies_with(new_public, rotated, b"{}")
    with pytest.raises(signatures.SignatureError):  # not signed with the old key any more
        verifies_with(old_public, rotated, b"{}")
