"""Bring a PostgreSQL database to the service schema (Alembic in migrations/service).

``upgrade(db)`` runs the migrations as the URL's role (it needs CREATEROLE, or the role
``iljeong_app`` must exist already, because the first migration creates it) and then makes
sure a JWT signing secret is stored in ``service_meta`` (generated once, 48 random bytes).
``ILJEONG_SERVER_SECRET``, when set, wins over the stored secret (``jwt_secret``).
A database stamped with a revision this build does not know is refused.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from core.errors import IljeongError
from core.service.db import Database


class ServiceSchemaError(IljeongError):
    """The database cannot be used by this iljeong-server."""


def migrations_dir() -> Path:
    override = os.environ.get("ILJEONG_MIGRATIONS_DIR")
    if override:
        return Path(override) / "service"
    return Path(__file__).resolve().parents[2] / "migrations" / "service"


@lru_cache(maxsize=1)
def _script() -> tuple[Config, ScriptDirectory]:
    folder = migrations_dir()
    if not (folder / "env.py").exists():
        raise ServiceSchemaError(f"service migrations not found in {folder}")
    config = Config()
    config.set_main_option("script_location", str(folder))
    return config, ScriptDirectory.from_config(config)


def head_revision() -> str:
    head = _script()[1].get_current_head()
    assert head is not None
    return head


def upgrade(db: Database) -> None:
    """Apply every pending migration, then store a signing secret if none is stored."""
    config, script = _script()
    with db.admin_tx() as conn:
        # One migrator at a time (several workers may start together).
        conn.execute(text("SELECT pg_advisory_xact_lock(4411620001)"))
        current = MigrationContext.configure(conn).get_current_revision()
        if current is not None:
            try:
                script.get_revision(current)
            except Exception as exc:
                raise ServiceSchemaError(
                    f"this database has service schema {current}, newer than this "
                    f"iljeong-server knows ({head_revision()}); update the server"
                ) from exc
        if current != head_revision():
            config.attributes["connection"] = conn
            try:
                command.upgrade(config, "head")
            finally:
                config.attributes.pop("connection", None)
        conn.execute(
            text(
                "INSERT INTO service_meta (key, value) VALUES ('jwt_secret', :value) "
                "ON CONFLICT (key) DO NOTHING"
            ),
            {"value": secrets.token_urlsafe(48)},
        )


def stored_secret(db: Database) -> str:
    with db.admin_tx() as conn:
        value = conn.execute(
            text("SELECT value FROM service_meta WHERE key = 'jwt_secret'")
        ).scalar_one_or_none()
    if not value:
        raise ServiceSchemaError("no signing secret stored; run `iljeong-server migrate` first")
    return str(value)


def jwt_secret(db: Database) -> str:
    """ILJEONG_SERVER_SECRET if set, else the secret stored at the first migrate."""
    return os.environ.get("ILJEONG_SERVER_SECRET") or stored_secret(db)
