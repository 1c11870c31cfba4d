"""A sync killed with SIGKILL at the worst moments, then run again: nothing lost, nothing twice."""

# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from core.google import connection
from core.store import Store
from tests.fakes.google_calendar import FakeGoogle, Faults, Request
from tests.fakes.keyring_backend import FileKeyring
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
    SEOUL,
    Google,
    Sleeps,
    connect,
    fake,
    timed_body,
)

ROOT = Path(__file__).resolve().parents[2]
RUN_CLI = "import sys; from core.cli import main; sys.exit(main(sys.argv[1:]))"
START = datetime(2026, 12, 1, 8, 0, tzinfo=SEOUL)


def _first(requests: list[Request], operation: str, answered: bool) -> bool:
    return any(r.operation == operation and (r.status is not None) == answered for r in requests)


KILL_POINTS: dict[str, tuple[Faults, Callable[[list[Request]], bool]]] = {
    # The first batch of writes has reached Google but is not applied yet.
    "batch-in-flight": (
        Faults(delay_seconds=0.6, only="batch"),
        lambda rs: _first(rs, "batch", answered=False),
    ),
    # Google applied the first batch; its answer may or may not have been read.
    "batch-applied": (
        Faults(delay_seconds=0.3, only="batch"),
        lambda rs: _first(rs, "batch", answered=True),
    ),
    # Every write went out; the pull of remote changes is under way.
    "during-pull": (
        Faults(delay_seconds=0.6, only="events.list"),
        lambda rs: (
            sum(1 for r in rs if r.operation == "batch") >= 3
            and _first(rs, "events.list", answered=False)
        ),
    ),
}


def _prepare(store: Store, fake: FakeGoogle) -> tuple[set[str], set[str]]:
    """A synced baseline, then changes on both sides; returns the titles expected after."""
    google = Google(store, fake, Sleeps())
    calendar = store.default_calendar().id
    from core.model import Event

    first = [
        store.add_event(Event.timed(f"Base {n}", START + timedelta(hours=n), calendar_id=calendar))
        for n in range(20)
    ]
    remote_first = [
        fake.insert_event(
            "primary",
            timed_body(
                f"Remote {n}",
                (START + timedelta(days=1, hours=n)).isoformat(),
                (START + timedelta(days=1, hours=n + 1)).isoformat(),
            ),
        )
        for n in range(10)
    ]
    google.sync()
    expected = {f"Base {n}" for n in range(20)} | {f"Remote {n}" for n in range(10)}
    # Local: 100 new events, 5 edits, 3 deletes.
    for n in range(100):
        store.add_event(
            Event.timed(f"New {n}", START + timedelta(days=2, hours=n), calendar_id=calendar)
        )
        expected.add(f"New {n}")
    for ev in first[:5]:
        store.update_event(ev.evolve(title=ev.title + " edited"))
        expected.remove(ev.title)
        expected.add(ev.title + " edited")
    for ev in first[5:8]:
        store.delete_event(ev.id)
        expected.remove(ev.title)
    # Google: 10 new events, 3 edits, 2 deletes.
    for n in range(10):
        fake.insert_event(
            "primary",
            timed_body(
                f"Remote new {n}",
                (START + timedelta(days=9, hours=n)).isoformat(),
                (START + timedelta(days=9, hours=n + 1)).isoformat(),
            ),
        )
        expected.add(f"Remote new {n}")
    for item in remote_first[:3]:
        fake.patch_event("primary", item["id"], {"summary": item["summary"] + " changed"})
        expected.remove(item["summary"])
        expected.add(item["summary"] + " changed")
    for item in remote_first[3:5]:
        fake.delete_event("primary", item["id"])
        expected.remove(item["summary"])
    return expected, expected


@pytest.mark.slow
@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_sigkill_in_the_middle_of_a_sync_loses_and_duplicates_nothing(
    point: str, fake: FakeGoogle, file_keyring: FileKeyring, data_dir: Path
) -> None:
    faults, ready = KILL_POINTS[point]
    with Store.open(data_dir) as store:
        connect(store, fake)
        expected, _ = _prepare(store, fake)
    fake.faults = faults
    fake.reset_requests()
    proc = subprocess.Popen(
        [sys.executable, "-c", RUN_CLI, "google", "sync"],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    try:
        while not ready(fake.requests):
            assert proc.poll() is None, "the sync ended before the kill point"
            assert time.monotonic() < deadline, "the kill point never came"
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    fake.faults = Faults()

    with Store.open(data_dir) as store:
        google = Google(store, fake, Sleeps())
        report = google.sync()
        assert not report.failed
        assert set(google.local_by_title()) == expected  # also asserts: no duplicates
        assert set(google.remote_by_title()) == expected
        assert store.outbox_size("google") == 0
        fake.reset_requests()
        again = connection.sync(store, sleep=Sleeps())
        assert again.pulled == again.pushed == 0
        assert not google.writes()
