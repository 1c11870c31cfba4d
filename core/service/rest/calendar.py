"""/api/v1/calendar/…: events over REST, on the same synced entities as the devices.

* ``POST /calendar/events``: create (201). A retried create with the same ``id`` and the
  same fields answers 200 with the stored event ("duplicate"); the same id with other
  fields is a 409. The event lands in the user's default calendar unless one is named.
* ``GET /calendar/events?start=&end=``: events with an instance in [start, end) and every
  instance (repeating events expanded in their own zone), both with offsets.
* ``PUT /calendar/events/{id}``: change the given fields. With ``base_version`` older than
  a field's last change, that field keeps its stored value and the edit is kept as a
  conflict record (status "conflict"), exactly as a device's edit would be.
* ``DELETE /calendar/events/{id}``: a tombstone (a series takes its changed instances).
* ``POST /calendar/sync`` {cursor, limit}: the event, calendar and conflict changes after a
  cursor (the sync protocol's pull), for clients that keep a copy.

Another user's event id is a 404, exactly like an id that never existed.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from core import recurrence
from core.errors import InvalidInput
from core.ids import new_id
from core.model import Attendee, Event, Occurrence, Source
from core.service import protocol
from core.service.auth import Caller
from core.service.db import Database
from core.service.ratelimit import limited_caller
from core.service.rest import entities
from core.service.rest.errors import (
    AUTH_ERRORS,
    BAD_INPUT,
    CONFLICT,
    NOT_FOUND,
    bad_input,
    doc,
    not_found,
)
from core.service.rest.models import (
    IDENTIFIER,
    NO_NUL,
    AttendeeOut,
    CalendarSyncOut,
    CalendarSyncRequest,
    ChangeOut,
    EventIn,
    EventListOut,
    EventOut,
    EventPatch,
    MutationOut,
    OccurrenceOut,
)
from core.service.wire import Mutation, MutationResult
from core.timeutil import add_absolute, get_zone, local_zone_name, utc_now

log = logging.getLogger(__name__)

router = APIRouter(prefix="/calendar", tags=["calendar"])

MAX_RANGE = timedelta(days=400)
SYNC_KINDS = ("event", "calendar", "conflict")

EventId = Annotated[
    str, Path(min_length=1, max_length=200, pattern=NO_NUL, description="The event's id")
]


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


# -- conversions -----------------------------------------------------------------------------


def event_out(ev: Event, version: int) -> EventOut:
    return EventOut(
        id=ev.id,
        calendar_id=ev.calendar_id,
        title=ev.title,
        start=ev.start,
        end=ev.end,
        all_day=ev.all_day,
        time_zone=ev.tz,
        description=ev.description,
        location=ev.location,
        rrule=ev.rrule,
        exdates=list(ev.exdates),
        recurring_event_id=ev.recurring_event_id,
        original_start=ev.original_start,
        cancelled=ev.cancelled,
        reminders=None if ev.reminders is None else list(ev.reminders),
        attendees=[
            AttendeeOut(email=a.email, name=a.name, response=a.response) for a in ev.attendees
        ],
        source=ev.source.value,
        version=version,
        created_at=ev.created_at,
        updated_at=ev.updated_at,
    )


def _occurrence_out(occ: Occurrence) -> OccurrenceOut:
    return OccurrenceOut(
        event_id=occ.event.id,
        series_id=occ.series_id if occ.is_recurring else None,
        title=occ.event.title,
        start=occ.start,
        end=occ.end,
        all_day=occ.all_day,
        location=occ.event.location,
    )


def _is_time(value: Any) -> bool:
    return isinstance(value, datetime)


def _is_date(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _default_end(start: date | datetime, all_day: bool) -> date | datetime:
    if all_day:
        return start + timedelta(days=1)
    assert isinstance(start, datetime)
    return add_absolute(start, timedelta(hours=1))


def _check_kinds(start: Any, end: Any, all_day: bool) -> None:
    points = [p for p in (start, end) if p is not None]
    if all_day and not all(_is_date(p) for p in points):
        raise InvalidInput("an all-day event takes dates (YYYY-MM-DD), not times")
    if not all_day and not all(_is_time(p) for p in points):
        raise InvalidInput("a timed event takes date-times with an offset; use all_day for dates")


def _attendees(items: list[Any] | None) -> tuple[Attendee, ...]:
    return tuple(Attendee(email=a.email, name=a.name, response=a.response) for a in items or ())


def _build(make: Any) -> tuple[Event, dict[str, Any]]:
    """Run an event constructor; any complaint about the values is a 422."""
    try:
        ev: Event = make()
        return ev, entities.portable(ev)
    except InvalidInput as exc:
        raise bad_input(str(exc)) from exc
    except (OverflowError, ValueError, TypeError) as exc:
        raise bad_input(f"the event's times are out of range: {exc}") from exc


def _new_event(body: EventIn, calendar_id: str) -> tuple[Event, dict[str, Any]]:
    def make() -> Event:
        _check_kinds(body.start, body.end, body.all_day)
        tz = body.time_zone or local_zone_name()
        get_zone(tz)
        now = utc_now()
        return Event(
            title=body.title,
            start=body.start,
            end=body.end if body.end is not None else _default_end(body.start, body.all_day),
            calendar_id=calendar_id,
            all_day=body.all_day,
            tz=tz,
            id=body.id or new_id(),
            description=body.description,
            location=body.location,
            rrule=body.rrule or None,
            reminders=None if body.reminders is None else tuple(body.reminders),
            attendees=_attendees(body.attendees),
            source=Source.MANUAL,
            created_at=now,
            updated_at=now,
        )

    return _build(make)


def _patched(ev: Event, body: EventPatch) -> tuple[Event, dict[str, Any]]:
    def make() -> Event:
        all_day = ev.all_day if body.all_day is None else body.all_day
        if all_day != ev.all_day and body.start is None:
            raise InvalidInput("give a start when switching between all-day and timed")
        start = ev.start if body.start is None else body.start
        _check_kinds(start, None, all_day)
        end: date | datetime
        if body.end is not None:
            end = body.end
        elif body.start is None and all_day == ev.all_day:
            end = ev.end
        elif all_day != ev.all_day:
            end = _default_end(start, all_day)
        elif isinstance(start, datetime):
            end = add_absolute(start, ev.duration)  # moved: the duration stays
        else:
            end = start + ev.duration
        _check_kinds(start, end, all_day)
        tz = ev.tz if body.time_zone is None else body.time_zone
        get_zone(tz)
        changes: dict[str, Any] = {
            "title": ev.title if body.title is None else body.title,
            "start": start,
            "end": end,
            "all_day": all_day,
            "tz": tz,
            "updated_at": utc_now(),
        }
        if body.description is not None:
            changes["description"] = body.description
        if body.location is not None:
            changes["location"] = body.location
        if body.clear_rrule:
            changes["rrule"] = None
        elif body.rrule is not None:
            changes["rrule"] = body.rrule or None
        if body.reminders is not None:
            changes["reminders"] = tuple(body.reminders)
        if body.attendees is not None:
            changes["attendees"] = _attendees(body.attendees)
        if body.calendar_id is not None:
            changes["calendar_id"] = body.calendar_id
        return ev.evolve(**changes)

    return _build(make)


def _outcome(result: MutationResult) -> None:
    if result.status == "rejected":
        raise bad_input(result.error or "the change was not accepted")


# -- routes ----------------------------------------------------------------------------------


@router.post(
    "/events",
    status_code=201,
    response_model=MutationOut,
    responses={
        **AUTH_ERRORS,
        **BAD_INPUT,
        **CONFLICT,
        200: {"model": MutationOut, "description": "Already created by an earlier request"},
    },
    summary="Create an event",
)
def create_event(
    body: EventIn, request: Request, who: Annotated[Caller, Depends(limited_caller)]
) -> Any:
    db = _db(request)
    writer = entities.rest_writer(db, who)
    with db.user_tx(who.user_id) as conn:
        entities.lock_user(conn, who.user_id)
        extra: list[Mutation] = []
        if body.calendar_id is not None:
            try:
                entities.require_calendar(conn, who.user_id, body.calendar_id)
            except InvalidInput as exc:
                raise bad_input(str(exc)) from exc
            calendar_id = body.calendar_id
        else:
            calendar_id, make_calendar = entities.default_calendar_id(conn, who.user_id)
            extra = [make_calendar] if make_calendar is not None else []
        ev, data = _new_event(body, calendar_id)
        existing = protocol.get_entity(conn, who.user_id, "event", ev.id)
        if existing is not None:
            if not existing.deleted and _same(existing.data, data):
                out = MutationOut(
                    status="duplicate",
                    event=event_out(entities.decode_event(existing), existing.version),
                )
                return JSONResponse(status_code=200, content=out.model_dump(mode="json"))
            raise HTTPException(status_code=409, detail="an event with this id already exists")
        response = entities.push(
            conn, writer, [*extra, Mutation(kind="event", id=ev.id, data=data)]
        )
        result = response.results[-1]
        _outcome(result)
        stored = protocol.get_entity(conn, who.user_id, "event", ev.id)
    assert stored is not None
    return MutationOut(
        status="applied", event=event_out(entities.decode_event(stored), stored.version)
    )


_STAMPS = ("created_at", "updated_at")


def _same(stored: dict[str, Any], data: dict[str, Any]) -> bool:
    keys = (set(stored) | set(data)) - set(_STAMPS) - {"deleted"}
    return all(stored.get(k) == data.get(k) for k in keys)


def _range(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    if start.tzinfo is None or end.tzinfo is None:
        raise bad_input("start and end must carry a UTC offset, e.g. 2026-11-30T00:00:00+09:00")
    if end <= start:
        raise bad_input("end must be after start")
    if end - start > MAX_RANGE:
        raise bad_input("ask for at most 400 days at a time")
    return start, end


@router.get(
    "/events",
    response_model=EventListOut,
    responses={**AUTH_ERRORS, **BAD_INPUT},
    summary="Events and their instances in a time range",
)
def list_events(
    request: Request,
    who: Annotated[Caller, Depends(limited_caller)],
    start: Annotated[datetime, Query(description="Range start, with offset")],
    end: Annotated[datetime, Query(description="Range end (exclusive), with offset")],
    time_zone: Annotated[
        str | None,
        Query(
            max_length=64,
            pattern=NO_NUL,
            description="Zone that places all-day events (default: start's)",
        ),
    ] = None,
    calendar_id: Annotated[str | None, Query(max_length=64, pattern=IDENTIFIER)] = None,
) -> EventListOut:
    lo, hi = _range(start, end)
    try:
        zone = get_zone(time_zone) if time_zone else lo.tzinfo
        lo.astimezone(get_zone("UTC"))
        hi.astimezone(get_zone("UTC"))
    except (InvalidInput, OverflowError, ValueError) as exc:
        raise bad_input(str(exc)) from exc
    assert zone is not None
    with _db(request).user_tx(who.user_id, snapshot=True) as conn:
        changes = entities.events_in_range(conn, who.user_id, lo, hi)
    events: dict[str, tuple[Event, int]] = {}
    for change in changes:
        try:
            ev = entities.decode_event(change)
        except InvalidInput:
            log.warning("unreadable stored event", extra={"event": change.id})
            continue
        if calendar_id is None or ev.calendar_id == calendar_id:
            events[ev.id] = (ev, change.version)
    overrides: dict[str, list[Event]] = {}
    for ev, _ in events.values():
        if ev.recurring_event_id is not None and ev.recurring_event_id in events:
            overrides.setdefault(ev.recurring_event_id, []).append(ev)
    found: list[Occurrence] = []
    for ev, _ in events.values():
        if ev.recurring_event_id is not None and ev.recurring_event_id in events:
            continue  # expanded with its series
        try:
            found.extend(recurrence.expand(ev, overrides.get(ev.id, ()), lo, hi, zone))
        except (InvalidInput, OverflowError, ValueError):
            log.warning("event cannot be expanded", extra={"event": ev.id})
    found.sort(key=lambda o: o.order)
    shown = {o.event.id for o in found} | {o.series_id for o in found}
    return EventListOut(
        events=[event_out(ev, v) for ev, v in events.values() if ev.id in shown],
        occurrences=[_occurrence_out(o) for o in found],
    )


@router.put(
    "/events/{event_id}",
    response_model=MutationOut,
    responses={**AUTH_ERRORS, **BAD_INPUT, **NOT_FOUND},
    summary="Change an event",
)
def update_event(
    event_id: EventId,
    body: EventPatch,
    request: Request,
    who: Annotated[Caller, Depends(limited_caller)],
) -> MutationOut:
    db = _db(request)
    writer = entities.rest_writer(db, who)
    with db.user_tx(who.user_id) as conn:
        entities.lock_user(conn, who.user_id)
        current = entities.live_event(conn, who.user_id, event_id)
        if current is None:
            raise not_found("no such event")
        if body.calendar_id is not None:
            try:
                entities.require_calendar(conn, who.user_id, body.calendar_id)
            except InvalidInput as exc:
                raise bad_input(str(exc)) from exc
        try:
            before = entities.decode_event(current)
        except InvalidInput as exc:
            raise HTTPException(
                status_code=409, detail=f"the stored event is unreadable: {exc}"
            ) from exc
        ev, data = _patched(before, body)
        old = entities.portable(before)
        changed = [k for k in data if data.get(k) != old.get(k) and k not in _STAMPS]
        if not changed:
            return MutationOut(status="applied", event=event_out(before, current.version))
        base = current.version if body.base_version is None else body.base_version
        response = entities.push(
            conn,
            writer,
            [
                Mutation(
                    kind="event",
                    id=event_id,
                    data=data,
                    changed=[*changed, "updated_at"],
                    base_version=min(base, current.version),
                )
            ],
        )
        result = response.results[-1]
        _outcome(result)
        stored = protocol.get_entity(conn, who.user_id, "event", event_id)
    assert stored is not None
    return MutationOut(
        status="conflict" if result.status == "conflict" else "applied",
        event=event_out(entities.decode_event(stored), stored.version),
        conflict_id=result.conflict_id,
    )


@router.delete(
    "/events/{event_id}",
    status_code=204,
    response_class=Response,
    responses={**AUTH_ERRORS, **NOT_FOUND},
    summary="Delete an event (a repeating one with its changed instances)",
)
def delete_event(
    event_id: EventId, request: Request, who: Annotated[Caller, Depends(limited_caller)]
) -> Response:
    db = _db(request)
    writer = entities.rest_writer(db, who)
    with db.user_tx(who.user_id) as conn:
        entities.lock_user(conn, who.user_id)
        current = entities.live_event(conn, who.user_id, event_id)
        if current is None:
            raise not_found("no such event")
        doomed = [current, *entities.instances_of(conn, who.user_id, event_id)]
        entities.push(
            conn,
            writer,
            [Mutation(kind="event", id=c.id, op="delete", base_version=c.version) for c in doomed],
        )
    return Response(status_code=204)


@router.post(
    "/sync",
    response_model=CalendarSyncOut,
    responses={
        **AUTH_ERRORS,
        **BAD_INPUT,
        410: doc("The cursor is older than the tombstone window: start again from 0"),
    },
    summary="Event, calendar and conflict changes after a cursor",
)
def calendar_sync(
    request: Request,
    who: Annotated[Caller, Depends(limited_caller)],
    body: CalendarSyncRequest | None = None,
) -> CalendarSyncOut:
    body = body or CalendarSyncRequest()
    with _db(request).user_tx(who.user_id, snapshot=True) as conn:
        page = protocol.pull(conn, who, body.cursor, body.limit)
    return CalendarSyncOut(
        changes=[
            ChangeOut(entity=c.kind, id=c.id, version=c.version, deleted=c.deleted, fields=c.data)
            for c in page.changes
            if c.kind in SYNC_KINDS
        ],
        cursor=page.cursor,
        has_more=page.has_more,
    )
