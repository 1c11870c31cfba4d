"""The Google sync lease: one device at a time syncs the user's Google calendars.

A lease row per user holds the holder device, its expiry and a JSON ``state`` (per-calendar
sync tokens, etags: whatever the Google engine needs to continue where the last holder
stopped). Acquire is granted when the lease is free, expired or already ours; renew is an
acquire by the holder; release frees it (the state stays for the next holder). Only the
holder may write the state. All functions run in the caller's user transaction.

The holder's Google bases (per event: Google id, etag, the copy Google last acknowledged)
live in ``google_bases``, one row per event: ``save_bases`` (holder only) stores the ones
that changed since its last hand-over, each under the next ``bases_seq``; ``bases_after``
pages through the rows changed after a holder's last adoption (deleted rows included), so
a hand-over costs what changed, not the whole calendar.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.engine import Connection

from core.service.auth import Caller
from core.service.protocol import ProtocolError
from core.timeutil import utc_now

MAX_TTL_SECONDS = 3600


class LeaseHeld(ProtocolError):
    status_code = 409

    def __init__(self, holder: str, expires_at: datetime) -> None:
        super().__init__(
            f"another device ({holder}) holds the Google sync lease until "
            f"{expires_at.isoformat(timespec='seconds')}"
        )
        self.holder = holder
        self.expires_at = expires_at


class Lease(BaseModel):
    held_by_you: bool
    device_id: str | None
    expires_at: datetime | None
    state: dict[str, Any]


def _row(conn: Connection, user_id: int) -> Any:
    conn.execute(
        text("INSERT INTO google_lease (user_id) VALUES (:u) ON CONFLICT (user_id) DO NOTHING"),
        {"u": user_id},
    )
    return conn.execute(
        text("SELECT device_id, expires_at, state FROM google_lease WHERE user_id = :u FOR UPDATE"),
        {"u": user_id},
    ).one()


def _lease(caller: Caller, device_id: str | None, expires_at: Any, state: Any) -> Lease:
    now = utc_now()
    live = device_id is not None and expires_at is not None and expires_at > now
    return Lease(
        held_by_you=live and device_id == caller.device_id,
        device_id=device_id if live else None,
        expires_at=expires_at if live else None,
        state=dict(state or {}),
    )


def current(conn: Connection, caller: Caller) -> Lease:
    row = _row(conn, caller.user_id)
    return _lease(caller, row.device_id, row.expires_at, row.state)


def acquire(conn: Connection, caller: Caller, ttl_seconds: int) -> Lease:
    """Take or renew the lease for ``ttl_seconds`` (1..3600); LeaseHeld if another has it."""
    ttl = max(1, min(int(ttl_seconds), MAX_TTL_SECONDS))
    row = _row(conn, caller.user_id)
    now = utc_now()
    if (
        row.device_id is not None
        and row.device_id != caller.device_id
        and row.expires_at is not None
        and row.expires_at > now
    ):
        raise LeaseHeld(str(row.device_id), row.expires_at)
    expires = now + timedelta(seconds=ttl)
    conn.execute(
        text(
            "UPDATE google_lease SET device_id = :d, expires_at = :x, updated_at = now() "
            "WHERE user_id = :u"
        ),
        {"d": caller.device_id, "x": expires, "u": caller.user_id},
    )
    return _lease(caller, caller.device_id, expires, row.state)


def _require_holder(conn: Connection, caller: Caller) -> Any:
    row = _row(conn, caller.user_id)
    held = _lease(caller, row.device_id, row.expires_at, row.state)
    if not held.held_by_you:
        raise LeaseHeld(row.device_id or "none", row.expires_at or utc_now())
    return row


def save_state(conn: Connection, caller: Caller, state: dict[str, Any]) -> Lease:
    row = _require_holder(conn, caller)
    conn.execute(
        text(
            "UPDATE google_lease SET state = CAST(:s AS jsonb), updated_at = now() "
            "WHERE user_id = :u"
        ),
        {"s": json.dumps(state, ensure_ascii=False), "u": caller.user_id},
    )
    return _lease(caller, row.device_id, row.expires_at, state)


def release(conn: Connection, caller: Caller) -> Lease:
    row = _row(conn, caller.user_id)
    if row.device_id == caller.device_id:
        conn.execute(
            text(
                "UPDATE google_lease SET device_id = NULL, expires_at = NULL, updated_at = now() "
                "WHERE user_id = :u"
            ),
            {"u": caller.user_id},
        )
        return _lease(caller, None, None, row.state)
    return _lease(caller, row.device_id, row.expires_at, row.state)


class GoogleBase(BaseModel):
    """One Google base as handed over (``deleted``: the holder dropped it)."""

    entity_id: str = Field(min_length=1, max_length=64)
    remote_id: str | None = Field(default=None, max_length=1024)
    version: str | None = Field(default=None, max_length=200)
    data: dict[str, Any] | None = None
    synced_at: datetime
    deleted: bool = False


class BasesPage(BaseModel):
    bases: list[GoogleBase]
    #: The sequence of the last row returned (the cursor for the next page).
    seq: int
    more: bool


class BasesSaved(BaseModel):
    #: The sequences given to the first and the last base stored (first > seq: none).
    first: int
    seq: int


MAX_BASES_PAGE = 1000


def save_bases(conn: Connection, caller: Caller, bases: list[GoogleBase]) -> BasesSaved:
    """Store the holder's changed bases; returns the sequence of the last one."""
    _require_holder(conn, caller)
    if not bases:
        seq = conn.execute(
            text("SELECT bases_seq FROM google_lease WHERE user_id = :u"), {"u": caller.user_id}
        ).scalar_one()
        return BasesSaved(first=int(seq) + 1, seq=int(seq))
    last = conn.execute(
        text(
            "UPDATE google_lease SET bases_seq = bases_seq + :n WHERE user_id = :u "
            "RETURNING bases_seq"
        ),
        {"n": len(bases), "u": caller.user_id},
    ).scalar_one()
    first = int(last) - len(bases) + 1
    conn.execute(
        text(
            "INSERT INTO google_bases "
            "(user_id, entity_id, seq, remote_id, version, data, synced_at, deleted) "
            "VALUES (:u, :e, :q, :r, :v, CAST(:d AS jsonb), :t, :x) "
            "ON CONFLICT (user_id, entity_id) DO UPDATE SET seq = EXCLUDED.seq, "
            "remote_id = EXCLUDED.remote_id, version = EXCLUDED.version, "
            "data = EXCLUDED.data, synced_at = EXCLUDED.synced_at, deleted = EXCLUDED.deleted"
        ),
        [
            {
                "u": caller.user_id,
                "e": b.entity_id,
                "q": first + i,
                "r": b.remote_id,
                "v": b.version,
                "d": None if b.data is None else json.dumps(b.data, ensure_ascii=False),
                "t": b.synced_at,
                "x": b.deleted,
            }
            for i, b in enumerate(bases)
        ],
    )
    return BasesSaved(first=first, seq=int(last))


def bases_after(conn: Connection, caller: Caller, after: int, limit: int) -> BasesPage:
    """The bases stored after sequence ``after``, oldest first, at most ``limit``."""
    limit = max(1, min(int(limit), MAX_BASES_PAGE))
    rows = conn.execute(
        text(
            "SELECT entity_id, seq, remote_id, version, data, synced_at, deleted "
            "FROM google_bases WHERE user_id = :u AND seq > :a ORDER BY seq LIMIT :l"
        ),
        {"u": caller.user_id, "a": int(after), "l": limit + 1},
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return BasesPage(
        bases=[
            GoogleBase(
                entity_id=r.entity_id,
                remote_id=r.remote_id,
                version=r.version,
                data=r.data,
                synced_at=r.synced_at,
                deleted=r.deleted,
            )
            for r in rows
        ],
        seq=int(rows[-1].seq) if rows else int(after),
        more=more,
    )
