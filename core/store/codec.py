"""Row <-> domain conversion for the local store."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from core import recurrence
from core.errors import InvalidInput
from core.model import (
    Attendee,
    Calendar,
    ChatTurn,
    Conflict,
    Event,
    EventTime,
    OutboxEntry,
    Source,
    SyncBase,
)
from core.store.schema import SHORT_SPAN_SECONDS
from core.timeutil import from_epoch, get_zone, to_epoch

# All-day dates float: they start somewhere between UTC+14 and UTC-12.
_EARLIEST_OFFSET = timedelta(hours=14)
_LATEST_OFFSET = timedelta(hours=12)


def _optional_time(seconds: int | None) -> datetime | None:
    return None if seconds is None else from_epoch(seconds)


def encode_point(value: EventTime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def decode_point(text: str, tz_name: str) -> EventTime:
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(get_zone(tz_name))


def _points(values: Iterable[EventTime]) -> str | None:
    encoded = [encode_point(v) for v in values]
    return json.dumps(encoded) if encoded else None


def _decode_points(text: str | None, tz_name: str) -> tuple[EventTime, ...]:
    return tuple(decode_point(p, tz_name) for p in json.loads(text)) if text else ()


def _point_bound(value: EventTime, *, upper: bool) -> int:
    if isinstance(value, datetime):
        return to_epoch(value)
    midnight = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return to_epoch(midnight + _LATEST_OFFSET if upper else midnight - _EARLIEST_OFFSET)


def event_bounds(event: Event) -> tuple[int, int | None]:
    """(range_start, range_end) in epoch seconds covering every instance; None = open ended."""
    first = event.start
    if event.rdates:
        starts = [event.start, *event.rdates]
        first = min(starts, key=lambda p: _point_bound(p, upper=False))
    last = recurrence.last_instance_end(event)
    return _point_bound(first, upper=False), None if last is None else _point_bound(
        last, upper=True
    )


def event_to_row(event: Event) -> dict[str, Any]:
    range_start, range_end = event_bounds(event)
    timed = not event.all_day
    return {
        "id": event.id,
        "calendar_id": event.calendar_id,
        "title": event.title,
        "description": event.description,
        "location": event.location,
        "all_day": event.all_day,
        "tz": event.tz,
        "start_ts": to_epoch(event.start) if timed else None,  # type: ignore[arg-type]
        "end_ts": to_epoch(event.end) if timed else None,  # type: ignore[arg-type]
        "start_date": None if timed else event.start.isoformat(),
        "end_date": None if timed else event.end.isoformat(),
        "rrule": event.rrule,
        "exdates": _points(event.exdates),
        "rdates": _points(event.rdates),
        "recurring_event_id": event.recurring_event_id,
        "original_start": None
        if event.original_start is None
        else encode_point(event.original_start),
        "cancelled": event.cancelled,
        "reminders": None if event.reminders is None else json.dumps(list(event.reminders)),
        "attendees": json.dumps(
            [{"email": a.email, "name": a.name, "response": a.response} for a in event.attendees]
        )
        if event.attendees
        else None,
        "source": event.source.value,
        "source_ref": event.source_ref,
        "google_event_id": event.google_event_id,
        "google_etag": event.google_etag,
        "last_synced_at": None if event.last_synced_at is None else to_epoch(event.last_synced_at),
        "created_at": to_epoch(event.created_at),
        "updated_at": to_epoch(event.updated_at),
        "deleted": event.deleted,
        "revision": event.revision,
        "range_start": range_start,
        "range_end": range_end,
        "long_span": range_end is None
        or event.is_recurring
        or range_end - range_start > SHORT_SPAN_SECONDS,
    }


def row_to_event(row: Mapping[Any, Any]) -> Event:
    tz = row["tz"]
    if row["all_day"]:
        start: EventTime = date.fromisoformat(row["start_date"])
        end: EventTime = date.fromisoformat(row["end_date"])
    else:
        zone = get_zone(tz)
        start = datetime.fromtimestamp(row["start_ts"], zone)
        end = datetime.fromtimestamp(row["end_ts"], zone)
    attendees = (
        tuple(
            Attendee(a["email"], a.get("name"), a.get("response", "needsAction"))
            for a in json.loads(row["attendees"])
        )
        if row["attendees"]
        else ()
    )
    return Event(
        id=row["id"],
        calendar_id=row["calendar_id"],
        title=row["title"],
        description=row["description"],
        location=row["location"],
        all_day=bool(row["all_day"]),
        tz=tz,
        start=start,
        end=end,
        rrule=row["rrule"],
        exdates=_decode_points(row["exdates"], tz),
        rdates=_decode_points(row["rdates"], tz),
        recurring_event_id=row["recurring_event_id"],
        original_start=None
        if row["original_start"] is None
        else decode_point(row["original_start"], tz),
        cancelled=bool(row["cancelled"]),
        reminders=None if row["reminders"] is None else tuple(json.loads(row["reminders"])),
        attendees=attendees,
        source=Source(row["source"]),
        source_ref=row["source_ref"],
        google_event_id=row["google_event_id"],
        google_etag=row["google_etag"],
        last_synced_at=_optional_time(row["last_synced_at"]),
        created_at=from_epoch(row["created_at"]),
        updated_at=from_epoch(row["updated_at"]),
        deleted=bool(row["deleted"]),
        revision=row["revision"],
    )


def calendar_to_row(cal: Calendar) -> dict[str, Any]:
    return {
        "id": cal.id,
        "name": cal.name,
        "color": cal.color,
        "google_calendar_id": cal.google_calendar_id,
        "selected": cal.selected,
        "is_default": cal.is_default,
        "time_zone": cal.time_zone,
        "created_at": to_epoch(cal.created_at),
        "updated_at": to_epoch(cal.updated_at),
        "deleted": cal.deleted,
    }


def row_to_calendar(row: Mapping[Any, Any]) -> Calendar:
    return Calendar(
        id=row["id"],
        name=row["name"],
        color=row["color"],
        google_calendar_id=row["google_calendar_id"],
        selected=bool(row["selected"]),
        is_default=bool(row["is_default"]),
        time_zone=row["time_zone"],
        created_at=from_epoch(row["created_at"]),
        updated_at=from_epoch(row["updated_at"]),
        deleted=bool(row["deleted"]),
    )


def chat_turn_to_row(turn: ChatTurn) -> dict[str, Any]:
    return {
        "id": turn.id,
        "conversation_id": turn.conversation_id,
        "role": turn.role,
        "text": turn.text,
        "intent": None if turn.intent is None else json.dumps(turn.intent, ensure_ascii=False),
        "proposal": None
        if turn.proposal is None
        else json.dumps(turn.proposal, ensure_ascii=False),
        "created_at": to_epoch(turn.created_at),
    }


def row_to_chat_turn(row: Mapping[Any, Any]) -> ChatTurn:
    return ChatTurn(
        id=row["id"],
        conversation_id=row["conversation_id"],
        role=row["role"],
        text=row["text"],
        intent=None if row["intent"] is None else json.loads(row["intent"]),
        proposal=None if row["proposal"] is None else json.loads(row["proposal"]),
        created_at=from_epoch(row["created_at"]),
    )


def row_to_outbox(row: Mapping[Any, Any]) -> OutboxEntry:
    return OutboxEntry(
        seq=row["seq"],
        target=row["target"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        op=row["op"],
        payload=json.loads(row["payload"]),
        revision=row["revision"],
        created_at=from_epoch(row["created_at"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
    )


def row_to_sync_base(row: Mapping[Any, Any]) -> SyncBase:
    return SyncBase(
        target=row["target"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        remote_id=row["remote_id"],
        version=row["version"],
        data=json.loads(row["data"]),
        synced_at=from_epoch(row["synced_at"]),
    )


def conflict_to_row(conflict: Conflict) -> dict[str, Any]:
    return {
        "id": conflict.id,
        "entity": conflict.entity,
        "entity_id": conflict.entity_id,
        "target": conflict.target,
        "fields": json.dumps(list(conflict.fields)),
        "local": json.dumps(conflict.local, ensure_ascii=False),
        "remote": json.dumps(conflict.remote, ensure_ascii=False),
        "base": None if conflict.base is None else json.dumps(conflict.base, ensure_ascii=False),
        "created_at": to_epoch(conflict.created_at),
        "resolved_at": None if conflict.resolved_at is None else to_epoch(conflict.resolved_at),
        "resolution": conflict.resolution,
    }


def row_to_conflict(row: Mapping[Any, Any]) -> Conflict:
    return Conflict(
        id=row["id"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        target=row["target"],
        fields=tuple(json.loads(row["fields"])),
        local=json.loads(row["local"]),
        remote=json.loads(row["remote"]),
        base=None if row["base"] is None else json.loads(row["base"]),
        created_at=from_epoch(row["created_at"]),
        resolved_at=_optional_time(row["resolved_at"]),
        resolution=row["resolution"],
    )


# -- the portable form: JSON-safe dicts for sync bases, conflicts and the service wire -------

#: Columns that describe this replica only (bookkeeping, derived index columns).
_LOCAL_ONLY = ("revision", "range_start", "range_end", "long_span", "google_etag", "last_synced_at")

#: Fields that a three-way merge compares one by one. Start/end columns belong together:
#: engines that merge should treat {all_day, tz, start_*, end_*} as one "when" group.
EVENT_FIELDS: tuple[str, ...] = (
    "calendar_id",
    "title",
    "description",
    "location",
    "all_day",
    "tz",
    "start_ts",
    "end_ts",
    "start_date",
    "end_date",
    "rrule",
    "exdates",
    "rdates",
    "recurring_event_id",
    "original_start",
    "cancelled",
    "reminders",
    "attendees",
    "deleted",
)


def event_to_dict(event: Event) -> dict[str, Any]:
    """The event as plain JSON values (the row encoding without replica-local columns)."""
    row = event_to_row(event)
    for name in _LOCAL_ONLY:
        row.pop(name)
    return row


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """Read a portable event; anything malformed raises ``InvalidInput``."""
    row = {"revision": 0, "google_etag": None, "last_synced_at": None, **data}
    try:
        return row_to_event(row)
    except InvalidInput:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"not a valid event: {exc!r}") from exc


def calendar_to_dict(cal: Calendar) -> dict[str, Any]:
    return calendar_to_row(cal)


def calendar_from_dict(data: Mapping[str, Any]) -> Calendar:
    try:
        return row_to_calendar(data)
    except InvalidInput:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"not a valid calendar: {exc!r}") from exc


def chat_turn_to_dict(turn: ChatTurn) -> dict[str, Any]:
    return {
        "id": turn.id,
        "conversation_id": turn.conversation_id,
        "role": turn.role,
        "text": turn.text,
        "intent": turn.intent,
        "proposal": turn.proposal,
        "created_at": to_epoch(turn.created_at),
    }


def chat_turn_from_dict(data: Mapping[str, Any]) -> ChatTurn:
    try:
        return ChatTurn(
            id=str(data["id"]),
            conversation_id=str(data["conversation_id"]),
            role=str(data["role"]),
            text=str(data["text"]),
            intent=data.get("intent"),
            proposal=data.get("proposal"),
            created_at=from_epoch(int(data["created_at"])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"not a valid chat turn: {exc!r}") from exc
