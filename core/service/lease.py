"""The Google sync lease: one device at a time syncs the user's Google calendars.

A lease row per user holds the holder device, its expiry and a JSON ``state`` (per-calendar
sync tokens, etags: whatever the Google engine needs to continue where the last holder
stopped). Acquire is granted when the lease is free, expired or already ours; renew is an
acquire by the holder; release frees it (the state stays for the next holder). Only the
holder may write the state. All functions run in the caller's user transaction.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
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
