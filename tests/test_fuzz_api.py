"""Schema fuzzing: schemathesis generates requests from the app's OpenAPI schema; none may get a 5xx.

Bounded: a few dozen generated requests per operation against the demo knowledge base (well
under a minute in all). Every 4xx must come in the API's one error shape.
"""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings

from zhnews.serve.api import create_app

MAX_EXAMPLES = 20


def test_no_operation_answers_a_server_error(demo_db: Path) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(str(demo_db)))
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {op.label for op in operations}
    assert {"GET /api/search", "POST /api/search", "GET /api/graph", "GET /api/export"} <= labels
    seen: dict[str, set[int]] = {}
    for op in operations:
        fuzz(op, seen)
    assert set(seen) == labels  # every operation was exercised
    assert any(200 in codes for codes in seen.values())


def fuzz(op, seen: dict[str, set[int]]) -> None:  # type: ignore[no-untyped-def]
    """Send generated requests to one operation; record the status codes it answered."""

    @given(case=op.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def check(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call()
        seen.setdefault(op.label, set()).add(response.status_code)
        assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query} {case.body}: {response.text[:300]}"
        if 400 <= response.status_code < 500:
            body = response.json()
            assert set(body) == {"error"} and body["error"]["status"] == response.status_code

    check()
