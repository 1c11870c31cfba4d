"""The sync protocol on PostgreSQL: push, pull, purge. Pure functions over a connection.

Interface (the /v1 routes and the REST endpoints both call these)::

    with db.user_tx(caller.user_id) as conn:
        response = push(conn, caller, mutations)          # -> PushResponse
    with db.user_tx(caller.user_id, snapshot=True) as conn:
        page = pull(conn, caller, cursor, limit)          # -> PullPage; CursorTooOld → 410
    with db.user_tx(user_id) as conn:
        get_entity(conn, user_id, kind, id) / list_entities(conn, user_id, kind)
    with db.admin_tx() as conn:
        purge_tombstones(conn, older_than)                # the tombstone window

Ordering: every user has a version counter. A push locks the user's row first (so one
user's writers run one after another), hands each written row the next version and stores
the counter at the end; commit order therefore equals version order per user, and a pull
cursor (one integer) never skips a change. Every written row gets a version of its own.

Push, per mutation, in order (one transaction for the batch):

* mutation id <= the device's last: a retry; the stored result is returned (``replayed``).
  mutation id > last + 1: :class:`OutOfOrder` (409, "expected": last + 1), nothing applied.
* upsert of a missing row: the data must decode (core.store.codec) or it is "rejected";
  inserted with every field at the new version.
* upsert of a live row: for each changed field, an equal value is a no-op; a field whose
  version is newer than what the device saw (``field_versions``/``base_version``) and whose
  value differs is a conflict: the stored value stays and a ``conflict`` entity records
  the lost value (it syncs like any entity); other fields apply. Passive fields (wire.py)
  never conflict. Device clocks decide nothing.
* Google copies: an event mutation with ``google_updated`` carries Google's own state (the
  device's Google base, at that ``updated``). Each field it writes is marked with it
  (``entities.google_marks``); a field whose stored value is such a copy and whose
  incoming value is a copy of another Google version is ordered by Google's clock: a newer
  copy applies, an older one is superseded (the row gets a new version so the device
  pulls the newer copy back); neither is a conflict (an old lease holder's late import is
  no edit of anyone's). A field's value that is no copy keeps the Google copy it was made
  on as its base (``entities.google_based_on``: mark and value; from the copy it replaced
  here, or the pushing device's Google base, ``google_based_on``; the newest wins). A later
  copy meeting it is stale (superseded, no conflict) when it is no newer than that base or
  still has the base's value (Google left the field alone); else it is Google's own edit:
  it applies when the stored value is still the base's, else the rules here decide (a
  conflict unless seen), as they do for equal marks and values with no base.
* upsert of a deleted row: a restore if the device saw the deletion, else a conflict (the
  row stays deleted).
* delete: a conflict if any field changed since the device saw it, else a tombstone.
* a row touched by a conflict gets a new version, so the losing device pulls the kept
  values back.
* an invalid mutation is answered "rejected" with a message and never blocks the queue (the
  device's last mutation id still advances).

Pull reads in one REPEATABLE READ snapshot: rows with version > cursor in version order.
A cursor between 0 and the user's ``purged_through`` (tombstones purged after
tombstone_days) or beyond the user's version raises :class:`CursorTooOld`: the device pulls
again from 0 (a full snapshot) and keeps its outbox. Cursor 0 is always served.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import namedtuple_row
from sqlalchemy import text
from sqlalchemy.engine import Connection

from core.errors import IljeongError, InvalidInput
from core.service.auth import Caller
from core.service.db import driver
from core.service.wire import (
    DELETED,
    FIELD_GROUPS,
    PASSIVE_FIELDS,
    Change,
    Mutation,
    MutationResult,
    PullPage,
    PushResponse,
)
from core.timeutil import to_epoch, utc_now

NOTIFY_CHANNEL = "iljeong_sync"
MAX_PULL_LIMIT = 1000
_CONFLICT_NAMESPACE = uuid.UUID("3b0f6d8e-6a52-4d1f-9a36-2f0d0c8b5e71")


#: Never changed after the first write.
_FIXED = frozenset({"id", "created_at"})
#: Taken from the mutation whenever it applies anything (devices do not list it as changed).
_CARRIED = ("updated_at",)


class ProtocolError(IljeongError):
    status_code = 400


class CursorTooOld(ProtocolError):
    """The cursor is older than the tombstone window (or unknown here): resync from 0."""

    status_code = 410

    def __init__(self, message: str, purged_through: int) -> None:
        super().__init__(message)
        self.purged_through = purged_through


class OutOfOrder(ProtocolError):
    status_code = 409

    def __init__(self, expected: int) -> None:
        super().__init__(f"mutation ids must follow on; the next expected is {expected}")
        self.expected = expected


class UnknownDevice(ProtocolError):
    status_code = 403


class _Rejected(Exception):
    pass


def _q(conn: Connection, sql: str, params: Mapping[str, Any]) -> psycopg.Cursor[Any]:
    """Run ``sql`` on the driver connection under ``conn`` (same transaction): the push
    and pull paths skip SQLAlchemy's statement machinery, about a third of their CPU."""
    cursor = driver(conn).cursor(row_factory=namedtuple_row)
    cursor.execute(sql, params)
    return cursor


# -- validation of entity data ------------------------------------------------------------


def _validate_event(data: Mapping[str, Any]) -> None:
    from core.store.codec import event_from_dict

    event_from_dict({**data, DELETED: False})


def _validate_calendar(data: Mapping[str, Any]) -> None:
    from core.store.codec import calendar_from_dict

    calendar_from_dict({**data, DELETED: False})


def _validate_chat_turn(data: Mapping[str, Any]) -> None:
    from core.store.codec import chat_turn_from_dict

    chat_turn_from_dict(data)


def _validate_conflict(data: Mapping[str, Any]) -> None:
    if not isinstance(data.get("entity"), str) or not isinstance(data.get("entity_id"), str):
        raise InvalidInput("a conflict names its entity and entity_id")
    if not isinstance(data.get("fields"), list):
        raise InvalidInput("a conflict lists its fields")
    for side in ("local", "remote"):
        if not isinstance(data.get(side), dict):
            raise InvalidInput(f"a conflict has a {side} object")


_VALIDATORS: dict[str, Callable[[Mapping[str, Any]], None]] = {
    "event": _validate_event,
    "calendar": _validate_calendar,
    "chat_turn": _validate_chat_turn,
    "conflict": _validate_conflict,
}


def _storable(data: Mapping[str, Any]) -> None:
    """What PostgreSQL's jsonb would refuse is refused here, before anything is written."""
    try:
        encoded = json.dumps(data, allow_nan=False)
    except ValueError as exc:
        raise _Rejected(f"not storable: {exc}") from exc
    if "\\u0000" in encoded:
        raise _Rejected("text must not contain NUL characters")


def _validate(kind: str, entity_id: str, data: Mapping[str, Any]) -> None:
    if "id" in data and data["id"] != entity_id:
        raise _Rejected(f"data id {data['id']!r} is not the mutation's id")
    try:
        _VALIDATORS[kind]({**data, "id": entity_id})
    except InvalidInput as exc:
        raise _Rejected(str(exc)) from exc
    except Exception as exc:  # any malformed shape is the device's problem, never a 500
        raise _Rejected(f"not a valid {kind}: {exc!r}") from exc


# -- push ------------------------------------------------------------------------------------


class _Versions:
    """Hands out the user's next versions while the user's row is locked."""

    def __init__(self, current: int) -> None:
        self.start = current
        self.current = current

    def next(self) -> int:
        self.current += 1
        return self.current


def _lock_user(conn: Connection, user_id: int) -> int:
    version = conn.execute(
        text("SELECT version FROM users WHERE id = :u FOR NO KEY UPDATE"), {"u": user_id}
    ).scalar_one_or_none()
    if version is None:
        raise UnknownDevice("this account does not exist")
    return int(version)


def push(conn: Connection, caller: Caller, mutations: Sequence[Mutation]) -> PushResponse:
    """Apply an ordered batch in the caller's user transaction (READ COMMITTED).

    A mutation is rejected before it writes anything (validation comes first), so no
    savepoint is needed: a rejection leaves the transaction as it was.
    """
    head = _q(
        conn,
        "SELECT u.version, d.last_mutation_id, d.revoked_at, d.id AS device "
        "FROM users u LEFT JOIN devices d ON d.id = %(d)s AND d.user_id = u.id "
        "WHERE u.id = %(u)s FOR NO KEY UPDATE OF u",
        {"d": caller.device_id, "u": caller.user_id},
    ).fetchone()
    if head is None:
        raise UnknownDevice("this account does not exist")
    if head.device is None or head.revoked_at is not None:
        raise UnknownDevice("this device is not registered for this account (or was revoked)")
    versions = _Versions(int(head.version))
    last = int(head.last_mutation_id)
    results: list[MutationResult] = []
    receipts: list[dict[str, Any]] = []
    for mutation in mutations:
        mid = mutation.mutation_id if mutation.mutation_id is not None else last + 1
        if mid <= last:
            results.append(_replay(conn, caller, mid))
            continue
        if mid > last + 1:
            raise OutOfOrder(last + 1)
        try:
            result = _apply(conn, caller, mutation, mid, versions)
        except _Rejected as exc:
            result = MutationResult(mutation_id=mid, status="rejected", error=str(exc)[:500])
        receipts.append(
            {
                "d": caller.device_id,
                "m": mid,
                "u": caller.user_id,
                "s": result.status,
                "r": result.model_dump_json(),
            }
        )
        last = mid
        results.append(result)
    if receipts:
        driver(conn).cursor().executemany(
            "INSERT INTO mutations (device_id, mutation_id, user_id, status, result) "
            "VALUES (%(d)s, %(m)s, %(u)s, %(s)s, CAST(%(r)s AS jsonb))",
            receipts,
        )
    changed = versions.current != versions.start
    _q(
        conn,
        "WITH d AS (UPDATE devices SET last_mutation_id = %(m)s, last_seen_at = now() "
        "WHERE id = %(d)s), u AS (UPDATE users SET version = %(v)s "
        "WHERE id = %(u)s AND %(changed)s) "
        "SELECT CASE WHEN %(changed)s THEN pg_notify(%(c)s, %(p)s) END",
        {
            "m": last,
            "d": caller.device_id,
            "v": versions.current,
            "u": caller.user_id,
            "changed": changed,
            "c": NOTIFY_CHANNEL,
            "p": f"{caller.user_id}:{versions.current}:{caller.device_id}",
        },
    )
    return PushResponse(results=results, last_mutation_id=last, version=versions.current)


def _replay(conn: Connection, caller: Caller, mid: int) -> MutationResult:
    found = _q(
        conn,
        "SELECT result FROM mutations WHERE device_id = %(d)s AND mutation_id = %(m)s",
        {"d": caller.device_id, "m": mid},
    ).fetchone()
    stored = None if found is None else found.result
    if stored is None:  # receipt pruned: it was processed long ago
        return MutationResult(mutation_id=mid, status="applied", replayed=True)
    result = MutationResult.model_validate(stored)
    return result.model_copy(update={"replayed": True})


def _load_row(conn: Connection, user_id: int, kind: str, entity_id: str) -> Any:
    return _q(
        conn,
        "SELECT data, field_versions, version, deleted, google_marks, google_based_on "
        "FROM entities "
        "WHERE user_id = %(u)s AND kind = %(k)s AND id = %(i)s FOR UPDATE",
        {"u": user_id, "k": kind, "i": entity_id},
    ).fetchone()


def _write_row(
    conn: Connection,
    caller: Caller,
    kind: str,
    entity_id: str,
    data: Mapping[str, Any],
    field_versions: Mapping[str, int],
    version: int,
    deleted: bool,
    marks: Mapping[str, int] | None = None,
    *,
    set_marks: bool = False,
    based_on: Mapping[str, Any] | None = None,
) -> None:
    """Insert or replace a row; its Google marks (and based-on copies) change only with
    ``set_marks``."""
    _q(
        conn,
        "INSERT INTO entities (user_id, kind, id, data, field_versions, version, deleted, "
        "updated_at, updated_by, google_marks, google_based_on) VALUES (%(u)s, %(k)s, "
        "%(i)s, CAST(%(d)s AS jsonb), CAST(%(f)s AS jsonb), %(v)s, %(x)s, now(), %(by)s, "
        "CAST(%(g)s AS jsonb), CAST(%(b)s AS jsonb)) "
        "ON CONFLICT (user_id, kind, id) DO UPDATE SET "
        "data = excluded.data, field_versions = excluded.field_versions, "
        "version = excluded.version, deleted = excluded.deleted, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by, "
        "google_marks = CASE WHEN %(sg)s THEN excluded.google_marks "
        "ELSE entities.google_marks END, "
        "google_based_on = CASE WHEN %(sg)s THEN excluded.google_based_on "
        "ELSE entities.google_based_on END",
        {
            "u": caller.user_id,
            "k": kind,
            "i": entity_id,
            "d": json.dumps(data, ensure_ascii=False),
            "f": json.dumps(field_versions),
            "v": version,
            "x": deleted,
            "by": caller.device_id,
            "g": json.dumps(marks) if marks else None,
            "b": json.dumps(based_on, ensure_ascii=False) if based_on else None,
            "sg": set_marks,
        },
    )


def _seen(mutation: Mutation) -> Callable[[str], int]:
    explicit = mutation.field_versions or {}
    fallback = mutation.base_version or 0
    return lambda field: explicit.get(field, fallback)


def _record_conflict(
    conn: Connection,
    caller: Caller,
    mutation: Mutation,
    mid: int,
    versions: _Versions,
    fields: list[str],
    kept: dict[str, Any],
    lost: dict[str, Any],
) -> str:
    conflict_id = str(uuid.uuid5(_CONFLICT_NAMESPACE, f"{caller.device_id}:{mid}"))
    version = versions.next()
    data = {
        "id": conflict_id,
        "entity": mutation.kind,
        "entity_id": mutation.id,
        "target": "service",
        "fields": fields,
        "local": lost,
        "remote": kept,
        "base": None,
        "source": f"device:{caller.device_id}",
        "created_at": to_epoch(utc_now()),
        "resolved_at": None,
        "resolution": None,
    }
    fv = dict.fromkeys(data, version)
    _write_row(conn, caller, "conflict", conflict_id, data, fv, version, False)
    return conflict_id


def _made_on(m: Mutation, passive: frozenset[str] | set[str]) -> dict[str, dict[str, Any]]:
    """Per field, the Google copy a device's own event edit was made on (its Google base,
    ``google_based_on``): ``{"u": ms, "v": value}``; empty for old clients and copies."""
    given = m.google_based_on if m.kind == "event" else None
    if not given or not isinstance(given.get("u"), int) or not isinstance(given.get("v"), dict):
        return {}
    mark = int(given["u"])
    return {f: {"u": mark, "v": v} for f, v in given["v"].items() if f not in passive}


def _apply(
    conn: Connection, caller: Caller, m: Mutation, mid: int, versions: _Versions
) -> MutationResult:
    data = {k: v for k, v in m.data.items() if k != DELETED}
    _storable(data)
    row = _load_row(conn, caller.user_id, m.kind, m.id)
    seen = _seen(m)
    passive = PASSIVE_FIELDS[m.kind]
    google = m.google_updated if m.kind == "event" else None

    def copied(fields: Any) -> dict[str, int] | None:
        """Marks for ``fields`` written from the mutation: Google's version, if a copy."""
        return None if google is None else {f: google for f in fields if f not in passive}

    made_on = _made_on(m, passive) if google is None else {}

    if row is None:
        if m.op == "delete" and (m.kind != "event" or not data):
            return MutationResult(mutation_id=mid, status="applied")  # nothing to delete
        # A delete with its event: one the service never had but Google has (imported by
        # a lease holder that deleted it before pushing the import): kept as a tombstone,
        # so the holder deletes it in Google.
        _validate(m.kind, m.id, data)
        data["id"] = m.id
        version = versions.next()
        fv = dict.fromkeys(data, version) | {DELETED: version}
        _write_row(
            conn,
            caller,
            m.kind,
            m.id,
            data,
            fv,
            version,
            m.op == "delete",
            copied(data),
            set_marks=True,
            based_on={f: b for f, b in made_on.items() if f in data},
        )
        return MutationResult(mutation_id=mid, status="applied", version=version, field_versions=fv)

    stored: dict[str, Any] = dict(row.data)
    stored_fv: dict[str, int] = {k: int(v) for k, v in row.field_versions.items()}

    if m.kind == "chat_turn":
        if m.op == "delete":
            raise _Rejected("chat turns are never deleted")
        if any(stored.get(k) != v for k, v in data.items() if k != "id") or row.deleted:
            raise _Rejected("a chat turn cannot change once written")
        return MutationResult(mutation_id=mid, status="applied", version=int(row.version))

    if m.op == "delete":
        if row.deleted:
            return MutationResult(mutation_id=mid, status="applied", version=int(row.version))
        newer = sorted(f for f, v in stored_fv.items() if v > seen(f) and f not in passive)
        if newer:
            version = versions.next()
            conflict_id = _record_conflict(
                conn, caller, m, mid, versions, [DELETED], {DELETED: False}, {DELETED: True}
            )
            _write_row(conn, caller, m.kind, m.id, stored, stored_fv, version, False)
            return MutationResult(
                mutation_id=mid, status="conflict", version=version, conflict_id=conflict_id
            )
        version = versions.next()
        stored_fv[DELETED] = version
        _write_row(conn, caller, m.kind, m.id, stored, stored_fv, version, True)
        return MutationResult(
            mutation_id=mid, status="applied", version=version, field_versions={DELETED: version}
        )

    changed = list(data) if m.changed is None else [f for f in m.changed if f != DELETED]
    for name in changed:
        if name not in data:
            raise _Rejected(f"changed field {name!r} is missing from data")

    if row.deleted:
        if stored_fv.get(DELETED, int(row.version)) <= seen(DELETED):
            # The device saw the deletion and wrote the entity again: a restore.
            _validate(m.kind, m.id, data)
            version = versions.next()
            restored = {**data, "id": m.id, "created_at": stored.get("created_at")}
            if restored["created_at"] is None:
                restored.pop("created_at")
            for name, value in restored.items():
                if stored.get(name) != value or name not in stored_fv:
                    stored_fv[name] = version
            stored_fv[DELETED] = version
            _write_row(
                conn,
                caller,
                m.kind,
                m.id,
                restored,
                stored_fv,
                version,
                False,
                copied(restored),
                set_marks=True,
                based_on={f: b for f, b in made_on.items() if f in restored},
            )
            return MutationResult(
                mutation_id=mid, status="applied", version=version, field_versions=stored_fv
            )
        lost = {f: data[f] for f in changed if f not in passive and stored.get(f) != data[f]}
        if not lost:
            return MutationResult(mutation_id=mid, status="applied", version=int(row.version))
        version = versions.next()
        conflict_id = _record_conflict(
            conn,
            caller,
            m,
            mid,
            versions,
            sorted(lost) + [DELETED],
            {DELETED: True},
            {**lost, DELETED: False},
        )
        _write_row(conn, caller, m.kind, m.id, stored, stored_fv, version, True)
        return MutationResult(
            mutation_id=mid, status="conflict", version=version, conflict_id=conflict_id
        )

    applied: dict[str, Any] = {}
    conflicting: list[str] = []
    # Values that are copies of an older Google version than the stored copy (an old lease
    # holder's late import): superseded by Google's own order, never a conflict.
    superseded: list[str] = []
    marks: dict[str, int] = {str(k): int(v) for k, v in (row.google_marks or {}).items()}
    # Per field whose value is no copy but replaced one: that copy {"u": ms, "v": value},
    # the Google version the stored value was made on.
    based_on: dict[str, Any] = dict(row.google_based_on or {})
    for name in changed:
        value = data[name]
        if name in _FIXED or stored.get(name) == value:
            continue
        mark = marks.get(name)
        base = based_on.get(name) if mark is None else None
        if google is not None and mark is not None and name not in passive and google != mark:
            # Both values are copies of Google's state: Google's clock orders them.
            if google > mark:
                applied[name] = value
            else:
                superseded.append(name)
        elif google is not None and base is not None and name not in passive:
            if google <= int(base["u"]) or value == base.get("v"):
                # A copy of the Google version the stored value was made on (or an older
                # one), or Google's value unchanged since: stale, the stored value stands.
                superseded.append(name)
            elif stored.get(name) == base.get("v") or stored_fv.get(name, 0) <= seen(name):
                applied[name] = value  # Google's own later edit of a field left alone here
            else:
                conflicting.append(name)  # both sides changed it since that Google version
        elif name not in passive and stored_fv.get(name, 0) > seen(name):
            conflicting.append(name)
        else:
            applied[name] = value
    for group in FIELD_GROUPS.get(m.kind, ()):
        if not group.isdisjoint(superseded):  # an older copy's group goes as a whole
            for name in group.intersection(applied):
                del applied[name]
                superseded.append(name)
        if not group.isdisjoint(conflicting):
            for name in group.intersection(applied):
                del applied[name]
                conflicting.append(name)
    kept_back = set(conflicting) | set(superseded)
    settled = {f: stored_fv.get(f, 0) for f in changed if f not in kept_back}
    if not applied and not kept_back:
        return MutationResult(
            mutation_id=mid, status="applied", version=int(row.version), field_versions=settled
        )
    merged = dict(stored)
    version = versions.next()  # superseded alone: a new version, so the device pulls back
    if applied:
        merged.update(applied)
        for name in _CARRIED:
            if name in data:
                merged[name] = data[name]
        _validate(m.kind, m.id, merged)
        for name in applied:
            stored_fv[name] = version
            settled[name] = version
            if google is not None and name not in passive:
                marks[name] = google
                based_on.pop(name, None)
            else:  # an edit: keep the newest Google copy it was made on as its base
                bases = [b for b in (based_on.get(name), made_on.get(name)) if b is not None]
                if name in marks:
                    bases.append({"u": marks.pop(name), "v": stored.get(name)})
                if bases:
                    based_on[name] = max(bases, key=lambda b: int(b["u"]))
    new_conflict: str | None = None
    if conflicting:
        new_conflict = _record_conflict(
            conn,
            caller,
            m,
            mid,
            versions,
            sorted(conflicting),
            {f: stored.get(f) for f in conflicting},
            {f: data[f] for f in conflicting},
        )
    _write_row(
        conn,
        caller,
        m.kind,
        m.id,
        merged,
        stored_fv,
        version,
        False,
        marks,
        set_marks=True,
        based_on=based_on,
    )
    return MutationResult(
        mutation_id=mid,
        status="conflict" if conflicting else "applied",
        version=version,
        field_versions=settled,
        conflict_id=new_conflict,
    )


# -- pull ------------------------------------------------------------------------------------


def pull(conn: Connection, caller: Caller, cursor: int, limit: int = 500) -> PullPage:
    """One page of changes after ``cursor`` (run it in a ``snapshot=True`` transaction)."""
    limit = max(1, min(int(limit), MAX_PULL_LIMIT))
    user = _q(
        conn,
        "SELECT u.version, u.purged_through, d.last_mutation_id FROM users u "
        "LEFT JOIN devices d ON d.id = %(d)s AND d.user_id = u.id WHERE u.id = %(u)s",
        {"u": caller.user_id, "d": caller.device_id},
    ).fetchone()
    if user is None:
        raise UnknownDevice("this account does not exist")
    if cursor < 0 or cursor > user.version or 0 < cursor < user.purged_through:
        raise CursorTooOld(
            "this device has been away longer than the service keeps deletions "
            "(or its cursor is unknown here); it must resync from the start",
            int(user.purged_through),
        )
    rows = _q(
        conn,
        "SELECT kind, id, version, deleted, data, field_versions FROM entities "
        "WHERE user_id = %(u)s AND version > %(c)s ORDER BY version LIMIT %(n)s",
        {"u": caller.user_id, "c": cursor, "n": limit + 1},
    ).fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    changes = [change_of(r) for r in rows]
    return PullPage(
        changes=changes,
        cursor=int(rows[-1].version) if has_more else int(user.version),
        has_more=has_more,
        last_mutation_id=int(user.last_mutation_id or 0),
    )


# -- reads for the REST endpoints -------------------------------------------------------------


def change_of(row: Any) -> Change:
    """An ``entities`` row (kind, id, version, deleted, data, field_versions) as a Change."""
    return Change(
        kind=row.kind,
        id=row.id,
        version=row.version,
        deleted=row.deleted,
        data=row.data,
        field_versions=row.field_versions,
    )


def get_entity(conn: Connection, user_id: int, kind: str, entity_id: str) -> Change | None:
    """One row (tombstones included) or None."""
    r = conn.execute(
        text(
            "SELECT kind, id, version, deleted, data, field_versions FROM entities "
            "WHERE user_id = :u AND kind = :k AND id = :i"
        ),
        {"u": user_id, "k": kind, "i": entity_id},
    ).one_or_none()
    return None if r is None else change_of(r)


def list_entities(conn: Connection, user_id: int, kind: str) -> list[Change]:
    """Every live row of one kind, oldest version first."""
    rows = conn.execute(
        text(
            "SELECT kind, id, version, deleted, data, field_versions FROM entities "
            "WHERE user_id = :u AND kind = :k AND NOT deleted ORDER BY version"
        ),
        {"u": user_id, "k": kind},
    ).all()
    return [change_of(r) for r in rows]


# -- tombstone window -------------------------------------------------------------------------


def purge_tombstones(conn: Connection, older_than: datetime) -> int:
    """Delete tombstones last changed before ``older_than``; raise each user's
    ``purged_through`` so cursors from before them get 410. Runs as admin; locks each
    user's row first, like a push, so it never deadlocks with one. Returns rows removed."""
    users = conn.execute(
        text("SELECT DISTINCT user_id FROM entities WHERE deleted AND updated_at < :t"),
        {"t": older_than},
    ).scalars()
    removed = 0
    for user_id in list(users):
        _lock_user(conn, int(user_id))
        highest = conn.execute(
            text(
                "WITH gone AS (DELETE FROM entities WHERE user_id = :u AND deleted "
                "AND updated_at < :t RETURNING version) SELECT count(*), max(version) FROM gone"
            ),
            {"u": user_id, "t": older_than},
        ).one()
        removed += int(highest[0])
        if highest[1] is not None:
            conn.execute(
                text(
                    "UPDATE users SET purged_through = GREATEST(purged_through, :v) WHERE id = :u"
                ),
                {"v": highest[1], "u": user_id},
            )
    # Receipts answer retries; a device does not retry a push for a whole window.
    conn.execute(text("DELETE FROM mutations WHERE received_at < :t"), {"t": older_than})
    return removed
