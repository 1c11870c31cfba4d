"""Background sync for the app: APScheduler runs a round every few minutes and at once
when the service pokes (server-sent events), never two rounds at a time.

    sync = scheduler_for(store, on_status=callback)   # None until `iljeong sync` ran once
    sync = SyncScheduler(store, client, interval_minutes=5, on_status=callback)
    sync.start()          # first round now, then every interval; SSE listener thread
    sync.poke()           # ask for a round now (pokes, "sync now" button, network back)
    sync.stop()

``on_status(dict)`` is called from a worker thread after every round with the saved status
(core.sync.engine.status): the UI must marshal it to its own thread. A failed round is
logged and reported; the next interval or poke tries again (the outbox is kept).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.background import BackgroundScheduler

from core.store import Store
from core.sync.engine import SyncEngine, status
from core.sync.errors import SchemaMismatch, SyncError
from core.timeutil import utc_now

if TYPE_CHECKING:  # httpx loads with the client, only when a server is configured
    from core.sync.client import SyncClient

log = logging.getLogger("iljeong.sync")

JOB_ID = "iljeong-service-sync"


class SyncScheduler:
    def __init__(
        self,
        store: Store,
        client: SyncClient,
        *,
        interval_minutes: float = 5.0,
        listen: bool = True,
        on_status: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.engine = SyncEngine(store, client)
        self.interval_minutes = interval_minutes
        self.listen = listen
        self.on_status = on_status
        self.rounds = 0
        self._scheduler = BackgroundScheduler(timezone="UTC")
        self._stop = threading.Event()
        self._listener: threading.Thread | None = None
        self._blocked: str | None = None
        self._lock = threading.Lock()
        self._running = False
        self._again = False

    def start(self) -> None:
        self._scheduler.add_job(
            self.run_once,
            "interval",
            minutes=self.interval_minutes,
            id=JOB_ID,
            max_instances=1,
            coalesce=True,
            next_run_time=utc_now(),
        )
        self._scheduler.start()
        if self.listen:
            self._listener = threading.Thread(
                target=self._listen_forever, name="iljeong-sync-events", daemon=True
            )
            self._listener.start()

    def stop(self) -> None:
        self._stop.set()
        self.client.stop_listening()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        if self._listener is not None:
            self._listener.join(timeout=2)
        self.client.close()

    def poke(self) -> None:
        """Run a round as soon as possible. During a round, one more follows it (the
        change that poked may have committed after that round pulled)."""
        with self._lock:
            if self._running:
                self._again = True
                return
        if self._scheduler.running and not self._stop.is_set():
            now: datetime = utc_now()
            self._scheduler.modify_job(JOB_ID, next_run_time=now)

    def run_once(self) -> dict[str, Any] | None:
        """Rounds now, on the calling thread, until no poke came in meanwhile."""
        with self._lock:
            if self._running:
                self._again = True
                return status(self.store)
            self._running = True
        try:
            while True:
                with self._lock:
                    self._again = False
                current = self._round()
                with self._lock:
                    if not self._again or self._stop.is_set():
                        return current
        finally:
            with self._lock:
                self._running = False

    def _round(self) -> dict[str, Any] | None:
        if self._blocked is not None:
            return status(self.store)  # schema mismatch: wait for an update, keep the outbox
        try:
            self.engine.sync_once()
        except SchemaMismatch as exc:
            self._blocked = str(exc)
            log.warning("sync stopped: the service speaks another schema")
        except SyncError as exc:
            log.info("sync round failed", extra={"error": str(exc)})
        except Exception:
            log.exception("sync round crashed")
        self.rounds += 1
        current = status(self.store)
        if self.on_status is not None and current is not None:
            try:
                self.on_status(current)
            except Exception:
                log.exception("sync status listener failed")
        return current

    def _listen_forever(self) -> None:
        delay = 1.0
        while not self._stop.is_set():
            try:
                self.client.listen(lambda _version: self.poke(), self._stop)
                delay = 1.0
            except SyncError as exc:
                log.info("sync event stream unavailable", extra={"error": str(exc)})
            except Exception:
                log.exception("sync event stream failed")
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, 60.0)


def scheduler_for(
    store: Store,
    *,
    interval_minutes: float = 5.0,
    listen: bool = True,
    on_status: Callable[[dict[str, Any]], None] | None = None,
) -> SyncScheduler | None:
    """The app's background sync when ``iljeong sync --server … --token …`` has been run
    once (server remembered in the store, token in the keyring); None otherwise."""
    import platform

    from core.sync import credentials
    from core.sync.engine import installation_id

    server = credentials.remembered_server(store)
    token = credentials.load_token(server) if server else None
    if not server or not token:
        return None
    from core.sync.client import SyncClient

    client = SyncClient(
        server, token, installation_id=installation_id(store), device_name=platform.node()
    )
    return SyncScheduler(
        store, client, interval_minutes=interval_minutes, listen=listen, on_status=on_status
    )
