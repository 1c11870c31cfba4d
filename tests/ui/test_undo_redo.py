"""Edit ▸ Undo / Redo in the main window: the store's one history, whatever made the change
(the event form, the chat), with Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y on a real offscreen window."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from core.model import Event, Occurrence
from core.store import Store
from desktop.main_window import MainWindow
from tests.ui.conftest import NOW, SEOUL

DAY = date(2026, 11, 26)
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def occurrence(store: Store, day: date) -> Occurrence:
    lo = datetime(day.year, day.month, day.day, tzinfo=SEOUL)
    return store.occurrences(lo, lo + timedelta(days=1), view_zone=SEOUL)[0]


def titles_on(window: MainWindow, day: date) -> list[str]:
    return [o.event.title for o in window.views["month"].occurrences_on(day)]


def focus_calendar(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.views["month"].setFocus()
    qtbot.waitUntil(lambda: window.views["month"].hasFocus())


def test_menu_texts_follow_the_history(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    edit_menu = window.menus["edit"]
    window._fill_menu("edit")
    assert window.undo_action in edit_menu.actions() and window.redo_action in edit_menu.actions()
    assert window.undo_action.text() == "Undo" and not window.undo_action.isEnabled()
    assert window.redo_action.text() == "Redo" and not window.redo_action.isEnabled()
    assert "Ctrl+Z" in [k.toString() for k in window.undo_action.shortcuts()]
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= {k.toString() for k in window.redo_action.shortcuts()}
    cal = store.default_calendar().id
    store.add_event(Event.timed("치과", datetime(2026, 11, 26, 9, tzinfo=SEOUL), calendar_id=cal))
    qtbot.waitUntil(lambda: window.undo_action.isEnabled())
    assert window.undo_action.text() == "Undo add “치과”"
    assert window.chat_pane.undo_button.isEnabled()
    window.undo_action.trigger()
    assert window.undo_action.text() == "Undo" and window.redo_action.text() == "Redo add “치과”"
    assert window.statusBar().currentMessage() == "Undone: add “치과”"


def test_ctrl_z_and_ctrl_shift_z_after_an_edit_in_the_form(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = window.open_new_event_dialog(datetime(2026, 11, 26, 14, tzinfo=SEOUL))
    dialog.title_edit.setText("치과 검진")  # QTest.keyClicks aborts on non-Latin-1 text
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    dialog = window.open_edit_dialog(occurrence(store, DAY))
    dialog.title_edit.setText("치과 검진 (변경)")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: titles_on(window, DAY) == ["치과 검진 (변경)"])
    assert window.undo_action.text() == "Undo edit “치과 검진 (변경)”"

    focus_calendar(qtbot, window)
    qtbot.keyClick(window.views["month"], Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: titles_on(window, DAY) == ["치과 검진"])
    assert window.redo_action.text() == "Redo edit “치과 검진 (변경)”"
    assert window.undo_action.text() == "Undo add “치과 검진”"
    qtbot.keyClick(window.views["month"], Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: titles_on(window, DAY) == ["치과 검진 (변경)"])
    qtbot.keyClick(window.views["month"], Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.views["month"], Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: titles_on(window, DAY) == [])
    assert not window.undo_action.isEnabled()
    qtbot.keyClick(window.views["month"], Qt.Key.Key_Y, CTRL)  # redo's other key
    qtbot.waitUntil(lambda: titles_on(window, DAY) == ["치과 검진"])
    assert store.count_events() == 1


def test_ctrl_z_after_a_chat_confirmation(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pane = window.chat_pane
    pane.input.setText("11월 26일 오후 3시 팀 미팅")
    qtbot.keyClick(pane.input, Qt.Key.Key_Return)
    pane.input.setText("네")
    qtbot.keyClick(pane.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: titles_on(window, DAY) == ["팀 미팅"])
    assert window.undo_action.text() == "Undo add “팀 미팅”"
    focus_calendar(qtbot, window)
    qtbot.keyClick(window.views["month"], Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: titles_on(window, DAY) == [])
    assert not pane.undo_button.isEnabled()  # the chat's button shows the same history
    qtbot.keyClick(window.views["month"], Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: titles_on(window, DAY) == ["팀 미팅"])
    assert pane.undo_button.isEnabled()


def test_the_chat_undo_button_undoes_a_form_edit(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = window.open_new_event_dialog(datetime(2026, 11, 26, 14, tzinfo=SEOUL))
    dialog.title_edit.setText("치과")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.chat_pane.undo_button.isEnabled())
    qtbot.mouseClick(window.chat_pane.undo_button, Qt.MouseButton.LeftButton)
    assert store.count_events() == 0
    assert window.chat_pane.bubbles[-1].text == "되돌렸어요: '치과' 추가를 취소했어요."
    qtbot.waitUntil(lambda: window.redo_action.isEnabled())


def test_a_refused_undo_shows_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    cal = store.default_calendar().id
    ev = store.add_event(
        Event.timed("치과", datetime(2026, 11, 26, 9, tzinfo=SEOUL), calendar_id=cal)
    )
    with store.transaction(origin="service"):  # another device renamed it since
        store.put_back(store.get_event(ev.id).evolve(title="치과 (다른 기기)"))
    window.undo_action.trigger()
    assert "changed since" in window.statusBar().currentMessage()
    assert store.get_event(ev.id).title == "치과 (다른 기기)"
    assert window.undo_action.isEnabled()


def test_the_help_sheet_lists_undo_and_redo(window: MainWindow) -> None:
    assert window.undo_action in window.shortcut_actions()
    assert window.redo_action in window.shortcut_actions()
    assert NOW.year == 2026


def test_undo_brings_the_restored_event_into_view(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """Undoing a delete made months away shows the event's month again."""
    cal = store.default_calendar().id
    far = store.add_event(
        Event.timed("여권 갱신", datetime(2027, 3, 9, 10, tzinfo=SEOUL), calendar_id=cal)
    )
    store.delete_event(far.id)
    window.go_to(DAY)
    window.undo_action.trigger()
    first, after = window.current_view().visible_days()
    assert first <= date(2027, 3, 9) < after
    assert "여권 갱신" in titles_on(window, date(2027, 3, 9))


def test_menu_texts_in_korean(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    from core.settings import Settings
    from desktop.app import make_application

    app = make_application(settings=Settings(time_zone="Asia/Seoul", language="ko"))
    try:
        cal = store.default_calendar().id
        store.add_event(
            Event.timed("치과", datetime(2026, 11, 26, 9, tzinfo=SEOUL), calendar_id=cal)
        )
        qtbot.waitUntil(lambda: window.undo_action.isEnabled())
        assert window.undo_action.text() == "되돌리기: '치과' 추가"
    finally:
        make_application(settings=Settings(time_zone="Asia/Seoul", language="en"))
    window.update_history_actions()  # back in English, the same entry reads in English
    assert window.undo_action.text() == "Undo add “치과”"
    assert app is QApplication.instance()
