"""The chat assistant on the server: the desktop's dialog, run on a replica of the user's data.

``POST /api/v1/chat/message`` must behave exactly like the chat pane (proposals, "네" to
save, edits of the pending proposal, questions answered from the calendar, undo). That
dialog (core.assistant.Assistant) works on a local Store, so the server keeps one SQLite
replica per user under ``<server data dir>/assistant/<user id>/`` and keeps it in sync
with the sync engine every device uses (core.sync.engine.SyncEngine), talking to the
protocol in-process instead of over HTTP. The replica is a device of the user
(``server-assistant:<user id>``): its writes are ordinary mutations with their own
mutation ids, so other devices get the saved events and both chat turns, and real
conflicts surface as conflict records like any device's.

One message: lock the user's replica (a thread lock, plus a file lock for other worker
processes), pull, answer with the Assistant, push and pull. The replica never talks to
Google: its "google" outbox is emptied after each round.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import threading
from collections import OrderedDict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlalchemy import text

from core.assistant.dialog import Assistant
from core.assistant.types import Reply
from core.model import ChatTurn
from core.nlu.understand import Understander
from core.service import auth, protocol
from core.service.auth import Caller
from core.service.db import Database
from core.service.wire import PullPage, PushRequest, PushResponse
from core.settings import Settings
from core.store import Store
from core.sync.client import DeviceSession, SyncClient
from core.sync.engine import SyncEngine
from core.sync.errors import MutationOrderError, ResyncNeeded

DEVICE_PREFIX = "server-assistant:"
OPEN_REPLICAS = 32


class InProcessSyncClient:
    """The parts of core.sync.client.SyncClient the engine uses, answered by calling the
    protocol functions directly in the user's own transactions (RLS applies)."""

    def __init__(self, db: Database, who: Caller) -> None:
        self.db = db
        self.who = who
        self.server = "in-process"
        self.session: DeviceSession | None = None

    def login(self) -> DeviceSession:
        with self.db.user_tx(self.who.user_id, snapshot=True) as conn:
            last = conn.execute(
                text("SELECT last_mutation_id FROM devices WHERE id = :d"),
                {"d": self.who.device_id},
            ).scalar_one()
        self.session = DeviceSession(
            device_id=self.who.device_id,
            user_id=self.who.user_id,
            email=self.who.email,
            last_mutation_id=int(last),
        )
        return self.session

    def push(self, body: PushRequest) -> PushResponse:
        try:
            with self.db.user_tx(self.who.user_id) as conn:
                return protocol.push(conn, self.who, body.mutations)
        except protocol.OutOfOrder as exc:
            raise MutationOrderError(str(exc), exc.expected) from exc

    def pull(self, cursor: int, limit: int = 500) -> PullPage:
        try:
            with self.db.user_tx(self.who.user_id, snapshot=True) as conn:
                return protocol.pull(conn, self.who, cursor, limit)
        except protocol.CursorTooOld as exc:
            raise ResyncNeeded(str(exc)) from exc


class _Replica:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = threading.Lock()
        self.store = Store.open(folder)


class AssistantReplicas:
    """Per-user replicas, kept open (at most ``OPEN_REPLICAS``, least recently used go)."""

    def __init__(self, root: Path, db: Database, understander: Understander) -> None:
        self.root = root
        self.db = db
        self.understander = understander
        self._lock = threading.Lock()
        self._open: OrderedDict[int, _Replica] = OrderedDict()
        self._devices: set[int] = set()

    def _device(self, who: Caller) -> Caller:
        device_id = f"{DEVICE_PREFIX}{who.user_id}"
        if who.user_id not in self._devices:
            auth.ensure_device(self.db, who.user_id, device_id, "server assistant")
            with self._lock:
                self._devices.add(who.user_id)
        return Caller(user_id=who.user_id, device_id=device_id, email=who.email)

    def _replica(self, user_id: int) -> _Replica:
        with self._lock:
            found = self._open.get(user_id)
            if found is not None:
                self._open.move_to_end(user_id)
                return found
        made = _Replica(self.root / str(int(user_id)))
        with self._lock:
            found = self._open.get(user_id)
            if found is not None:  # another thread opened it meanwhile
                made.store.close()
                return found
            self._open[user_id] = made
            while len(self._open) > OPEN_REPLICAS:
                _, old = self._open.popitem(last=False)
                with old.lock:
                    old.store.close()
        return made

    @contextlib.contextmanager
    def _locked(self, user_id: int) -> Iterator[_Replica]:
        replica = self._replica(user_id)
        with replica.lock:
            replica.folder.mkdir(parents=True, exist_ok=True)
            with open(replica.folder / "replica.lock", "a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield replica
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def handle(
        self,
        who: Caller,
        message: str,
        *,
        conversation_id: str,
        now: datetime,
        settings: Settings,
    ) -> tuple[Reply, list[ChatTurn]]:
        """Answer one message; returns the reply and the turns it stored (user, assistant)."""
        device = self._device(who)
        with self._locked(who.user_id) as replica:
            store = replica.store
            engine = SyncEngine(store, cast(SyncClient, InProcessSyncClient(self.db, device)))
            self._sync(engine, store)
            before = {t.id for t in store.chat_turns(conversation_id, 4)}
            assistant = Assistant(
                store, settings, understander=self.understander, conversation_id=conversation_id
            )
            reply = assistant.handle(message, now=now)
            turns = [t for t in store.chat_turns(conversation_id, 4) if t.id not in before]
            self._sync(engine, store)
        return reply, turns

    @staticmethod
    def _sync(engine: SyncEngine, store: Store) -> None:
        try:
            engine.sync_once()
        finally:
            stale = store.pending("google", 1_000_000)  # the replica never syncs Google
            if stale:
                store.acknowledge("google", stale)

    def close(self) -> None:
        with self._lock:
            replicas = list(self._open.values())
            self._open.clear()
        for replica in replicas:
            with replica.lock:
                replica.store.close()


def settings_for(base: Settings, time_zone: str) -> Settings:
    return dataclasses.replace(base, time_zone=time_zone)
