"""Schema fuzzing: schemathesis generates requests from the app's OpenAPI schema; none may get a 5xx.

Bounded: a few dozen examples per operation against the demo knowledge base (well under a minute).
Every 4xx must come in the API's one error shape.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from zhnews.serve.api import create_app

MAX_EXAMPLES = 25


@pytest.fixture(scope="module")
def api_schema(demo_db: Path):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(str(demo_db)))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.text[:300]}"
    if 400 <= response.status_code < 500:
        body = response.json()
        assert set(body) == {"error"} and body["error"]["status"] == response.status_code
