"""The sync service in the window: a status-bar item and the conflicts to settle.

The item shows the last round's outcome (``core.sync.engine.status``) and how many
conflicts wait; clicking it opens ``ConflictsDialog``, which lists each conflict with both
values and settles it with ``Store.resolve_conflict`` (Google's conflicts are listed
too: they live in the same table). Rounds run on the scheduler's threads; their status
reaches the widget through a queued signal. Local changes poke the scheduler so they
leave within moments, not at the next periodic round.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import IljeongError
from core.model import Conflict
from core.store import Changes, Store
from core.sync import engine
from core.sync.scheduler import SyncScheduler


class _Bridge(QObject):
    status = Signal(object)  # dict from the scheduler thread
    changed = Signal()


def describe(value: Any) -> str:
    """A conflict value as the user reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class SyncStatusWidget(QWidget):
    """ "Sync: …" in the status bar, with the number of conflicts; a click lists them."""

    def __init__(
        self,
        store: Store,
        scheduler: SyncScheduler | None,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.scheduler = scheduler
        self.setAccessibleName(self.tr("Sync status"))
        self.button = QToolButton(self)
        self.button.setObjectName("syncStatus")
        self.button.setAutoRaise(True)
        self.button.clicked.connect(self.show_conflicts)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        self._bridge = _Bridge(self)
        self._bridge.status.connect(self._refresh)
        self._bridge.changed.connect(self._on_local_change)
        self._unsubscribe: Callable[[], None] | None = store.subscribe(self._heard)
        self.dialog: ConflictsDialog | None = None
        self._refresh(None)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleName(self.tr("Sync status"))
            self._refresh(None)
        super().changeEvent(event)

    def status_callback(self, status: dict[str, Any]) -> None:
        """Give this to the scheduler (called on its thread)."""
        self._bridge.status.emit(status)

    def _heard(self, changes: Changes) -> None:  # any thread
        if changes.event_ids or changes.calendar_ids or changes.chat or changes.conflicts:
            self._bridge.changed.emit()

    def _on_local_change(self) -> None:
        if self.scheduler is not None:
            self.scheduler.poke()
        self._refresh(None)

    def _refresh(self, _status: object) -> None:
        status = engine.status(self.store)
        conflicts = len(self.store.conflicts())
        if status is None and self.scheduler is None:
            text = self.tr("Sync: this device only")
        elif status is None:
            text = self.tr("Sync: starting…")
        elif status.get("ok"):
            text = self.tr("Sync: up to date")
        else:
            text = self.tr("Sync: failed")
        if conflicts:
            text += " · " + self.tr("{0} conflict(s) to settle").format(conflicts)
        self.button.setText(text)
        self.button.setAccessibleName(text)
        self.button.setAccessibleDescription(self.tr("Opens the conflicts to settle"))
        self.button.setToolTip(
            str((status or {}).get("error") or (status or {}).get("server") or "")
        )
        self.button.setEnabled(conflicts > 0)

    def show_conflicts(self) -> ConflictsDialog:
        if self.dialog is None:
            self.dialog = ConflictsDialog(self.store, parent=self.window())
            self.dialog.finished.connect(lambda _=0: self._refresh(None))
        self.dialog.reload()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def close_status(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None


class ConflictsDialog(QDialog):
    """Every unresolved conflict: what this side and the other side changed; keep one."""

    def __init__(self, store: Store, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Conflicts"))
        self.setAccessibleName(self.tr("Conflicts"))
        self.resize(560, 420)
        self.rows = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self.rows)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.cards: dict[str, QFrame] = {}

    def reload(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cards = {}
        pending = self.store.conflicts()
        for conflict in pending:
            card = self._card(conflict)
            self.cards[conflict.id] = card
            self.rows.addWidget(card)
        self.rows.addStretch(1)
        if not pending:
            self.message.setText(self.tr("No conflicts: every device agrees."))

    def _card(self, conflict: Conflict) -> QFrame:
        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAccessibleName(self.tr("Conflict"))
        title = self._title(conflict)
        lines = [f"<b>{title}</b>"]
        for name in conflict.fields:
            lines.append(
                self.tr("{0}: here “{1}” · other “{2}”").format(
                    name, describe(conflict.local.get(name)), describe(conflict.remote.get(name))
                )
            )
        text = QLabel("<br>".join(lines), card)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        mine = QPushButton(self.tr("Keep this device's"), card)
        theirs = QPushButton(self.tr("Keep the other"), card)
        mine.setAccessibleName(self.tr("Keep this device's value of “{0}”").format(title))
        theirs.setAccessibleName(self.tr("Keep the other device's value of “{0}”").format(title))
        mine.clicked.connect(lambda: self.resolve(conflict.id, "local"))
        theirs.clicked.connect(lambda: self.resolve(conflict.id, "remote"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(mine)
        buttons.addWidget(theirs)
        layout = QVBoxLayout(card)
        layout.addWidget(text)
        layout.addLayout(buttons)
        return card

    def _title(self, conflict: Conflict) -> str:
        try:
            return self.store.get_event(conflict.entity_id, include_deleted=True).title
        except IljeongError:
            return str(
                conflict.remote.get("title") or conflict.local.get("title") or conflict.entity_id
            )

    def resolve(self, conflict_id: str, keep: str) -> None:
        try:
            self.store.resolve_conflict(conflict_id, keep)  # type: ignore[arg-type]
        except IljeongError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Settled; every device receives it with the next sync."))
        self.reload()
