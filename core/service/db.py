"""PostgreSQL access for the sync service: one engine, two kinds of transaction.

Interface (REST endpoints and tests rely on it)::

    db = Database(url)                 # any postgres URL; driver psycopg 3
    db.engine                          # SQLAlchemy 2 Engine ("postgresql+psycopg://")
    with db.user_tx(user_id) as conn:  # one transaction scoped to one user
        ...
    with db.user_tx(user_id, snapshot=True) as conn:   # REPEATABLE READ, read only (pulls)
        ...
    with db.admin_tx() as conn:        # no user scope: auth look-ups, migrations, purge
        ...

``user_tx`` starts the transaction with ``set_config('role', 'iljeong_app', true)`` and
``set_config('app.user_id', <id>, true)``: inside it the session runs as the non-superuser,
non-owner role ``iljeong_app`` (created by the migrations), so PostgreSQL row-level security
applies and only that user's rows are visible or writable, even to a query that forgot its
``WHERE user_id``. Both settings are transaction-local, so pooled connections carry nothing
over. ``admin_tx`` runs as the role of the URL (the tables' owner, which RLS does not bind);
use it only where no user is known yet (token look-ups) or for maintenance.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine

from core.service.config import normalize_database_url

APP_ROLE = "iljeong_app"

_SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; "


def _scope_sql(user_id: int, snapshot: bool) -> bytes:
    scope = (
        f"SELECT set_config('role', '{APP_ROLE}', true), "
        f"set_config('app.user_id', '{user_id:d}', true)"
    )
    return ((_SNAPSHOT if snapshot else "") + scope).encode()


def driver(conn: Connection) -> psycopg.Connection[Any]:
    """The psycopg connection under ``conn`` (same transaction), for hot paths that skip
    SQLAlchemy's statement machinery."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    return raw


class Database:
    # A fixed pool: overflow connections were closed and reopened all the time under 100
    # clients (over a thousand new sessions in 10 s), which cost more than waiting for one.
    def __init__(self, url: str, *, pool_size: int = 16, max_overflow: int = 0) -> None:
        self.url = normalize_database_url(url)
        self.engine: Engine = create_engine(
            self.url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_recycle=1800,
        )

    @contextmanager
    def user_tx(self, user_id: int, *, snapshot: bool = False) -> Iterator[Connection]:
        """One transaction as ``iljeong_app`` scoped to ``user_id`` (RLS applies).

        ``snapshot=True``: REPEATABLE READ, READ ONLY — every statement sees one snapshot.
        The settings go in one round trip (the id is an int, formatted, not interpolated
        text).
        """
        scope = _scope_sql(int(user_id), snapshot)
        with self.engine.connect() as conn, conn.begin():
            driver(conn).execute(scope)
            yield conn

    @contextmanager
    def admin_tx(self) -> Iterator[Connection]:
        """One transaction as the URL's role, with no user scope."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def app_role_tx(self) -> Iterator[Connection]:
        """A transaction as ``iljeong_app`` with NO user scope: RLS shows nothing.

        Exists for tests and checks that prove the second wall holds.
        """
        with self.engine.begin() as conn:
            conn.execute(text("SELECT set_config('role', :role, true)"), {"role": APP_ROLE})
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
