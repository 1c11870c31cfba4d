"""The local store: the one truth the UI, the CLI and the sync engines read and write.

SQLite in WAL mode through SQLAlchemy Core. Each public write is one transaction (or part
of an explicit ``with store.transaction():``); listeners hear about committed changes only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import locale
import logging
import operator
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, bindparam, create_engine, event, or_, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError, OperationalError

from core import recurrence
from core.errors import DatabaseCorrupt, DatabaseLocked, InvalidInput, NotFound, StoreError
from core.ids import new_id
from core.model import Calendar, ChatTurn, Conflict, Event, Occurrence, OutboxEntry, SyncBase
from core.store import codec, history, migrate
from core.store.history import HistoryLabel, UndoResult
from core.store.schema import (
    SHORT_SPAN_SECONDS,
    calendars,
    chat_turns,
    conflicts,
    events,
    outbox,
    sync_base,
    sync_state,
)
from core.timeutil import Clock, from_epoch, require_aware, to_epoch, utc_now

log = logging.getLogger(__name__)

DB_FILENAME = "iljeong.sqlite3"
#: Where local changes are pushed. A transaction's origin is left out: a change that came
#: from Google is not sent back to Google (but does go to the sync service).
SYNC_TARGETS = ("google", "service")
#: Entities only the sync service carries (Google has no chat history or our conflicts).
_SERVICE_ONLY = frozenset({"chat_turn", "conflict"})
_SQLITE_MAGIC = b"SQLite format 3\x00"
# Expansions are memoised for this many recent windows (a view's range is a window).
_MEMO_WINDOWS = 16
_CANDIDATES_SQL = (
    "SELECT id, revision FROM events WHERE deleted = 0 AND long_span = 0"
    " AND range_start >= :short_lo AND range_start < :hi AND range_end >= :lo"
    " AND recurring_event_id IS NULL"
    " UNION ALL "
    "SELECT id, revision FROM events WHERE deleted = 0 AND long_span = 1"
    " AND range_start < :hi AND (range_end IS NULL OR range_end >= :lo)"
    " AND recurring_event_id IS NULL"
)
_INSTANCES_SQL = (
    "SELECT id, revision, recurring_event_id FROM events"
    " WHERE recurring_event_id IS NOT NULL AND deleted = 0"
)
_ORDER = operator.attrgetter("order")


@dataclass(frozen=True, slots=True)
class Changes:
    """What one committed transaction changed (ids), for listeners such as views."""

    event_ids: frozenset[str] = frozenset()
    calendar_ids: frozenset[str] = frozenset()
    chat: bool = False
    external: bool = False  # another connection (e.g. the CLI) changed the file
    conflicts: bool = False


@dataclass(slots=True)
class _Tx:
    connection: Connection
    origin: str = "local"
    event_ids: set[str] = field(default_factory=set)
    calendar_ids: set[str] = field(default_factory=set)
    chat_ids: set[str] = field(default_factory=set)
    conflict_ids: set[str] = field(default_factory=set)
    #: History label given by the outermost (or first nested) transaction that named one.
    label: dict[str, Any] | None = None
    #: Before-images of what this transaction touched, by (entity, id); None = not recorded.
    journal: dict[history.Key, dict[str, Any] | None] | None = None

    @property
    def chat(self) -> bool:
        return bool(self.chat_ids)


def _translate(exc: Exception, path: Path) -> Exception:
    message = str(getattr(exc, "orig", exc)).lower()
    if "locked" in message or "busy" in message:
        return DatabaseLocked(
            f"the database {path} is locked by another program (is iljeong running elsewhere?); "
            "nothing was changed"
        )
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return DatabaseCorrupt(
            f"the database {path} is damaged or is not an iljeong database ({message}); "
            "nothing was changed"
        )
    return StoreError(f"database error in {path}: {message}")


def _default_calendar_name() -> str:
    lang = (locale.getlocale()[0] or "").lower()
    return "My calendar" if lang.startswith("en") else "내 캘린더"


class Store:
    """Repository over one SQLite file. Thread-safe: one connection per thread from the pool."""

    def __init__(self, path: Path, *, clock: Clock = utc_now, busy_timeout: float = 5.0) -> None:
        self.path = path
        self.clock = clock
        self._local = threading.local()
        self._listeners: list[Callable[[Changes], None]] = []
        self._watch: sqlite3.Connection | None = None
        self._data_version: int | None = None
        # Decoded events by id (checked against the row's revision) and expansions by
        # (event, revision, instances, window): views re-query the same ranges after every
        # change, and only what changed is decoded or expanded again.
        self._decoded: dict[str, Event] = {}
        self._expanded: dict[tuple[object, ...], dict[tuple[object, ...], list[Occurrence]]] = {}
        _refuse_non_sqlite(path)
        self.engine: Engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": busy_timeout, "check_same_thread": False},
        )
        event.listen(self.engine, "connect", _on_connect)
        try:
            with self.engine.begin() as conn:
                migrate.upgrade(conn)
            self._ensure_default_calendar()
            self.poll_external_changes()  # the baseline: changes from here on are news
        except (OperationalError, DatabaseError) as exc:
            self.engine.dispose()
            raise _translate(exc, path) from exc
        except Exception:
            self.engine.dispose()
            raise

    @classmethod
    def open(cls, data_dir: Path, **kwargs: Any) -> Store:
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the data directory {data_dir}: {exc.strerror}"
            ) from exc
        return cls(data_dir / DB_FILENAME, **kwargs)

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self.engine.dispose()

    def poll_external_changes(self) -> bool:
        """Tell listeners when the file changed since the last poll; cheap, call it often.

        Uses SQLite's ``PRAGMA data_version`` on a connection of its own, so writes by
        other processes (the CLI, a sync job) reach an open window. Our own commits count
        too; views then refresh once more from warm caches.
        """
        if self._watch is None:
            self._watch = sqlite3.connect(self.path, check_same_thread=False)
        try:
            version = self._watch.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
        changed = self._data_version is not None and version != self._data_version
        self._data_version = version
        if changed:
            self._notify(Changes(external=True))
        return changed

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and listeners ------------------------------------------------------

    def subscribe(self, listener: Callable[[Changes], None]) -> Callable[[], None]:
        """Call ``listener`` after each commit that changed something; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @contextlib.contextmanager
    def transaction(
        self, origin: str = "local", label: dict[str, Any] | None = None
    ) -> Iterator[Connection]:
        """One atomic unit: nested calls join the outer transaction; listeners run after commit.

        Every entity the transaction changed is queued in the outbox (in the same
        transaction) for each sync target except ``origin``: sync engines applying remote
        changes pass their own name, so nothing echoes back to where it came from.
        A user origin's change of events, calendars or conflicts is one undo entry
        (core/store/history.py) labelled with ``label`` (kind, title, source …; what is not
        given is derived); ``origin="system"`` is for changes the app makes by itself.
        """
        current: _Tx | None = getattr(self._local, "tx", None)
        if current is not None:
            if label and current.label is None:
                current.label = dict(label)
            yield current.connection
            return
        try:
            with self.engine.begin() as conn:
                tx = _Tx(conn, origin=origin, label=dict(label) if label else None)
                if origin not in history.UNRECORDED_ORIGINS:
                    tx.journal = {}
                self._local.tx = tx
                try:
                    yield conn
                    if tx.journal:
                        history.record(conn, tx.journal, tx.label, to_epoch(self.clock()))
                    self._queue_changes(tx)
                finally:
                    self._local.tx = None
        except (OperationalError, DatabaseError) as exc:
            self._decoded.clear()
            raise _translate(exc, self.path) from exc
        except BaseException:
            self._decoded.clear()  # rolled back: cached decodings may be ahead of the file
            raise
        if tx.event_ids or tx.calendar_ids or tx.chat or tx.conflict_ids:
            self._notify(
                Changes(
                    frozenset(tx.event_ids),
                    frozenset(tx.calendar_ids),
                    tx.chat,
                    conflicts=bool(tx.conflict_ids),
                )
            )

    def _notify(self, changes: Changes) -> None:
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception:  # a broken listener must not undo a committed write
                log.exception("store listener failed")

    def _tx(self) -> _Tx:
        tx: _Tx | None = getattr(self._local, "tx", None)
        assert tx is not None, "write outside a transaction"
        return tx

    def _before(self, entity: str, entity_id: str, row: Any) -> None:
        """Remember a row as it was before this transaction first wrote it (None: it did
        not exist), when the transaction is journalled for undo."""
        journal = self._tx().journal
        if journal is not None and (entity, entity_id) not in journal:
            journal[(entity, entity_id)] = None if row is None else dict(row)

    def _before_calendars(self, conn: Connection) -> None:
        """Before-images of every calendar (a new default clears the others' flag)."""
        if self._tx().journal is not None:
            for row in conn.execute(select(calendars)).mappings():
                self._before("calendar", row["id"], row)

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        current: _Tx | None = getattr(self._local, "tx", None)
        if current is not None:
            yield current.connection
            return
        try:
            with self.engine.connect() as conn:
                yield conn
        except (OperationalError, DatabaseError) as exc:
            raise _translate(exc, self.path) from exc

    # -- calendars -----------------------------------------------------------------------

    def _ensure_default_calendar(self) -> None:
        with self.transaction() as conn:
            found = conn.execute(
                select(calendars.c.id).where(calendars.c.deleted.is_(False)).limit(1)
            ).first()
            self._tx().journal = None  # made by the app, not the user's to undo
            if found is None:
                self.add_calendar(Calendar(name=_default_calendar_name(), is_default=True))

    def calendars(self, *, include_deleted: bool = False) -> list[Calendar]:
        query = select(calendars).order_by(calendars.c.is_default.desc(), calendars.c.name)
        if not include_deleted:
            query = query.where(calendars.c.deleted.is_(False))
        with self._read() as conn:
            return [codec.row_to_calendar(r) for r in conn.execute(query).mappings()]

    def get_calendar(self, calendar_id: str) -> Calendar:
        with self._read() as conn:
            row = (
                conn.execute(select(calendars).where(calendars.c.id == calendar_id))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound(f"no calendar with id {calendar_id}")
        return codec.row_to_calendar(row)

    def default_calendar(self) -> Calendar:
        cals = self.calendars()
        if not cals:
            raise StoreError("the store has no calendar")
        return next((c for c in cals if c.is_default), cals[0])

    def add_calendar(self, cal: Calendar) -> Calendar:
        now = self.clock()
        cal = dataclasses.replace(cal, created_at=now, updated_at=now)
        with self.transaction() as conn:
            self._before("calendar", cal.id, None)
            if cal.is_default:
                self._before_calendars(conn)
                conn.execute(update(calendars).values(is_default=False))
            conn.execute(calendars.insert().values(**codec.calendar_to_row(cal)))
            self._tx().calendar_ids.add(cal.id)
        return cal

    def update_calendar(self, cal: Calendar) -> Calendar:
        self.get_calendar(cal.id)
        cal = dataclasses.replace(cal, updated_at=self.clock())
        with self.transaction() as conn:
            if self._tx().journal is not None:
                row = conn.execute(select(calendars).where(calendars.c.id == cal.id))
                self._before("calendar", cal.id, row.mappings().first())
            if cal.is_default:
                self._before_calendars(conn)
                conn.execute(update(calendars).values(is_default=False))
            conn.execute(
                update(calendars)
                .where(calendars.c.id == cal.id)
                .values(**codec.calendar_to_row(cal))
            )
            self._tx().calendar_ids.add(cal.id)
        return cal

    # -- events --------------------------------------------------------------------------

    def _row(self, conn: Connection, event_id: str) -> dict[str, Any] | None:
        row = conn.execute(select(events).where(events.c.id == event_id)).mappings().first()
        return None if row is None else dict(row)

    def _decode(self, row: Any) -> Event:
        cached = self._decoded.get(row["id"])
        if cached is not None and cached.revision == row["revision"] and not cached.deleted:
            return cached
        decoded = codec.row_to_event(row)
        self._decoded[decoded.id] = decoded
        return decoded

    def get_event(self, event_id: str, *, include_deleted: bool = False) -> Event:
        with self._read() as conn:
            row = self._row(conn, event_id)
        if row is None or (row["deleted"] and not include_deleted):
            raise NotFound(f"no event with id {event_id}")
        return codec.row_to_event(row)

    def find_event(self, event_id: str) -> Event | None:
        try:
            return self.get_event(event_id)
        except NotFound:
            return None

    def add_event(self, ev: Event) -> Event:
        """Insert a new event; its id must be new."""
        with self.transaction() as conn:
            self.get_calendar(ev.calendar_id)
            if self._row(conn, ev.id) is not None:
                raise InvalidInput(f"an event with id {ev.id} already exists")
            now = self.clock()
            stored = ev.evolve(created_at=now, updated_at=now, revision=1, deleted=False)
            self._before("event", stored.id, None)
            conn.execute(events.insert().values(**codec.event_to_row(stored)))
            self._tx().event_ids.add(stored.id)
        return stored

    def update_event(self, ev: Event) -> Event:
        """Replace a live event (bumping its revision)."""
        with self.transaction() as conn:
            current = self._row(conn, ev.id)
            if current is None or current["deleted"]:
                raise NotFound(f"no event with id {ev.id}")
            return self._write(conn, ev, current)

    def save_event(self, ev: Event) -> Event:
        """Insert or replace (used by importers whose ids are derived, so re-imports update)."""
        with self.transaction() as conn:
            current = self._row(conn, ev.id)
            if current is None:
                return self.add_event(ev)
            return self._write(conn, ev.evolve(deleted=False), current)

    def get_events(
        self, event_ids: Iterable[str], *, include_deleted: bool = False
    ) -> dict[str, Event]:
        """The stored events among ``event_ids`` (missing ones are absent), read in chunks."""
        ids = list(dict.fromkeys(event_ids))
        found: dict[str, Event] = {}
        with self._read() as conn:
            for chunk in _chunks(ids):
                for row in conn.execute(select(events).where(events.c.id.in_(chunk))).mappings():
                    if include_deleted or not row["deleted"]:
                        found[row["id"]] = codec.row_to_event(row)
        return found

    def save_events(self, evs: Iterable[Event]) -> list[Event]:
        """``save_event`` for many events in one transaction and a few statements (sync
        engines apply a page of remote changes with it)."""
        batch = list({ev.id: ev for ev in evs}.values())
        if not batch:
            return []
        with self.transaction() as conn:
            known_calendars = {c.id for c in self.calendars(include_deleted=True)}
            missing = {ev.calendar_id for ev in batch} - known_calendars
            if missing:
                raise NotFound(f"no calendar with id {sorted(missing)[0]}")
            current: dict[str, tuple[int, int]] = {}
            journal = self._tx().journal is not None
            for chunk in _chunks([ev.id for ev in batch]):
                if journal:  # whole rows: they are the before-images
                    for r in conn.execute(select(events).where(events.c.id.in_(chunk))).mappings():
                        self._before("event", r["id"], r)
                        current[r["id"]] = (r["created_at"], r["revision"])
                    continue
                query = select(events.c.id, events.c.created_at, events.c.revision).where(
                    events.c.id.in_(chunk)
                )
                current.update({r[0]: (r[1], r[2]) for r in conn.execute(query)})
            now = self.clock()
            inserts: list[dict[str, Any]] = []
            updates: list[dict[str, Any]] = []
            stored: list[Event] = []
            for ev in batch:
                if ev.id in current:
                    created, revision = current[ev.id]
                    saved = ev.evolve(
                        created_at=from_epoch(created),
                        updated_at=now,
                        revision=revision + 1,
                        deleted=False,
                    )
                    row = codec.event_to_row(saved)
                    updates.append({"key": ev.id, **{f"v_{k}": v for k, v in row.items()}})
                else:
                    saved = ev.evolve(created_at=now, updated_at=now, revision=1, deleted=False)
                    inserts.append(codec.event_to_row(saved))
                    if journal:
                        self._before("event", ev.id, None)
                stored.append(saved)
            if inserts:
                conn.execute(events.insert(), inserts)
            if updates:
                # bound names must differ from column names in an UPDATE's SET clause
                columns: dict[str, Any] = {
                    name[2:]: bindparam(name) for name in updates[0] if name != "key"
                }
                conn.execute(
                    update(events).where(events.c.id == bindparam("key")).values(**columns),
                    updates,
                )
            self._tx().event_ids.update(ev.id for ev in batch)
        return stored

    def _write(self, conn: Connection, ev: Event, current: dict[str, Any]) -> Event:
        self.get_calendar(ev.calendar_id)
        stored = ev.evolve(
            created_at=from_epoch(current["created_at"]),
            updated_at=self.clock(),
            revision=current["revision"] + 1,
        )
        self._before("event", ev.id, current)
        conn.execute(
            update(events).where(events.c.id == ev.id).values(**codec.event_to_row(stored))
        )
        self._tx().event_ids.add(ev.id)
        return stored

    def delete_event(self, event_id: str) -> Event:
        """Tombstone an event (and, for a series, its changed instances).

        A changed instance of a series is cancelled instead: a tombstone would bring the
        series' original instance back.
        """
        with self.transaction() as conn:
            current = self._row(conn, event_id)
            if current is None or current["deleted"] or current["cancelled"]:
                raise NotFound(f"no event with id {event_id}")
            if current["recurring_event_id"] is not None:
                return self._write(
                    conn, codec.row_to_event(current).evolve(cancelled=True), current
                )
            now = to_epoch(self.clock())
            family = or_(events.c.id == event_id, events.c.recurring_event_id == event_id)
            if self._tx().journal is not None:
                for row in conn.execute(select(events).where(family)).mappings():
                    self._before("event", row["id"], row)
            touched = conn.execute(
                select(events.c.id).where(family, events.c.deleted.is_(False))
            ).scalars()
            self._tx().event_ids.update(touched)
            conn.execute(
                update(events)
                .where(family)
                .values(deleted=True, updated_at=now, revision=events.c.revision + 1)
            )
            return codec.row_to_event({**current, "deleted": True})

    def family(self, event_id: str) -> list[Event]:
        """The event with this id and every changed instance naming it as its series,
        deleted and cancelled ones included (what an edit of a series may touch)."""
        with self._read() as conn:
            rows = conn.execute(
                select(events).where(
                    or_(events.c.id == event_id, events.c.recurring_event_id == event_id)
                )
            ).mappings()
            return [codec.row_to_event(r) for r in rows]

    def put_back(self, ev: Event) -> Event:
        """Write ``ev`` exactly as given (its ``deleted``/``cancelled`` flags too) over the
        row with its id, bumping the revision; insert it when there is none (sync engines
        apply remote copies with it; undo/redo live in core/store/history.py)."""
        with self.transaction() as conn:
            current = self._row(conn, ev.id)
            if current is None:
                self.get_calendar(ev.calendar_id)
                now = self.clock()
                stored = ev.evolve(created_at=now, updated_at=now, revision=1)
                self._before("event", stored.id, None)
                conn.execute(events.insert().values(**codec.event_to_row(stored)))
                self._tx().event_ids.add(stored.id)
                return stored
            return self._write(conn, ev, current)

    def instances_of(self, series_id: str) -> list[Event]:
        """The changed or cancelled instances of a series."""
        with self._read() as conn:
            rows = conn.execute(
                select(events).where(
                    events.c.recurring_event_id == series_id, events.c.deleted.is_(False)
                )
            ).mappings()
            return [self._decode(r) for r in rows]

    def change_occurrence(self, occ: Occurrence, changed: Event) -> Event:
        """Save ``changed`` as this one instance only (a series gets a changed instance)."""
        if not occ.event.is_recurring:
            return self.update_event(changed)
        override = changed.evolve(
            id=new_id(),
            rrule=None,
            rdates=(),
            exdates=(),
            recurring_event_id=occ.event.id,
            original_start=occ.instance_start,
            google_event_id=None,
            google_etag=None,
        )
        return self.add_event(override)

    def delete_occurrence(self, occ: Occurrence) -> Event:
        """Remove one instance: a single event is deleted, a series loses one date."""
        ev = occ.event
        if ev.is_override:
            return self.update_event(ev.evolve(cancelled=True))
        if not ev.is_recurring:
            return self.delete_event(ev.id)
        return self.update_event(ev.evolve(exdates=(*ev.exdates, occ.instance_start)))

    def all_events(self, *, include_deleted: bool = False) -> list[Event]:
        query = select(events).order_by(events.c.range_start)
        if not include_deleted:
            query = query.where(events.c.deleted.is_(False))
        with self._read() as conn:
            return [self._decode(r) for r in conn.execute(query).mappings()]

    def count_events(self) -> int:
        with self._read() as conn:
            return int(
                conn.execute(text("SELECT count(*) FROM events WHERE deleted = 0")).scalar_one()
            )

    def _candidate_keys(self, conn: Connection, lo: int, hi: int) -> list[tuple[str, int]]:
        """(id, revision) of live top-level events that may touch [lo, hi).

        Short events are found by an exact index range on range_start; series and long
        events (long_span) are few and filtered on both bounds. Both read only the
        covering index; plain DB-API rows because this runs on every view refresh.
        """
        params = {"lo": lo, "hi": hi, "short_lo": lo - SHORT_SPAN_SECONDS}
        return _raw(conn).execute(_CANDIDATES_SQL, params).fetchall()

    def _load(self, conn: Connection, keys: list[tuple[str, int]]) -> list[Event]:
        """Decoded events for (id, revision) keys, reading only rows not decoded before."""
        missing = [
            event_id
            for event_id, rev in keys
            if (cached := self._decoded.get(event_id)) is None or cached.revision != rev
        ]
        for chunk in range(0, len(missing), 900):
            rows = conn.execute(select(events).where(events.c.id.in_(missing[chunk : chunk + 900])))
            for row in rows.mappings():
                self._decoded[row["id"]] = codec.row_to_event(row)
        return [self._decoded[event_id] for event_id, _ in keys]

    def events_overlapping(
        self, start: datetime, end: datetime, *, calendar_ids: Collection[str] | None = None
    ) -> list[Event]:
        """Stored events (series whole) with any instance that may touch [start, end)."""
        lo = to_epoch(require_aware(start, "range start"))
        hi = to_epoch(require_aware(end, "range end"))
        with self._read() as conn:
            found = self._load(conn, self._candidate_keys(conn, lo, hi))
        if calendar_ids is not None:
            wanted = set(calendar_ids)
            found = [e for e in found if e.calendar_id in wanted]
        return found

    def occurrences(
        self,
        start: datetime,
        end: datetime,
        *,
        calendar_ids: Collection[str] | None = None,
        view_zone: tzinfo | None = None,
    ) -> list[Occurrence]:
        """Every instance overlapping [start, end), series expanded, sorted for display."""
        require_aware(start, "range start")
        require_aware(end, "range end")
        if end <= start:
            raise InvalidInput("the end of a range must be after its start")
        zone = view_zone or start.tzinfo
        assert zone is not None  # require_aware above
        candidates = self.events_overlapping(start, end, calendar_ids=calendar_ids)
        overrides: dict[str, list[Event]] = {}
        if any(e.is_recurring for e in candidates):
            # Changed instances are few: read them all through their index and keep
            # those of the series in view (an IN list of every series id is slower).
            series_ids = {e.id for e in candidates if e.is_recurring}
            with self._read() as conn:
                keys = [
                    (event_id, revision)
                    for event_id, revision, series_id in _raw(conn).execute(_INSTANCES_SQL)
                    if series_id in series_ids
                ]
                for ev in self._load(conn, keys):
                    overrides.setdefault(ev.recurring_event_id or "", []).append(ev)
        window = (start.timestamp(), end.timestamp(), str(zone))
        memo = self._expanded.get(window)
        if memo is None:
            if len(self._expanded) >= _MEMO_WINDOWS:
                self._expanded.pop(next(iter(self._expanded)))  # the oldest window
            memo = self._expanded[window] = {}
        result: list[Occurrence] = []
        for ev in candidates:
            instances = overrides.get(ev.id)
            key = (
                ev.id,
                ev.revision,
                tuple((o.id, o.revision) for o in instances) if instances else (),
            )
            expanded = memo.get(key)
            if expanded is None:
                expanded = memo[key] = recurrence.expand(ev, instances or (), start, end, zone)
            result.extend(expanded)
        result.sort(key=_ORDER)
        return result

    # -- chat ----------------------------------------------------------------------------

    def add_chat_turn(self, turn: ChatTurn) -> ChatTurn:
        with self.transaction() as conn:
            conn.execute(chat_turns.insert().values(**codec.chat_turn_to_row(turn)))
            self._tx().chat_ids.add(turn.id)
        return turn

    def chat_turns(self, conversation_id: str = "default", limit: int = 200) -> list[ChatTurn]:
        query = (
            select(chat_turns)
            .where(chat_turns.c.conversation_id == conversation_id)
            .order_by(chat_turns.c.created_at.desc(), chat_turns.c.id.desc())
            .limit(limit)
        )
        with self._read() as conn:
            rows = list(conn.execute(query).mappings())
        return [codec.row_to_chat_turn(r) for r in reversed(rows)]

    # -- outbox ----------------------------------------------------------------------------

    def _queue_changes(self, tx: _Tx) -> None:
        """Queue what ``tx`` changed for every target but its origin (coalescing per entity)."""
        conn = tx.connection
        targets = [t for t in SYNC_TARGETS if t != tx.origin]
        if not targets:
            return
        changed: list[tuple[str, str, str, int | None]] = []
        for chunk in _chunks(sorted(tx.event_ids)):
            query = select(events.c.id, events.c.deleted, events.c.revision).where(
                events.c.id.in_(chunk)
            )
            for event_id, deleted, revision in conn.execute(query):
                changed.append(("event", event_id, "delete" if deleted else "upsert", revision))
        for cal_id in sorted(tx.calendar_ids):
            deleted = conn.execute(
                select(calendars.c.deleted).where(calendars.c.id == cal_id)
            ).scalar()
            changed.append(("calendar", cal_id, "delete" if deleted else "upsert", None))
        changed += [("chat_turn", i, "upsert", None) for i in sorted(tx.chat_ids)]
        changed += [("conflict", i, "upsert", None) for i in sorted(tx.conflict_ids)]
        rows = [
            (target, entity, entity_id, op, revision)
            for target in targets
            for entity, entity_id, op, revision in changed
            if target == "service" or entity not in _SERVICE_ONLY
        ]
        if len(rows) < 8:
            for row in rows:
                self._upsert_outbox(conn, *row)
            return
        created = to_epoch(self.clock())
        for counted in (False, True):  # entities with revisions, then change counters
            params = [
                {
                    "target": target,
                    "entity": entity,
                    "entity_id": entity_id,
                    "op": op,
                    "payload": "{}",
                    "revision": 1 if revision is None else revision,
                    "created_at": created,
                    "attempts": 0,
                }
                for target, entity, entity_id, op, revision in rows
                if (revision is None) == counted
            ]
            if params:
                conn.execute(self._outbox_upsert(counted), params)

    def _upsert_outbox(
        self,
        conn: Connection,
        target: str,
        entity: str,
        entity_id: str,
        op: str,
        revision: int | None,
        payload: dict[str, Any] | None = None,
    ) -> None:
        """One row per (target, entity, id); a later change replaces op and revision but
        keeps the row's place in the queue. Entities without revisions count changes."""
        conn.execute(
            self._outbox_upsert(revision is None),
            {
                "target": target,
                "entity": entity,
                "entity_id": entity_id,
                "op": op,
                "payload": json.dumps(payload or {}, ensure_ascii=False),
                "revision": 1 if revision is None else revision,
                "created_at": to_epoch(self.clock()),
                "attempts": 0,
            },
        )

    @staticmethod
    def _outbox_upsert(counted: bool) -> Any:
        """INSERT … ON CONFLICT for one outbox row (executemany-able)."""
        stmt = sqlite_insert(outbox)
        return stmt.on_conflict_do_update(
            index_elements=[outbox.c.target, outbox.c.entity, outbox.c.entity_id],
            set_={
                "op": stmt.excluded.op,
                "payload": stmt.excluded.payload,
                "revision": outbox.c.revision + 1 if counted else stmt.excluded.revision,
                "attempts": 0,
                "last_error": None,
            },
        )

    def enqueue(self, entry: OutboxEntry) -> OutboxEntry:
        """Queue an entity by hand (e.g. everything local when a target is first connected);
        coalesces with a row already queued for it."""
        with self.transaction() as conn:
            self._upsert_outbox(
                conn,
                entry.target,
                entry.entity,
                entry.entity_id,
                entry.op,
                entry.revision or None,
                entry.payload,
            )
            row = (
                conn.execute(
                    select(outbox).where(
                        outbox.c.target == entry.target,
                        outbox.c.entity == entry.entity,
                        outbox.c.entity_id == entry.entity_id,
                    )
                )
                .mappings()
                .one()
            )
        return codec.row_to_outbox(row)

    def pending(self, target: str, limit: int = 500) -> list[OutboxEntry]:
        """Queued changes for ``target``, oldest first."""
        query = select(outbox).where(outbox.c.target == target).order_by(outbox.c.seq).limit(limit)
        with self._read() as conn:
            return [codec.row_to_outbox(r) for r in conn.execute(query).mappings()]

    def outbox_size(self, target: str, entity: str | None = None) -> int:
        """How many changes wait for ``target`` (only those of ``entity`` when given)."""
        sql = "SELECT count(*) FROM outbox WHERE target = :t"
        params = {"t": target}
        if entity is not None:
            sql += " AND entity = :e"
            params["e"] = entity
        with self._read() as conn:
            return int(conn.execute(text(sql), params).scalar_one())

    def acknowledge(self, target: str, entries: Iterable[OutboxEntry]) -> int:
        """Remove pushed rows, each only if it still holds the revision that was read: a
        change made while the push was in flight stays queued. Returns the rows removed."""
        removed = 0
        with self.transaction() as conn:
            for entry in entries:
                removed += conn.execute(
                    outbox.delete().where(
                        outbox.c.target == target,
                        outbox.c.seq == entry.seq,
                        outbox.c.revision == entry.revision,
                    )
                ).rowcount
        return removed

    def record_failure(self, entries: Iterable[OutboxEntry], error: str) -> None:
        """Count a failed attempt (the rows stay queued)."""
        seqs = [e.seq for e in entries if e.seq is not None]
        if not seqs:
            return
        with self.transaction() as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.seq.in_(seqs))
                .values(attempts=outbox.c.attempts + 1, last_error=error[:500])
            )

    # -- last acknowledged copies (three-way merge bases) ---------------------------------

    def get_base(self, target: str, entity: str, entity_id: str) -> SyncBase | None:
        query = select(sync_base).where(
            sync_base.c.target == target,
            sync_base.c.entity == entity,
            sync_base.c.entity_id == entity_id,
        )
        with self._read() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else codec.row_to_sync_base(row)

    def set_base(self, base: SyncBase) -> None:
        self.set_bases([base])

    def set_bases(self, bases: Iterable[SyncBase]) -> None:
        """``set_base`` for many at once (one statement)."""
        rows = [
            {
                "target": b.target,
                "entity": b.entity,
                "entity_id": b.entity_id,
                "remote_id": b.remote_id,
                "version": b.version,
                "data": json.dumps(b.data, ensure_ascii=False),
                "synced_at": to_epoch(b.synced_at),
            }
            for b in bases
        ]
        if not rows:
            return
        stmt = sqlite_insert(sync_base)
        with self.transaction() as conn:
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[sync_base.c.target, sync_base.c.entity, sync_base.c.entity_id],
                    set_={
                        k: stmt.excluded[k] for k in ("remote_id", "version", "data", "synced_at")
                    },
                ),
                rows,
            )

    def delete_base(self, target: str, entity: str, entity_id: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                sync_base.delete().where(
                    sync_base.c.target == target,
                    sync_base.c.entity == entity,
                    sync_base.c.entity_id == entity_id,
                )
            )

    def bases(self, target: str, entity: str = "event") -> list[SyncBase]:
        query = select(sync_base).where(sync_base.c.target == target, sync_base.c.entity == entity)
        with self._read() as conn:
            return [codec.row_to_sync_base(r) for r in conn.execute(query).mappings()]

    # -- conflicts ---------------------------------------------------------------------------

    def add_conflict(self, conflict: Conflict) -> Conflict:
        """Keep a conflict for the user (it syncs to the service like any entity)."""
        with self.transaction() as conn:
            found = conn.execute(select(conflicts).where(conflicts.c.id == conflict.id))
            old = found.mappings().first()
            self._before("conflict", conflict.id, old)
            if old is None:
                conn.execute(conflicts.insert().values(**codec.conflict_to_row(conflict)))
            else:
                conn.execute(
                    update(conflicts)
                    .where(conflicts.c.id == conflict.id)
                    .values(**codec.conflict_to_row(conflict))
                )
            self._tx().conflict_ids.add(conflict.id)
        return conflict

    def conflicts(self, *, include_resolved: bool = False) -> list[Conflict]:
        query = select(conflicts).order_by(conflicts.c.created_at, conflicts.c.id)
        if not include_resolved:
            query = query.where(conflicts.c.resolved_at.is_(None))
        with self._read() as conn:
            return [codec.row_to_conflict(r) for r in conn.execute(query).mappings()]

    def get_conflict(self, conflict_id: str) -> Conflict:
        with self._read() as conn:
            row = (
                conn.execute(select(conflicts).where(conflicts.c.id == conflict_id))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound(f"no conflict with id {conflict_id}")
        return codec.row_to_conflict(row)

    def resolve_conflict(self, conflict_id: str, keep: Literal["local", "remote"]) -> Event:
        """Settle a conflict: the kept side's values are written as a new revision (so
        every target receives them) and the conflict is marked resolved."""
        if keep not in ("local", "remote"):
            raise InvalidInput("keep must be 'local' or 'remote'")
        with self.transaction(label={"kind": "resolve", "source": "conflict"}):
            conflict = self.get_conflict(conflict_id)
            if conflict.resolved:
                raise InvalidInput(f"conflict {conflict_id} is already resolved")
            if conflict.entity != "event":
                raise InvalidInput(f"conflicts on {conflict.entity} cannot be resolved here")
            current = self.get_event(conflict.entity_id, include_deleted=True)
            chosen = conflict.remote if keep == "remote" else conflict.local
            values = {f: chosen[f] for f in conflict.fields if f in chosen}
            merged = codec.event_from_dict({**codec.event_to_dict(current), **values})
            saved = self.put_back(
                merged.evolve(
                    google_etag=current.google_etag, last_synced_at=current.last_synced_at
                )
            )
            self.add_conflict(
                dataclasses.replace(conflict, resolved_at=self.clock(), resolution=keep)
            )
        return saved

    # -- undo / redo (core/store/history.py) ------------------------------------------------

    def undo(self) -> UndoResult | None:
        """Undo the newest recorded change as a new change (it syncs out like any other);
        None when there is nothing to undo. Raises ``HistoryRefused`` (nothing changed)
        when what it would restore was changed since."""
        return self._history_step(redo=False)

    def redo(self) -> UndoResult | None:
        """Redo the change undone last (None when there is none)."""
        return self._history_step(redo=True)

    def _history_step(self, redo: bool) -> UndoResult | None:
        if getattr(self._local, "tx", None) is not None:
            raise StoreError("undo and redo run in a transaction of their own")
        with self.transaction() as conn:
            tx = self._tx()
            tx.journal = None  # an undo is not itself an entry
            done = history.step(conn, redo, to_epoch(self.clock()))
            if done is None:
                return None
            result, keys = done
            for entity, entity_id in keys:
                {"event": tx.event_ids, "calendar": tx.calendar_ids}.get(
                    entity, tx.conflict_ids
                ).add(entity_id)
            for entity_id in tx.event_ids:
                self._decoded.pop(entity_id, None)
        return result

    def can_undo(self) -> bool:
        return self.undo_label() is not None

    def can_redo(self) -> bool:
        return self.redo_label() is not None

    def undo_label(self) -> HistoryLabel | None:
        """What ``undo`` would undo (for menus), None when nothing."""
        with self._read() as conn:
            return history.next_label(conn, redo=False)

    def redo_label(self) -> HistoryLabel | None:
        with self._read() as conn:
            return history.next_label(conn, redo=True)

    # -- key/value sync state ----------------------------------------------------------------

    def get_state(self, key: str) -> Any:
        with self._read() as conn:
            value = conn.execute(select(sync_state.c.value).where(sync_state.c.key == key)).scalar()
        return None if value is None else json.loads(value)

    def set_state(self, key: str, value: Any) -> None:
        encoded = json.dumps(value, ensure_ascii=False)
        with self.transaction() as conn:
            updated = conn.execute(
                update(sync_state).where(sync_state.c.key == key).values(value=encoded)
            ).rowcount
            if not updated:
                conn.execute(sync_state.insert().values(key=key, value=encoded))


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """Slices small enough for SQLite's bound-parameter limit."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _raw(conn: Connection) -> sqlite3.Connection:
    """The DB-API connection under ``conn`` (same transaction), for hot read paths."""
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def _refuse_non_sqlite(path: Path) -> None:
    """A file that exists but is not SQLite is never touched (WAL setup would write to it)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot read the database {path}: {exc.strerror}") from exc
    if header and header != _SQLITE_MAGIC:
        raise DatabaseCorrupt(
            f"{path} is not an SQLite database (damaged or a different file); nothing was changed"
        )


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()
