"""Keyboard shortcuts: the help sheet (F1, Ctrl+/) lists the window's actions, every
shortcut is unique, and the new ones (Ctrl+G, F5) do their job."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from core.model import Event
from desktop.go_to_date import GoToDateDialog
from desktop.main_window import MainWindow
from desktop.shortcuts_help import ShortcutsHelp, action_label, keys_text
from desktop.views import AgendaView
from tests.ui.conftest import SEOUL

NATIVE = QKeySequence.SequenceFormat.NativeText


def activate(qtbot: QtBot, win: MainWindow) -> None:
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)


def native(text: str) -> str:
    return QKeySequence(text).toString(NATIVE)


def open_sheet(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, mods: Qt.KeyboardModifier
) -> ShortcutsHelp:
    activate(qtbot, window)
    qtbot.keyClick(window.views["month"], key, mods)
    sheet = getattr(window, "shortcuts_help", None)
    assert isinstance(sheet, ShortcutsHelp)
    qtbot.addWidget(sheet)
    assert sheet.isVisible()
    return sheet


def test_f1_opens_the_sheet_with_the_common_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    sheet = open_sheet(qtbot, window, Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier)
    keys = " | ".join(sheet.all_keys())
    for expected in ("Ctrl+N", "T", "Ctrl+L", "Ctrl+G", "F5", "F1", "Ctrl+Q", "Ctrl+Shift+V"):
        assert native(expected) in keys, expected
    labels = [label for rows in sheet.rows.values() for label, _keys in rows]
    assert "New event" in labels and "Today" in labels and "Keyboard shortcuts" in labels
    assert [label for label, _ in sheet.rows["views"]] == ["Month", "Week", "Day", "Agenda"]
    assert ("Today", "T") in sheet.rows["navigation"]
    assert sheet.tree.topLevelItemCount() > 10
    sheet.close()


def test_ctrl_slash_opens_it_too(qtbot: QtBot, window: MainWindow) -> None:
    sheet = open_sheet(qtbot, window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    assert sheet.windowTitle() == "Keyboard shortcuts"


def test_every_action_with_a_shortcut_is_listed(qtbot: QtBot, window: MainWindow) -> None:
    extra = QAction("Something added later", window)  # as another part would add one
    extra.setShortcut(QKeySequence("Ctrl+Alt+J"))
    window.addAction(extra)
    sheet = window.show_shortcuts_help()
    qtbot.addWidget(sheet)
    listed = {(label, keys) for rows in sheet.rows.values() for label, keys in rows}
    with_keys = [a for a in window.findChildren(QAction) if keys_text(a)]
    assert len(with_keys) >= 14
    for action in with_keys:
        assert (action_label(action), keys_text(action)) in listed, action.text()
    assert ("Something added later", native("Ctrl+Alt+J")) in sheet.rows["app"]


def test_no_two_actions_share_a_shortcut(window: MainWindow) -> None:
    owner: dict[str, QAction] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if key.isEmpty():
                continue
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            assert owner.setdefault(text, action) is action, (
                f"{text}: {owner[text].text()!r} and {action.text()!r}"
            )


def test_tooltips_name_the_shortcut(window: MainWindow) -> None:
    assert window.new_action.toolTip() == f"New event ({native('Ctrl+N')})"
    assert window.view_actions["week"].toolTip() == "Week view (2)"
    assert window.toolbar.widgetForAction(window.prev_action).toolTip().endswith("(Left)")


def test_menus_hold_the_actions(window: MainWindow) -> None:
    assert window.new_action in window.menus["file"].actions()
    assert window.quit_action in window.menus["file"].actions()
    assert window.view_actions["agenda"] in window.menus["view"].actions()
    assert window.go_to_date_action in window.menus["go"].actions()
    assert window.help_action in window.menus["help"].actions()
    # an action another part adds by a known name shows up when the menu opens
    window.settings_action = QAction("Settings…", window)  # type: ignore[attr-defined]
    window.menus["file"].aboutToShow.emit()
    assert window.settings_action in window.menus["file"].actions()  # type: ignore[attr-defined]


def test_ctrl_g_goes_to_a_date(qtbot: QtBot, window: MainWindow) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window.views["month"], Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = window.go_to_date_dialog
    assert isinstance(dialog, GoToDateDialog) and dialog.isVisible()
    dialog.date_edit.setDate(dialog.date_edit.date().addMonths(14))
    dialog.accept()
    assert window.anchor == date(2028, 1, 24)
    assert window.title_label.text() == "January 2028"
    dialog = window.open_go_to_date()
    dialog.today_button.click()
    dialog.accept()
    assert window.title_label.text() == "November 2026"


def test_f5_reloads_the_view(qtbot: QtBot, window: MainWindow) -> None:
    activate(qtbot, window)
    before = window.views["month"].query_count
    qtbot.keyClick(window.views["month"], Qt.Key.Key_F5)
    assert window.views["month"].query_count == before + 1
    assert window.statusBar().currentMessage() == "Syncing…"


def test_ctrl_f_searches_the_agenda(qtbot: QtBot, window: MainWindow) -> None:
    cal = window.store.default_calendar().id
    for title, day, place in (
        ("치과 검진", 25, "연수구"),
        ("팀 미팅", 26, "3층"),
        ("치과 재검", 30, ""),
    ):
        start = datetime(2026, 11, day, 9, tzinfo=SEOUL)
        window.store.add_event(Event.timed(title, start, calendar_id=cal, location=place))
    activate(qtbot, window)
    qtbot.keyClick(window.views["month"], Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    agenda = window.views["agenda"]
    assert isinstance(agenda, AgendaView) and window.current_name == "agenda"
    assert agenda.search.hasFocus()
    agenda.search.setText("치과")  # QTest cannot type Hangul
    titles = [v[0].event.title for k, v in agenda.model.rows if k == "event"]
    assert titles == ["치과 검진", "치과 재검"]
    agenda.search.setText("3층")
    assert [v[0].event.title for k, v in agenda.model.rows if k == "event"] == ["팀 미팅"]
    agenda.search.clear()
    assert len([k for k, _ in agenda.model.rows if k == "event"]) == 3
