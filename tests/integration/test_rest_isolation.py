"""Cross-user isolation through every REST endpoint: user B's tokens (device token or
session JWT) never read or change anything of user A's; B gets 404 where an id of A's is
named, exactly as for an id that does not exist, and A's data is unchanged afterwards."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from tests.conftest import SHARED
from tests.fakes.service_server import RunningService, running_service

NOW = "2026-11-22T10:00:00+09:00"
WIDE = {"start": "2026-01-01T00:00:00+09:00", "end": "2027-01-01T00:00:00+09:00"}
IMAGE = SHARED / "corpus" / "images" / "001_sms_ko.jpg"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    mp = pytest.MonkeyPatch()
    mp.setenv("ILJEONG_SERVER_DATA_DIR", str(tmp_path_factory.mktemp("server-data")))
    mp.setenv("ILJEONG_TZ", "Asia/Seoul")
    try:
        with running_service() as svc:
            yield svc
    finally:
        mp.undo()


def client(service: RunningService, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=service.url, headers={"Authorization": f"Bearer {token}"}, timeout=60
    )


def session_jwt(service: RunningService, device_token: str) -> str:
    response = httpx.post(
        f"{service.url}/v1/auth/device",
        json={"device_token": device_token},
        headers=service.headers(),
    )
    assert response.status_code == 200
    return str(response.json()["access_token"])


@pytest.fixture(scope="module")
def alice(service: RunningService) -> dict[str, Any]:
    """User A's data, made through the REST API: events, a series, chat, an image job."""
    token = service.token("alice@example.com", "alice laptop")
    with client(service, token) as a:
        meeting = a.post(
            "/api/v1/calendar/events",
            json={
                "title": "A의 비밀 회의",
                "start": "2026-11-30T14:00:00+09:00",
                "location": "A 본사",
                "time_zone": "Asia/Seoul",
            },
        ).json()["event"]
        series = a.post(
            "/api/v1/calendar/events",
            json={
                "title": "A의 수영",
                "start": "2026-11-02T07:00:00+09:00",
                "rrule": "FREQ=WEEKLY;BYDAY=MO",
                "time_zone": "Asia/Seoul",
            },
        ).json()["event"]
        trip = a.post(
            "/api/v1/calendar/events",
            json={"title": "A의 여행", "start": "2026-12-04", "end": "2026-12-06", "all_day": True},
        ).json()["event"]
        for text_ in ("내일 오후 3시 A의 점심 약속", "네"):
            assert (
                a.post(
                    "/api/v1/chat/message",
                    json={"text": text_, "now": NOW, "conversation_id": "alice-private"},
                ).status_code
                == 200
            )
        job = a.post("/api/v1/image/process", content=IMAGE.read_bytes()).json()
        deadline = time.monotonic() + 60
        while (
            a.get(f"/api/v1/image/processing-status/{job['job_id']}").json()["status"]
            not in ("done", "failed")
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        me = a.get("/api/v1/auth/user/me").json()
        snapshot = a.post("/api/v1/calendar/sync", json={"cursor": 0}).json()
        events = a.get("/api/v1/calendar/events", params=WIDE).json()
        history = a.get("/api/v1/chat/history", params={"conversation_id": "alice-private"}).json()
    return {
        "token": token,
        "me": me,
        "ids": [meeting["id"], series["id"], trip["id"]],
        "job": job["job_id"],
        "snapshot": snapshot,
        "events": events,
        "history": history,
    }


@pytest.fixture(params=["device token", "session JWT"])
def bob(request: pytest.FixtureRequest, service: RunningService) -> Iterator[httpx.Client]:
    token = service.token(f"bob-{request.param.split()[0]}@example.com", "bob phone")
    if request.param == "session JWT":
        token = session_jwt(service, token)
    with client(service, token) as b:
        yield b


def all_a_ids(alice: dict[str, Any]) -> set[str]:
    return {c["id"] for c in alice["snapshot"]["changes"]} | set(alice["ids"])


def leaked(changes: list[dict[str, Any]], alice: dict[str, Any]) -> list[dict[str, Any]]:
    """Changes of A's seen by B. B may own a row with an id A also uses (ids are per
    user; one test makes one on purpose), so content tells: A's titles all start 'A의'."""
    reused = alice["ids"][0]
    return [
        c
        for c in changes
        if (c["id"] in all_a_ids(alice) and c["id"] != reused)
        or "A의" in json.dumps(c, ensure_ascii=False)
    ]


def test_b_reads_nothing_of_a(bob: httpx.Client, alice: dict[str, Any]) -> None:
    mine = bob.get("/api/v1/auth/user/me").json()
    assert mine["id"] != alice["me"]["id"]
    assert bob.get("/api/v1/calendar/events", params=WIDE).json() == {
        "events": [],
        "occurrences": [],
    }
    changes = bob.post("/api/v1/calendar/sync", json={"cursor": 0}).json()["changes"]
    assert leaked(changes, alice) == []
    for conversation in ("alice-private", "default"):
        turns = bob.get("/api/v1/chat/history", params={"conversation_id": conversation})
        assert turns.json() == {"turns": []}
    status = bob.get(f"/api/v1/image/processing-status/{alice['job']}")
    assert status.status_code == 404
    assert status.json() == {"detail": "no such image job"}


def test_b_cannot_change_or_delete_a_rows_and_gets_404(
    bob: httpx.Client, alice: dict[str, Any]
) -> None:
    for event_id in alice["ids"]:
        put = bob.put(f"/api/v1/calendar/events/{event_id}", json={"title": "B was here"})
        assert (put.status_code, put.json()) == (404, {"detail": "no such event"})
        stale = bob.put(
            f"/api/v1/calendar/events/{event_id}", json={"title": "B", "base_version": 0}
        )
        assert stale.status_code == 404
        gone = bob.delete(f"/api/v1/calendar/events/{event_id}")
        assert (gone.status_code, gone.json()) == (404, {"detail": "no such event"})


def test_b_reusing_a_ids_makes_b_rows_only(bob: httpx.Client, alice: dict[str, Any]) -> None:
    taken = alice["ids"][0]
    made = bob.post(
        "/api/v1/calendar/events",
        json={"id": taken, "title": "B의 일정", "start": "2026-11-30T14:00:00+09:00"},
    )
    assert made.status_code == 201  # ids are per user: nothing tells B that A has this id
    assert made.json()["event"]["title"] == "B의 일정"
    assert bob.delete(f"/api/v1/calendar/events/{taken}").status_code == 204


def test_b_chat_sees_only_b_calendar(bob: httpx.Client, alice: dict[str, Any]) -> None:
    answer = bob.post(
        "/api/v1/chat/message", json={"text": "11월 30일 일정 뭐야?", "now": NOW}
    ).json()
    assert answer["events"] == []
    assert "A의" not in answer["reply"]
    found = bob.post(
        "/api/v1/chat/message", json={"text": "A의 비밀 회의 삭제해줘", "now": NOW}
    ).json()
    assert found["proposal"] is None or found["proposal"]["targets"] == []
    assert (
        bob.post("/api/v1/chat/message", json={"text": "네", "now": NOW}).json()[
            "deleted_event_ids"
        ]
        == []
    )


def test_b_cursors_only_walk_b_own_versions(bob: httpx.Client, alice: dict[str, Any]) -> None:
    for cursor in range(0, alice["snapshot"]["cursor"] + 1):
        response = bob.post("/api/v1/calendar/sync", json={"cursor": cursor})
        if response.status_code == 410:  # beyond B's own version: resync, never a peek
            assert set(response.json()) >= {"detail", "resync"}
            continue
        assert response.status_code == 200
        assert leaked(response.json()["changes"], alice) == []
    far = bob.post("/api/v1/calendar/sync", json={"cursor": 10**12})
    assert far.status_code == 410


def test_b_logout_leaves_a_signed_in(
    service: RunningService, bob: httpx.Client, alice: dict[str, Any]
) -> None:
    assert bob.post("/api/v1/auth/logout").status_code == 200
    with client(service, alice["token"]) as a:
        assert a.get("/api/v1/auth/user/me").json() == alice["me"]


def test_a_data_is_unchanged_after_everything_b_did(
    service: RunningService, alice: dict[str, Any], bob: httpx.Client
) -> None:
    with client(service, alice["token"]) as a:
        assert a.get("/api/v1/calendar/events", params=WIDE).json() == alice["events"]
        history = a.get("/api/v1/chat/history", params={"conversation_id": "alice-private"}).json()
        assert history == alice["history"]
        job = a.get(f"/api/v1/image/processing-status/{alice['job']}")
        assert job.status_code == 200
        assert a.post("/api/v1/calendar/sync", json={"cursor": 0}).json() == alice["snapshot"]


def test_row_level_security_is_the_second_wall(
    service: RunningService, alice: dict[str, Any], bob: httpx.Client
) -> None:
    """Even a query that forgets ``WHERE user_id`` sees only the scoped user's rows."""
    b_id = int(bob.get("/api/v1/auth/user/me").json()["id"])
    with service.db.user_tx(b_id) as conn:
        owners = set(conn.execute(text("SELECT DISTINCT user_id FROM entities")).scalars())
        devices = set(conn.execute(text("SELECT DISTINCT user_id FROM devices")).scalars())
        updated = conn.execute(
            text("UPDATE entities SET deleted = true WHERE user_id <> :b"), {"b": b_id}
        ).rowcount
    assert owners <= {b_id} and devices == {b_id}
    assert updated == 0
    with service.db.app_role_tx() as conn:  # the app role with no user: nothing at all
        assert conn.execute(text("SELECT count(*) FROM entities")).scalar_one() == 0
