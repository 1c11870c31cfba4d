"""The "this event only / all events" question; the edits themselves live in core.editing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from core.editing import Scope

# (parent, question) -> chosen scope or None (cancelled); replaceable in tests
AskScope = Callable[[QWidget | None, str], Scope | None]


def ask_scope_dialog(parent: QWidget | None, question: str) -> Scope | None:
    """Ask "this event only / all events" in a message box (blocks in a nested loop)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(box.tr("Repeating event"))
    box.setText(question)
    this = box.addButton(box.tr("This event only"), QMessageBox.ButtonRole.AcceptRole)
    every = box.addButton(box.tr("All events"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is this:
        return Scope.THIS
    if clicked is every:
        return Scope.ALL
    return None
