"""Cases the model test (tests/model) found on the Google side, each reduced to a plain test."""

# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

from datetime import datetime, timedelta

from core.store import Store
from tests.fakes.google_calendar import FakeGoogle, Faults
from tests.fakes.keyring_backend import MemoryKeyring
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
    SEOUL,
    Google,
    connect,
    fake,
)

START = datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL)


def test_a_local_move_that_brings_back_an_event_deleted_in_google_keeps_googles_last_edit(
    store: Store, fake: FakeGoogle, memory_keyring: MemoryKeyring
) -> None:
    """Found by the model (seed 738563632): Google renamed an event and then deleted it;
    this device moved it meanwhile. The move wins over the delete (the event comes back),
    but it came back with the old title: Google's rename was lost without a trace."""
    connect(store, fake)
    google = Google(store, fake)
    ev = google.add("E1 t1", START)
    google.sync()
    (item,) = fake.events("primary")
    fake.patch_event("primary", item["id"], {"summary": "E1 t2"})
    fake.delete_event("primary", item["id"])
    store.update_event(store.get_event(ev.id).moved_to(START + timedelta(hours=1)))
    google.sync()
    (back,) = fake.events("primary")
    assert back["summary"] == "E1 t2"
    assert datetime.fromisoformat(back["start"]["dateTime"]) == START + timedelta(hours=1)
    local = store.get_event(ev.id)
    assert (local.title, local.start) == ("E1 t2", START + timedelta(hours=1))
    fake.reset_requests()
    again = google.sync()
    assert again.pushed == again.pulled == 0 and not google.writes()


def test_a_delete_pulled_from_google_over_a_pending_local_edit_keeps_googles_last_edit(
    store: Store, fake: FakeGoogle, memory_keyring: MemoryKeyring
) -> None:
    """The same case when the delete arrives through the incremental pull (a cancelled
    item without content) rather than through the read after a refused push: the push of
    the local move was refused (a 403), Google had renamed and then deleted the event.
    The move still wins over the delete, and Google's rename comes back with it."""
    connect(store, fake)
    google = Google(store, fake)
    ev = google.add("E1 t1", START)
    google.sync()
    (item,) = fake.events("primary")
    fake.patch_event("primary", item["id"], {"summary": "E1 t2"})
    fake.delete_event("primary", item["id"])
    store.update_event(store.get_event(ev.id).moved_to(START + timedelta(hours=1)))
    fake.faults = Faults(
        error_rate=1.0, statuses=("forbiddenForNonOrganizer",), only="events.patch"
    )
    failed = google.sync()
    assert failed.failed  # the move is still queued; the pull brought the delete
    fake.faults = Faults()
    local = store.get_event(ev.id)
    assert (local.title, local.start) == ("E1 t2", START + timedelta(hours=1))
    google.sync()
    (back,) = fake.events("primary")
    assert back["summary"] == "E1 t2"
    assert datetime.fromisoformat(back["start"]["dateTime"]) == START + timedelta(hours=1)
    assert not store.conflicts()
    fake.reset_requests()
    again = google.sync()
    assert again.pushed == again.pulled == 0 and not google.writes()


def test_a_pulled_delete_over_a_local_edit_of_the_same_field_keeps_both_values(
    store: Store, fake: FakeGoogle, memory_keyring: MemoryKeyring
) -> None:
    """Renamed in Google and deleted there, renamed here: the local title comes back and
    Google's title is kept in a conflict record."""
    connect(store, fake)
    google = Google(store, fake)
    ev = google.add("E1 t1", START)
    google.sync()
    (item,) = fake.events("primary")
    fake.patch_event("primary", item["id"], {"summary": "E1 t2"})
    fake.delete_event("primary", item["id"])
    store.update_event(store.get_event(ev.id).evolve(title="E1 t3"))
    fake.faults = Faults(
        error_rate=1.0, statuses=("forbiddenForNonOrganizer",), only="events.patch"
    )
    google.sync()
    fake.faults = Faults()
    google.sync()
    (back,) = fake.events("primary")
    assert back["summary"] == "E1 t3"
    (conflict,) = store.conflicts()
    assert conflict.fields == ("title",)
    assert (conflict.local["title"], conflict.remote["title"]) == ("E1 t3", "E1 t2")


def test_an_event_whose_google_id_was_deleted_and_forgotten_goes_back_under_a_new_id(
    store: Store, fake: FakeGoogle, memory_keyring: MemoryKeyring
) -> None:
    """Found by the model (seed 3641453872): Google deleted an event and purged the
    tombstone while a device edited it (the edit wins); the device that pushed it had no
    base, so it inserted with the derived id: 409 (the id stays taken), and the read was
    404 every round, so the edit never reached Google and the replicas never settled."""
    connect(store, fake)
    google = Google(store, fake)
    ev = google.add("E3 t1", START)
    google.sync()
    (item,) = fake.events("primary")
    fake.delete_event("primary", item["id"])
    fake.purge_tombstones("primary")
    store.delete_base("google", "event", ev.id)  # as on a device that never had Google's copy
    store.update_event(store.get_event(ev.id).evolve(location="L14"))
    report = google.sync()
    assert not report.failed
    (back,) = fake.events("primary")
    assert (back["summary"], back["location"]) == ("E3 t1", "L14")
    assert back["id"] != item["id"]
    assert store.get_event(ev.id).google_event_id == back["id"]
    assert [e.id for e in store.all_events()] == [ev.id]
    fake.reset_requests()
    again = google.sync()
    assert again.pushed == again.pulled == 0 and not google.writes()
