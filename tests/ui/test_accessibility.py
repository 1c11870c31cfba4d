"""Every interactive widget a person reaches has a name a screen reader can say."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.views.base import CalendarView

INTERACTIVE = (
    QAbstractButton, QLineEdit, QComboBox, QTextEdit, QPlainTextEdit, QAbstractItemView,
    QAbstractSpinBox, CalendarView,
)  # fmt: skip


def unnamed(root: QWidget) -> list[str]:
    """Visible interactive widgets under ``root`` with neither an accessible name nor text."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or not widget.isVisible():
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parentWidget(), (QAbstractSpinBox, QComboBox)
        ):
            continue  # the editor inside a spin box or combo box speaks through its owner
        if isinstance(widget, QHeaderView):
            continue  # column headers are read as part of their view
        text = widget.text() if isinstance(widget, (QAbstractButton, QLineEdit)) else ""
        if not (widget.accessibleName().strip() or text.strip()):
            found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


def test_main_window_widgets_are_named(qtbot: QtBot, window: MainWindow) -> None:
    window.chat_pane.send("금요일 오후 3시 디자인 리뷰")  # a proposal card with its buttons
    assert window.chat_pane.cards
    for name in ("month", "week", "day", "agenda"):
        window.show_view(name)
        assert not unnamed(window), name
    toolbar_buttons = [window.toolbar.widgetForAction(a) for a in window.toolbar.actions()]
    assert all(b.accessibleName() for b in toolbar_buttons if isinstance(b, QAbstractButton))


def test_dialogs_are_named(qtbot: QtBot, window: MainWindow) -> None:
    dialogs = [
        window.open_new_event_dialog(),
        window.show_shortcuts_help(),
        window.open_go_to_date(),
        window.sync_status.show_conflicts(),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        qtbot.waitExposed(dialog)
        assert dialog.accessibleName() or dialog.windowTitle()
        assert not unnamed(dialog), type(dialog).__name__
        dialog.close()
