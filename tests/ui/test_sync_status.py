"""The sync status item and the conflicts dialog, on a real store."""

from datetime import datetime
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from core.model import Conflict, Event
from core.store import Store
from desktop.main_window import MainWindow

SEOUL = ZoneInfo("Asia/Seoul")


def _conflicted(store: Store) -> tuple[Event, Conflict]:
    ev = store.add_event(
        Event.timed(
            "주간 회의",
            datetime(2026, 11, 25, 10, tzinfo=SEOUL),
            calendar_id=store.default_calendar().id,
        )
    )
    conflict = store.add_conflict(
        Conflict(
            "event",
            ev.id,
            "service",
            ("title", "location"),
            {"title": "주간 회의", "location": "3층"},
            {"title": "주간 회의 (변경)", "location": "5층 대회의실"},
        )
    )
    return ev, conflict


def test_a_device_without_sync_says_so(window: MainWindow) -> None:
    assert "this device only" in window.sync_status.button.text()
    assert not window.sync_status.button.isEnabled()


def test_conflicts_are_listed_and_settled(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    ev, conflict = _conflicted(store)
    qtbot.waitUntil(lambda: "1 conflict" in window.sync_status.button.text())
    dialog = window.sync_status.show_conflicts()
    qtbot.addWidget(dialog)
    assert list(dialog.cards) == [conflict.id]
    text = " ".join(
        label.text() for label in dialog.cards[conflict.id].findChildren(type(dialog.message))
    )
    assert "5층 대회의실" in text and "3층" in text
    dialog.resolve(conflict.id, "remote")
    assert store.get_event(ev.id).location == "5층 대회의실"
    assert store.get_event(ev.id).title == "주간 회의 (변경)"
    assert store.conflicts() == [] and dialog.cards == {}
    qtbot.waitUntil(lambda: "conflict" not in window.sync_status.button.text())


def test_keeping_this_devices_value_rewrites_it(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    ev, conflict = _conflicted(store)
    dialog = window.sync_status.show_conflicts()
    qtbot.addWidget(dialog)
    before = store.get_event(ev.id).revision
    dialog.resolve(conflict.id, "local")
    after = store.get_event(ev.id)
    assert after.location == "3층" and after.revision == before + 1
    dialog.resolve(conflict.id, "local")  # already settled: a message, no change
    assert "already resolved" in dialog.message.text()
    assert store.get_event(ev.id).revision == after.revision
