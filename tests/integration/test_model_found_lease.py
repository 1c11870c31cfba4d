"""A case the model test (tests/model) found with the Google lease, reduced to plain tests."""
# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.google import connection
from core.google.engine import ENTITY, TARGET
from core.model import Event
from core.sync.google_lease import GoogleLease
from tests.fakes.google_calendar import FakeGoogle
from tests.fakes.service_server import RunningService, SyncDevice, running_service, sync_device
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
    EMAIL,
    SEOUL,
    connect,
    fake,
    timed_body,
)

START = datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL)


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service() as svc:
        yield svc


def google_round(device: SyncDevice, lease: GoogleLease) -> Any:
    return lease.run(lambda: connection.sync(device.store, sleep=lambda _s: None))


def two_devices_with_one_google_event(
    service: RunningService, tmp_path: Path, fake: FakeGoogle, email: str
) -> tuple[SyncDevice, SyncDevice, dict[str, GoogleLease], dict[str, Any]]:
    """An event made in Google, pulled by a (the lease holder), on both devices."""
    a = sync_device(service, tmp_path, service.token(email), "a")
    c = sync_device(service, tmp_path, service.token(email, "c"), "c")
    for device in (a, c):
        connect(device.store, fake)
    leases = {d.name: GoogleLease(d.store, d.client) for d in (a, c)}
    fake.insert_event(
        "primary", timed_body("E1", START.isoformat(), (START + timedelta(hours=1)).isoformat())
    )
    a.sync()
    c.sync()
    google_round(a, leases["a"])
    a.sync()
    c.sync()
    (item,) = fake.events("primary")
    return a, c, leases, item


def move_in_google(fake: FakeGoogle, item: dict[str, Any], to: datetime) -> None:
    fake.patch_event(
        "primary",
        item["id"],
        {
            "start": {"dateTime": to.isoformat(), "timeZone": "Asia/Seoul"},
            "end": {"dateTime": (to + timedelta(hours=1)).isoformat()},
        },
    )


def test_a_new_lease_holder_does_not_overwrite_a_google_edit_with_its_stale_copy(
    service: RunningService, tmp_path: Path, fake: FakeGoogle, memory_keyring: object
) -> None:
    """Found by the model (seed 2233700704, reduced): an event made in Google reaches
    both devices; Google moves it; a releases the lease and c takes it over. c's first
    Google round pushed its old start back over Google's move (it had no base: insert →
    409 → read merged against Google's copy as the base)."""
    a, c, leases, item = two_devices_with_one_google_event(
        service, tmp_path, fake, "lease-gap@example.com"
    )
    try:
        moved = START + timedelta(hours=3)
        move_in_google(fake, item, moved)
        leases["a"].release()
        fake.reset_requests()
        google_round(c, leases["c"])
        assert not [r for r in fake.requests if r.is_write], "c wrote to Google"
        (after,) = fake.events("primary")
        assert datetime.fromisoformat(after["start"]["dateTime"]) == moved
        (local,) = c.store.all_events()
        assert local.start == moved
        assert not c.store.conflicts()
        c.sync()
        a.sync()
        (on_a,) = a.store.all_events()
        assert on_a.start == moved
    finally:
        a.close()
        c.close()


def test_a_new_holders_edit_goes_with_if_match_and_merges_with_googles_edit(
    service: RunningService, tmp_path: Path, fake: FakeGoogle, memory_keyring: object
) -> None:
    """c renames the event while Google moves it; c's first round as the holder patches
    with the etag a handed over, gets 412, reads and merges: both edits are kept."""
    a, c, leases, item = two_devices_with_one_google_event(
        service, tmp_path, fake, "lease-merge@example.com"
    )
    try:
        moved = START + timedelta(hours=2)
        move_in_google(fake, item, moved)
        (ev,) = c.store.all_events()
        c.store.update_event(ev.evolve(title="E1 renamed"))
        leases["a"].release()
        fake.reset_requests()
        google_round(c, leases["c"])
        writes = [p for r in fake.requests for p in (r.parts or [r]) if p.is_write]
        assert writes and writes[0].headers.get("if-match") == item["etag"]
        (after,) = fake.events("primary")
        assert after["summary"] == "E1 renamed"
        assert datetime.fromisoformat(after["start"]["dateTime"]) == moved
        (local,) = c.store.all_events()
        assert (local.title, local.start) == ("E1 renamed", moved)
        assert not c.store.conflicts()
    finally:
        a.close()
        c.close()


def test_the_hand_over_carries_only_the_bases_that_changed(
    service: RunningService, tmp_path: Path, fake: FakeGoogle, memory_keyring: object
) -> None:
    """Bases go to the service once; an idle round hands nothing over; a change hands
    over that one; a base the holder dropped reaches the next holder as a drop."""
    a, c, leases, item = two_devices_with_one_google_event(
        service, tmp_path, fake, "lease-delta@example.com"
    )
    try:
        page = a.client.lease_bases(0)
        assert [b["entity_id"] for b in page["bases"]] == [
            b.entity_id for b in a.store.bases(TARGET, ENTITY)
        ]
        seq = page["seq"]
        google_round(a, leases["a"])  # idle
        assert a.client.lease_bases(seq)["bases"] == []
        fake.patch_event("primary", item["id"], {"summary": "E1 t2"})
        google_round(a, leases["a"])
        changed = a.client.lease_bases(seq)
        assert [b["data"]["title"] for b in changed["bases"]] == ["E1 t2"]
        fake.delete_event("primary", item["id"])
        google_round(a, leases["a"])
        assert a.store.bases(TARGET, ENTITY) == []
        (dropped,) = a.client.lease_bases(changed["seq"])["bases"]
        assert dropped["deleted"] is True
        # c never held the lease: it adopts what is there now (no base for a deleted event)
        leases["a"].release()
        a.sync()
        c.sync()
        google_round(c, leases["c"])
        assert fake.events("primary") == []
        assert c.store.bases(TARGET, ENTITY) == []
        assert c.store.all_events() == []
    finally:
        a.close()
        c.close()


@pytest.mark.parametrize("old_first", [False, True], ids=["newer-first", "older-first"])
def test_an_old_holders_late_import_does_not_beat_the_next_holders_newer_one(
    service: RunningService,
    tmp_path: Path,
    fake: FakeGoogle,
    memory_keyring: object,
    old_first: bool,
) -> None:
    """Found by the model (seed 831231087, reduced): a imports an event made in Google and
    gives the lease up before its import reaches the service; Google renames the event;
    c, the next holder, imports the renamed event; both imports reach the service as
    creates. Both are copies of Google's state, so the service orders them by Google's
    ``updated`` (the newer wins, in either arrival order) and records no conflict."""
    email = f"late-import-{old_first}@example.com"
    a = sync_device(service, tmp_path, service.token(email), "a")
    c = sync_device(service, tmp_path, service.token(email, "c"), "c")
    try:
        for device in (a, c):
            connect(device.store, fake)
        leases = {d.name: GoogleLease(d.store, d.client) for d in (a, c)}
        a.sync()
        c.sync()
        fake.insert_event(
            "primary",
            timed_body("E6 t11", START.isoformat(), (START + timedelta(hours=1)).isoformat()),
        )
        google_round(a, leases["a"])  # imported on a, not yet on the service
        leases["a"].release()
        (item,) = fake.events("primary")
        fake.patch_event("primary", item["id"], {"summary": "E6 t15"})
        google_round(c, leases["c"])  # c imports the renamed event, not yet on the service
        for device in (a, c) if old_first else (c, a):
            device.sync()
        for _ in range(2):
            for device in (a, c):
                device.sync()
            google_round(c, leases["c"])
        (after,) = fake.events("primary")
        assert after["summary"] == "E6 t15"
        for device in (a, c):
            assert [e.title for e in device.store.all_events()] == ["E6 t15"], device.name
            assert not device.store.conflicts(include_resolved=True), device.name
    finally:
        a.close()
        c.close()


@pytest.mark.parametrize("copy_first", [False, True], ids=["edit-only", "copy-then-edit"])
def test_a_google_copy_made_before_a_service_edit_is_stale_and_googles_later_edit_applies(
    service: RunningService,
    tmp_path: Path,
    fake: FakeGoogle,
    memory_keyring: object,
    copy_first: bool,
) -> None:
    """Found by the model (seed 1981097289, reduced): a (the lease holder) makes E5 and
    pushes it to Google, then to the service (a Google copy); a renames it and pushes the
    rename to the service only; Google changes the location; c takes the lease, imports
    Google's copy (old title, new location) and, holding no service base for E5, pushes it
    as a create. Its title is the Google version a's rename was made on (stale: dropped);
    its location is a Google edit made after it (applies). No conflict record. In the
    seed a renamed before its first push to the service (the service never saw Google's
    copy: a's push names the Google version its edit was made on, ``google_based_on``);
    with ``copy_first`` the service saw the copy and keeps it as the rename's base."""
    email = f"stale-copy-{copy_first}@example.com"
    a = sync_device(service, tmp_path, service.token(email), "a")
    c = sync_device(service, tmp_path, service.token(email, "c"), "c")
    try:
        for device in (a, c):
            connect(device.store, fake)
        leases = {d.name: GoogleLease(d.store, d.client) for d in (a, c)}
        a.sync()
        c.sync()
        google_round(a, leases["a"])
        a.sync()
        c.sync()
        ev = a.store.add_event(
            Event.timed("E5 t8", START, calendar_id=a.store.default_calendar().id)
        )
        google_round(a, leases["a"])  # E5 reaches Google
        if copy_first:
            a.sync()  # ... and the service, as Google's copy
        a.store.update_event(a.store.get_event(ev.id).evolve(title="E5 t13"))
        a.sync()  # the rename reaches the service, not Google
        (item,) = fake.events("primary")
        fake.patch_event("primary", item["id"], {"location": "L11"})
        leases["a"].release()
        google_round(c, leases["c"])  # c imports E5 (t8, L11) with no service base
        assert [(e.title, e.location) for e in c.store.all_events()] == [("E5 t8", "L11")]
        c.sync()
        for _ in range(2):
            for device in (a, c):
                device.sync()
            google_round(c, leases["c"])
        (after,) = fake.events("primary")
        assert (after["summary"], after.get("location")) == ("E5 t13", "L11")
        for device in (a, c):
            got = [(e.title, e.location) for e in device.store.all_events()]
            assert got == [("E5 t13", "L11")], device.name
            assert not device.store.conflicts(include_resolved=True), device.name
    finally:
        a.close()
        c.close()


def test_a_delete_of_an_import_the_service_never_had_reaches_google_through_the_holder(
    service: RunningService, tmp_path: Path, fake: FakeGoogle, memory_keyring: object
) -> None:
    """Found by the model (seed 1981097289, the E1 finding): c, the lease holder, imports
    an event made in Google and gives the lease up before its import reaches the service
    (its hand-over carries the sync token past the event and the event's Google base);
    c deletes the event; a takes the lease (adopting that base; a never had the event).
    c's delete used to be dropped ("the service never had it"): no device that talks to
    Google ever heard of it, and Google kept the event for good. The delete now goes to
    the service with its event (a tombstone), and the holder, whose Google base says
    Google has the event, writes the tombstone and deletes it in Google (If-Match)."""
    email = "import-deleted@example.com"
    a = sync_device(service, tmp_path, service.token(email), "a")
    c = sync_device(service, tmp_path, service.token(email, "c"), "c")
    try:
        for device in (a, c):
            connect(device.store, fake)
        leases = {d.name: GoogleLease(d.store, d.client) for d in (a, c)}
        a.sync()
        c.sync()
        google_round(a, leases["a"])  # a synced start: the calendars reach c as well
        leases["a"].release()
        a.sync()
        c.sync()
        fake.insert_event(
            "primary",
            timed_body("E1 t10", START.isoformat(), (START + timedelta(hours=1)).isoformat()),
        )
        google_round(c, leases["c"])  # imported on c only, not on the service
        (item,) = fake.events("primary")
        leases["c"].release()
        (ev,) = c.store.all_events()
        c.store.delete_event(ev.id)
        google_round(a, leases["a"])  # a holds the lease now, with c's base of E1
        assert a.store.all_events() == []
        assert fake.events("primary") == [item]
        fake.reset_requests()
        for _ in range(2):
            c.sync()
            a.sync()
            google_round(a, leases["a"])
        assert fake.events("primary") == []
        deletes = [p for r in fake.requests for p in (r.parts or [r]) if p.is_write]
        assert [p.headers.get("if-match") for p in deletes] == [item["etag"]]
        for device in (a, c):
            assert device.store.all_events() == [], device.name
        assert a.store.bases(TARGET, ENTITY) == []
    finally:
        a.close()
        c.close()
