"""One device at a time syncs the user's Google calendars: the service's Google lease.

Every device queues its changes for Google, but only the holder of the lease talks to
Google; the others' changes reach it through the service and leave from there. The
holder keeps the lease across rounds (renewing it) and hands its Google cursors (the
per-calendar sync tokens of the connected account) to the service after each round, so
the next holder continues where it stopped instead of listing everything again. A
device that stops syncing (closed, crashed, offline) loses the lease when it expires.

Run the service sync before the Google sync on a new holder: what the last holder
pulled from Google reaches this device through the service.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from core.google.account import load_account
from core.google.engine import token_key
from core.store import Store
from core.sync.errors import LeaseHeld, SyncError

if TYPE_CHECKING:
    from core.sync.client import SyncClient

log = logging.getLogger(__name__)

T = TypeVar("T")
#: How long a holder keeps the lease without renewing it (a round renews it).
DEFAULT_TTL_SECONDS = 900


@dataclass
class GoogleLease:
    store: Store
    client: SyncClient
    ttl_seconds: int = DEFAULT_TTL_SECONDS

    def run(self, sync: Callable[[], T]) -> T:
        """Take (or renew) the lease, adopt the last holder's cursors, run ``sync``, hand
        the cursors back. Raises ``LeaseHeld`` without syncing when another device
        holds it."""
        lease = self.client.lease_acquire(self.ttl_seconds)
        self._adopt(lease.get("state") or {})
        result = sync()
        self.client.lease_state(self._cursors())
        return result

    def run_if_holder(self, sync: Callable[[], T]) -> T | None:
        """``run``, or None (logged) while another device holds the lease."""
        try:
            return self.run(sync)
        except LeaseHeld as exc:
            log.info("google sync left to another device: %s", exc)
            return None

    def release(self) -> None:
        """Give the lease up (the app closing); the cursors stay for the next holder."""
        try:
            self.client.lease_release()
        except SyncError as exc:
            log.info("could not release the Google lease: %s", exc)

    def _google_calendars(self) -> list[str]:
        return [c.google_calendar_id for c in self.store.calendars() if c.google_calendar_id]

    def _cursors(self) -> dict[str, Any]:
        account = load_account(self.store)
        tokens = {gid: self.store.get_state(token_key(gid)) for gid in self._google_calendars()}
        return {
            "account": account.email,
            "sync_tokens": {gid: t for gid, t in tokens.items() if t is not None},
        }

    def _adopt(self, state: dict[str, Any]) -> None:
        """The last holder's cursors replace ours when both are the same Google account
        (theirs are newer: a holder hands them over after every round)."""
        account = load_account(self.store)
        if account.email is None or state.get("account") != account.email:
            return
        tokens = state.get("sync_tokens")
        if not isinstance(tokens, dict):
            return
        with self.store.transaction():
            for gid in self._google_calendars():
                if gid in tokens and tokens[gid] != self.store.get_state(token_key(gid)):
                    self.store.set_state(token_key(gid), tokens[gid])
