"""The window's Google status line (desktop/google_status.py), offscreen, with a real
scheduler syncing against the Calendar emulator."""

# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from core.google import connection
from core.google.account import load_account, mark_reconnect_needed
from core.google.scheduler import SyncScheduler
from core.store import Store
from desktop.google_status import GoogleStatusWidget
from tests.integration.test_google_auth import follow_in_background
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
    SEOUL,
    Google,
    Sleeps,
    fake,
    google,
)


@pytest.fixture
def scheduler(google: Google) -> Iterator[SyncScheduler]:
    made = SyncScheduler(
        google.store,
        interval=timedelta(hours=1),
        debounce=timedelta(milliseconds=50),
        run_sync=lambda s: connection.sync(s, sleep=Sleeps()),
    )
    yield made
    made.shutdown()


def _widget(
    qtbot: QtBot, store: Store, scheduler: SyncScheduler, **kwargs: object
) -> GoogleStatusWidget:
    widget = GoogleStatusWidget(store, scheduler, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_line_follows_the_sync(qtbot: QtBot, google: Google, scheduler: SyncScheduler) -> None:
    widget = _widget(qtbot, google.store, scheduler)
    scheduler.start()
    qtbot.waitUntil(lambda: widget.label.text().startswith("Google: synced"), timeout=15000)
    assert widget.sync_button.isVisible() and not widget.reconnect_button.isVisible()

    google.add("New here", datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL))
    qtbot.waitUntil(lambda: len(google.remote_by_title()) == 1, timeout=15000)
    qtbot.waitUntil(
        lambda: "waiting" not in widget.label.text() and "synced" in widget.label.text(),
        timeout=15000,
    )

    runs = scheduler.runs
    qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: scheduler.runs > runs, timeout=15000)
    widget.close_status()


def test_reconnect_runs_the_sign_in_off_the_ui_thread(
    qtbot: QtBot, google: Google, scheduler: SyncScheduler, tmp_path: Path
) -> None:
    secrets = google.fake.write_client_secrets(tmp_path / "client.json")
    connection.login(
        google.store, str(secrets), open_browser=False, on_url=follow_in_background, timeout=20
    )
    mark_reconnect_needed(google.store, "Google no longer accepts the saved sign-in")
    logins: list[str] = []

    def login(store: Store, on_url: Callable[[str], None]) -> object:
        def open_url(url: str) -> None:
            logins.append(url)
            on_url(url)
            follow_in_background(url)

        return connection.login(store, None, open_browser=False, on_url=open_url, timeout=20)

    widget = _widget(qtbot, google.store, scheduler, login=login)
    scheduler.start()
    qtbot.waitUntil(lambda: widget.reconnect_button.isVisible(), timeout=15000)
    assert "reconnect needed" in widget.label.text()

    qtbot.mouseClick(widget.reconnect_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: widget.label.text().startswith("Google: synced"), timeout=20000)
    assert logins and load_account(google.store).status == "connected"
    assert not widget.reconnect_button.isVisible()
    widget.close_status()


def test_a_failed_sign_in_is_shown(qtbot: QtBot, google: Google, scheduler: SyncScheduler) -> None:
    mark_reconnect_needed(google.store, "Google no longer accepts the saved sign-in")

    def refuse(store: Store, on_url: Callable[[str], None]) -> object:
        raise connection.ClientSecretsError("no OAuth client is configured")

    widget = _widget(qtbot, google.store, scheduler, login=refuse)
    scheduler.start()
    qtbot.waitUntil(lambda: widget.reconnect_button.isVisible(), timeout=15000)
    qtbot.mouseClick(widget.reconnect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no OAuth client" in widget.label.text(), timeout=15000)
    assert widget.reconnect_button.isEnabled()
    widget.close_status()
