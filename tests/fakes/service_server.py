"""The real sync service on a throw-away PostgreSQL database, for tests and benchmarks.

    with throwaway_database() as database_url:          # CREATE DATABASE …, DROP … after
        ...
    with running_service(jwt_ttl_seconds=60) as svc:    # fresh database, migrated, uvicorn
        svc.url            # http://127.0.0.1:<port>
        svc.token("a@example.com")   # a device token (like `iljeong-server create-token`)
        svc.db, svc.config, svc.app, svc.database_url
        svc.headers(token) # Authorization + X-Iljeong-Schema for hand-made requests

    device = sync_device(svc, tmp_path, svc.token("a@example.com"), "laptop")
        device.store / .client / .engine, device.sync(), device.live(), device.close();
        device.transport.drop = 1 loses the answer of the next push (after it committed)

The server runs in-process (uvicorn in a thread, on a socket bound to 127.0.0.1:0). The
PostgreSQL server is ILJEONG_TEST_PG (default postgresql://postgres@127.0.0.1:5432/postgres,
trust auth); each database gets a unique name and is dropped WITH (FORCE) at the end.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import uvicorn
from fastapi import FastAPI
from sqlalchemy.engine import make_url

from core.service import auth, migrate
from core.service.app import create_app
from core.service.config import ServiceConfig
from core.service.db import Database
from core.service.wire import SCHEMA_HEADER, SCHEMA_VERSION
from core.store import Store
from core.sync.client import SyncClient
from core.sync.engine import SyncEngine, SyncReport, installation_id

ADMIN_URL = os.environ.get("ILJEONG_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin_conninfo() -> str:
    return ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")


def create_database(prefix: str = "iljeong_t") -> str:
    """A new empty database; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(_admin_conninfo()).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def throwaway_database(prefix: str = "iljeong_t") -> Iterator[str]:
    url = create_database(prefix)
    try:
        yield url
    finally:
        drop_database(url)


@dataclass
class RunningService:
    url: str
    database_url: str
    app: FastAPI
    server: uvicorn.Server
    thread: threading.Thread

    @property
    def db(self) -> Database:
        db: Database = self.app.state.db
        return db

    @property
    def config(self) -> ServiceConfig:
        config: ServiceConfig = self.app.state.config
        return config

    def token(self, email: str, device_name: str = "") -> str:
        """A device token for a new device of ``email``'s user (created if needed)."""
        user_id = auth.user_for_email(self.db, email)
        device_id = auth.ensure_device(self.db, user_id, None, device_name)
        return auth.create_device_token(self.db, user_id, device_id)

    @staticmethod
    def headers(token: str | None = None) -> dict[str, str]:
        headers = {SCHEMA_HEADER: str(SCHEMA_VERSION)}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


def start_app(app: FastAPI, database_url: str) -> RunningService:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level="warning", lifespan="on", timeout_graceful_shutdown=1, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="iljeong-service", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the sync service did not start")
        time.sleep(0.01)
    return RunningService(f"http://127.0.0.1:{port}", database_url, app, server, thread)


@contextmanager
def running_service(database_url: str | None = None, **overrides: Any) -> Iterator[RunningService]:
    """Serve a migrated database (a fresh throw-away one unless ``database_url`` is given)."""
    own = database_url is None
    url = create_database() if database_url is None else database_url
    try:
        migrate_db = Database(url, pool_size=1, max_overflow=0)
        try:
            migrate.upgrade(migrate_db)
        finally:
            migrate_db.dispose()
        config = ServiceConfig(database_url=url, jwt_secret=overrides.pop("jwt_secret", ""))
        if overrides:
            from dataclasses import replace

            config = replace(config, **overrides)
        service = start_app(create_app(config), url)
        try:
            yield service
        finally:
            service.stop()
    finally:
        if own:
            drop_database(url)


class LossyTransport(httpx.HTTPTransport):
    """An HTTP transport that loses the answers of the next ``drop`` pushes: the server
    processes the request and commits, the client sees a broken connection."""

    def __init__(self) -> None:
        super().__init__()
        self.drop = 0
        self.dropped = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if self.drop and request.url.path == "/v1/push":
            response.read()
            response.close()
            self.drop -= 1
            self.dropped += 1
            raise httpx.ReadError("connection lost before the answer arrived", request=request)
        return response


@dataclass
class SyncDevice:
    """One device: its own SQLite store, client and engine, on a running service."""

    name: str
    store: Store
    client: SyncClient
    engine: SyncEngine
    transport: LossyTransport

    def sync(self) -> SyncReport:
        return self.engine.sync_once()

    def events(self) -> dict[str, tuple[str, str, bool]]:
        """id -> (title, location, deleted) of every event, tombstones included."""
        return {
            e.id: (e.title, e.location, e.deleted)
            for e in self.store.all_events(include_deleted=True)
        }

    def live(self) -> dict[str, tuple[str, str]]:
        return {e.id: (e.title, e.location) for e in self.store.all_events()}

    def close(self) -> None:
        self.client.close()
        self.store.close()


def sync_device(service: RunningService, folder: Path, token: str, name: str) -> SyncDevice:
    store = Store.open(folder / name)
    transport = LossyTransport()
    client = SyncClient(
        service.url,
        token,
        installation_id=installation_id(store),
        device_name=name,
        transport=transport,
    )
    return SyncDevice(name, store, client, SyncEngine(store, client), transport)
