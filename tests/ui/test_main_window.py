"""The window, navigation, shortcuts and the placeholder panes."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from core.model import Event
from core.settings import Settings
from core.store import Store
from desktop import i18n
from desktop.main_window import MainWindow
from tests.ui.conftest import NOW, SEOUL


def activate(qtbot: QtBot, win: MainWindow) -> None:
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)


def test_opens_on_the_current_month(window: MainWindow) -> None:
    assert window.current_name == "month"
    assert window.title_label.text() == "November 2026"
    assert window.stack.currentWidget().isVisible()
    for widget in (window.stack, window.chat_pane, window.drop_area, window.title_label):
        assert widget.accessibleName()


def test_korean_title(qtbot: QtBot, store: Store) -> None:
    QLocale.setDefault(QLocale("ko_KR"))
    win = MainWindow(store, Settings(time_zone="Asia/Seoul"), now=lambda: NOW)
    qtbot.addWidget(win)
    assert win.title_label.text() == "2026년 11월"
    win.show_view("week")
    assert win.title_label.text() == "2026년 11월 22일 – 28일"
    win.show_view("day")
    assert win.title_label.text() == "2026년 11월 24일 (화)"


def test_view_switch_by_buttons(qtbot: QtBot, window: MainWindow) -> None:
    for name in ("week", "day", "agenda", "month"):
        button = window.toolbar.widgetForAction(window.view_actions[name])
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.current_name == name
        assert window.stack.currentWidget() is window.views[name]
        assert window.views[name].isVisible()


def test_view_switch_by_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_2)
    assert window.current_name == "week"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_name == "day"
    qtbot.keyClick(window, Qt.Key.Key_4)
    assert window.current_name == "agenda"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_name == "month"


def test_today_previous_next(qtbot: QtBot, window: MainWindow) -> None:
    next_button = window.toolbar.widgetForAction(window.next_action)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert window.title_label.text() == "December 2026"
    qtbot.mouseClick(window.toolbar.widgetForAction(window.prev_action), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.toolbar.widgetForAction(window.prev_action), Qt.MouseButton.LeftButton)
    assert window.title_label.text() == "October 2026"
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.title_label.text() == "December 2026"
    qtbot.keyClick(window, Qt.Key.Key_T)
    assert window.title_label.text() == "November 2026"
    window.show_view("week")
    assert window.title_label.text() == "Nov 22 – 28, 2026"
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.title_label.text() == "Nov 15 – 21, 2026"
    window.show_view("day")
    window.go_today()
    assert window.title_label.text() == i18n.day_title(date(2026, 11, 24))
    window.go(1)
    assert window.title_label.text() == "Wed, Nov 25, 2026"


def test_views_query_only_their_range(window: MainWindow, store: Store) -> None:
    cal = store.default_calendar().id
    store.add_event(Event.timed("in range", datetime(2026, 11, 10, 9, tzinfo=SEOUL), calendar_id=cal))
    store.add_event(Event.timed("far away", datetime(2027, 3, 10, 9, tzinfo=SEOUL), calendar_id=cal))
    window.reload_now()
    month = window.views["month"]
    assert [o.event.title for o in month.occurrences] == ["in range"]
    first, after = month.visible_days()
    assert first == date(2026, 11, 1) and after == date(2026, 12, 13)


def test_drop_area_invites_images(window: MainWindow) -> None:
    assert "screenshot" in window.drop_area.label.text()


def test_change_from_another_thread_refreshes(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    cal = store.default_calendar().id

    def write() -> None:
        store.add_event(Event.timed("from a thread", datetime(2026, 11, 12, 9, tzinfo=SEOUL), calendar_id=cal))

    worker = threading.Thread(target=write)
    worker.start()
    worker.join()
    month = window.views["month"]
    qtbot.waitUntil(lambda: [o.event.title for o in month.occurrences_on(date(2026, 11, 12))] == ["from a thread"])


def test_an_event_added_by_the_cli_appears_without_a_restart(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from core.cli import main as cli

    assert cli(["--data-dir", str(store.path.parent), "events", "add", "--title", "CLI 일정",
                "--start", "2026-11-13T09:00+09:00"]) == 0
    month = window.views["month"]
    qtbot.waitUntil(lambda: [o.event.title for o in month.occurrences_on(date(2026, 11, 13))] == ["CLI 일정"],
                    timeout=5000)


def test_hidden_views_reload_when_shown(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    window.show_view("week")
    window.show_view("month")
    store.add_event(
        Event.timed("later", datetime(2026, 11, 25, 9, tzinfo=SEOUL), calendar_id=store.default_calendar().id)
    )
    qtbot.waitUntil(lambda: bool(window.views["month"].occurrences_on(date(2026, 11, 25))))
    window.show_view("week")
    assert [o.event.title for o in window.views["week"].occurrences_on(date(2026, 11, 25))] == ["later"]


def test_agenda_groups_by_day(window: MainWindow, store: Store) -> None:
    cal = store.default_calendar().id
    store.add_event(Event.timed("b", datetime(2026, 11, 26, 9, tzinfo=SEOUL), calendar_id=cal))
    store.add_event(Event.timed("a", datetime(2026, 11, 25, 9, tzinfo=SEOUL), calendar_id=cal))
    store.add_event(Event.timed("c", datetime(2026, 11, 26, 13, tzinfo=SEOUL), calendar_id=cal))
    window.show_view("agenda")
    window.reload_now()
    agenda = window.views["agenda"]
    kinds = [(k, v if k == "day" else v[0].event.title) for k, v in agenda.model.rows]
    assert kinds[:5] == [
        ("day", date(2026, 11, 25)), ("event", "a"),
        ("day", date(2026, 11, 26)), ("event", "b"), ("event", "c"),
    ]
    # Later rows are holiday-only days (12-25 성탄절 is in the agenda's range): headings alone.
    assert kinds[5:] and all(k == "day" for k, _ in kinds[5:])
    assert date(2026, 12, 25) in [v for _, v in kinds[5:]]
    assert agenda.grab().width() > 0


def test_month_day_click_selects_and_more_opens_day(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    cal = store.default_calendar().id
    for hour in range(8, 20):
        store.add_event(Event.timed(f"e{hour}", datetime(2026, 11, 18, hour, tzinfo=SEOUL), calendar_id=cal))
    window.reload_now()
    month = window.views["month"]
    month.grab()  # paints, which records the "+N more" hit areas
    rect = month.cell_rect(date(2026, 11, 19))
    qtbot.mouseClick(month, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.anchor == date(2026, 11, 19)
    assert month._more, "a full day shows +N more"
    more_rect, day = month._more[0]
    assert day == date(2026, 11, 18)
    qtbot.mouseClick(month, Qt.MouseButton.LeftButton, pos=more_rect.center())
    assert window.current_name == "day"
    assert window.title_label.text() == "Wed, Nov 18, 2026"


def test_entry_does_not_load_qt() -> None:
    code = "import sys, desktop.entry; assert not any(m.startswith('PySide6') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


def test_run_app_reports_a_broken_store(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import run_app

    (tmp_path / "iljeong.sqlite3").write_bytes(b"this is not a database at all")
    assert run_app(tmp_path) == 2
    assert "not an SQLite database" in capsys.readouterr().err


def test_new_event_opens_from_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(window.dialogs) == 1
    dialog = window.dialogs[0]
    assert dialog.isVisible()
    dialog.reject()
    assert window.dialogs == []


def test_none_refcount_regression(qtbot: QtBot) -> None:
    """PySide6 6.12 on 3.11 drops a None ref per void call (DESIGN.md); guard against it."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(100_000):
        label.setText("x")
    assert sys.getrefcount(None) - before > -10
    assert label.text() == "x"  # and the process is still alive


def test_week_timer_and_dates(window: MainWindow) -> None:
    window.show_view("week")
    week = window.views["week"]
    assert week.visible_days() == (date(2026, 11, 22), date(2026, 11, 29))
    assert week.day_list()[0] + timedelta(days=6) == date(2026, 11, 28)


def test_an_unexpected_error_is_logged_and_shown_not_fatal(
    window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import json
    import logging

    from core import logs
    from desktop.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    log_file = logs.configure(tmp_path)
    install_excepthook(window)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "boom" in window.statusBar().currentMessage()
    entry = json.loads(log_file.read_text(encoding="utf-8").splitlines()[-1])
    assert entry["level"] == "ERROR" and "RuntimeError: boom" in entry["exc"]
    logging.getLogger().removeHandler(logging.getLogger().handlers[-1])
