"""One device at a time syncs the user's Google calendars: the service's Google lease.

Every device queues its changes for Google, but only the holder of the lease talks to
Google; the others' changes reach it through the service and leave from there. The
holder keeps the lease across rounds (renewing it) and hands its Google cursors (the
per-calendar sync tokens of the connected account) to the service after each round, so
the next holder continues where it stopped instead of listing everything again. A
device that stops syncing (closed, crashed, offline) loses the lease when it expires.

The holder hands over its Google bases too (the ``sync_base`` rows of target "google":
Google id, etag and the copy Google last acknowledged, per event): after each round the
ones that changed since its last hand-over (a fingerprint per event id, kept in
``sync_state`` ``google:lease_bases``, tells which), and the next holder adopts the ones
stored after its own last adoption before its first push. So its pushes carry the etags
Google gave the last holder (If-Match; a 412 leads to a read and a three-way merge against
that copy) instead of overwriting Google's newer edits with a stale copy. A base of ours
that changed after our last hand-over and is newer than the handed one is kept (it is
handed over at our next round).

Run the service sync before the Google sync on a new holder: what the last holder
pulled from Google reaches this device through the service.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from core.google.account import load_account
from core.google.engine import ENTITY, TARGET, token_key
from core.model import SyncBase
from core.store import Store
from core.sync.errors import LeaseHeld, SyncError
from core.timeutil import to_epoch, utc_now

if TYPE_CHECKING:
    from core.sync.client import SyncClient

log = logging.getLogger(__name__)

T = TypeVar("T")
#: How long a holder keeps the lease without renewing it (a round renews it).
DEFAULT_TTL_SECONDS = 900
#: Where the hand-over of Google bases stands: account, last sequence adopted, fingerprints.
HANDED_KEY = "google:lease_bases"
#: Bases per request when handing them over.
BASES_CHUNK = 500


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
        state = lease.get("state") or {}
        self._adopt(state)
        self._adopt_bases(state)
        try:
            result = sync()
        except BaseException:
            # What the round settled before it failed is Google's truth already.
            try:
                self._hand_bases()
            except SyncError as exc:
                log.info("could not hand the Google bases over: %s", exc)
            raise
        self._hand_bases()
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

    # -- Google bases ---------------------------------------------------------------------

    def _handed(self, account: str) -> dict[str, Any]:
        handed = self.store.get_state(HANDED_KEY)
        if not isinstance(handed, dict) or handed.get("account") != account:
            return {"account": account, "seq": 0, "prints": {}}
        return handed

    def _adopt_bases(self, state: dict[str, Any]) -> None:
        """Take the bases the last holders handed over after our last adoption."""
        account = load_account(self.store).email
        if account is None or state.get("account") != account:
            return
        handed = self._handed(account)
        prints: dict[str, str] = handed["prints"]
        after = int(handed["seq"])
        ours: dict[str, SyncBase] | None = None
        while True:
            page = self.client.lease_bases(after)
            rows = page.get("bases") or []
            if rows and ours is None:
                ours = {b.entity_id: b for b in self.store.bases(TARGET, ENTITY)}
            with self.store.transaction(origin=TARGET):
                for row in rows:
                    assert ours is not None
                    self._adopt_one(row, ours, prints)
                after = int(page.get("seq", after))
                self.store.set_state(HANDED_KEY, {**handed, "seq": after, "prints": prints})
            if not page.get("more"):
                return

    def _adopt_one(
        self, row: dict[str, Any], ours: dict[str, SyncBase], prints: dict[str, str]
    ) -> None:
        entity_id = str(row["entity_id"])
        synced_at = datetime.fromisoformat(str(row["synced_at"]))
        mine = ours.get(entity_id)
        if (
            mine is not None
            and prints.get(entity_id) != _print(mine)
            and to_epoch(mine.synced_at) > to_epoch(synced_at)
        ):
            return  # ours changed after our last hand-over and is newer: it goes next
        if row.get("deleted") or row.get("data") is None:
            if mine is not None:
                self.store.delete_base(TARGET, ENTITY, entity_id)
                ours.pop(entity_id, None)
            prints.pop(entity_id, None)
            return
        base = SyncBase(
            target=TARGET,
            entity=ENTITY,
            entity_id=entity_id,
            data=dict(row["data"]),
            remote_id=row.get("remote_id"),
            version=row.get("version"),
            synced_at=synced_at,
        )
        self.store.set_base(base)
        ours[entity_id] = base
        prints[entity_id] = _print(base)

    def _hand_bases(self) -> None:
        """Hand the bases that changed since our last hand-over to the service."""
        account = load_account(self.store).email
        if account is None:
            return
        handed = self._handed(account)
        prints: dict[str, str] = handed["prints"]
        current = {b.entity_id: b for b in self.store.bases(TARGET, ENTITY)}
        records: list[tuple[str, str | None, dict[str, Any]]] = []
        for entity_id, base in current.items():
            mark = _print(base)
            if prints.get(entity_id) != mark:
                records.append((entity_id, mark, _wire(base)))
        now = utc_now().isoformat()
        for entity_id in [i for i in prints if i not in current]:
            records.append(
                (entity_id, None, {"entity_id": entity_id, "deleted": True, "synced_at": now})
            )
        if not records:
            return
        try:
            for i in range(0, len(records), BASES_CHUNK):
                chunk = records[i : i + BASES_CHUNK]
                first, last = self.client.lease_save_bases([r[2] for r in chunk])
                for handed_id, handed_mark, _ in chunk:
                    if handed_mark is None:
                        prints.pop(handed_id, None)
                    else:
                        prints[handed_id] = handed_mark
                if first == int(handed["seq"]) + 1:
                    handed["seq"] = last  # nobody else handed any over meanwhile
        finally:
            self.store.set_state(HANDED_KEY, {**handed, "prints": prints})


def _print(base: SyncBase) -> str:
    """A fingerprint of a base as it would be handed over."""
    text = json.dumps(
        [base.remote_id, base.version, base.data, to_epoch(base.synced_at)],
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _wire(base: SyncBase) -> dict[str, Any]:
    return {
        "entity_id": base.entity_id,
        "remote_id": base.remote_id,
        "version": base.version,
        "data": base.data,
        "synced_at": base.synced_at.isoformat(),
        "deleted": False,
    }
