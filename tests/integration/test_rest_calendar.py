"""/api/v1/calendar over HTTP against the real service on a throw-away PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from core.ids import new_id
from core.model import Event
from core.store.codec import event_to_dict
from tests.fakes.service_server import RunningService, running_service

API = "/api/v1/calendar"


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service() as svc:
        yield svc


@pytest.fixture
def client(service: RunningService) -> Iterator[httpx.Client]:
    token = service.token(f"user-{new_id()}@example.com", "laptop")
    with httpx.Client(
        base_url=service.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as c:
        yield c


def create(client: httpx.Client, **fields: Any) -> dict[str, Any]:
    body = {"title": "팀 회의", "start": "2026-11-30T14:00:00+09:00", "time_zone": "Asia/Seoul"}
    body.update(fields)
    response = client.post(f"{API}/events", json=body)
    assert response.status_code == 201, response.text
    event: dict[str, Any] = response.json()["event"]
    return event


def listed(client: httpx.Client, start: str, end: str) -> dict[str, Any]:
    response = client.get(f"{API}/events", params={"start": start, "end": end})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_create_fills_the_defaults_and_lists_in_range(client: httpx.Client) -> None:
    ev = create(client, location="본사 3층")
    assert ev["end"] == "2026-11-30T15:00:00+09:00"  # one hour by default
    assert (ev["time_zone"], ev["location"], ev["all_day"]) == ("Asia/Seoul", "본사 3층", False)
    day = listed(client, "2026-11-30T00:00:00+09:00", "2026-12-01T00:00:00+09:00")
    assert [e["id"] for e in day["events"]] == [ev["id"]]
    assert day["occurrences"][0]["start"] == "2026-11-30T14:00:00+09:00"
    other_day = listed(client, "2026-12-01T00:00:00+09:00", "2026-12-02T00:00:00+09:00")
    assert other_day == {"events": [], "occurrences": []}


def test_all_day_and_repeating_events_are_expanded_in_the_range(client: httpx.Client) -> None:
    trip = create(client, title="제주 여행", start="2026-12-04", end="2026-12-07", all_day=True)
    swim = create(
        client,
        title="수영",
        start="2026-11-02T07:00:00+09:00",
        rrule="FREQ=WEEKLY;BYDAY=MO,WE",
    )
    week = listed(client, "2026-11-30T00:00:00+09:00", "2026-12-07T00:00:00+09:00")
    starts = [(o["title"], o["start"]) for o in week["occurrences"]]
    assert starts == [
        ("수영", "2026-11-30T07:00:00+09:00"),
        ("수영", "2026-12-02T07:00:00+09:00"),
        ("제주 여행", "2026-12-04"),
    ]
    assert {e["id"] for e in week["events"]} == {trip["id"], swim["id"]}
    assert week["occurrences"][0]["series_id"] == swim["id"]


def test_a_retried_create_with_the_same_id_is_answered_with_the_stored_event(
    client: httpx.Client,
) -> None:
    event_id = new_id()
    first = create(client, id=event_id, title="치과")
    again = client.post(
        f"{API}/events",
        json={
            "id": event_id,
            "title": "치과",
            "start": "2026-11-30T14:00:00+09:00",
            "time_zone": "Asia/Seoul",
        },
    )
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert again.json()["event"]["version"] == first["version"]
    clash = client.post(
        f"{API}/events",
        json={"id": event_id, "title": "다른 일정", "start": "2026-11-30T14:00:00+09:00"},
    )
    assert clash.status_code == 409
    assert "already exists" in clash.json()["detail"]
    day = listed(client, "2026-11-30T00:00:00+09:00", "2026-12-01T00:00:00+09:00")
    assert [e["title"] for e in day["events"]] == ["치과"]


def test_put_changes_only_the_given_fields_and_keeps_the_duration(client: httpx.Client) -> None:
    ev = create(client, end="2026-11-30T15:30:00+09:00", description="안건: 예산")
    response = client.put(
        f"{API}/events/{ev['id']}",
        json={"start": "2026-11-30T16:00:00+09:00", "title": "예산 회의"},
    )
    assert response.status_code == 200, response.text
    changed = response.json()["event"]
    assert (changed["title"], changed["start"], changed["end"], changed["description"]) == (
        "예산 회의",
        "2026-11-30T16:00:00+09:00",
        "2026-11-30T17:30:00+09:00",
        "안건: 예산",
    )
    assert changed["version"] > ev["version"]


def test_put_on_a_stale_base_version_keeps_the_newer_value_and_records_a_conflict(
    client: httpx.Client,
) -> None:
    ev = create(client, title="점심")
    seen = ev["version"]
    first = client.put(f"{API}/events/{ev['id']}", json={"location": "강남역"})
    assert first.json()["status"] == "applied"
    stale = client.put(
        f"{API}/events/{ev['id']}", json={"location": "역삼역", "base_version": seen}
    )
    assert stale.status_code == 200
    body = stale.json()
    assert body["status"] == "conflict"
    assert body["event"]["location"] == "강남역"
    changes = client.post(f"{API}/sync", json={"cursor": 0}).json()["changes"]
    conflicts = [c for c in changes if c["entity"] == "conflict"]
    assert [c["id"] for c in conflicts] == [body["conflict_id"]]
    assert conflicts[0]["fields"]["local"] == {"location": "역삼역"}
    assert conflicts[0]["fields"]["remote"] == {"location": "강남역"}


def push_as_device(
    service: RunningService, token: str, mutations: list[dict[str, Any]]
) -> dict[str, Any]:
    """What a desktop's sync client sends (the sync protocol, /v1/push)."""
    headers = service.headers(token)
    me = httpx.get(f"{service.url}/v1/me", headers=headers).json()
    first = me["last_mutation_id"] + 1
    for n, m in enumerate(mutations):
        m.setdefault("mutation_id", first + n)
    response = httpx.post(
        f"{service.url}/v1/push",
        headers=headers,
        json={"device_id": me["device_id"], "mutations": mutations},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_delete_is_a_tombstone_and_takes_a_series_changed_instances(
    client: httpx.Client, service: RunningService
) -> None:
    series = create(client, title="스탠드업", start="2026-11-30T09:00:00+09:00", rrule="FREQ=DAILY")
    seoul = ZoneInfo("Asia/Seoul")
    instance = Event(
        title="스탠드업 (늦게)",
        start=datetime(2026, 12, 1, 10, tzinfo=seoul),
        end=datetime(2026, 12, 1, 10, 15, tzinfo=seoul),
        calendar_id=series["calendar_id"],
        tz="Asia/Seoul",
        recurring_event_id=series["id"],
        original_start=datetime(2026, 12, 1, 9, tzinfo=seoul),
    )
    data = {k: v for k, v in event_to_dict(instance).items() if k != "deleted"}
    token = client.headers["Authorization"].split()[1]
    push_as_device(service, token, [{"kind": "event", "id": instance.id, "data": data}])
    week = listed(client, "2026-11-30T00:00:00+09:00", "2026-12-03T00:00:00+09:00")
    assert [(o["title"], o["start"]) for o in week["occurrences"]] == [
        ("스탠드업", "2026-11-30T09:00:00+09:00"),
        ("스탠드업 (늦게)", "2026-12-01T10:00:00+09:00"),
        ("스탠드업", "2026-12-02T09:00:00+09:00"),
    ]
    response = client.delete(f"{API}/events/{series['id']}")
    assert response.status_code == 204
    assert client.delete(f"{API}/events/{series['id']}").status_code == 404
    assert client.put(f"{API}/events/{series['id']}", json={"title": "x"}).status_code == 404
    week = listed(client, "2026-11-30T00:00:00+09:00", "2026-12-07T00:00:00+09:00")
    assert week == {"events": [], "occurrences": []}
    tombstones = [
        c for c in client.post(f"{API}/sync", json={"cursor": 0}).json()["changes"] if c["deleted"]
    ]
    assert {c["id"] for c in tombstones} == {series["id"], instance.id}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": "x", "start": "2026-11-30T14:00:00"}, "timezone"),
        (
            {
                "title": "x",
                "start": "2026-11-30T14:00:00+09:00",
                "end": "2026-11-30T13:00:00+09:00",
            },
            "before start",
        ),
        ({"title": "x", "start": "2026-11-30", "all_day": False}, "date-times"),
        ({"title": "x", "start": "2026-11-30T14:00:00+09:00", "all_day": True}, "dates"),
        (
            {"title": "x", "start": "2026-11-30T14:00:00+09:00", "time_zone": "Mars/Olympus"},
            "unknown time zone",
        ),
        ({"title": "x", "start": "2026-11-30T14:00:00+09:00", "rrule": "FREQ=SOMETIMES"}, "FREQ"),
        (
            {"title": "x", "start": "2026-11-30T14:00:00+09:00", "calendar_id": "nope"},
            "no calendar",
        ),
        ({"title": "   ", "start": "2026-11-30T14:00:00+09:00"}, "title"),
        ({"title": "x", "start": "9999-12-31T23:30:00+00:00"}, "out of range"),
        ({"title": "x", "start": "2026-11-30T14:00:00+09:00", "colour": "red"}, "Extra inputs"),
    ],
)
def test_bad_events_are_a_422_with_a_reason_and_change_nothing(
    client: httpx.Client, body: dict[str, Any], message: str
) -> None:
    response = client.post(f"{API}/events", json=body)
    assert response.status_code == 422, response.text
    assert message.lower() in response.text.lower()
    everything = client.post(f"{API}/sync", json={"cursor": 0}).json()["changes"]
    assert [c for c in everything if c["entity"] == "event"] == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-11-30T00:00:00", "end": "2026-12-01T00:00:00"}, "offset"),
        ({"start": "2026-12-01T00:00:00+09:00", "end": "2026-11-30T00:00:00+09:00"}, "after start"),
        ({"start": "2026-01-01T00:00:00+09:00", "end": "2028-01-01T00:00:00+09:00"}, "400 days"),
        ({"start": "2026-11-30T00:00:00+09:00"}, "missing"),
        (
            {
                "start": "2026-11-30T00:00:00+09:00",
                "end": "2026-12-01T00:00:00+09:00",
                "time_zone": "Nowhere/City",
            },
            "unknown time zone",
        ),
    ],
)
def test_bad_ranges_are_a_422(client: httpx.Client, params: dict[str, str], message: str) -> None:
    response = client.get(f"{API}/events", params=params)
    assert response.status_code == 422
    assert message in response.text


def test_rest_writes_reach_devices_without_taking_their_mutation_ids(
    client: httpx.Client, service: RunningService
) -> None:
    token = client.headers["Authorization"].split()[1]
    ev = create(client, title="REST에서 만든 일정")
    headers = service.headers(token)
    page = httpx.get(f"{service.url}/v1/pull", params={"cursor": 0}, headers=headers).json()
    assert ev["id"] in {c["id"] for c in page["changes"]}
    me = httpx.get(f"{service.url}/v1/me", headers=headers).json()
    assert me["last_mutation_id"] == 0  # the device's own sequence is untouched
    pushed = push_as_device(
        service,
        token,
        [
            {
                "mutation_id": 1,
                "kind": "event",
                "id": ev["id"],
                "data": {"title": "기기에서 고침"},
                "changed": ["title"],
                "base_version": ev["version"],
            }
        ],
    )
    assert pushed["results"][0]["status"] == "applied"
    assert not pushed["results"][0]["replayed"]
    day = listed(client, "2026-11-30T00:00:00+09:00", "2026-12-01T00:00:00+09:00")
    assert [e["title"] for e in day["events"]] == ["기기에서 고침"]


def test_nul_characters_are_a_422_not_a_database_error(client: httpx.Client) -> None:
    """PostgreSQL text cannot hold NUL; found by schemathesis as a 500 before the fix."""
    assert (
        client.post(
            f"{API}/events", json={"title": "a\x00b", "start": "2026-11-30T14:00:00+09:00"}
        ).status_code
        == 422
    )
    assert client.put(f"{API}/events/a%00b", json={"title": "x"}).status_code == 422
    assert client.delete(f"{API}/events/a%00b").status_code == 422
    listed = client.get(
        f"{API}/events",
        params={
            "start": "2026-11-30T00:00:00Z",
            "end": "2026-12-01T00:00:00Z",
            "calendar_id": "a\x00",
        },
    )
    assert listed.status_code == 422
    history = client.get("/api/v1/chat/history", params={"conversation_id": "a\x00b"})
    assert history.status_code == 422


def test_concurrent_writes_of_one_user_queue_up(client: httpx.Client) -> None:
    """Creates with one id: exactly one is made; edits without base_version all apply."""
    event_id = new_id()
    body = {"id": event_id, "title": "동시에", "start": "2026-11-30T09:00:00+09:00"}
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = sorted(
            pool.map(lambda _: client.post(f"{API}/events", json=body).status_code, range(8))
        )
    assert codes == [200] * 7 + [201]
    edits = [{"location": f"회의실 {n}"} for n in range(6)] + [{"description": "안건"}]
    with ThreadPoolExecutor(max_workers=7) as pool:
        answers = list(
            pool.map(lambda e: client.put(f"{API}/events/{event_id}", json=e).json(), edits)
        )
    assert {a["status"] for a in answers} == {"applied"}
    day = listed(client, "2026-11-30T00:00:00+09:00", "2026-12-01T00:00:00+09:00")
    assert [e["description"] for e in day["events"]] == ["안건"]
    assert day["events"][0]["location"].startswith("회의실 ")
    conflicts = [
        c
        for c in client.post(f"{API}/sync", json={"cursor": 0}).json()["changes"]
        if c["entity"] == "conflict"
    ]
    assert conflicts == []
