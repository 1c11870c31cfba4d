"""The world of the model test: three devices, the sync service, Google, and an oracle.

    infra = Infra.start(root)          # PostgreSQL database, `iljeong-server serve` subprocess,
                                       # the Calendar emulator, a file keyring (shared by runs)
    world = World(infra, folder)       # a fresh user + Google account, 3 devices, synced once
    world.devices[i].store / .sync() / .google_sync() / .killed_run(...)
    world.quiesce()                    # everything syncs until nothing moves
    world.check()                      # the invariants; raises Violation
    world.close(); infra.stop()

Replicas: each device is its own SQLite ``Store`` with the real ``SyncEngine``, the real
Google engine (``core.google.connection.sync``) behind the real ``GoogleLease``; the
service is the real FastAPI app run as ``iljeong-server serve`` on a throw-away database
(killed with SIGKILL and restarted on the same database); Google is
tests/fakes/google_calendar, written to directly as another Google client would.

Faults: ``FaultTransport`` (device side: offline, answers of pushes lost after commit, the
schema header a device speaks), the emulator's ``Faults`` (error rates, 403/429 rate
limits, dropped connections after a write was applied), SIGKILL of a device's sync (an
``iljeong sync`` / ``iljeong google sync`` subprocess) or of the server, tombstone purges
(410 for lagging devices), invalidated Google sync tokens (410), a schema bump (426).

The oracle. Every value written is unique (titles ``E<n> t<serial>``, locations
``L<serial>``, starts ``BASE + 5 min × serial``), so the value a writer saw before its
write (``prev``) names exactly the write it overwrote. A value is *superseded* when some
later write saw it; two writes that saw the same value are *concurrent* (a fork). The
invariants (``World.check``) follow from that: see its docstring.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx
import keyring
from sqlalchemy import text

from core.google import connection, tokens
from core.google.account import Account, save_account
from core.google.client import RetryPolicy
from core.google.config import (
    API_ENDPOINT_ENV,
    AUTH_URI_ENV,
    TOKEN_URI_ENV,
    Endpoints,
    client_config_from,
)
from core.google.errors import GoogleError
from core.model import Event
from core.service import auth, protocol
from core.service.db import Database
from core.service.wire import SCHEMA_HEADER
from core.store import Store
from core.sync.client import SyncClient
from core.sync.engine import SyncEngine, SyncReport, installation_id
from core.sync.errors import LeaseHeld, SyncError, SyncUnavailable
from core.sync.google_lease import GoogleLease
from tests.fakes.google_calendar import FakeGoogle, Faults
from tests.fakes.keyring_backend import FILE_ENV, FileKeyring
from tests.fakes.service_server import create_database, drop_database

ROOT = Path(__file__).resolve().parents[2]
SEOUL = ZoneInfo("Asia/Seoul")
BASE = datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL)
FIELDS = ("title", "location", "start")
#: The portable (service/conflict) field names of each model field.
WIRE_NAMES = {
    "title": ("title",),
    "location": ("location",),
    "start": ("start_ts", "end_ts", "tz", "all_day", "start_date", "end_date"),
}
# A device or server run with another protocol schema: the subprocess patches the constant
# before anything reads it (the client copies it at import, the server's check at import).
RUN_DEVICE = (
    "import sys, core.service.wire as w; w.SCHEMA_VERSION = int(sys.argv[1]); "
    "from core.cli import main; sys.exit(main(sys.argv[2:]))"
)
RUN_SERVER = (
    "import sys, core.service.schema_check as s; s.SCHEMA_VERSION = int(sys.argv[1]); "
    "from core.service.cli import main; sys.exit(main(sys.argv[2:]))"
)
#: Requests a device may make per minute (the service's 429 beyond).
RATE_LIMIT = 300
NO_SLEEP = RetryPolicy(attempts=5, base_delay=0.0, max_delay=0.0)

T = TypeVar("T")


class Violation(AssertionError):
    """An invariant does not hold."""


# -- values -----------------------------------------------------------------------------------


def key_of(title: str) -> str:
    return title.split(" ", 1)[0]


def start_at(serial: int) -> datetime:
    return BASE + timedelta(minutes=5 * serial)


Row = tuple[str, str, int]  # title, location, start (epoch seconds)


def event_row(ev: Event) -> Row:
    assert isinstance(ev.start, datetime)
    return (ev.title, ev.location or "", int(ev.start.timestamp()))


def model_value(ev: Event, name: str) -> Any:
    return dict(zip(FIELDS, event_row(ev), strict=True))[name]


# -- device side transport ---------------------------------------------------------------------


class FaultTransport(httpx.HTTPTransport):
    """A device's connection to the service: ``offline`` refuses to connect, ``drop`` loses
    the answers of that many pushes after the server committed them, ``schema`` is the
    protocol schema the device speaks."""

    def __init__(self, schema: int) -> None:
        super().__init__()
        self.schema = schema
        self.offline = False
        self.drop = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("the device is offline", request=request)
        request.headers[SCHEMA_HEADER] = str(self.schema)
        response = super().handle_request(request)
        if self.drop and request.url.path == "/v1/push":
            response.read()
            response.close()
            self.drop -= 1
            raise httpx.ReadError("connection lost before the answer arrived", request=request)
        return response


# -- infrastructure shared by the runs -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``iljeong-server serve`` as a subprocess on one database (restartable, killable)."""

    def __init__(self, database_url: str, folder: Path) -> None:
        self.database_url = database_url
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.schema = 1
        self.log = folder / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "ILJEONG_SERVER_SECRET": "model-test-secret-model-test-secret",
            "ILJEONG_SERVER_RATE_LIMIT": str(RATE_LIMIT),
            "ILJEONG_LOG_LEVEL": "WARNING",
        }
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", RUN_SERVER, str(self.schema), "serve"]
                + ["--database-url", self.database_url, "--port", str(self.port)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the sync server exited; see {self.log}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError("the sync server did not start")
            time.sleep(0.05)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Infra:
    """PostgreSQL database + server process + Calendar emulator + keyring, for many runs."""

    root: Path
    database_url: str
    db: Database
    server: Server
    fake: FakeGoogle
    saved_env: dict[str, str | None]
    saved_keyring: Any
    users: Iterator[int] = field(default_factory=lambda: iter(range(1, 1_000_000)))

    @classmethod
    def start(cls, root: Path, seed: int = 0) -> Infra:
        root.mkdir(parents=True, exist_ok=True)
        fake = FakeGoogle(seed=seed).start()
        env = {
            API_ENDPOINT_ENV: fake.api_endpoint,
            AUTH_URI_ENV: fake.auth_uri,
            TOKEN_URI_ENV: fake.token_uri,
            FILE_ENV: str(root / "keyring.json"),
            "PYTHON_KEYRING_BACKEND": "tests.fakes.keyring_backend.FileKeyring",
            "ILJEONG_TZ": "Asia/Seoul",
        }
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        saved_keyring = keyring.get_keyring()
        keyring.set_keyring(FileKeyring())
        url = create_database("iljeong_model")
        server = Server(url, root)
        try:
            server.start()
        except BaseException:
            drop_database(url)
            raise
        return cls(root, url, Database(url, pool_size=2), server, fake, saved, saved_keyring)

    def stop(self) -> None:
        self.server.stop()
        self.db.dispose()
        self.fake.stop()
        drop_database(self.database_url)
        keyring.set_keyring(self.saved_keyring)
        for name, value in self.saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    def restart_server(self, *, kill: bool = True) -> None:
        if kill:
            self.server.kill()
        else:
            self.server.stop()
        self.server.start()


def connect_google(store: Store, fake: FakeGoogle, email: str) -> None:
    """What a successful Google login leaves behind (token in the keyring, account saved)."""
    issued = fake.issue_tokens(email)
    client = client_config_from(fake.client_config(), Endpoints.from_env())
    record = tokens.record_from_token_response(
        email,
        {"access_token": issued["access_token"], "refresh_token": issued["refresh_token"]},
        client,
        issued["scopes"],
    )
    tokens.save_token(record)
    save_account(store, Account(email=email, status="connected"))


# -- devices ----------------------------------------------------------------------------------------


class Device:
    def __init__(self, world: World, name: str, token: str) -> None:
        self.world = world
        self.name = name
        self.token = token
        self.folder = world.folder / name
        self.schema = world.infra.server.schema
        self.open()

    def open(self) -> None:
        self.store = Store.open(self.folder)
        self.transport = FaultTransport(self.schema)
        self.client = SyncClient(
            self.world.infra.server.url,
            self.token,
            installation_id=installation_id(self.store),
            device_name=self.name,
            transport=self.transport,
            timeout=20,
        )
        self.engine = SyncEngine(self.store, self.client)
        self.lease = GoogleLease(self.store, self.client)

    def close(self) -> None:
        self.client.close()
        self.store.close()

    def sync(self) -> SyncReport:
        return self.engine.sync_once()

    def google_sync(self) -> Any:
        """One Google round through the lease (LeaseHeld when another device holds it)."""
        report = self.lease.run(
            lambda: connection.sync(self.store, sleep=lambda _s: None, policy=NO_SLEEP)
        )
        self.world.holder = self
        return report

    def release(self) -> None:
        self.lease.release()
        if self.world.holder is self:
            self.world.holder = None

    def killed_run(self, args: list[str], delay: float) -> bool:
        """Run ``iljeong <args>`` on this device's data in a subprocess and SIGKILL it
        after ``delay`` seconds (True) unless it ended first (False)."""
        self.close()
        try:
            proc = subprocess.Popen(
                [sys.executable, "-c", RUN_DEVICE, str(self.schema), *args]
                + ["--data-dir", str(self.folder)],
                cwd=ROOT,
                env={**os.environ, "ILJEONG_LOG_LEVEL": "WARNING"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                proc.wait(timeout=delay)
                return False
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                return True
        finally:
            self.open()

    def live(self) -> list[Event]:
        return sorted(
            (e for e in self.store.all_events() if not e.is_override), key=lambda e: e.title
        )


# -- the oracle -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    key: str
    name: str  # a model field
    value: Any
    prev: Any  # what the writer showed before (None: a creation)
    where: str


@dataclass(frozen=True)
class Delete:
    key: str
    where: str
    seen: tuple[tuple[str, Any], ...]
    #: Google's values of fields held apart under an open Google conflict on the deleting
    #: device, when the system had read that Google version (see World.held_google_seen).
    held_seen: tuple[tuple[str, Any], ...] = ()


@dataclass
class Oracle:
    writes: list[Write] = field(default_factory=list)
    deletes: list[Delete] = field(default_factory=list)
    created: set[str] = field(default_factory=set)

    def create(self, key: str, row: Row, where: str) -> None:
        self.created.add(key)
        for name, value in zip(FIELDS, row, strict=True):
            self.writes.append(Write(key, name, value, None, where))

    def edit(self, key: str, name: str, value: Any, prev: Any, where: str) -> None:
        self.writes.append(Write(key, name, value, prev, where))

    def delete(
        self, key: str, row: Row, where: str, held_seen: tuple[tuple[str, Any], ...] = ()
    ) -> None:
        self.deletes.append(Delete(key, where, tuple(zip(FIELDS, row, strict=True)), held_seen))

    def forks(self, key: str, name: str) -> int:
        children = Counter(
            w.prev for w in self.writes if w.key == key and w.name == name and w.prev is not None
        )
        return sum(n - 1 for n in children.values())

    def superseded(self, key: str, name: str, value: Any) -> bool:
        return any(w.key == key and w.name == name and w.prev == value for w in self.writes)


# -- one run's world --------------------------------------------------------------------------------


@dataclass
class Stats:
    steps: int = 0
    faults: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    def fault(self, kind: str) -> None:
        self.faults += 1
        self.kinds[kind] += 1


class World:
    def __init__(self, infra: Infra, folder: Path, stats: Stats | None = None) -> None:
        self.infra = infra
        self.fake = infra.fake
        self.folder = folder
        self.stats = stats or Stats()
        n = next(infra.users)
        self.email = f"model{n}-{os.getpid()}@example.com"
        self.fake.add_account(self.email)
        self.fake.faults = Faults()
        self.user_id = auth.user_for_email(infra.db, self.email)
        self.oracle = Oracle()
        self.serial = 0
        self.next_key = 0
        self.holder: Device | None = None
        self.devices: list[Device] = []
        for name in ("a", "b", "c"):
            device_id = auth.ensure_device(infra.db, self.user_id, None, name)
            token = auth.create_device_token(infra.db, self.user_id, device_id)
            device = Device(self, name, token)
            connect_google(device.store, self.fake, self.email)
            self.devices.append(device)
        # A synced start: everyone on the service, a's Google round, everyone again.
        for device in self.devices:
            self.retrying(device.sync)
        self.retrying(self.devices[0].google_sync)
        for device in self.devices:
            self.retrying(device.sync)

    def close(self) -> None:
        for device in self.devices:
            with contextlib.suppress(Exception):
                device.release()
            device.close()
        self.fake.faults = Faults()

    # -- helpers ----------------------------------------------------------------------------

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def new_key(self) -> str:
        self.next_key += 1
        return f"E{self.next_key}"

    def ensure_server(self) -> None:
        if not self.infra.server.alive:
            self.infra.server.start()

    def retrying(self, action: Callable[[], T], attempts: int = 60) -> T:
        """``action`` until it does not fail for a passing reason (429, a restart).

        A 429 waits the server's Retry-After (1 s) as a client should: retrying sooner
        spends each token as it comes back, and a round of several requests (a lease
        round is four) would never find them all."""
        for attempt in range(attempts):
            try:
                return action()
            except SyncUnavailable as exc:
                if attempt == attempts - 1:
                    raise
                self.ensure_server()
                time.sleep(1.0 if "(429)" in str(exc) else 0.25)
        raise AssertionError("unreachable")

    # -- conflicts the user settles ------------------------------------------------------

    def resolvable(self, device: Device) -> list[tuple[Any, str, Event]]:
        """Open conflicts on ``device`` over model fields of a live event (conflict, key,
        event): others (a delete against an edit) change what exists, which the oracle
        does not model as a user's choice."""
        wires = {w for names in WIRE_NAMES.values() for w in names}
        found = []
        for conflict in device.store.conflicts():
            if conflict.entity != "event" or not set(conflict.fields) <= wires:
                continue
            try:
                ev = device.store.get_event(conflict.entity_id)
            except Exception:  # noqa: BLE001 - deleted or unknown here: not offered
                continue
            found.append((conflict, key_of(ev.title), ev))
        # In an order the run decides: the store's (created_at in seconds, then ids made
        # of device ids and random uuids) differs between a run and its replay, so the
        # rule picked another conflict there and a failure did not reproduce.
        found.sort(key=lambda f: _conflict_order(f[0], f[1]))
        return found

    def held_google_seen(self, device: Device, ev: Event) -> tuple[tuple[str, Any], ...]:
        """For a delete on ``device``: Google's values of the fields an open Google conflict
        holds apart there, if Google's current version of the event is one the system has
        read (a Google base with its etag). By design the device shows its own value of a
        held field and the record shows Google's; a later Google edit of that field is
        pulled but not shown. A delete of the event then settles the field with it: the
        holder deletes with If-Match on that etag, which Google accepts only when nothing
        changed since (else 412, and the edit comes back). So such a delete supersedes
        Google's held value as it supersedes what the device showed."""
        held = {
            name
            for c in device.store.conflicts()
            if c.target == "google" and c.entity_id == ev.id
            for name, wire in WIRE_NAMES.items()
            if set(wire) & set(c.fields)
        }
        if not held:
            return ()
        known = {
            (base.remote_id, base.version)
            for d in self.devices
            if (base := d.store.get_base("google", "event", ev.id)) is not None
        }
        for item in self.fake.events(self.email):
            if (item["id"], item.get("etag")) not in known or item.get("status") == "cancelled":
                continue
            start = datetime.fromisoformat(item["start"]["dateTime"])
            row = (str(item.get("summary") or ""), str(item.get("location") or ""))
            values = dict(zip(FIELDS, (*row, int(start.timestamp())), strict=True))
            return tuple((name, values[name]) for name in sorted(held))
        return ()

    def oracle_resolution(self, conflict: Any, key: str, keep: str, where: str) -> None:
        """A resolution at a quiescent point writes the kept value over whatever each
        replica shows that differs (the others' value, or Google's held one)."""
        chosen = conflict.local if keep == "local" else conflict.remote
        still_held = {
            f
            for c in self.devices[0].store.conflicts()
            if c.target == "google" and c.entity_id == conflict.entity_id and c.id != conflict.id
            for f in c.fields
        }
        for name, wire in WIRE_NAMES.items():
            if not set(wire) & set(conflict.fields) or wire[0] not in chosen:
                continue
            value = _side(chosen, name)
            index = FIELDS.index(name)
            # Google takes the value only when no other open Google conflict holds the field.
            views = [self.service_view().get(key)]
            if not set(wire) & still_held:
                views.append(self.google_view().get(key))
            shown = {rows[0][1][index] for rows in views if rows}
            for prev in sorted(shown - {value}, key=repr):
                self.oracle.edit(key, name, value, prev, where)

    # -- replica views --------------------------------------------------------------------------

    def device_view(self, device: Device) -> dict[str, list[tuple[str, Row]]]:
        view: dict[str, list[tuple[str, Row]]] = {}
        for ev in device.store.all_events():
            if not ev.is_override:
                view.setdefault(key_of(ev.title), []).append((ev.id, event_row(ev)))
        return view

    def service_view(self) -> dict[str, list[tuple[str, Row]]]:
        with self.infra.db.user_tx(self.user_id) as conn:
            rows = protocol.list_entities(conn, self.user_id, "event")
        view: dict[str, list[tuple[str, Row]]] = {}
        for row in rows:
            data = row.data
            if data.get("recurring_event_id"):
                continue
            title = str(data["title"])
            item = (title, str(data.get("location") or ""), int(data["start_ts"]))
            view.setdefault(key_of(title), []).append((row.id, item))
        return view

    def google_view(self) -> dict[str, list[tuple[str, Row]]]:
        view: dict[str, list[tuple[str, Row]]] = {}
        for item in self.fake.events(self.email):
            if item.get("recurringEventId"):
                continue
            title = str(item.get("summary") or "")
            start = datetime.fromisoformat(item["start"]["dateTime"])
            row = (title, str(item.get("location") or ""), int(start.timestamp()))
            view.setdefault(key_of(title), []).append((str(item["id"]), row))
        return view

    def service_version(self) -> int:
        with self.infra.db.admin_tx() as conn:
            return int(
                conn.execute(
                    text("SELECT version FROM users WHERE id = :u"), {"u": self.user_id}
                ).scalar_one()
            )

    def google_writes(self) -> int:
        return sum(1 for r in self.fake.requests if r.is_write)

    # -- quiescence ---------------------------------------------------------------------------

    def heal(self) -> None:
        """Every fault switched off: the server up at its schema, devices online and
        upgraded, Google answering."""
        self.fake.faults = Faults()
        self.ensure_server()
        for device in self.devices:
            device.transport.offline = False
            device.transport.drop = 0
            device.schema = device.transport.schema = self.infra.server.schema

    def holder_or_first(self) -> Device:
        if self.holder is None:
            for device in self.devices:
                try:
                    self.retrying(device.google_sync)
                    break
                except LeaseHeld:
                    continue
        assert self.holder is not None, "nobody could take the Google lease"
        return self.holder

    def full_round(self) -> int:
        """Everyone syncs with the service, the holder with Google, everyone again;
        returns how much moved (service versions + Google writes + changes pulled)."""
        version, writes = self.service_version(), self.google_writes()
        moved = 0
        for device in self.devices:
            moved += self.retrying(device.sync).pulled
        holder = self.holder_or_first()
        report = self.retrying(holder.google_sync)
        moved += report.pulled + report.pushed
        for device in self.devices:
            moved += self.retrying(device.sync).pulled
        return moved + (self.service_version() - version) + (self.google_writes() - writes)

    def quiesce(self, rounds: int = 8) -> None:
        self.heal()
        for _ in range(rounds):
            version = self.service_version()
            self.fake.reset_requests()
            if self.full_round() == 0:
                return
        raise Violation(
            f"the replicas did not settle in {rounds} full rounds; the last one wrote "
            f"{self.service_changes_since(version)} to the service and "
            f"{[(r.operation, r.path) for r in self.fake.requests if r.is_write]} to Google"
        )

    def service_changes_since(self, version: int) -> list[tuple[str, str, bool, Any]]:
        with self.infra.db.admin_tx() as conn:
            rows = conn.execute(
                text(
                    "SELECT kind, id, deleted, data FROM entities "
                    "WHERE user_id = :u AND version > :v ORDER BY version"
                ),
                {"u": self.user_id, "v": version},
            ).all()
        return [(r.kind, r.id, r.deleted, (r.data or {}).get("title")) for r in rows]

    # -- invariants ---------------------------------------------------------------------------

    def check(self) -> None:
        """After ``quiesce``:

        1. all replicas equal: the three devices, the service and Google hold the same
           live events (title, location, start), devices and service under the same ids;
           except that on a field under an open Google conflict (a 412 fork: surfaced,
           never overwritten, and not pushed until the user settles it) Google keeps its
           value and the others keep theirs: the two values the record holds, or later
           edits on either side (neither crosses while the conflict is open);
        2. no duplicates: one live event per key in every replica;
        3. nothing lost: each key ever created is live, or some replica deleted it; each
           value ever written is the live value, or superseded (a later write saw it), or
           seen by the delete that removed the event, or kept in a conflict record;
        4. conflicts: for events never deleted, one conflict record per fork (two writes
           that saw the same value) of each field, none otherwise; every device holds the
           same conflict records;
        5. idle: a full round right after quiescence writes nothing anywhere.
        """
        problems: list[str] = []
        views = {d.name: self.device_view(d) for d in self.devices}
        views["service"] = self.service_view()
        views["google"] = self.google_view()

        # conflicts, by key and model field (all devices must agree)
        records = {c.id: c for c in self.devices[0].store.conflicts(include_resolved=True)}
        for device in self.devices[1:]:
            theirs = {c.id for c in device.store.conflicts(include_resolved=True)}
            if theirs != set(records):
                problems.append(f"{device.name}'s conflict records differ from a's")
        id_to_key: dict[str, str] = {}
        for device in self.devices:
            for ev in device.store.all_events(include_deleted=True):
                id_to_key.setdefault(ev.id, key_of(ev.title))
        kept: dict[tuple[str, str], list[Any]] = {}
        counted: Counter[tuple[str, str]] = Counter()
        #: (key, field) -> (local, Google's) values of open Google conflicts
        held: dict[tuple[str, str], list[tuple[Any, Any]]] = {}
        for conflict in records.values():
            key = id_to_key.get(conflict.entity_id)
            if key is None:
                continue
            for name, wire in WIRE_NAMES.items():
                if not set(wire) & set(conflict.fields):
                    continue
                counted[(key, name)] += 1
                for side in (conflict.local, conflict.remote):
                    value = side.get(wire[0]) if isinstance(side, dict) else None
                    if value is not None:
                        kept.setdefault((key, name), []).append(value)
                if conflict.target == "google" and not conflict.resolved:
                    pair = (_side(conflict.local, name), _side(conflict.remote, name))
                    held.setdefault((key, name), []).append(pair)

        for name, view in views.items():
            for key, rows in view.items():
                if len(rows) > 1:
                    problems.append(f"duplicate {key} on {name}: {rows}")
        plain = {name: {k: rows[0][1] for k, rows in v.items()} for name, v in views.items()}
        reference = plain["service"]
        for name, rows in plain.items():
            diff = {
                k: (rows.get(k), reference.get(k))
                for k in set(rows) | set(reference)
                if rows.get(k) != reference.get(k)
                and not (
                    name == "google" and self.held_apart(k, rows.get(k), reference.get(k), held)
                )
            }
            if diff:
                problems.append(f"{name} differs from the service ({name}, service): {diff}")
        ids = {n: {k: rows[0][0] for k, rows in views[n].items()} for n in ("a", "b", "c")}
        service_ids = {k: rows[0][0] for k, rows in views["service"].items()}
        for name, by_key in ids.items():
            if by_key != service_ids:
                problems.append(f"{name}'s ids differ from the service's")

        oracle = self.oracle
        live = reference
        deleted_keys = {d.key for d in oracle.deletes}
        for key in sorted(oracle.created):
            if key not in live and key not in deleted_keys:
                problems.append(f"{key} was lost: never deleted, live nowhere")
        for key in live:
            if key not in oracle.created:
                problems.append(f"{key} appeared from nowhere: {live[key]}")
        for w in oracle.writes:
            final = live.get(w.key)
            if final is not None and dict(zip(FIELDS, final, strict=True))[w.name] == w.value:
                continue
            if oracle.superseded(w.key, w.name, w.value):
                continue
            # A delete that saw the value superseded it, even when a concurrent edit on the
            # other side brought the event back (that side's values come back with it).
            if any(
                d.key == w.key and w.value in (dict(d.seen)[w.name], dict(d.held_seen).get(w.name))
                for d in oracle.deletes
            ):
                continue
            if w.value in kept.get((w.key, w.name), []):
                continue
            shown = plain["google"].get(w.key)
            if (
                (w.key, w.name) in held
                and shown is not None
                and dict(zip(FIELDS, shown, strict=True))[w.name] == w.value
            ):
                continue  # Google keeps it under an open conflict (the user sees it there)
                continue
            problems.append(
                f"write lost: {w.key}.{w.name} = {w.value!r} by {w.where} (final {final})"
            )
        self.stats.kinds["checks"] += 1
        for key in sorted(oracle.created - deleted_keys):
            for name in FIELDS:
                expected, found = oracle.forks(key, name), counted[(key, name)]
                self.stats.kinds["forks-checked"] += expected
                if expected != found:
                    problems.append(
                        f"{key}.{name}: {found} conflict record(s) for {expected} concurrent edit(s)"
                    )
        for device in self.devices:
            if device.store.outbox_size("service"):
                problems.append(f"{device.name} still has changes queued for the service")
        if self.holder is not None and self.holder.store.outbox_size("google"):
            problems.append(f"the holder {self.holder.name} still has changes queued for Google")
        if not problems:
            problems += self.idle_problems()
        if problems:
            raise Violation("; ".join(problems))

    def held_apart(
        self,
        key: str,
        google: Row | None,
        other: Row | None,
        held: dict[tuple[str, str], list[tuple[Any, Any]]],
    ) -> bool:
        """Google's row differs from the others' only on fields under an open Google
        conflict: there Google shows the record's Google value (or a later edit made in
        Google, which the holder pulls but does not apply to a held field), the others
        the record's local value (or a later edit of theirs: it is not pushed either)."""
        if google is None or other is None:
            return False
        oracle = self.oracle
        for name, g, o in zip(FIELDS, google, other, strict=True):
            if g == o:
                continue
            if not any(
                (g == remote or _written_in_google(oracle, key, name, g, remote))
                and (o == local or oracle.superseded(key, name, local))
                for local, remote in held.get((key, name), [])
            ):
                return False
        return True

    def idle_problems(self) -> list[str]:
        version = self.service_version()
        self.fake.reset_requests()
        problems = []
        for device in self.devices:
            report = self.retrying(device.sync)
            if report.pushed:
                problems.append(f"idle round: {device.name} pushed {report.pushed}")
        holder = self.holder_or_first()
        report = self.retrying(holder.google_sync)
        if report.pushed or report.pulled:
            problems.append(f"idle round: Google pushed {report.pushed}, pulled {report.pulled}")
        if self.google_writes():
            problems.append(f"idle round: {self.google_writes()} writes to Google")
        if self.service_version() != version:
            problems.append("idle round: the service's version moved")
        return problems


def _conflict_order(conflict: Any, key: str) -> tuple[Any, ...]:
    """Every value in the model is unique, so a conflict's sides name it within a run."""
    return (
        int(key[1:]) if key[1:].isdigit() else 0,
        key,
        conflict.target,
        tuple(conflict.fields),
        json.dumps(conflict.local, sort_keys=True, default=str),
        json.dumps(conflict.remote, sort_keys=True, default=str),
    )


def _side(values: Any, name: str) -> Any:
    """A model field's value in a conflict record's side (portable field names)."""
    if not isinstance(values, dict):
        return None
    value = values.get(WIRE_NAMES[name][0])
    return int(value) if name == "start" and value is not None else value


def _written_in_google(oracle: Oracle, key: str, name: str, value: Any, since: Any) -> bool:
    """``value`` was written in Google on a chain of Google edits from ``since``."""
    seen = {since}
    changed = True
    while changed:
        changed = False
        for w in oracle.writes:
            if w.key == key and w.name == name and w.where == "g" and w.prev in seen:
                if w.value == value:
                    return True
                if w.value not in seen:
                    seen.add(w.value)
                    changed = True
    return False


# -- actions used by the state machine --------------------------------------------------------------


def in_thread(action: Callable[[], Any]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


EXPECTED_ERRORS: tuple[type[BaseException], ...] = (SyncError, GoogleError)
