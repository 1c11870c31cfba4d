"""Thin compositions of store calls for "this occurrence" / "all events" edits.

Kept apart from the widgets so the dialog and the drag-and-drop share one path. Each is a
single store call except moving a whole series, which shifts the series' own start by the
same wall-clock amount the dragged instance moved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from enum import StrEnum

from PySide6.QtWidgets import QMessageBox, QWidget

from core.model import Event, EventTime, Occurrence
from core.store import Store
from core.timeutil import get_zone


class Scope(StrEnum):
    THIS = "this"
    ALL = "all"


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


def series_of(store: Store, occ: Occurrence) -> Event:
    """The series event an occurrence belongs to (itself for a plain event)."""
    if occ.event.recurring_event_id:
        return store.get_event(occ.event.recurring_event_id)
    return occ.event


def instance_event(occ: Occurrence) -> Event:
    """The occurrence as a stand-alone event (what "this event only" edits)."""
    if occ.event.is_override or not occ.event.is_recurring:
        return occ.event
    return occ.event.evolve(rrule=None, rdates=(), exdates=(), start=occ.start, end=occ.end)


def shift(value: EventTime, delta: timedelta, tz: str) -> EventTime:
    """``value`` moved by a wall-clock ``delta`` in zone ``tz`` (whole days for dates)."""
    if isinstance(value, datetime):
        zone = get_zone(tz)
        return value.astimezone(zone) + delta
    return value + timedelta(days=delta.days)


def wall_delta(old: EventTime, new: EventTime, tz: str) -> timedelta:
    """How far ``new`` is from ``old`` on the wall clock of ``tz``."""
    if isinstance(old, datetime) and isinstance(new, datetime):
        zone = get_zone(tz)
        return new.astimezone(zone).replace(tzinfo=None) - old.astimezone(zone).replace(tzinfo=None)
    assert isinstance(old, date) and isinstance(new, date)
    return timedelta(days=(new - old).days)


def move_occurrence(store: Store, occ: Occurrence, new_start: EventTime, scope: Scope) -> Event:
    """Move one occurrence (or its whole series) so it starts at ``new_start``."""
    if not occ.is_recurring:
        return store.update_event(occ.event.moved_to(new_start))
    if scope is Scope.THIS:
        return store.change_occurrence(occ, instance_event(occ).moved_to(new_start))
    series = series_of(store, occ)
    delta = wall_delta(occ.start, new_start, series.tz)
    return store.update_event(series.moved_to(shift(series.start, delta, series.tz)))


def delete_occurrence(store: Store, occ: Occurrence, scope: Scope) -> Event:
    if not occ.is_recurring or scope is Scope.THIS:
        return store.delete_occurrence(occ)
    return store.delete_event(occ.series_id)
