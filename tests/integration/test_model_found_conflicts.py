"""What the model test (tests/model) pinned about Google conflicts, as plain tests.

A rename in Google and a rename on a device of the same event, made concurrently, are a
true conflict: the holder's patch gets 412, the read and the three-way merge record it,
Google keeps its title and the devices keep theirs (DESIGN: surfaced, never overwritten;
a field under an open conflict is not pushed). Once the user settles it on any device
(keep this device's / keep Google's), the next rounds make every replica equal; an undo of
the settlement opens the conflict again.
"""
# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.google import connection
from core.sync.google_lease import GoogleLease
from tests.fakes.google_calendar import FakeGoogle
from tests.fakes.service_server import RunningService, running_service, sync_device
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
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


class Pair:
    """Two devices on the service; a holds the Google lease."""

    def __init__(self, service: RunningService, folder: Path, fake: FakeGoogle, email: str):
        self.fake = fake
        self.a = sync_device(service, folder, service.token(email), "a")
        self.c = sync_device(service, folder, service.token(email, "c"), "c")
        for device in (self.a, self.c):
            connect(device.store, fake)
        self.lease = GoogleLease(self.a.store, self.a.client)

    def google(self) -> Any:
        return self.lease.run(lambda: connection.sync(self.a.store, sleep=lambda _s: None))

    def round(self) -> None:
        for device in (self.a, self.c):
            device.sync()
        self.google()
        for device in (self.a, self.c):
            device.sync()

    def titles(self) -> tuple[str, str, str]:
        (item,) = self.fake.events("primary")
        (on_a,) = self.a.store.all_events()
        (on_c,) = self.c.store.all_events()
        return str(item["summary"]), on_a.title, on_c.title

    def writes(self) -> list[Any]:
        return [p for r in self.fake.requests for p in (r.parts or [r]) if p.is_write]

    def close(self) -> None:
        self.a.close()
        self.c.close()


@pytest.fixture
def pair(
    service: RunningService, tmp_path: Path, fake: FakeGoogle, memory_keyring: object
) -> Iterator[Pair]:
    made = Pair(service, tmp_path, fake, f"conflicts-{tmp_path.name}@example.com")
    try:
        fake.insert_event(
            "primary",
            timed_body("E1 t1", START.isoformat(), (START + timedelta(hours=1)).isoformat()),
        )
        made.round()
        yield made
    finally:
        made.close()


def fork_title(pair: Pair) -> None:
    """a renames to "E1 t2" while Google renames to "E1 t3"."""
    (item,) = pair.fake.events("primary")
    (ev,) = pair.a.store.all_events()
    pair.a.store.update_event(ev.evolve(title="E1 t2"))
    pair.fake.patch_event("primary", item["id"], {"summary": "E1 t3"})
    pair.round()


def test_an_open_google_conflict_keeps_both_values_and_pushes_nothing(pair: Pair) -> None:
    fork_title(pair)
    assert pair.titles() == ("E1 t3", "E1 t2", "E1 t2")
    (conflict,) = pair.c.store.conflicts()
    assert conflict.target == "google" and conflict.fields == ("title",)
    assert (conflict.local["title"], conflict.remote["title"]) == ("E1 t2", "E1 t3")
    pair.fake.reset_requests()
    pair.round()
    assert not pair.writes(), "a field under an open conflict went to Google"
    assert pair.titles() == ("E1 t3", "E1 t2", "E1 t2")


@pytest.mark.parametrize(("keep", "title"), [("local", "E1 t2"), ("remote", "E1 t3")])
def test_settling_on_another_device_makes_every_replica_equal(
    pair: Pair, keep: str, title: str
) -> None:
    fork_title(pair)
    (conflict,) = pair.c.store.conflicts()
    pair.c.store.resolve_conflict(conflict.id, keep)  # type: ignore[arg-type]
    pair.c.sync()  # the settlement reaches the service before the holder's round
    pair.round()
    assert pair.titles() == (title, title, title)
    assert not pair.a.store.conflicts() and not pair.c.store.conflicts()
    pair.fake.reset_requests()
    pair.round()
    assert not pair.writes()


def test_an_undone_settlement_opens_the_conflict_again(pair: Pair) -> None:
    fork_title(pair)
    (conflict,) = pair.c.store.conflicts()
    pair.c.store.resolve_conflict(conflict.id, "remote")
    assert pair.c.store.undo() is not None
    pair.round()
    assert pair.titles() == ("E1 t3", "E1 t2", "E1 t2")
    assert [c.id for c in pair.a.store.conflicts()] == [conflict.id]
    pair.c.store.resolve_conflict(conflict.id, "remote")
    pair.c.sync()
    pair.round()
    assert pair.titles() == ("E1 t3", "E1 t3", "E1 t3")


def test_a_held_field_changed_again_in_google_raises_no_second_conflict(pair: Pair) -> None:
    """While the title conflict is open, Google renames again and a changes the place:
    the place's patch meets 412; the merge takes the held title as settled (the record
    already tells both sides) and the place goes through."""
    fork_title(pair)
    (item,) = pair.fake.events("primary")
    pair.fake.patch_event("primary", item["id"], {"summary": "E1 t4"})
    (ev,) = pair.a.store.all_events()
    pair.a.store.update_event(ev.evolve(location="L2"))
    pair.round()
    (after,) = pair.fake.events("primary")
    assert (after["summary"], after.get("location")) == ("E1 t4", "L2")
    assert pair.titles() == ("E1 t4", "E1 t2", "E1 t2")
    assert len(pair.c.store.conflicts(include_resolved=True)) == 1


@pytest.mark.parametrize("google_edits_after_the_read", [False, True])
def test_a_delete_under_a_held_conflict_settles_googles_read_version_only(
    pair: Pair, google_edits_after_the_read: bool
) -> None:
    """Found by the model (seed 2437996738; the check was wrong, this pins the product):
    while the title conflict is open Google renames again ("E1 t4", pulled by the holder,
    not shown: the field is held); c deletes the event. The delete goes to Google with
    If-Match on the etag of the version the holder read, so it supersedes "E1 t4". A
    rename in Google after that read ("E1 t5") makes the delete meet 412: the edit wins
    and the event comes back everywhere with Google's title."""
    fork_title(pair)
    (item,) = pair.fake.events("primary")
    pair.fake.patch_event("primary", item["id"], {"summary": "E1 t4"})
    pair.round()  # the holder reads "E1 t4"; the devices keep "E1 t2"
    assert pair.titles() == ("E1 t4", "E1 t2", "E1 t2")
    (ev,) = pair.c.store.all_events()
    pair.c.store.delete_event(ev.id)
    if google_edits_after_the_read:
        pair.fake.patch_event("primary", item["id"], {"summary": "E1 t5"})
    pair.c.sync()
    pair.round()
    pair.round()
    if not google_edits_after_the_read:
        assert pair.fake.events("primary") == []
        assert pair.a.store.all_events() == [] and pair.c.store.all_events() == []
        return
    (after,) = pair.fake.events("primary")
    assert after["summary"] == "E1 t5"
    assert pair.titles() == ("E1 t5", "E1 t5", "E1 t5")
