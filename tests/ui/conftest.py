"""UI fixtures: a real MainWindow on a real SQLite store, with a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from core.settings import Settings
from core.store import Store
from desktop.app import make_application
from desktop.main_window import MainWindow

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 24, 10, 20, tzinfo=SEOUL)  # a Tuesday


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    """Tests read English texts unless they switch the locale themselves."""
    previous = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> MainWindow:
    make_application()
    win = MainWindow(store, Settings(time_zone="Asia/Seoul"), now=lambda: NOW)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win
