"""Menu and status-bar texts for entries of the store's history (core/store/history.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.store.history import HistoryLabel


def describe(label: HistoryLabel) -> str:
    """ "add “검진”", "import of “holidays.ics”", "delete 3 events" in the UI language."""
    many = label.count > 1 and label.kind in ("create", "delete", "update")
    if many or not label.title:
        what = QCoreApplication.translate("History", "{0} events").format(label.count)
    else:
        what = QCoreApplication.translate("History", "“{0}”").format(label.title)
    # Literal QCoreApplication.translate calls, so pyside6-lupdate finds every text.
    patterns = {
        "create": QCoreApplication.translate("History", "add {0}"),
        "update": QCoreApplication.translate("History", "edit {0}"),
        "delete": QCoreApplication.translate("History", "delete {0}"),
        "move": QCoreApplication.translate("History", "move {0}"),
        "resolve": QCoreApplication.translate("History", "conflict resolution for {0}"),
        "import": QCoreApplication.translate("History", "import of {0}"),
        "calendar": QCoreApplication.translate("History", "calendar {0}"),
    }
    other = QCoreApplication.translate("History", "change of {0}")
    return patterns.get(label.kind, other).format(what)
