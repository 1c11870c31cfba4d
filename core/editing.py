"""Edits of one occurrence or of a whole series, as every front end (UI, chat) needs them.

Moving "all events" shifts the series by the wall-clock distance the chosen instance
moved: its start, its weekday rule, its removed dates and its changed instances move
together, so nothing falls off or reappears.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from core.errors import InvalidInput
from core.model import Event, EventTime, Occurrence
from core.store import Store
from core.timeutil import get_zone

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Scope(StrEnum):
    THIS = "this"
    ALL = "all"


def series_of(store: Store, occ: Occurrence) -> Event:
    """The series an occurrence belongs to (the event itself when it does not repeat)."""
    if occ.event.recurring_event_id:
        return store.get_event(occ.event.recurring_event_id)
    return occ.event


def instance_event(occ: Occurrence) -> Event:
    """The occurrence as a stand-alone event (what "this event only" edits)."""
    if occ.event.is_override or not occ.event.is_recurring:
        return occ.event
    return occ.event.evolve(rrule=None, rdates=(), exdates=(), start=occ.start, end=occ.end)


def wall_delta(old: EventTime, new: EventTime, tz: str) -> timedelta:
    """How far ``new`` is from ``old`` on the wall clock of ``tz`` (whole days for dates)."""
    if isinstance(old, datetime) and isinstance(new, datetime):
        zone = get_zone(tz)
        return new.astimezone(zone).replace(tzinfo=None) - old.astimezone(zone).replace(tzinfo=None)
    if isinstance(old, datetime) or isinstance(new, datetime):
        raise InvalidInput("an all-day event moves by dates and a timed event by times")
    return timedelta(days=(new - old).days)


def shift(value: EventTime, delta: timedelta, tz: str) -> EventTime:
    """``value`` moved by a wall-clock ``delta`` in zone ``tz`` (whole days for dates)."""
    if isinstance(value, datetime):
        return value.astimezone(get_zone(tz)) + delta
    return value + timedelta(days=delta.days)


def _local_date(value: EventTime, tz: str) -> date:
    return value.astimezone(get_zone(tz)).date() if isinstance(value, datetime) else value


def _shift_rule(rule: str, days: int) -> str:
    """The rule with its weekdays moved ``days`` on; rules tied to month days can't be."""
    if days == 0:
        return rule
    parts = dict(p.split("=", 1) for p in rule.split(";"))
    if {"BYMONTHDAY", "BYYEARDAY", "BYSETPOS"} & parts.keys():
        raise InvalidInput(
            "this repeat rule is tied to dates of the month; move this event only or edit the rule"
        )
    if "BYDAY" not in parts:
        return rule
    moved = []
    for day in parts["BYDAY"].split(","):
        if day not in _WEEKDAYS:  # e.g. 2MO: "second Monday" has no shifted equivalent
            raise InvalidInput(
                "this repeat rule names weekdays of the month; move this event only or edit the rule"
            )
        moved.append(_WEEKDAYS[(_WEEKDAYS.index(day) + days) % 7])
    parts["BYDAY"] = ",".join(moved)
    return ";".join(f"{k}={v}" for k, v in parts.items())


def _shift_series(store: Store, series: Event, occ: Occurrence, new_start: EventTime) -> Event:
    """Save ``series`` moved so that ``occ`` starts at ``new_start`` (in one transaction)."""
    tz = series.tz
    # Measure from where the instance is shown (a changed instance may have moved before).
    delta = wall_delta(occ.start, new_start, tz)
    day_shift = (_local_date(new_start, tz) - _local_date(occ.start, tz)).days
    moved = series.moved_to(shift(series.start, delta, tz)).evolve(
        rrule=series.rrule and _shift_rule(series.rrule, day_shift),
        exdates=tuple(shift(x, delta, tz) for x in series.exdates),
        rdates=tuple(shift(x, delta, tz) for x in series.rdates),
    )
    saved = store.update_event(moved)
    for changed in store.instances_of(series.id):
        assert changed.original_start is not None
        store.update_event(changed.evolve(original_start=shift(changed.original_start, delta, tz)))
    return saved


def move_occurrence(store: Store, occ: Occurrence, new_start: EventTime, scope: Scope) -> Event:
    """Move one occurrence, or with Scope.ALL its whole series, so it starts at ``new_start``."""
    if not occ.is_recurring:
        with store.transaction(label={"kind": "move", "title": occ.event.title}):
            return store.update_event(occ.event.moved_to(new_start))
    if scope is Scope.THIS:
        return store.change_occurrence(occ, instance_event(occ).moved_to(new_start))
    with store.transaction(label={"kind": "move", "title": occ.event.title}):
        return _shift_series(store, series_of(store, occ), occ, new_start)


def edit_occurrence(store: Store, occ: Occurrence, changes: dict[str, Any], scope: Scope) -> Event:
    """Apply edited fields (as an event form gives them) to one occurrence or its series.

    For the whole series, a changed start moves every instance by the same wall-clock
    distance (as ``move_occurrence`` does) and a changed length applies to all of them.
    """
    if not occ.is_recurring:
        return store.update_event(occ.event.evolve(**changes))
    if scope is Scope.THIS:
        return store.change_occurrence(
            occ, instance_event(occ).evolve(**{**changes, "rrule": None})
        )
    with store.transaction():
        series = series_of(store, occ)
        changes = dict(changes)
        new_start, new_end = changes.pop("start", occ.start), changes.pop("end", occ.end)
        rule_edited = "rrule" in changes and changes["rrule"] != series.rrule
        same_kind = bool(changes.get("all_day", series.all_day)) == series.all_day
        if not same_kind:  # timed <-> all-day: the form's times become the series' times
            return store.update_event(series.evolve(start=new_start, end=new_end, **changes))
        tz = str(changes.get("tz", series.tz))
        length = wall_delta(new_start, new_end, tz)
        if not rule_edited:
            changes.pop("rrule", None)
            series = _shift_series(store, series, occ, new_start)
        else:
            series = series.evolve(
                start=shift(series.start, wall_delta(occ.start, new_start, tz), tz)
            )
        start = series.start
        return store.update_event(series.evolve(end=shift(start, length, tz), **changes))


def delete_occurrence(store: Store, occ: Occurrence, scope: Scope) -> Event:
    """Delete one occurrence, or with Scope.ALL the whole series."""
    if not occ.is_recurring or scope is Scope.THIS:
        return store.delete_occurrence(occ)
    return store.delete_event(occ.series_id)
