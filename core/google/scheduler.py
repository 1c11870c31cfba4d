"""Background Google sync for the app: every few minutes, and soon after a local change.

An APScheduler ``BackgroundScheduler`` runs the jobs on its own threads; a lock makes
sure two syncs never run at once (a request that arrives during a sync runs once more
right after it). Local changes are noticed through ``Store.subscribe``: when the Google
outbox is not empty, a sync is scheduled a few seconds later, and further changes in
that time are folded into the same run. The status (``SyncStatus``) is a plain value the
window reads or listens to; listeners are called on the scheduler's thread, so a Qt
widget hands them to the UI thread with a signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Literal

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from core.google.account import load_account
from core.google.connection import sync as run_google_sync
from core.google.engine import LAST_SYNC_KEY, TARGET, SyncReport, pending_changes
from core.google.errors import GoogleError, ReconnectNeeded
from core.store import Store
from core.store.repository import Changes
from core.timeutil import utc_now

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = timedelta(minutes=5)
DEFAULT_DEBOUNCE = timedelta(seconds=3)
_PERIODIC_JOB = "google-sync-periodic"
_SOON_JOB = "google-sync-soon"

State = Literal["signed_out", "idle", "syncing", "error", "reconnect_needed"]


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the window shows about Google sync."""

    state: State = "signed_out"
    email: str | None = None
    last_sync_at: datetime | None = None  # the last successful sync
    error: str | None = None  # the last failure (or why a reconnect is needed)
    pending: int = 0  # local changes not yet on Google
    conflicts: int = 0

    @property
    def message(self) -> str:
        """One line for a status bar."""
        if self.state == "signed_out":
            return "Google: not connected"
        if self.state == "reconnect_needed":
            return f"Google: reconnect needed — {self.error}"
        if self.state == "syncing":
            return "Google: syncing…"
        parts = []
        if self.state == "error":
            parts.append(f"sync failed — {self.error}")
        elif self.last_sync_at is not None:
            parts.append(f"synced {self.last_sync_at.astimezone():%H:%M}")
        if self.pending:
            parts.append(f"{self.pending} change(s) waiting")
        if self.conflicts:
            parts.append(f"{self.conflicts} conflict(s) to resolve")
        return "Google: " + ("; ".join(parts) or "connected")


def read_sync_status(store: Store) -> SyncStatus:
    """The status as recorded in the store (account, last sync, queue, conflicts)."""
    account = load_account(store)
    last = store.get_state(LAST_SYNC_KEY)
    last_ok: datetime | None = None
    error: str | None = None
    if isinstance(last, dict):
        stamp = last.get("finished") or last.get("at")
        if last.get("ok") and stamp:
            last_ok = datetime.fromisoformat(stamp)
        elif not last.get("ok"):
            error = last.get("error")
    state: State
    if not account.connected:
        state = "signed_out"
    elif account.status == "reconnect_needed":
        state, error = "reconnect_needed", account.problem
    else:
        state = "error" if error else "idle"
    return SyncStatus(
        state=state,
        email=account.email,
        last_sync_at=last_ok,
        error=error,
        pending=pending_changes(store),
        conflicts=sum(1 for c in store.conflicts() if c.target == TARGET),
    )


class SyncScheduler:
    """Runs ``sync`` in the background; see the module docstring."""

    def __init__(
        self,
        store: Store,
        *,
        interval: timedelta = DEFAULT_INTERVAL,
        debounce: timedelta = DEFAULT_DEBOUNCE,
        run_sync: Callable[[Store], SyncReport] | None = None,
        scheduler: BaseScheduler | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.interval = interval
        self.debounce = debounce
        self._run_sync: Callable[[Store], SyncReport | None] = run_sync or (
            lambda s: run_google_sync(s)
        )
        self._scheduler = scheduler or BackgroundScheduler(timezone=UTC)
        self._clock = clock
        self._busy = threading.Lock()
        self._again = False
        self._forced = False
        self._guard = threading.Lock()
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self._unsubscribe: Callable[[], None] | None = None
        self._status = read_sync_status(store)
        self.runs = 0

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        self._scheduler.add_job(
            self._job,
            "interval",
            seconds=self.interval.total_seconds(),
            id=_PERIODIC_JOB,
            next_run_time=self._clock() + self.debounce,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            replace_existing=True,
        )
        self._unsubscribe = self.store.subscribe(self._on_change)
        if not self._scheduler.running:
            self._scheduler.start()

    def shutdown(self, wait: bool = True) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)

    # -- requests --------------------------------------------------------------------------

    def request_sync(self, delay: timedelta | None = None) -> None:
        """Sync soon; requests within the delay become one run."""
        when = self._clock() + (self.debounce if delay is None else delay)
        self._scheduler.add_job(
            self._job,
            "date",
            run_date=when,
            id=_SOON_JOB,
            replace_existing=True,
            misfire_grace_time=None,
            # A request made while the previous one still runs must not be dropped by
            # APScheduler; the lock in _job keeps syncs one at a time.
            max_instances=8,
        )

    def sync_now(self) -> None:
        """The user asked: sync right away, even if the account looked broken."""
        with self._guard:
            self._forced = True
        self.request_sync(timedelta(0))

    def _on_change(self, changes: Changes) -> None:
        if not (changes.event_ids or changes.external):
            return
        try:
            waiting = self.store.outbox_size(TARGET)
        except Exception:  # noqa: BLE001 - a listener must never break the writer
            log.exception("google scheduler could not read the outbox")
            return
        if waiting:
            self.request_sync()
            self._publish(replace(self._status, pending=pending_changes(self.store)))

    # -- status ----------------------------------------------------------------------------

    @property
    def status(self) -> SyncStatus:
        return self._status

    def add_listener(self, listener: Callable[[SyncStatus], None]) -> Callable[[], None]:
        """Call ``listener(status)`` on every change (from a scheduler thread)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _publish(self, status: SyncStatus) -> None:
        self._status = status
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:  # noqa: BLE001 - a broken view must not stop syncing
                log.exception("google status listener failed")

    # -- the job ---------------------------------------------------------------------------

    def _job(self) -> None:
        if not self._busy.acquire(blocking=False):
            with self._guard:
                self._again = True  # run once more when the current sync ends
            return
        try:
            self._sync_once()
        finally:
            self._busy.release()
        with self._guard:
            again, self._again = self._again, False
        if again:
            self.request_sync(timedelta(0))

    def guard_with(
        self, wrap: Callable[[Callable[[], SyncReport | None]], SyncReport | None]
    ) -> None:
        """Run every sync through ``wrap`` (the sync service's Google lease: only one of
        the user's devices talks to Google; ``wrap`` returns None when it skipped)."""
        plain = self._run_sync

        def guarded(store: Store) -> SyncReport | None:
            return wrap(lambda: plain(store))

        self._run_sync = guarded

    def _sync_once(self) -> None:
        with self._guard:
            forced, self._forced = self._forced, False
        current = read_sync_status(self.store)
        if current.state == "signed_out" or (current.state == "reconnect_needed" and not forced):
            self._publish(current)
            return
        self._publish(replace(current, state="syncing"))
        self.runs += 1
        try:
            self._run_sync(self.store)
        except ReconnectNeeded:
            pass  # recorded by the sync itself; the status below shows it
        except GoogleError as exc:
            log.info("google sync failed: %s", exc)
        except Exception:
            log.exception("google sync failed unexpectedly")
        self._publish(read_sync_status(self.store))
