"""The background Google sync: soon after a local change, periodic, never two at once."""

# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from core.google import connection
from core.google.account import mark_reconnect_needed
from core.google.client import RetryPolicy
from core.google.engine import SyncReport
from core.google.scheduler import SyncScheduler, SyncStatus, read_sync_status
from core.ids import google_event_id
from core.store import Store
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
    SEOUL,
    Google,
    Sleeps,
    fake,
    google,
)


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.01)


@pytest.fixture
def make_scheduler() -> Iterator[Callable[..., SyncScheduler]]:
    made: list[SyncScheduler] = []

    def make(store: Store, **kwargs: object) -> SyncScheduler:
        kwargs.setdefault("interval", timedelta(hours=1))
        kwargs.setdefault("debounce", timedelta(milliseconds=50))
        scheduler = SyncScheduler(store, **kwargs)  # type: ignore[arg-type]
        made.append(scheduler)
        return scheduler

    yield make
    for scheduler in made:
        scheduler.shutdown()


def test_a_local_change_is_synced_soon(
    google: Google, make_scheduler: Callable[..., SyncScheduler]
) -> None:
    seen: list[SyncStatus] = []
    scheduler = make_scheduler(google.store, run_sync=lambda s: connection.sync(s, sleep=Sleeps()))
    scheduler.add_listener(seen.append)
    scheduler.start()
    wait_until(lambda: scheduler.runs >= 1 and scheduler.status.state == "idle")

    ev = google.add("From the window", datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL))

    wait_until(lambda: google_event_id(ev.id) in google.remote())
    wait_until(lambda: scheduler.status.state == "idle" and scheduler.status.pending == 0)
    status = scheduler.status
    assert status.email == "user@example.com" and status.last_sync_at is not None
    assert "syncing" in {s.state for s in seen}
    assert status.message.startswith("Google: synced ")


def test_changes_in_quick_succession_make_one_run(
    google: Google, make_scheduler: Callable[..., SyncScheduler]
) -> None:
    runs: list[int] = []

    def run(store: Store) -> SyncReport:
        runs.append(store.outbox_size("google"))
        return connection.sync(store, sleep=Sleeps())

    scheduler = make_scheduler(google.store, run_sync=run, debounce=timedelta(milliseconds=400))
    scheduler.start()
    wait_until(lambda: scheduler.runs == 1 and scheduler.status.state != "syncing")
    for n in range(5):
        google.add(f"Burst {n}", datetime(2026, 12, 1, 9, n, tzinfo=SEOUL))
    wait_until(lambda: google.store.outbox_size("google") == 0 and scheduler.status.state == "idle")
    assert runs[1:] == [5]


def test_two_syncs_never_run_at_once(
    store: Store, make_scheduler: Callable[..., SyncScheduler], memory_keyring: object
) -> None:
    from core.google.account import Account, save_account

    save_account(store, Account(email="user@example.com", status="connected"))
    active = 0
    most = 0
    lock = threading.Lock()
    calls: list[float] = []

    def slow(_: Store) -> SyncReport:
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
            calls.append(time.monotonic())
        time.sleep(0.2)
        with lock:
            active -= 1
        return SyncReport()

    scheduler = make_scheduler(store, run_sync=slow, debounce=timedelta(0))
    scheduler.start()
    wait_until(lambda: len(calls) >= 1)
    threads = [
        threading.Thread(target=scheduler._job)  # several triggers while one sync runs
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    scheduler.sync_now()
    wait_until(lambda: len(calls) >= 2 and active == 0)
    time.sleep(0.3)
    assert most == 1
    assert len(calls) >= 2  # the requests made during a run led to one more run


def test_nothing_runs_without_an_account(
    store: Store, make_scheduler: Callable[..., SyncScheduler]
) -> None:
    calls: list[Store] = []
    scheduler = make_scheduler(store, run_sync=lambda s: calls.append(s) or SyncReport())
    scheduler.start()
    scheduler.sync_now()
    time.sleep(0.3)
    assert calls == []
    assert scheduler.status.state == "signed_out"
    assert scheduler.status.message == "Google: not connected"


def test_reconnect_needed_waits_for_the_user(
    google: Google, make_scheduler: Callable[..., SyncScheduler]
) -> None:
    mark_reconnect_needed(google.store, "Google no longer accepts the saved sign-in")
    calls: list[Store] = []

    def run(store: Store) -> SyncReport:
        calls.append(store)
        return connection.sync(store, sleep=Sleeps())

    scheduler = make_scheduler(google.store, run_sync=run)
    scheduler.start()
    google.add("Queued", datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL))
    time.sleep(0.3)
    assert calls == []
    assert scheduler.status.state == "reconnect_needed"
    assert "reconnect needed" in scheduler.status.message
    # "Sync now" tries anyway; the grant is fine here, so the account is healthy again.
    scheduler.sync_now()
    wait_until(lambda: len(calls) == 1 and scheduler.status.state == "idle")
    assert read_sync_status(google.store).pending == 0


def test_a_failed_sync_shows_its_error_and_the_waiting_changes(
    google: Google, make_scheduler: Callable[..., SyncScheduler]
) -> None:
    google.fake.stop()  # Google unreachable
    scheduler = make_scheduler(
        google.store,
        run_sync=lambda s: connection.sync(
            s,
            sleep=Sleeps(),
            policy=RetryPolicy(attempts=2),
        ),
    )
    google.add("Offline", datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL))
    scheduler.start()
    wait_until(lambda: scheduler.runs >= 1 and scheduler.status.state == "error")
    status = scheduler.status
    assert status.pending == 1
    assert "cannot reach Google Calendar" in (status.error or "")
    assert "1 change(s) waiting" in status.message
    assert status.last_sync_at is None or status.last_sync_at < datetime.now(UTC)
