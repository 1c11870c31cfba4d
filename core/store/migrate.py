"""Apply the Alembic migrations in migrations/local when a store opens.

An older database is upgraded in place; a database stamped with a revision this build
does not know was written by a newer iljeong and is refused.

Alembic is imported only when there is something to do: a store already at the head
revision (every start but the first after an update) is recognised by reading the
``revision``/``down_revision`` lines of the version files and the ``alembic_version`` row,
which saves the ~0.2 s Alembic's import costs at every start. Anything unusual (no single
head, a file not in the usual form, no version table) takes the full Alembic path.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

from core.errors import DatabaseTooNew, StoreError
from core.paths import bundle_root


def migrations_dir() -> Path:
    override = os.environ.get("ILJEONG_MIGRATIONS_DIR")
    if override:
        return Path(override) / "local"
    return bundle_root() / "migrations" / "local"  # the source tree or the frozen bundle


_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*["']([^"']+)["']\s*$""", re.M)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(?:None|["']([^"']+)["'])\s*$""", re.M)


@lru_cache(maxsize=1)
def quick_head() -> str | None:
    """The head revision from the version files' text; None when that is not clear-cut."""
    links: dict[str, str | None] = {}
    try:
        for path in (migrations_dir() / "versions").glob("*.py"):
            text = path.read_text(encoding="utf-8")
            revision, down = _REVISION.findall(text), _DOWN.findall(text)
            if len(revision) != 1 or len(down) != 1:
                return None
            links[revision[0]] = down[0] or None
    except OSError:
        return None
    heads = set(links) - {down for down in links.values() if down}
    return heads.pop() if len(heads) == 1 else None


def _at_head(connection: Connection) -> bool:
    """True when the SQLite database is stamped with exactly the head revision."""
    head = quick_head()
    if head is None or connection.dialect.name != "sqlite":
        return False
    table = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if table is None:
        return False
    rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    return [row[0] for row in rows] == [head]


@lru_cache(maxsize=1)
def _script() -> tuple[Config, ScriptDirectory]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

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
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Bring the database to ``target``; refuse databases from a newer version."""
    if target == "head" and _at_head(connection):
        return
    from alembic import command

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
