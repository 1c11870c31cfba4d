"""Apply the Alembic migrations in migrations/local when a store opens.

An older database is upgraded in place; a database stamped with a revision this build
does not know was written by a newer iljeong and is refused.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from core.errors import DatabaseTooNew, StoreError
from core.paths import bundle_root


def migrations_dir() -> Path:
    override = os.environ.get("ILJEONG_MIGRATIONS_DIR")
    if override:
        return Path(override) / "local"
    return bundle_root() / "migrations" / "local"  # the source tree or the frozen bundle


@lru_cache(maxsize=1)
def _script() -> tuple[Config, ScriptDirectory]:
    folder = migrations_dir()
    if not (folder / "env.py").exists():
        raise StoreError(
            f"database migrations not found in {folder}; the installation is incomplete"
        )
    config = Config()
    config.set_main_option("script_location", str(folder))
    return config, ScriptDirectory.from_config(config)


def head_revision() -> str:
    head = _script()[1].get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Bring the database to ``target``; refuse databases from a newer version."""
    config, script = _script()
    current = current_revision(connection)
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:  # alembic raises several types for an unknown revision
            raise DatabaseTooNew(
                f"this database was written by a newer iljeong (schema revision {current}); "
                f"this version knows up to {head_revision()}. Update iljeong to open it."
            ) from exc
    elif inspect(connection).get_table_names():
        tables = set(inspect(connection).get_table_names())
        if "events" not in tables:
            raise StoreError("this SQLite file is not an iljeong database")
    if current == head_revision() and target == "head":
        return
    config.attributes["connection"] = connection
    try:
        command.upgrade(config, target)
    finally:
        config.attributes.pop("connection", None)
