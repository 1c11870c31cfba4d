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
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, or_, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError, OperationalError

from core import recurrence
from core.errors import DatabaseCorrupt, DatabaseLocked, InvalidInput, NotFound, StoreError
from core.ids import new_id
from core.model import Calendar, ChatTurn, Event, Occurrence, OutboxEntry
from core.store import codec, migrate
from core.store.schema import (
    SHORT_SPAN_SECONDS,
    calendars,
    chat_turns,
    events,
    outbox,
    sync_state,
)
from core.timeutil import Clock, from_epoch, require_aware, to_epoch, utc_now

log = logging.getLogger(__name__)

DB_FILENAME = "iljeong.sqlite3"
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


@dataclass(slots=True)
class _Tx:
    connection: Connection
    event_ids: set[str] = field(default_factory=set)
    calendar_ids: set[str] = field(default_factory=set)
    chat: bool = False


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
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit: nested calls join the outer transaction; listeners run after commit."""
        current: _Tx | None = getattr(self._local, "tx", None)
        if current is not None:
            yield current.connection
            return
        try:
            with self.engine.begin() as conn:
                tx = _Tx(conn)
                self._local.tx = tx
                try:
                    yield conn
                finally:
                    self._local.tx = None
        except (OperationalError, DatabaseError) as exc:
            self._decoded.clear()
            raise _translate(exc, self.path) from exc
        except BaseException:
            self._decoded.clear()  # rolled back: cached decodings may be ahead of the file
            raise
        if tx.event_ids or tx.calendar_ids or tx.chat:
            self._notify(Changes(frozenset(tx.event_ids), frozenset(tx.calendar_ids), tx.chat))

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
            if cal.is_default:
                conn.execute(update(calendars).values(is_default=False))
            conn.execute(calendars.insert().values(**codec.calendar_to_row(cal)))
            self._tx().calendar_ids.add(cal.id)
        return cal

    def update_calendar(self, cal: Calendar) -> Calendar:
        self.get_calendar(cal.id)
        cal = dataclasses.replace(cal, updated_at=self.clock())
        with self.transaction() as conn:
            if cal.is_default:
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

    def _write(self, conn: Connection, ev: Event, current: dict[str, Any]) -> Event:
        self.get_calendar(ev.calendar_id)
        stored = ev.evolve(
            created_at=from_epoch(current["created_at"]),
            updated_at=self.clock(),
            revision=current["revision"] + 1,
        )
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
            conn.execute(
                update(events)
                .where(or_(events.c.id == event_id, events.c.recurring_event_id == event_id))
                .values(deleted=True, updated_at=now, revision=events.c.revision + 1)
            )
            self._tx().event_ids.add(event_id)
            return codec.row_to_event({**current, "deleted": True})

    def family(self, event_id: str) -> list[Event]:
        """The event with this id and every changed instance naming it as its series,
        deleted and cancelled ones included (what an edit of a series may touch; the
        chat's undo snapshots them)."""
        with self._read() as conn:
            rows = conn.execute(
                select(events).where(
                    or_(events.c.id == event_id, events.c.recurring_event_id == event_id)
                )
            ).mappings()
            return [codec.row_to_event(r) for r in rows]

    def put_back(self, ev: Event) -> Event:
        """Write ``ev`` exactly as given (its ``deleted``/``cancelled`` flags too) over the
        row with its id, bumping the revision; insert it when there is none. Undo uses it
        to restore an earlier version or to tombstone what it had created."""
        with self.transaction() as conn:
            current = self._row(conn, ev.id)
            if current is None:
                self.get_calendar(ev.calendar_id)
                now = self.clock()
                stored = ev.evolve(created_at=now, updated_at=now, revision=1)
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
            self._tx().chat = True
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

    # -- outbox and sync state -----------------------------------------------------------

    def enqueue(self, entry: OutboxEntry) -> OutboxEntry:
        with self.transaction() as conn:
            result = conn.execute(
                outbox.insert().values(
                    target=entry.target,
                    entity=entry.entity,
                    entity_id=entry.entity_id,
                    op=entry.op,
                    payload=json.dumps(entry.payload, ensure_ascii=False),
                    created_at=to_epoch(self.clock()),
                    attempts=0,
                )
            )
            seq = result.inserted_primary_key[0] if result.inserted_primary_key else None
        return dataclasses.replace(entry, seq=seq)

    def pending(self, target: str, limit: int = 500) -> list[OutboxEntry]:
        query = select(outbox).where(outbox.c.target == target).order_by(outbox.c.seq).limit(limit)
        with self._read() as conn:
            return [codec.row_to_outbox(r) for r in conn.execute(query).mappings()]

    def acknowledge(self, seqs: Collection[int]) -> None:
        with self.transaction() as conn:
            conn.execute(outbox.delete().where(outbox.c.seq.in_(list(seqs))))

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
