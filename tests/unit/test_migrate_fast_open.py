"""Opening a store that is already at the head revision skips Alembic (start-up time),
while first opens, older and newer databases still go through it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from core.errors import DatabaseTooNew
from core.store import Store, migrate

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import sys; from pathlib import Path; from core.store import Store; "
    "Store.open(Path(sys.argv[1])).close(); print('alembic' in sys.modules)"
)


def alembic_loaded_by_open(folder: Path) -> bool:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return out.stdout.strip() == "True"


def test_quick_head_agrees_with_alembic() -> None:
    assert migrate.quick_head() == migrate.head_revision()


def test_second_open_does_not_import_alembic(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    assert alembic_loaded_by_open(folder) is True  # a new database is migrated by Alembic
    assert alembic_loaded_by_open(folder) is False  # at head: nothing to do, no Alembic


def test_an_older_database_is_still_upgraded(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    Store.open(folder).close()
    db = next(folder.glob("*.sqlite3"))
    engine = create_engine(f"sqlite:///{db}")
    config, _ = migrate._script()
    with engine.begin() as conn:  # one revision down, with Alembic's own downgrade
        config.attributes["connection"] = conn
        command.downgrade(config, "-1")
        config.attributes.pop("connection")
    engine.dispose()
    with sqlite3.connect(db) as conn:
        older = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    assert older and older != [(migrate.head_revision(),)]
    with Store.open(folder):
        pass
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.head_revision(),)
        ]


def test_a_newer_database_is_still_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    Store.open(folder).close()
    db = next(folder.glob("*.sqlite3"))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseTooNew):
        Store.open(folder)
