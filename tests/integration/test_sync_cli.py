"""`iljeong sync` and `iljeong conflicts` in-process against the real service; the device
token lives in a (test) keyring, the server URL in the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import keyring
import pytest
from keyring.backend import KeyringBackend

from core.cli import main
from core.model import Event
from core.store import Store
from core.sync.credentials import KEYRING_SERVICE, keyring_user
from core.sync.scheduler import scheduler_for
from tests.fakes.keyring_backend import MemoryKeyring
from tests.fakes.service_server import RunningService, running_service

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service() as svc:
        yield svc


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous: KeyringBackend = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def cli(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder), *args])


def add_event(folder: Path, title: str) -> str:
    with Store.open(folder) as store:
        ev = store.add_event(
            Event.timed(
                title,
                datetime(2026, 12, 3, 10, tzinfo=SEOUL),
                calendar_id=store.default_calendar().id,
            )
        )
    return ev.id


def test_sync_remembers_server_and_token(
    service: RunningService,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    token_a = service.token("cli-user@example.com")
    token_b = service.token("cli-user@example.com")
    add_event(a, "CLI 일정")
    assert cli(a, "sync", "--server", service.url, "--token", token_a) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"synced with {service.url}: pushed 2 (applied 2")
    assert memory_keyring.values[(KEYRING_SERVICE, keyring_user(service.url))] == token_a
    other_machine = MemoryKeyring()  # b is another computer with its own keyring
    keyring.set_keyring(other_machine)
    assert cli(b, "sync", "--server", service.url, "--token", token_b, "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["pulled"] >= 2 and report["open_conflicts"] == 0
    with Store.open(b) as store:
        assert [e.title for e in store.all_events()] == ["CLI 일정"]
        assert token_b not in json.dumps(store.get_state("service:device"))
    keyring.set_keyring(memory_keyring)
    assert cli(a, "sync") == 0  # no options: both remembered
    assert "pushed 0" in capsys.readouterr().out
    with Store.open(a) as store:  # the app's background sync finds the same settings
        background = scheduler_for(store, listen=False)
        assert background is not None
        status = background.run_once()
        assert status is not None and status["ok"] and status["pending"] == 0
        background.client.close()
    with Store.open(tmp_path / "never-synced") as store:
        assert scheduler_for(store) is None
    # The same token on another installation is refused (it would share mutation ids).
    keyring.set_keyring(other_machine)
    assert cli(tmp_path / "c", "sync", "--server", service.url, "--token", token_a) == 1
    assert "another installation" in capsys.readouterr().err


def test_conflicts_listed_and_resolved(
    service: RunningService,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    email = "cli-conflict@example.com"
    machine_a, machine_b = memory_keyring, MemoryKeyring()

    def cli(folder: Path, *args: str) -> int:
        keyring.set_keyring(machine_a if folder == a else machine_b)
        return main(["--data-dir", str(folder), *args])

    cli(a, "sync", "--server", service.url, "--token", service.token(email))
    cli(b, "sync", "--server", service.url, "--token", service.token(email))
    event_id = add_event(a, "점심")
    cli(a, "sync")
    cli(b, "sync")
    for folder, title in ((a, "점심 12시"), (b, "점심 1시")):
        with Store.open(folder) as store:
            store.update_event(store.get_event(event_id).evolve(title=title))
    cli(a, "sync")
    capsys.readouterr()
    assert cli(b, "sync") == 0
    assert "1 conflict(s) to resolve" in capsys.readouterr().out
    assert cli(b, "conflicts") == 0
    listing = capsys.readouterr().out
    conflict_id = listing.split()[0]
    assert "event '점심 12시'" in listing
    assert 'title: local "점심 1시" | remote "점심 12시"' in listing
    assert cli(b, "conflicts", "resolve", conflict_id, "--keep", "local") == 0
    assert "kept local" in capsys.readouterr().out
    cli(b, "sync")
    cli(a, "sync")
    with Store.open(a) as store:
        assert store.get_event(event_id).title == "점심 1시"
        assert store.conflicts() == []
    capsys.readouterr()
    assert cli(a, "conflicts") == 0
    assert capsys.readouterr().out.strip() == "no conflicts"


def test_sync_errors_are_one_line_and_keep_the_outbox(
    service: RunningService,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "c"
    add_event(folder, "보관")
    assert cli(folder, "sync") == 1
    assert "no sync server yet" in capsys.readouterr().err
    assert cli(folder, "sync", "--server", service.url, "--token", "ilj_dt_wrong") == 1
    err = capsys.readouterr().err
    assert err.startswith("iljeong: error: the sync server refused the credentials")
    assert memory_keyring.values == {}  # a refused token is not remembered
    assert cli(folder, "sync", "--server", "http://127.0.0.1:9", "--token", "ilj_dt_x") == 1
    assert "cannot reach the sync server" in capsys.readouterr().err
    with Store.open(folder) as store:
        assert store.outbox_size("service") >= 1
    assert cli(folder, "conflicts", "resolve", "nope", "--keep", "local") == 1
    assert "no conflict with id nope" in capsys.readouterr().err
