"""The push/pull protocol over real HTTP on a real PostgreSQL: idempotency, ordering,
rejection, per-field conflicts, paging, tombstones and 410, schema versions, the lease,
server-sent pokes and metrics."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from core.model import Event
from core.service import protocol
from core.service.wire import SCHEMA_HEADER
from core.store import codec
from core.sync.client import SyncClient
from core.timeutil import utc_now
from tests.fakes.service_server import RunningService, running_service

SEOUL = ZoneInfo("Asia/Seoul")
_emails = itertools.count(1)


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service() as svc:
        yield svc


class Device:
    """A hand-driven device: raw JSON pushes and pulls."""

    def __init__(self, service: RunningService, token: str) -> None:
        self.http = httpx.Client(base_url=service.url, headers=service.headers(token))
        self.id = self.http.get("/v1/me").json()["device_id"]
        self.next = 1

    def push(self, *mutations: dict[str, Any], numbered: bool = True) -> httpx.Response:
        body = []
        for m in mutations:
            if numbered and "mutation_id" not in m:
                m = {**m, "mutation_id": self.next}
                self.next += 1
            body.append(m)
        return self.http.post("/v1/push", json={"device_id": self.id, "mutations": body})

    def results(self, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.push(*mutations)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def pull(self, cursor: int = 0, limit: int = 500) -> httpx.Response:
        return self.http.get("/v1/pull", params={"cursor": cursor, "limit": limit})

    def rows(self) -> dict[str, dict[str, Any]]:
        changes = self.pull().json()["changes"]
        return {c["id"]: c for c in changes}


@pytest.fixture
def pair(service: RunningService) -> Iterator[tuple[Device, Device]]:
    email = f"proto{next(_emails)}@example.com"
    a, b = Device(service, service.token(email)), Device(service, service.token(email))
    yield a, b
    a.http.close()
    b.http.close()


def event_data(title: str = "회의", hour: int = 10, **fields: Any) -> dict[str, Any]:
    ev = Event.timed(
        title, datetime(2026, 11, 30, hour, tzinfo=SEOUL), calendar_id="cal-1", **fields
    )
    data = codec.event_to_dict(ev)
    data.pop("deleted")
    return data


def upsert(data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"kind": "event", "id": data["id"], "op": "upsert", "data": data, **extra}


def test_retried_push_gets_the_stored_result(pair: tuple[Device, Device]) -> None:
    a, _ = pair
    data = event_data()
    first = a.push(upsert(data), numbered=True).json()
    again = a.push({**upsert(data), "mutation_id": 1}).json()  # the same batch, re-sent
    assert again["results"][0] | {"replayed": False} == first["results"][0]
    assert again["results"][0]["replayed"] is True
    assert len(a.rows()) == 1
    assert a.rows()[data["id"]]["version"] == first["results"][0]["version"]


def test_gap_in_mutation_ids_is_refused_and_changes_nothing(pair: tuple[Device, Device]) -> None:
    a, _ = pair
    response = a.push({**upsert(event_data()), "mutation_id": 5})
    assert response.status_code == 409
    assert response.json()["expected"] == 1
    assert a.rows() == {}


def test_invalid_mutation_is_rejected_and_never_blocks(pair: tuple[Device, Device]) -> None:
    a, _ = pair
    bad = event_data()
    bad["end_ts"] = bad["start_ts"] - 3600  # ends before it starts
    good = event_data("괜찮은 일정")
    results = a.results(
        upsert(bad),
        {"kind": "chat_turn", "id": "t1", "op": "upsert", "data": {"role": "user"}},
        upsert(good),
    )
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]
    assert "before start" in results[0]["error"]
    assert set(a.rows()) == {good["id"]}
    assert a.http.get("/v1/me").json()["last_mutation_id"] == 3
    # Text PostgreSQL cannot store (a NUL) is a rejection, not a failed batch.
    [nul] = a.results(upsert(event_data("제목\x00끝")))
    assert nul["status"] == "rejected" and "NUL" in nul["error"]


def test_field_conflicts_against_the_base_version(pair: tuple[Device, Device]) -> None:
    a, b = pair
    data = event_data("원래 제목")
    [created] = a.results(upsert(data))
    seen = created["field_versions"]
    [title_a] = a.results(
        upsert({**data, "title": "A 제목"}, changed=["title"], field_versions=seen)
    )
    assert title_a["status"] == "applied"
    # b saw only the creation: its title loses, its location applies, an equal value
    # (the description it did not change) is no conflict.
    [mixed] = b.results(
        upsert(
            {**data, "title": "B 제목", "location": "강남"},
            changed=["title", "location", "description"],
            field_versions=seen,
        )
    )
    assert mixed["status"] == "conflict" and mixed["conflict_id"]
    assert "title" not in mixed["field_versions"] and "location" in mixed["field_versions"]
    rows = a.rows()
    assert rows[data["id"]]["data"]["title"] == "A 제목"
    assert rows[data["id"]]["data"]["location"] == "강남"
    conflict = rows[mixed["conflict_id"]]
    assert conflict["kind"] == "conflict"
    assert conflict["data"]["fields"] == ["title"]
    assert conflict["data"]["local"] == {"title": "B 제목"}
    assert conflict["data"]["remote"] == {"title": "A 제목"}


def test_calendars_settle_by_arrival_without_conflicts(pair: tuple[Device, Device]) -> None:
    a, b = pair
    cal = {
        "id": "cal-x",
        "name": "내 캘린더",
        "color": "#4285f4",
        "google_calendar_id": None,
        "selected": True,
        "is_default": True,
        "time_zone": None,
        "created_at": 1,
        "updated_at": 1,
    }
    [made] = a.results({"kind": "calendar", "id": "cal-x", "data": cal})
    seen = made["field_versions"]
    a.results(
        {
            "kind": "calendar",
            "id": "cal-x",
            "data": {**cal, "name": "회사"},
            "changed": ["name"],
            "field_versions": seen,
        }
    )
    [late] = b.results(
        {
            "kind": "calendar",
            "id": "cal-x",
            "data": {**cal, "name": "집"},
            "changed": ["name"],
            "field_versions": seen,
        }
    )
    assert late["status"] == "applied"
    assert a.rows()["cal-x"]["data"]["name"] == "집"


def test_start_and_end_conflict_together(pair: tuple[Device, Device]) -> None:
    a, b = pair
    data = event_data("이동", hour=10)
    [created] = a.results(upsert(data))
    seen = created["field_versions"]
    a.results(
        upsert(
            {**data, "start_ts": data["start_ts"] + 3600, "end_ts": data["end_ts"] + 3600},
            changed=["start_ts", "end_ts"],
            field_versions=seen,
        )
    )
    [longer] = b.results(  # b only stretches the end, unaware of the move
        upsert(
            {**data, "end_ts": data["end_ts"] + 1800, "tz": "UTC"},
            changed=["end_ts", "tz"],
            field_versions=seen,
        )
    )
    assert longer["status"] == "conflict"
    row = a.rows()[data["id"]]["data"]
    assert (row["start_ts"], row["end_ts"]) == (data["start_ts"] + 3600, data["end_ts"] + 3600)
    assert row["tz"] == data["tz"]  # the group moved to the conflict as a whole
    conflict = a.rows()[longer["conflict_id"]]["data"]
    assert sorted(conflict["fields"]) == ["end_ts", "tz"]


def test_pull_pages_in_version_order_with_tombstones(pair: tuple[Device, Device]) -> None:
    a, b = pair
    made = [event_data(f"일정 {i}", hour=8 + i) for i in range(5)]
    results = a.results(*(upsert(d) for d in made))
    a.results(
        {
            "kind": "event",
            "id": made[0]["id"],
            "op": "delete",
            "field_versions": results[0]["field_versions"],
        }
    )
    cursor, seen, versions = 0, [], []
    while True:
        page = b.pull(cursor, limit=2).json()
        seen += [(c["id"], c["deleted"]) for c in page["changes"]]
        versions += [c["version"] for c in page["changes"]]
        assert page["cursor"] >= cursor
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert dict(seen) == {d["id"]: d is made[0] for d in made}
    assert b.pull(cursor).json() == {
        "changes": [],
        "cursor": cursor,
        "has_more": False,
        "last_mutation_id": 0,
    }


def test_cursor_older_than_the_tombstone_window_gets_410(
    service: RunningService, pair: tuple[Device, Device]
) -> None:
    a, b = pair
    keep, drop = event_data("남김"), event_data("지움")
    results = a.results(upsert(keep), upsert(drop))
    old_cursor = b.pull().json()["cursor"]
    a.results(
        {
            "kind": "event",
            "id": drop["id"],
            "op": "delete",
            "field_versions": results[1]["field_versions"],
        }
    )
    with service.db.admin_tx() as conn:
        protocol.purge_tombstones(conn, utc_now() + timedelta(days=1))
    gone = b.pull(old_cursor)
    assert gone.status_code == 410 and gone.json()["resync"] is True
    snapshot = b.pull(0).json()  # cursor 0 is always served: the snapshot
    assert {c["id"] for c in snapshot["changes"]} == {keep["id"]}
    assert b.pull(snapshot["cursor"]).status_code == 200
    assert b.pull(snapshot["cursor"] + 100).status_code == 410  # a cursor from elsewhere


def test_every_sync_request_states_its_schema(service: RunningService) -> None:
    token = service.token(f"schema{next(_emails)}@example.com")
    with httpx.Client(base_url=service.url) as http:
        auth = {"Authorization": f"Bearer {token}"}
        assert http.get("/v1/me", headers=auth).status_code == 426
        old = http.get("/v1/me", headers=auth | {SCHEMA_HEADER: "0"})
        assert old.status_code == 426
        assert "Update iljeong" in old.json()["detail"]
        assert http.get("/v1/me", headers=service.headers(token)).status_code == 200
        assert http.get("/healthz").json()["status"] == "ok"  # not a sync request


def test_google_lease_is_held_by_one_device(pair: tuple[Device, Device]) -> None:
    a, b = pair
    got = a.http.post("/v1/google/lease", json={"ttl_seconds": 60}).json()
    assert got["held_by_you"] and got["device_id"] == a.id
    refused = b.http.post("/v1/google/lease", json={"ttl_seconds": 60})
    assert refused.status_code == 409 and refused.json()["holder"] == a.id
    assert b.http.put("/v1/google/lease/state", json={"state": {}}).status_code == 409
    state = {"calendars": {"primary": {"sync_token": "CPDAlvWDx70CEPDAlvWDx70CGAU="}}}
    assert a.http.put("/v1/google/lease/state", json={"state": state}).status_code == 200
    assert a.http.post("/v1/google/lease", json={"ttl_seconds": 60}).json()["held_by_you"]
    a.http.delete("/v1/google/lease")
    taken = b.http.post("/v1/google/lease", json={"ttl_seconds": 60}).json()
    assert taken["held_by_you"] and taken["state"] == state  # b continues where a stopped


def test_server_sent_events_poke_other_devices(
    service: RunningService, pair: tuple[Device, Device]
) -> None:
    a, _ = pair
    token = service.token(a.http.get("/v1/me").json()["email"])
    pokes: list[int] = []
    heard = threading.Event()
    stop = threading.Event()

    def on_poke(version: int) -> None:
        pokes.append(version)
        if len(pokes) >= 2:
            heard.set()
            stop.set()

    listener = SyncClient(service.url, token)
    thread = threading.Thread(target=listener.listen, args=(on_poke, stop), daemon=True)
    thread.start()
    try:
        for _ in range(100):  # wait for the first poke (sent on connect)
            if pokes:
                break
            threading.Event().wait(0.05)
        a.results(upsert(event_data("알림")))
        assert heard.wait(10), "no poke arrived"
        assert pokes[-1] > pokes[0]
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=5)


def test_metrics_count_requests_and_conflicts(
    service: RunningService, pair: tuple[Device, Device]
) -> None:
    a, b = pair
    data = event_data()
    [created] = a.results(upsert(data))
    a.results(
        upsert({**data, "title": "x"}, changed=["title"], field_versions=created["field_versions"])
    )
    b.results(
        upsert({**data, "title": "y"}, changed=["title"], field_versions=created["field_versions"])
    )
    text = httpx.get(f"{service.url}/metrics").text
    assert 'iljeong_request_seconds_count{method="POST",route="/v1/push",status="200"}' in text
    conflicts = [line for line in text.splitlines() if line.startswith("iljeong_conflicts_total")]
    assert conflicts and float(conflicts[0].split()[-1]) >= 1


def test_device_id_in_the_body_must_be_the_callers(pair: tuple[Device, Device]) -> None:
    a, b = pair
    response = a.http.post("/v1/push", json={"device_id": b.id, "mutations": []})
    assert response.status_code == 403
