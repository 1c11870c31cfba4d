"""The REST API's access to the synced entities: reads by SQL, writes through protocol.push.

REST writes are mutations like any device's, so versions, conflicts, tombstones and the
pokes to other devices work the same. They are pushed as a device of their own,
``<caller's device>~rest``: the caller's own device id keeps its mutation ids for its sync
client (a REST write taking the next id would make the client's next push look like a
retry). ``mutation_id=None`` takes the next id inside the push transaction, which holds the
user's and the device's row locks, so concurrent REST writes of one user queue up.

Every function runs inside the caller's ``db.user_tx`` (row-level security applies) and
filters by ``user_id`` as well.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from core.errors import InvalidInput
from core.model import Calendar, Event
from core.service import auth, protocol
from core.service.auth import Caller
from core.service.db import Database
from core.service.wire import DELETED, Change, Mutation, PushResponse
from core.store.codec import calendar_to_dict, event_from_dict, event_to_dict

REST_DEVICE_SUFFIX = "~rest"
_DEFAULT_CALENDAR_NS = uuid.UUID("0b7f4c1e-2f59-4d6a-8f0c-5a1f3e9d2c47")
_known: set[tuple[str, int, str]] = set()
_known_lock = threading.Lock()


def rest_writer(db: Database, who: Caller) -> Caller:
    """The caller as its REST pseudo-device (registered on first use)."""
    device_id = who.device_id + REST_DEVICE_SUFFIX
    key = (db.url, who.user_id, device_id)
    with _known_lock:
        known = key in _known
    if not known:
        auth.ensure_device(db, who.user_id, device_id, f"REST API ({who.device_id})"[:200])
        with _known_lock:
            _known.add(key)
    return Caller(user_id=who.user_id, device_id=device_id, email=who.email)


def lock_user(conn: Connection, user_id: int) -> None:
    """Take the user's write lock now (the push takes it again, already held), so what a
    route reads before pushing is what the push applies to: REST writes of one user run
    one after another, like pushes."""
    conn.execute(text("SELECT 1 FROM users WHERE id = :u FOR NO KEY UPDATE"), {"u": user_id}).all()


def push(conn: Connection, writer: Caller, mutations: Sequence[Mutation]) -> PushResponse:
    return protocol.push(conn, writer, mutations)


def portable(ev: Event) -> dict[str, Any]:
    """The event's wire data (without the deletion flag, which is the row's)."""
    data = event_to_dict(ev)
    data.pop(DELETED, None)
    return data


def decode_event(change: Change) -> Event:
    return event_from_dict({**change.data, "id": change.id, DELETED: change.deleted})


def live_event(conn: Connection, user_id: int, event_id: str) -> Change | None:
    change = protocol.get_entity(conn, user_id, "event", event_id)
    return None if change is None or change.deleted else change


def instances_of(conn: Connection, user_id: int, series_id: str) -> list[Change]:
    """Live changed instances of a series."""
    rows = conn.execute(
        text(
            "SELECT kind, id, version, deleted, data, field_versions FROM entities "
            "WHERE user_id = :u AND kind = 'event' AND NOT deleted "
            "AND data->>'recurring_event_id' = :s"
        ),
        {"u": user_id, "s": series_id},
    ).all()
    return [protocol.change_of(r) for r in rows]


def events_in_range(conn: Connection, user_id: int, lo: datetime, hi: datetime) -> list[Change]:
    """Live events that may have an instance in [lo, hi): exact for single events, and
    every series and changed instance (their expansion decides)."""
    lo_date = (lo - timedelta(days=2)).date().isoformat()
    hi_date = (hi + timedelta(days=2)).date().isoformat()
    rows = conn.execute(
        text(
            "SELECT kind, id, version, deleted, data, field_versions FROM entities "
            "WHERE user_id = :u AND kind = 'event' AND NOT deleted AND ("
            " data->>'rrule' IS NOT NULL OR data->>'rdates' IS NOT NULL"
            " OR data->>'recurring_event_id' IS NOT NULL"
            " OR (data->>'start_ts' IS NOT NULL AND (data->>'start_ts')::numeric < :hi"
            "     AND (data->>'end_ts')::numeric >= :lo)"
            " OR (data->>'start_date' IS NOT NULL AND data->>'start_date' < :hi_date"
            "     AND data->>'end_date' > :lo_date))"
            " ORDER BY version"
        ),
        {
            "u": user_id,
            "lo": int(lo.timestamp()),
            "hi": int(hi.timestamp()),
            "lo_date": lo_date,
            "hi_date": hi_date,
        },
    ).all()
    return [protocol.change_of(r) for r in rows]


def default_calendar_id(conn: Connection, user_id: int) -> tuple[str, Mutation | None]:
    """The user's default calendar, or a mutation creating one (a stable id per user, so
    two concurrent first writes make the same calendar)."""
    calendars = protocol.list_entities(conn, user_id, "calendar")
    for change in calendars:
        if change.data.get("is_default"):
            return change.id, None
    if calendars:
        return calendars[0].id, None
    cal = Calendar(
        name="iljeong",
        id=str(uuid.uuid5(_DEFAULT_CALENDAR_NS, str(user_id))),
        is_default=True,
    )
    data = calendar_to_dict(cal)
    data.pop(DELETED, None)
    return cal.id, Mutation(kind="calendar", id=cal.id, data=data)


def require_calendar(conn: Connection, user_id: int, calendar_id: str) -> None:
    found = protocol.get_entity(conn, user_id, "calendar", calendar_id)
    if found is None or found.deleted:
        raise InvalidInput(f"no calendar {calendar_id!r} in this account")
