"""Menu and status-bar texts for entries of the store's history (core/store/history.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.store.history import HistoryLabel


def _tr(text: str) -> str:
    return QCoreApplication.translate("History", text)


def describe(label: HistoryLabel) -> str:
    """ "add “검진”", "import of “holidays.ics”", "delete 3 events" in the UI language."""
    many = label.count > 1 and label.kind in ("create", "delete", "update")
    if many:
        what = _tr("{0} events").format(label.count)
    elif label.title:
        what = _tr("“{0}”").format(label.title)
    else:
        what = _tr("{0} events").format(label.count)
    patterns = {
        "create": _tr("add {0}"),
        "update": _tr("edit {0}"),
        "delete": _tr("delete {0}"),
        "move": _tr("move {0}"),
        "resolve": _tr("conflict resolution for {0}"),
        "import": _tr("import of {0}"),
        "calendar": _tr("calendar {0}"),
    }
    return patterns.get(label.kind, _tr("change of {0}")).format(what)
