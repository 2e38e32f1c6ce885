"""schemathesis against the generated OpenAPI 3.1 document: every operation, with generated
bodies, paths and ids, as the demo authority's case system (all scopes). No answer may be a 5xx,
and every answer must match the document (status code, content type, body schema).

Short in CI (a small `max_examples` per operation, tests/support/fuzzing.py's budget). A longer
run, locally:

    ONRECORD_API_FUZZ_EXAMPLES=500 PYTHONPATH=$PWD .venv/bin/pytest -q -p no:cacheprovider \\
        tests/api/test_openapi_fuzz.py

or against a running server with schemathesis' own command (docs/INTEGRATION.md, "Fuzzing").
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from onrecord.api.api import api
from onrecord.wsgi import application
from tests.api.test_case_system_journey import build_case
from tests.support.api_clients import ApiPersonas
from tests.support.fuzzing import IN_CI

EXAMPLES = int(os.environ.get("ONRECORD_API_FUZZ_EXAMPLES", "10"))


def _schema() -> Any:
    document = api.get_openapi_schema(path_prefix="/api/v1")
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    loaded.location = "/api/v1/openapi.json"
    return loaded


schema = _schema()


def test_the_document_is_openapi_3_1() -> None:
    document = api.get_openapi_schema(path_prefix="/api/v1")
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


@pytest.fixture
def known_records(api_personas: ApiPersonas) -> Iterator[ApiPersonas]:
    """A case built through the API, so generated ids sometimes hit real records. Requests go
    through the real WSGI application, which closes the database connection after each request;
    as Django's test client does, that is switched off so the test's transaction survives."""
    build_case(api_personas.http("own_system"))
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield api_personas
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.slow  # about a minute: a request, and its audit entries, per example
@schema.parametrize()  # type: ignore[misc]
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=IN_CI,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_operation_fails_or_strays_from_the_document(
    case: Any, known_records: ApiPersonas
) -> None:
    token = known_records.tokens["own_system"]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        # A schema-valid body may still break a rule of the record the document cannot state
        # (a case reference already used, an in-person meeting with no place): those answer
        # 422 naming the field, which the other checks hold to the document.
        excluded_checks=[positive_data_acceptance],
    )
