"""Undo and redo are ordinary local changes: they reach Google (the Calendar emulator, through
the real client) and a second device (the real sync service on PostgreSQL) without
duplicates, and an undo that would overwrite another device's later edit is refused."""
# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from core.google import connection
from core.model import Event
from core.store.history import HistoryRefused
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
    email = f"history{next(_users)}@example.com"
    a = sync_device(service, tmp_path, service.token(email), "a")
    b = sync_device(service, tmp_path, service.token(email, "b"), "b")
    connect(a.store, fake)
    yield a, b
    a.close()
    b.close()


def everywhere(a: SyncDevice, b: SyncDevice, lease: GoogleLease) -> None:
    """One round: a ↔ service, a ↔ Google, a → service again, then b."""
    a.sync()
    lease.run(lambda: connection.sync(a.store, sleep=lambda _s: None))
    a.sync()
    b.sync()


def google_titles(fake: FakeGoogle) -> list[str]:
    return sorted(e["summary"] for e in fake.events(EMAIL))


def live_titles(device: SyncDevice) -> list[str]:
    return sorted(e.title for e in device.store.all_events())


def test_undo_and_redo_reach_google_and_the_other_device(
    pair: tuple[SyncDevice, SyncDevice], fake: FakeGoogle
) -> None:
    a, b = pair
    lease = GoogleLease(a.store, a.client)
    everywhere(a, b, lease)
    ev = a.store.add_event(
        Event.timed(
            "치과",
            datetime(2026, 12, 1, 10, tzinfo=SEOUL),
            calendar_id=a.store.default_calendar().id,
        )
    )
    everywhere(a, b, lease)
    a.store.update_event(a.store.get_event(ev.id).evolve(title="치과 (변경)", location="강남역"))
    everywhere(a, b, lease)
    assert google_titles(fake) == live_titles(b) == ["치과 (변경)"]
    assert not b.store.can_undo()  # what came through the service is a's to undo, not b's

    a.store.undo()  # the edit
    everywhere(a, b, lease)
    assert google_titles(fake) == live_titles(a) == live_titles(b) == ["치과"]
    assert b.store.get_event(ev.id).location == ""
    assert fake.events(EMAIL)[0].get("location", "") == ""

    a.store.undo()  # the create: a tombstone everywhere
    everywhere(a, b, lease)
    assert google_titles(fake) == live_titles(a) == live_titles(b) == []

    a.store.redo()  # the create again: the same event, not a copy
    everywhere(a, b, lease)
    assert google_titles(fake) == live_titles(a) == live_titles(b) == ["치과"]
    a.store.redo()
    everywhere(a, b, lease)
    assert google_titles(fake) == live_titles(a) == live_titles(b) == ["치과 (변경)"]
    assert len(fake.events(EMAIL, include_cancelled=True)) == 1
    assert [e.id for e in b.store.all_events()] == [ev.id]
    everywhere(a, b, lease)  # quiet: nothing echoes back
    assert a.store.outbox_size("google") == 0 and a.store.outbox_size("service") == 0


def test_an_undo_over_another_devices_edit_is_refused(
    pair: tuple[SyncDevice, SyncDevice], fake: FakeGoogle
) -> None:
    a, b = pair
    lease = GoogleLease(a.store, a.client)
    ev = a.store.add_event(
        Event.timed(
            "회의",
            datetime(2026, 12, 2, 15, tzinfo=SEOUL),
            calendar_id=a.store.default_calendar().id,
        )
    )
    everywhere(a, b, lease)
    b.store.update_event(b.store.get_event(ev.id).evolve(title="회의 (b가 바꿈)"))
    b.sync()
    a.sync()
    assert a.store.get_event(ev.id).title == "회의 (b가 바꿈)"
    with pytest.raises(HistoryRefused, match="changed since"):
        a.store.undo()
    everywhere(a, b, lease)
    assert google_titles(fake) == live_titles(a) == live_titles(b) == ["회의 (b가 바꿈)"]
    assert b.store.undo() is not None  # b's own edit is b's to undo
    b.sync()
    everywhere(a, b, lease)
    assert google_titles(fake) == live_titles(a) == live_titles(b) == ["회의"]
