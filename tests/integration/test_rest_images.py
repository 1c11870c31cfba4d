"""/api/v1/image over HTTP: jobs in the in-process pool reading real screenshots with the
real pipeline (tesseract + core/nlu)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.service.rest.images import server_data_dir
from core.service.rest.jobs import JobRecord
from core.timeutil import utc_now
from tests.conftest import SHARED
from tests.fakes.service_server import RunningService, running_service

API = "/api/v1/image"
IMAGE = SHARED / "corpus" / "images" / "001_sms_ko.jpg"  # 독서모임 2026-11-30 13:00–14:30
NOW = "2026-11-22T10:00:00+09:00"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    mp = pytest.MonkeyPatch()
    mp.setenv("ILJEONG_SERVER_DATA_DIR", str(tmp_path_factory.mktemp("server-data")))
    mp.setenv("ILJEONG_TZ", "Asia/Seoul")
    mp.setenv("ILJEONG_OCR", "tesseract")
    try:
        with running_service() as svc:
            yield svc
    finally:
        mp.undo()


@pytest.fixture
def http(service: RunningService) -> Iterator[httpx.Client]:
    token = service.token("pictures@example.com")
    with httpx.Client(
        base_url=service.url, headers={"Authorization": f"Bearer {token}"}, timeout=60
    ) as c:
        yield c


def wait_for(http: httpx.Client, job_id: str, timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        response = http.get(f"{API}/processing-status/{job_id}")
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        if job["status"] in ("done", "failed", "cancelled") or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def test_process_queues_a_job_that_finds_the_event(http: httpx.Client) -> None:
    response = http.post(
        f"{API}/process",
        content=IMAGE.read_bytes(),
        headers={"Content-Type": "image/jpeg"},
        params={"name": IMAGE.name, "now": NOW},
    )
    assert response.status_code == 202, response.text
    queued = response.json()
    assert queued["status"] in ("queued", "running", "done")
    job = wait_for(http, queued["job_id"])
    assert job["status"] == "done", job
    events = job["result"]["events"]
    assert [(e["start"], e["end"]) for e in events] == [
        ("2026-11-30T13:00:00+09:00", "2026-11-30T14:30:00+09:00")
    ]
    assert "독서모임" in events[0]["title"]
    assert "확정" in job["result"]["text"]
    assert job["finished_at"] is not None


def test_extract_event_answers_with_the_events_and_reads_an_image_once(
    http: httpx.Client,
) -> None:
    first = http.post(f"{API}/extract-event", content=IMAGE.read_bytes(), params={"now": NOW})
    assert first.status_code == 200, first.text
    body = first.json()
    assert [e["start"] for e in body["events"]] == ["2026-11-30T13:00:00+09:00"]
    again = http.post(f"{API}/extract-event", content=IMAGE.read_bytes(), params={"now": NOW})
    assert again.json()["cached"] is True
    assert again.json()["events"] == body["events"]
    # nothing was saved: found events are proposals
    listed = http.get(
        "/api/v1/calendar/events",
        params={"start": "2026-11-30T00:00:00+09:00", "end": "2026-12-01T00:00:00+09:00"},
    )
    assert listed.json()["events"] == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 not an image", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image"),
        (b"hello, this is text", "image"),
    ],
)
def test_what_is_not_an_image_fails_the_job_with_a_reason(
    http: httpx.Client, data: bytes, message: str
) -> None:
    queued = http.post(f"{API}/process", content=data).json()
    job = wait_for(http, queued["job_id"])
    assert job["status"] == "failed"
    assert message in job["error"]
    direct = http.post(f"{API}/extract-event", content=data)
    assert direct.status_code == 422
    assert message in direct.json()["detail"]


def test_empty_and_oversized_bodies_are_refused_before_any_work(http: httpx.Client) -> None:
    empty = http.post(f"{API}/process", content=b"")
    assert empty.status_code == 422
    assert "bytes" in empty.json()["detail"]
    big = http.post(f"{API}/extract-event", content=b"\x00" * (25 * 1024 * 1024 + 1))
    assert big.status_code == 413
    assert "25 MB" in big.json()["detail"]


def test_unknown_jobs_are_404(http: httpx.Client) -> None:
    for job_id in ("01a20000-0000-7000-8000-000000000000", "nope", "..%2F..%2Fetc"):
        response = http.get(f"{API}/processing-status/{job_id}")
        assert response.status_code == 404


def test_naive_now_is_refused(http: httpx.Client) -> None:
    response = http.post(
        f"{API}/process", content=IMAGE.read_bytes(), params={"now": "2026-11-22T10:00:00"}
    )
    assert response.status_code == 422
    assert "offset" in response.json()["detail"]


def test_jobs_survive_only_as_records_of_a_live_process(
    http: httpx.Client, service: RunningService
) -> None:
    """A job whose worker process is gone reads as failed, not as running for ever."""
    me = http.get("/api/v1/auth/user/me").json()
    jobs = service.app.state.image_jobs
    orphan = JobRecord(
        job_id="01a20000-0000-7000-8000-00000000dead",
        user_id=me["id"],
        status="running",
        created_at=utc_now(),
        name="lost.png",
        pid=2**22 + 12345,  # no such process
    )
    jobs._write(orphan)
    assert Path(server_data_dir(), "image-jobs", me["id"], f"{orphan.job_id}.json").exists()
    job = http.get(f"{API}/processing-status/{orphan.job_id}").json()
    assert job["status"] == "failed"
    assert "restarted" in job["error"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ILJEONG_TESSERACT": "/nonexistent/tesseract"}, "tesseract"),
        ({"ILJEONG_OCR": "no-such-backend"}, "unknown OCR backend"),
    ],
)
def test_an_unusable_ocr_setup_is_a_503_not_the_images_fault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    monkeypatch.setenv("ILJEONG_SERVER_DATA_DIR", str(tmp_path))  # no cached reading
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with (
        running_service() as svc,
        httpx.Client(
            base_url=svc.url, headers={"Authorization": f"Bearer {svc.token('o@example.com')}"}
        ) as http,
    ):
        direct = http.post(f"{API}/extract-event", content=IMAGE.read_bytes())
        assert direct.status_code == 503
        assert message in direct.json()["detail"]
        job = wait_for(
            http, http.post(f"{API}/process", content=IMAGE.read_bytes()).json()["job_id"]
        )
        assert (job["status"], job["error_kind"]) == ("failed", "unavailable")
