"""The Google lease: two devices of one user, the real sync service on PostgreSQL and the
Calendar emulator. Only the holder talks to Google; the next holder continues from the
last holder's sync tokens; nothing is duplicated on either side."""
# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from core.google import connection
from core.google.engine import token_key
from core.model import Event
from core.sync.errors import LeaseHeld
from core.sync.google_lease import GoogleLease
from tests.fakes.google_calendar import FakeGoogle
from tests.fakes.service_server import RunningService, SyncDevice, running_service, sync_device
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
    EMAIL,
    SEOUL,
    connect,
    fake,
)

_users = itertools.count(1)


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service() as svc:
        yield svc


@pytest.fixture
def pair(
    service: RunningService, tmp_path: Path, fake: FakeGoogle, memory_keyring: object
) -> Iterator[tuple[SyncDevice, SyncDevice]]:
    email = f"lease{next(_users)}@example.com"  # a user of its own: leases are per user
    a = sync_device(service, tmp_path, service.token(email), "a")
    b = sync_device(service, tmp_path, service.token(email, "b"), "b")
    for device in (a, b):
        connect(device.store, fake)
    yield a, b
    a.close()
    b.close()


def google_sync(device: SyncDevice) -> object:
    return connection.sync(device.store, sleep=lambda _s: None)


def test_only_the_holder_syncs_google_and_the_next_continues_where_it_stopped(
    pair: tuple[SyncDevice, SyncDevice], fake: FakeGoogle
) -> None:
    a, b = pair
    lease_a, lease_b = GoogleLease(a.store, a.client), GoogleLease(b.store, b.client)
    a.sync()
    b.sync()  # both devices share one calendar through the service
    a.store.add_event(
        Event.timed(
            "치과",
            datetime(2026, 12, 1, 10, tzinfo=SEOUL),
            calendar_id=a.store.default_calendar().id,
        )
    )
    a.sync()
    lease_a.run(lambda: google_sync(a))
    assert [e["summary"] for e in fake.events(EMAIL)] == ["치과"]
    b.sync()
    fake.reset_requests()
    with pytest.raises(LeaseHeld):
        lease_b.run(lambda: google_sync(b))
    assert fake.requests == []  # b left Google alone
    # Google-side edit, pulled by the holder, reaches b through the service.
    remote = fake.events(EMAIL)[0]
    fake.patch_event(EMAIL, remote["id"], {"location": "강남역"})
    lease_a.run(lambda: google_sync(a))
    a.sync()
    b.sync()
    assert [(e.title, e.location) for e in b.store.all_events()] == [("치과", "강남역")]
    # a closes; b takes over with a's sync token: an incremental listing, no duplicates.
    lease_a.release()
    calendar = next(c.google_calendar_id for c in a.store.calendars() if c.google_calendar_id)
    assert b.store.get_state(token_key(calendar)) is None
    fake.reset_requests()
    lease_b.run(lambda: google_sync(b))
    assert b.store.get_state(token_key(calendar)) is not None
    lists = [r for r in fake.requests if r.operation == "events.list"]
    assert lists and all("syncToken" in r.query for r in lists)
    assert [e["summary"] for e in fake.events(EMAIL)] == ["치과"]
    assert [(e.title, e.location) for e in b.store.all_events()] == [("치과", "강남역")]
    with pytest.raises(LeaseHeld):
        lease_a.run(lambda: google_sync(a))


def test_the_apps_google_scheduler_leaves_google_to_the_holder(
    qtbot: object, pair: tuple[SyncDevice, SyncDevice], fake: FakeGoogle
) -> None:
    from core.google.scheduler import SyncScheduler

    a, b = pair
    GoogleLease(a.store, a.client).run(lambda: google_sync(a))
    scheduler = SyncScheduler(b.store)
    scheduler.guard_with(GoogleLease(b.store, b.client).run_if_holder)
    scheduler.start()
    try:
        fake.reset_requests()
        scheduler.sync_now()
        qtbot.waitUntil(lambda: scheduler.runs >= 1, timeout=10_000)  # type: ignore[attr-defined]
    finally:
        scheduler.shutdown()
    assert [r for r in fake.requests if r.operation != "oauth.token"] == []
