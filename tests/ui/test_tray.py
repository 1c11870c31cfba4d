"""Tray, start minimized, start at login and the reminders' window side, offscreen.

Offscreen Qt has no tray, so these tests cover the no-tray path (the app must work
without one); the tray itself is tested under Xvfb in test_tray_xvfb.py when possible.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from core.model import Event
from core.settings import Settings
from desktop.main_window import MainWindow
from desktop.tray import Background, create_tray, show_initially, tray_available
from tests.fakes.notification_server import NotificationServer
from tests.ui.conftest import NOW


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


@pytest.fixture
def background(window: MainWindow, config_home: Path) -> Iterator[Background]:
    made = Background(window)
    yield made
    made.stop()


def _add(window: MainWindow, title: str, minutes_ahead: int, **fields: Any) -> Event:
    store = window.store
    return store.add_event(
        Event.timed(
            title,
            NOW + timedelta(minutes=minutes_ahead),
            calendar_id=store.default_calendar().id,
            **fields,
        )
    )


def test_offscreen_has_no_tray_and_the_app_works_without(
    qtbot: QtBot, window: MainWindow, background: Background
) -> None:
    assert not tray_available()
    assert create_tray(window) is None
    assert background.tray is None
    app = QApplication.instance()
    assert isinstance(app, QApplication) and app.quitOnLastWindowClosed()
    # Closing the window closes it (no tray to hide in).
    window.close()
    assert not window.isVisible()


def test_start_minimized_without_tray_minimizes(qtbot: QtBot, window: MainWindow) -> None:
    window.hide()
    show_initially(window, None, start_minimized=True)
    assert window.windowState() & Qt.WindowState.WindowMinimized
    window.hide()
    window.setWindowState(Qt.WindowState.WindowNoState)
    show_initially(window, None, start_minimized=False)
    assert window.isVisible()
    assert not window.windowState() & Qt.WindowState.WindowMinimized


def test_window_icon_is_the_app_icon(window: MainWindow) -> None:
    icon = QApplication.windowIcon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).isNull()


def test_start_at_login_follows_the_setting(window: MainWindow, config_home: Path) -> None:
    entry = config_home / "autostart" / "iljeong.desktop"
    window.settings = Settings(time_zone="Asia/Seoul", start_at_login=True)
    made = Background(window)
    try:
        made.start()
        assert entry.is_file()
        assert "Exec=" in entry.read_text()
        made.apply_settings(Settings(time_zone="Asia/Seoul", start_at_login=False))
        assert not entry.exists()
    finally:
        made.stop()


def test_without_notifications_the_status_bar_shows_the_reminder(
    qtbot: QtBot,
    window: MainWindow,
    background: Background,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    _add(window, "약국", 5, reminders=(10,))
    with qtbot.waitSignal(background.reminders.fired, timeout=10_000):
        background.start()
    assert "약국" in window.statusBar().currentMessage()


@pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="dbus-daemon is not installed")
def test_clicking_a_notification_shows_the_day(
    qtbot: QtBot,
    window: MainWindow,
    background: Background,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with NotificationServer() as server:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", server.address)
        window.store.add_event(
            Event.timed(
                "다음 주 회의",
                NOW + timedelta(days=1, minutes=5),
                calendar_id=window.store.default_calendar().id,
                reminders=(24 * 60 + 5,),
            )
        )
        with qtbot.waitSignal(background.reminders.fired, timeout=10_000):
            background.start()
        (note,) = server.wait_for(1)
        assert note.summary == "다음 주 회의"
        window.hide()
        with qtbot.waitSignal(background.reminders.open_requested, timeout=10_000):
            server.invoke_action(note.id, "default")
        qtbot.waitUntil(lambda: window.isVisible() and window.anchor == date(2026, 11, 25))
        background.stop()


def test_settings_changed_in_the_window_reach_reminders_and_autostart(
    window: MainWindow, background: Background, config_home: Path
) -> None:
    """The settings dialog applies through the window; the background parts follow."""
    window.settings_listeners.append(background.apply_settings)
    entry = config_home / "autostart" / "iljeong.desktop"
    on = dataclasses.replace(window.settings, start_at_login=True, notifications=False)
    window.apply_settings(on)
    assert entry.is_file()
    assert background.reminders.settings.notifications is False
    assert background.reminders.scheduled() == []
    window.apply_settings(dataclasses.replace(on, start_at_login=False))
    assert not entry.exists()
