"""Menu and status-bar texts for entries of the store's history (core/store/history.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.store.history import HistoryLabel


def _pattern(kind: str) -> str:
    # Literal QCoreApplication.translate calls, so pyside6-lupdate finds every text.
    if kind == "create":
        return QCoreApplication.translate("History", "add {0}")
    if kind == "update":
        return QCoreApplication.translate("History", "edit {0}")
    if kind == "delete":
        return QCoreApplication.translate("History", "delete {0}")
    if kind == "move":
        return QCoreApplication.translate("History", "move {0}")
    if kind == "resolve":
        return QCoreApplication.translate("History", "conflict resolution for {0}")
    if kind == "import":
        return QCoreApplication.translate("History", "import of {0}")
    if kind == "calendar":
        return QCoreApplication.translate("History", "calendar {0}")
    return QCoreApplication.translate("History", "change of {0}")


def describe(label: HistoryLabel) -> str:
    """ "add “검진”", "import of “holidays.ics”", "delete 3 events" in the UI language."""
    many = label.count > 1 and label.kind in ("create", "delete", "update")
    if many or not label.title:
        what = QCoreApplication.translate("History", "{0} events").format(label.count)
    else:
        what = QCoreApplication.translate("History", "“{0}”").format(label.title)
    return _pattern(label.kind).format(what)
