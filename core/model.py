"""Domain types: events, calendars, chat turns, outbox entries.

Timed events hold aware datetimes in their own IANA zone; all-day events hold dates with
an exclusive end (as Google Calendar does). Instances are immutable: edit with
``dataclasses.replace`` (or ``Event.evolve``), which re-validates.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Self

from core import recurrence
from core.errors import InvalidInput
from core.ids import new_id
from core.timeutil import absolute_duration, add_absolute, get_zone, utc_now, zone_name

EventTime = date | datetime

DEFAULT_DURATION = timedelta(hours=1)


class Source(StrEnum):
    MANUAL = "manual"
    CHAT = "chat"
    IMAGE = "image"
    GOOGLE = "google"
    ICS = "ics"
    SYNC = "sync"


@dataclass(frozen=True, slots=True)
class Attendee:
    email: str
    name: str | None = None
    response: str = "needsAction"


def _is_date_only(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


@dataclass(frozen=True, slots=True)
class Event:
    """One event, a recurring series (``rrule``) or one changed instance of a series.

    A changed instance names its series in ``recurring_event_id`` and the instance it
    replaces in ``original_start``; ``cancelled`` instances remove one occurrence.
    """

    title: str
    start: EventTime
    end: EventTime
    calendar_id: str
    all_day: bool = False
    tz: str = "UTC"
    id: str = field(default_factory=new_id)
    description: str = ""
    location: str = ""
    rrule: str | None = None
    exdates: tuple[EventTime, ...] = ()
    rdates: tuple[EventTime, ...] = ()
    recurring_event_id: str | None = None
    original_start: EventTime | None = None
    cancelled: bool = False
    reminders: tuple[int, ...] | None = None
    attendees: tuple[Attendee, ...] = ()
    source: Source = Source.MANUAL
    source_ref: str | None = None
    google_event_id: str | None = None
    google_etag: str | None = None
    last_synced_at: datetime | None = None
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    deleted: bool = False
    revision: int = 0

    def __post_init__(self) -> None:
        title = self.title.strip() if isinstance(self.title, str) else ""
        if not title:
            raise InvalidInput("an event needs a title")
        if title != self.title:
            object.__setattr__(self, "title", title)
        if not self.calendar_id:
            raise InvalidInput("an event needs a calendar")
        if self.all_day:
            if not (_is_date_only(self.start) and _is_date_only(self.end)):
                raise InvalidInput("an all-day event takes dates (YYYY-MM-DD), not times")
            if self.end <= self.start:
                raise InvalidInput(
                    f"end date {self.end} must be after start date {self.start} "
                    "(the end of an all-day event is exclusive)"
                )
        else:
            if not (isinstance(self.start, datetime) and isinstance(self.end, datetime)):
                raise InvalidInput("a timed event takes date-times; use all_day for dates")
            if self.start.tzinfo is None or self.end.tzinfo is None:
                raise InvalidInput("event times must carry a time zone")
            zone = get_zone(self.tz)
            if self.start.tzinfo is not zone:
                object.__setattr__(self, "start", self.start.astimezone(zone))
            if self.end.tzinfo is not zone:
                object.__setattr__(self, "end", self.end.astimezone(zone))
            if absolute_duration(self.start, self.end) < timedelta(0):
                raise InvalidInput(
                    f"end {self.end.isoformat()} is before start {self.start.isoformat()}"
                )
        if self.rrule is not None:
            if self.recurring_event_id is not None:
                raise InvalidInput("a changed instance of a series cannot repeat itself")
            normalized = recurrence.normalize_rrule(self.rrule, self.start, self.tz)
            object.__setattr__(self, "rrule", normalized)
        if self.reminders is not None and any(m < 0 for m in self.reminders):
            raise InvalidInput("reminders are minutes before the start and cannot be negative")

    # -- convenience -------------------------------------------------------------------

    @classmethod
    def timed(
        cls,
        title: str,
        start: datetime,
        end: datetime | None = None,
        *,
        calendar_id: str,
        duration: timedelta = DEFAULT_DURATION,
        **fields: Any,
    ) -> Event:
        """A timed event in the zone of ``start`` (an IANA zone unless it is UTC)."""
        if start.tzinfo is None:
            raise InvalidInput("event times must carry a time zone")
        tz = fields.pop("tz", None) or zone_name(start.tzinfo)
        return cls(
            title=title,
            start=start,
            end=end if end is not None else add_absolute(start, duration),
            calendar_id=calendar_id,
            tz=tz,
            **fields,
        )

    @classmethod
    def all_day_event(
        cls, title: str, start: date, end: date | None = None, *, calendar_id: str, **fields: Any
    ) -> Event:
        return cls(
            title=title,
            start=start,
            end=end if end is not None else start + timedelta(days=1),
            calendar_id=calendar_id,
            all_day=True,
            **fields,
        )

    def evolve(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)

    @property
    def is_recurring(self) -> bool:
        return self.rrule is not None or bool(self.rdates)

    @property
    def is_override(self) -> bool:
        return self.recurring_event_id is not None

    @property
    def duration(self) -> timedelta:
        if self.all_day:
            return self.end - self.start  # type: ignore[operator]
        return absolute_duration(self.start, self.end)  # type: ignore[arg-type]

    def moved_to(self, new_start: EventTime) -> Event:
        """The same event starting at ``new_start`` with its duration kept."""
        if self.all_day:
            if not _is_date_only(new_start):
                raise InvalidInput("an all-day event moves to a date")
            return self.evolve(start=new_start, end=new_start + self.duration)
        if not isinstance(new_start, datetime):
            raise InvalidInput("a timed event moves to a date-time")
        zone = get_zone(self.tz)
        start = new_start.astimezone(zone)
        return self.evolve(start=start, end=add_absolute(start, self.duration))


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One visible instance of an event in a range (a series expands to many)."""

    event: Event
    start: EventTime
    end: EventTime
    instance_start: EventTime  # the series' own start for this instance (its RECURRENCE-ID)
    # Display order, computed once: views sort thousands of these on every refresh.
    # Day first (in the event's zone), all-day before timed, then instant and title.
    order: tuple[int, int, float, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        start = self.start
        if isinstance(start, datetime):
            order = (start.toordinal(), 1, start.timestamp(), self.event.title)
        else:
            order = (start.toordinal(), 0, 0.0, self.event.title)
        object.__setattr__(self, "order", order)

    @property
    def all_day(self) -> bool:
        return self.event.all_day

    @property
    def series_id(self) -> str:
        return self.event.recurring_event_id or self.event.id

    @property
    def is_recurring(self) -> bool:
        return self.event.is_recurring or self.event.is_override


@dataclass(frozen=True, slots=True)
class Calendar:
    name: str
    id: str = field(default_factory=new_id)
    color: str = "#4285f4"
    google_calendar_id: str | None = None
    selected: bool = True
    is_default: bool = False
    time_zone: str | None = None
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    deleted: bool = False

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidInput("a calendar needs a name")


@dataclass(frozen=True, slots=True)
class ChatTurn:
    role: str  # "user" | "assistant"
    text: str
    conversation_id: str = "default"
    id: str = field(default_factory=new_id)
    intent: dict[str, Any] | None = None
    proposal: dict[str, Any] | None = None
    created_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A pending change for one sync target ("google" or "service")."""

    target: str
    entity: str
    entity_id: str
    op: str  # "upsert" | "delete"
    payload: dict[str, Any]
    seq: int | None = None
    #: The entity's revision when it was queued; acknowledging checks it, so a change made
    #: while a push was in flight stays queued.
    revision: int = 0
    created_at: datetime = field(default_factory=utc_now)
    attempts: int = 0
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class SyncBase:
    """The last copy of an entity that a sync target acknowledged (for three-way merges).

    ``data`` is the portable form (``core.store.codec.event_to_dict``); ``version`` is the
    target's own version mark: a Google etag, or the sync service's version number.
    """

    target: str
    entity: str
    entity_id: str
    data: dict[str, Any]
    remote_id: str | None = None
    version: str | None = None
    synced_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Concurrent edits of the same fields that no rule may settle: the user decides.

    ``local``/``remote``/``base`` map field names to portable values; ``fields`` are the
    ones that truly differ. Resolving keeps one side and records which.
    """

    entity: str
    entity_id: str
    target: str
    fields: tuple[str, ...]
    local: dict[str, Any]
    remote: dict[str, Any]
    base: dict[str, Any] | None = None
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)
    resolved_at: datetime | None = None
    resolution: str | None = None  # "local" | "remote"

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None
