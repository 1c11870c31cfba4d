"""Which reminders are due: occurrences × their reminder minutes → fire times. No Qt.

Decisions:

- An event's ``reminders`` are minutes before its start; ``None`` means "the default"
  (``Settings.default_reminder_minutes``, as Google's calendar default); ``()`` means none.
- All-day events have no start time: their reminders count back from **09:00 local time**
  (``Settings.zone``) on the first day, so the default 10 minutes rings at 08:50 that
  morning and 1440 at 09:00 the day before. (Google counts from midnight instead; a
  reminder at 23:50 the night before is rarely what anyone wants.)
- Only calendars that are shown (``selected``) remind: hiding a calendar silences it.
- What fired is remembered in the store (``sync_state`` key ``reminders:fired``), keyed by
  (event id, occurrence start, minutes): a restart never fires twice, and moving an event
  makes a new key, so the moved event reminds again.
- Missed reminders (the app was closed or the machine asleep at the fire time) fire once
  when the app next looks, if their occurrence has not started yet or started less than
  15 minutes ago; several missed reminders of one occurrence fire as one. Older ones are
  marked fired silently, never shown.
- Reminders more than 4 weeks ahead of their event are not looked for (Google's limit).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from core.model import Occurrence
from core.settings import Settings
from core.store import Store
from core.timeutil import require_aware, to_epoch

STATE_KEY = "reminders:fired"
ALL_DAY_ANCHOR = time(9, 0)
#: A missed reminder still fires if its occurrence started less than this long ago.
MISSED_GRACE = timedelta(minutes=15)
#: The longest lead looked for (Google allows 40320 minutes = 4 weeks).
MAX_LEAD = timedelta(minutes=40320)
#: Fired keys are kept this long after their occurrence started, then pruned.
KEEP_FIRED = timedelta(days=3)


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder of one occurrence."""

    event_id: str  # the stored event (a changed instance has its own id)
    series_id: str  # the series for a recurring event, else the event id
    start: datetime  # the occurrence's start, aware UTC (09:00 local for all-day events)
    fire_at: datetime  # aware UTC
    minutes: int
    title: str
    location: str
    all_day: bool
    day: date  # the occurrence's first day in the settings' zone (for "show this day")

    @property
    def key(self) -> str:
        """Identity in the fired set: the same event, occurrence start and lead."""
        return f"{self.event_id}|{to_epoch(self.start)}|{self.minutes}"


def reminder_minutes(minutes: tuple[int, ...] | None, settings: Settings) -> tuple[int, ...]:
    """The leads that apply: the event's own, else the default; sorted, without repeats."""
    if minutes is None:
        return (settings.default_reminder_minutes,)
    return tuple(sorted(set(minutes)))


def occurrence_start(occ: Occurrence, settings: Settings) -> tuple[datetime, date]:
    """The instant a reminder counts back from (UTC) and the occurrence's local day."""
    zone = settings.zone
    if isinstance(occ.start, datetime):
        return occ.start.astimezone(UTC), occ.start.astimezone(zone).date()
    day: date = occ.start
    anchor = datetime.combine(day, ALL_DAY_ANCHOR, tzinfo=zone)
    return anchor.astimezone(UTC), day


def compute(store: Store, start: datetime, end: datetime, settings: Settings) -> list[Reminder]:
    """Every reminder whose fire time is in [start, end), ordered by fire time."""
    require_aware(start, "range start")
    require_aware(end, "range end")
    if end <= start:
        return []
    return [r for r in _around(store, start, end + MAX_LEAD, settings) if start <= r.fire_at < end]


def _around(store: Store, lo: datetime, hi: datetime, settings: Settings) -> list[Reminder]:
    """Reminders of the occurrences overlapping [lo, hi) (a day of margin for all-day ones)."""
    shown = [c.id for c in store.calendars() if c.selected]
    if not shown:
        return []
    margin = timedelta(days=1)
    occurrences = store.occurrences(
        lo - margin, hi + margin, calendar_ids=shown, view_zone=settings.zone
    )
    result: list[Reminder] = []
    for occ in occurrences:
        ev = occ.event
        if ev.cancelled or ev.deleted:
            continue
        begins, day = occurrence_start(occ, settings)
        for minutes in reminder_minutes(ev.reminders, settings):
            result.append(
                Reminder(
                    event_id=ev.id,
                    series_id=occ.series_id,
                    start=begins,
                    fire_at=begins - timedelta(minutes=minutes),
                    minutes=minutes,
                    title=ev.title,
                    location=ev.location,
                    all_day=ev.all_day,
                    day=day,
                )
            )
    result.sort(key=lambda r: (r.fire_at, r.start, r.title, r.event_id))
    return result


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do now: fire ``due`` at once, schedule ``upcoming``, forget ``stale``."""

    due: list[Reminder]
    upcoming: list[Reminder]
    stale: list[Reminder]  # missed and too old: marked fired without being shown


def plan(store: Store, now: datetime, horizon: timedelta, settings: Settings) -> Plan:
    """Reminders not yet fired: those due by ``now`` (missed ones by the policy above) and
    those that fire in (now, now + horizon]. With notifications off, nothing."""
    require_aware(now, "now")
    if not settings.notifications:
        return Plan([], [], [])
    fired = fired_keys(store)
    # Occurrences that started up to MAX_LEAD ago could still have unfired reminders
    # only if they started within the grace; look from there.
    candidates = _around(store, now - MISSED_GRACE, now + horizon + MAX_LEAD, settings)
    due_by_occurrence: dict[tuple[str, datetime], Reminder] = {}
    extra_due: list[Reminder] = []
    upcoming: list[Reminder] = []
    stale: list[Reminder] = []
    for r in candidates:
        if r.key in fired or r.fire_at > now + horizon:
            continue
        if r.fire_at > now:
            upcoming.append(r)
        elif r.start < now - MISSED_GRACE:
            stale.append(r)
        else:
            # Several missed leads of one occurrence ring once: keep the latest one; the
            # others are marked fired along with it.
            occurrence = (r.event_id, r.start)
            kept = due_by_occurrence.get(occurrence)
            if kept is None or r.fire_at > kept.fire_at:
                if kept is not None:
                    extra_due.append(kept)
                due_by_occurrence[occurrence] = r
            else:
                extra_due.append(r)
    due = sorted(due_by_occurrence.values(), key=lambda r: (r.fire_at, r.title))
    return Plan(due=due, upcoming=upcoming, stale=stale + extra_due)


def still_due(store: Store, reminder: Reminder, now: datetime, settings: Settings) -> bool:
    """Whether a scheduled reminder is still wanted at its fire time: not fired yet, and
    its event still has it (same event, start and lead) after any edits since."""
    if not settings.notifications or reminder.key in fired_keys(store):
        return False
    lo = reminder.fire_at - timedelta(seconds=1)
    current = compute(store, lo, reminder.fire_at + timedelta(seconds=1), settings)
    return any(r.key == reminder.key for r in current) and reminder.start >= now - MISSED_GRACE


def occurrence_still_there(
    store: Store, reminder: Reminder, now: datetime, settings: Settings
) -> bool:
    """For a snoozed reminder: notifications are on and its occurrence still exists at the
    same start (not moved, deleted or cancelled), and has not been going on for long."""
    if not settings.notifications or reminder.start < now - MISSED_GRACE:
        return False
    second = timedelta(seconds=1)
    found = store.occurrences(
        reminder.start - timedelta(days=1), reminder.start + second, view_zone=settings.zone
    )
    return any(
        o.event.id == reminder.event_id
        and not o.event.cancelled
        and occurrence_start(o, settings)[0] == reminder.start
        for o in found
    )


def next_occurrence(
    store: Store, now: datetime, settings: Settings, within: timedelta
) -> Occurrence | None:
    """The first occurrence (shown calendars) starting at or after ``now`` within
    ``within``; all-day ones count from 09:00 local as for reminders. For the tray."""
    require_aware(now, "now")
    shown = [c.id for c in store.calendars() if c.selected]
    if not shown:
        return None
    found = store.occurrences(now, now + within, calendar_ids=shown, view_zone=settings.zone)
    upcoming = [
        (occurrence_start(o, settings)[0], o)
        for o in found
        if not o.event.cancelled and occurrence_start(o, settings)[0] >= now
    ]
    if not upcoming:
        return None
    return min(upcoming, key=lambda pair: (pair[0], pair[1].event.title))[1]


# -- the fired set -------------------------------------------------------------------------


def fired_keys(store: Store) -> set[str]:
    raw: Any = store.get_state(STATE_KEY)
    if not isinstance(raw, dict):
        return set()
    return set(raw)


def mark_fired(store: Store, reminders: Iterable[Reminder], now: datetime) -> None:
    """Remember ``reminders`` as fired (one small write); prune keys of old occurrences."""
    require_aware(now, "now")
    raw: Any = store.get_state(STATE_KEY)
    fired: dict[str, int] = dict(raw) if isinstance(raw, dict) else {}
    for r in reminders:
        fired[r.key] = to_epoch(r.start)
    oldest = to_epoch(now - KEEP_FIRED)
    kept = {k: v for k, v in fired.items() if isinstance(v, int) and v >= oldest}
    store.set_state(STATE_KEY, kept)
