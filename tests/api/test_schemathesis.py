"""Schemathesis against the OpenAPI document, in process (ASGI, no network), with a manager's key
on a store with a little data: no 5xx, and every answer as the document says.

Bounded (a few examples per operation, no deadline) so that it runs in well under a minute."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from services.entrypoints.http import create_app
from services.infrastructure.store import Store
from tests.api.conftest import KEYS, MANAGER_KEY, bearer
from tests.herne import Herne

EXAMPLES = 12
SEEDED = 8  # events of the small Herne programme (tests/herne.py)


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    location = str(tmp_path_factory.mktemp("schemathesis") / "store.db")
    store = Store(location)
    Herne(store).small_programme()
    assert store.recorder.max_notification_id() == SEEDED
    store.close()
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(location, KEYS))


def test_the_api_answers_as_its_document_says(api_schema: schemathesis.BaseSchema) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def answers_as_documented(case: schemathesis.Case) -> None:
            case.call_and_validate(
                headers=bearer(MANAGER_KEY), checks=[not_a_server_error, response_schema_conformance]
            )

        answers_as_documented()
    store = api_schema.app.state.backend.store
    assert store.recorder.max_notification_id() > SEEDED  # some generated writes went through
