import json
import urllib.request

import pytest

from fediverse.tests.peer import Peer


@pytest.fixture
def peer():
    server = Peer()
    yield server
    server.stop()


@pytest.fixture
def folio(live_server, settings):
    """Folio on a real port, its federation origin that port, allowed to reach loopback."""
    settings.FEDERATION_ORIGIN = live_server.url
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEDERATION_HOLD_REPLIES = True
    return live_server


def get_json(url, accept="application/activity+json"):
    request = urllib.request.Request(url, headers={"Accept": accept})  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return response.status, response.headers.get("Content-Type"), json.loads(response.read())
