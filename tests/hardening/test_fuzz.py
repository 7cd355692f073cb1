"""
Property-based fuzzing of the community and upload APIs from their own OpenAPI
schema (``/api/schema/``, drf-spectacular) with schemathesis.

Every operation runs twice, anonymous and signed in (JWT), with a fixed seed
(``derandomize``) and a bounded number of cases. Every answer must be a non-5xx
that the schema documents: status code, content type, headers and body. Some
cases have their path ids swapped for real objects so the handlers' deeper
paths (existing posts and comments, the caller's own comment) are reached too.
"""

import zlib

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.hardening.conftest import bearer

pytestmark = pytest.mark.slow

EXAMPLES_PER_OPERATION = 45
MINIMUM_TOTAL_CASES = 2000
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

_cases_run = {"count": 0, "tests": 0}


def load_schema():
    """The schema as the API serves it, fetched through the WSGI app (no server, no database)."""
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # As Django's test client does: a request must not close the test's connection
    # (and with it the transaction that the test runs in).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_settings(settings):
    # Throttles would answer most cases with a (documented) 429 and hide the code behind them.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/min"
        ),
    }
    settings.UPLOADS_RATE = "100000/min"
    return settings


schema = load_schema()


def aim_at_real_objects(case, world):
    """Point about a third of the cases' path ids at objects that exist."""
    real = {
        "page_id": world.post.pk,
        "comment_id": (world.alice_comment.pk, world.bob_comment.pk),
    }
    for name, value in list((case.path_parameters or {}).items()):
        bucket = zlib.crc32(repr(value).encode()) % 6
        if name == "page_id" and bucket < 2:
            case.path_parameters[name] = str(real["page_id"])
        elif name == "comment_id" and bucket < 2:
            case.path_parameters[name] = str(real["comment_id"][bucket])


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,  # a fixed seed: the same cases on every run
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def call_and_check(case, world, user=None):
    aim_at_real_objects(case, world)
    if user is None and case.headers and zlib.crc32(repr(case.body).encode()) % 3:
        # Most anonymous cases send no credentials at all; the rest keep the
        # generated (garbage) Authorization header and session cookie.
        case.headers.pop("Authorization", None)
        case.headers.pop("Cookie", None)
    case.call_and_validate(headers=bearer(user) if user else None, checks=CHECKS)
    _cases_run["count"] += 1


@schema.parametrize()
@FUZZ_SETTINGS
def test_anonymous_callers_get_no_5xx_and_schema_conformant_answers(case, world, fuzz_settings):
    call_and_check(case, world)


@schema.parametrize()
@FUZZ_SETTINGS
def test_signed_in_callers_get_no_5xx_and_schema_conformant_answers(case, world, fuzz_settings):
    call_and_check(case, world, user=world.alice)


def test_the_fuzzing_ran_enough_cases(request):
    """Runs after the fuzz tests (same module); meaningless when they were deselected."""
    fuzz_items = [item for item in request.session.items if "schema_conformant" in item.name]
    if not fuzz_items or _cases_run["count"] == 0:
        pytest.skip("the fuzz tests did not run in this session")
    print(f"schemathesis: {_cases_run['count']} cases over {len(fuzz_items)} operation×auth tests")
    assert _cases_run["count"] >= MINIMUM_TOTAL_CASES
