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

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine

from core.service.config import normalize_database_url

APP_ROLE = "iljeong_app"

_SCOPE = text("SELECT set_config('role', :role, true), set_config('app.user_id', :uid, true)")


class Database:
    def __init__(self, url: str, *, pool_size: int = 10, max_overflow: int = 20) -> None:
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
        """
        with self.engine.connect() as conn:
            if snapshot:
                conn = conn.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with conn.begin():
                conn.execute(_SCOPE, {"role": APP_ROLE, "uid": str(int(user_id))})
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
