"""How each synced kind is read from and written to the local store, in portable form.

Portable form = core.store.codec ``*_to_dict`` (plus this module's ``conflict_to_dict``),
with ``deleted`` as a field. Writes run inside the caller's
``store.transaction(origin="service")``, so nothing echoes back to the service's outbox.
``LOCAL_ONLY`` fields are rewritten by every local write (timestamps), so they never count
as a change and are never compared.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from core.errors import NotFound
from core.model import Calendar, Conflict, Event, OutboxEntry
from core.store import Store, codec
from core.store.schema import chat_turns
from core.timeutil import from_epoch, to_epoch

DELETED = "deleted"
LOCAL_ONLY = frozenset({"created_at", "updated_at"})

Portable = dict[str, Any]


def conflict_to_dict(conflict: Conflict) -> Portable:
    return {
        "id": conflict.id,
        "entity": conflict.entity,
        "entity_id": conflict.entity_id,
        "target": conflict.target,
        "fields": list(conflict.fields),
        "local": conflict.local,
        "remote": conflict.remote,
        "base": conflict.base,
        "created_at": to_epoch(conflict.created_at),
        "resolved_at": None if conflict.resolved_at is None else to_epoch(conflict.resolved_at),
        "resolution": conflict.resolution,
    }


def conflict_from_dict(data: Portable) -> Conflict:
    resolved = data.get("resolved_at")
    return Conflict(
        id=str(data["id"]),
        entity=str(data["entity"]),
        entity_id=str(data["entity_id"]),
        target=str(data.get("target") or "service"),
        fields=tuple(str(f) for f in data.get("fields") or ()),
        local=dict(data.get("local") or {}),
        remote=dict(data.get("remote") or {}),
        base=data.get("base"),
        created_at=from_epoch(int(data["created_at"])),
        resolved_at=None if resolved is None else from_epoch(int(resolved)),
        resolution=data.get("resolution"),
    )


@dataclass(frozen=True)
class Kind:
    name: str
    read: Callable[[Store, str], Portable | None]
    write: Callable[[Store, Portable], None]


# -- events ----------------------------------------------------------------------------------


def _read_event(store: Store, entity_id: str) -> Portable | None:
    try:
        return codec.event_to_dict(store.get_event(entity_id, include_deleted=True))
    except NotFound:
        return None


def _ensure_calendar(store: Store, calendar_id: str) -> None:
    """An event whose calendar never arrived (purged long ago) still gets a home."""
    try:
        store.get_calendar(calendar_id)
    except NotFound:
        store.add_calendar(Calendar(id=calendar_id, name="Synced calendar", is_default=False))


def _write_event(store: Store, data: Portable) -> None:
    current = _read_event(store, str(data["id"]))
    gone = None if current is None else bool(current.get(DELETED))
    if data.get(DELETED) and _tombstone_needless(store, data, gone):
        return  # a tombstone for something this device never had (or already deleted)
    event = codec.event_from_dict(data)
    keep = {}
    if current is not None:
        existing = store.get_event(event.id, include_deleted=True)
        keep = {"google_etag": existing.google_etag, "last_synced_at": existing.last_synced_at}
    _ensure_calendar(store, event.calendar_id)
    store.put_back(event.evolve(**keep) if keep else event)


class EventPage:
    """Events of one pulled page: read with one query, live ones written with one
    ``save_events`` at ``flush`` (tombstones are written at once). Same read/write
    signatures as :data:`KINDS` ``["event"]``."""

    def __init__(self, store: Store, event_ids: list[str]) -> None:
        self.store = store
        self.known: dict[str, Event] = store.get_events(event_ids, include_deleted=True)
        self.fetched = set(event_ids)
        self.live: dict[str, Event] = {}

    def _current(self, entity_id: str) -> Event | None:
        if entity_id in self.known or entity_id in self.fetched:
            return self.known.get(entity_id)
        return self.store.find_event(entity_id) or _deleted_event(self.store, entity_id)

    def read(self, store: Store, entity_id: str) -> Portable | None:
        current = self._current(entity_id)
        return None if current is None else codec.event_to_dict(current)

    def write(self, store: Store, data: Portable) -> None:
        current = self._current(str(data["id"]))
        gone = None if current is None else current.deleted
        if data.get(DELETED) and _tombstone_needless(store, data, gone):
            return
        event = codec.event_from_dict(data)
        if current is not None:
            event = event.evolve(
                google_etag=current.google_etag, last_synced_at=current.last_synced_at
            )
        _ensure_calendar(store, event.calendar_id)
        if event.deleted:
            self.live.pop(event.id, None)
            store.put_back(event)
        else:
            self.live[event.id] = event
        self.known[event.id] = event

    def flush(self) -> None:
        self.store.save_events(self.live.values())
        self.live.clear()


def _tombstone_needless(store: Store, data: Portable, gone: bool | None) -> bool:
    """An incoming tombstone changes nothing here: the event is deleted already (``gone``:
    None when this device never had it), or was never here and not in Google either."""
    return gone if gone is not None else not _in_google(store, str(data["id"]))


def _in_google(store: Store, event_id: str) -> bool:
    """A tombstone of an event this device never had is still written (and so queued for
    Google) when this device's Google base says Google has it: the lease holder adopted
    the base of an import that another device deleted before pushing it."""
    base = store.get_base("google", "event", event_id)
    return base is not None and not base.data.get(DELETED)


def _deleted_event(store: Store, entity_id: str) -> Event | None:
    try:
        return store.get_event(entity_id, include_deleted=True)
    except NotFound:
        return None


# -- calendars -------------------------------------------------------------------------------


def _read_calendar(store: Store, entity_id: str) -> Portable | None:
    try:
        return codec.calendar_to_dict(store.get_calendar(entity_id))
    except NotFound:
        return None


def _write_calendar(store: Store, data: Portable) -> None:
    current = _read_calendar(store, str(data["id"]))
    if data.get(DELETED) and (current is None or current.get(DELETED)):
        return
    cal = codec.calendar_from_dict(data)
    if current is None:
        store.add_calendar(cal)
    else:
        store.update_calendar(cal)


# -- chat turns ------------------------------------------------------------------------------


def _read_chat_turn(store: Store, entity_id: str) -> Portable | None:
    with store.transaction(origin="service") as conn:
        row = conn.execute(select(chat_turns).where(chat_turns.c.id == entity_id)).mappings()
        found = row.first()
    return None if found is None else codec.chat_turn_to_dict(codec.row_to_chat_turn(found))


def _write_chat_turn(store: Store, data: Portable) -> None:
    if data.get(DELETED) or _read_chat_turn(store, str(data["id"])) is not None:
        return  # chat turns never change once written
    store.add_chat_turn(codec.chat_turn_from_dict(data))


# -- conflicts -------------------------------------------------------------------------------


def _read_conflict(store: Store, entity_id: str) -> Portable | None:
    try:
        return conflict_to_dict(store.get_conflict(entity_id))
    except NotFound:
        return None


def _write_conflict(store: Store, data: Portable) -> None:
    if data.get(DELETED):
        return
    incoming = conflict_from_dict(data)
    current = _read_conflict(store, incoming.id)
    if current is not None:
        # The local record keeps its own creation time; resolution travels.
        incoming = dataclasses.replace(incoming, created_at=from_epoch(current["created_at"]))
    store.add_conflict(incoming)
    if (
        incoming.target == "google"
        and incoming.entity == "event"
        and incoming.resolved
        and (current is None or current.get("resolved_at") is None)
    ):
        _queue_for_google(store, incoming.entity_id)


def _queue_for_google(store: Store, event_id: str) -> None:
    """A Google conflict settled on another device: its fields may go to Google again.
    Keeping this side's value changes nothing in the event itself, so nothing else would
    queue it (the holder's push then sends what differs from Google's copy)."""
    try:
        ev = store.get_event(event_id, include_deleted=True)
    except NotFound:
        return
    store.enqueue(
        OutboxEntry(
            target="google",
            entity="event",
            entity_id=event_id,
            op="delete" if ev.deleted else "upsert",
            payload={},
            revision=ev.revision,
        )
    )


KINDS: dict[str, Kind] = {
    "calendar": Kind("calendar", _read_calendar, _write_calendar),
    "event": Kind("event", _read_event, _write_event),
    "chat_turn": Kind("chat_turn", _read_chat_turn, _write_chat_turn),
    "conflict": Kind("conflict", _read_conflict, _write_conflict),
}
