"""schemathesis against the service's own OpenAPI document: no request generated from the
schema (valid or not) may get a 5xx, and answers must match their documented schemas.

The live server (uvicorn on a throw-away PostgreSQL database) is called over HTTP with a
device token as the bearer token and the sync schema header, so the /v1 routes are
exercised past their version check too. The SSE stream never ends and is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.fakes.google_certs import FakeGoogleCerts
from tests.fakes.service_server import RunningService, running_service

CLIENT_ID = "iljeong-desktop.apps.googleusercontent.com"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    mp = pytest.MonkeyPatch()
    mp.setenv("ILJEONG_SERVER_DATA_DIR", str(tmp_path_factory.mktemp("server-data")))
    mp.setenv("ILJEONG_TZ", "Asia/Seoul")
    try:
        with FakeGoogleCerts() as google:
            mp.setenv("ILJEONG_GOOGLE_CERTS_URL", google.certs_url)
            # no rate limit here: schemathesis sends hundreds of requests from one device
            with running_service(google_client_ids=(CLIENT_ID,), rate_limit_per_minute=0) as svc:
                yield svc
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def auth_headers(service: RunningService) -> dict[str, str]:
    return service.headers(service.token("fuzz@example.com", "schemathesis"))


MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
EXAMPLES = 15  # per operation and mode: the whole run stays well under a minute


@pytest.mark.slow
def test_no_server_errors_and_documented_answers(
    service: RunningService, auth_headers: dict[str, str]
) -> None:
    schema = schemathesis.openapi.from_url(f"{service.url}/openapi.json").exclude(path="/v1/stream")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in MODES:

            @given(case=operation.as_strategy(mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                case.call_and_validate(
                    headers=auth_headers,
                    checks=[not_a_server_error, response_schema_conformance],
                )

            try:
                run()
            except Unsatisfiable:
                pass  # nothing in this operation can be made invalid (no inputs)
            except Exception as exc:  # noqa: BLE001 - collect every operation's failure
                failures.append(f"{operation.label} [{mode}]: {exc}"[:3000])
    assert operations >= 25  # the REST API and the sync protocol are both in the document
    assert failures == [], "\n\n".join(failures)
