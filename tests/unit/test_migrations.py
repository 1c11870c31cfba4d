import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from core.errors import DatabaseLocked, DatabaseTooNew
from core.store import Store
from core.store.migrate import head_revision, migrations_dir


def _database_at(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()


def test_a_database_from_the_first_revision_upgrades_and_keeps_its_events(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _database_at(path, "0001")
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO calendars VALUES ('cal', '내 캘린더', '#4285f4', NULL, 1, 1, NULL, 0, 0, 0)"
        )
        raw.execute(
            "INSERT INTO events (id, calendar_id, title, description, location, all_day, tz, start_ts, end_ts,"
            " cancelled, source, created_at, updated_at, deleted, revision, range_start, range_end)"
            " VALUES ('01a20000-0000-7000-8000-000000000001', 'cal', '오래된 일정', '', '', 0, 'Asia/Seoul',"
            " 1795000000, 1795003600, 0, 'manual', 0, 0, 0, 1, 1795000000, 1795003600)"
        )
        raw.execute(
            "INSERT INTO events (id, calendar_id, title, description, location, all_day, tz, start_ts, end_ts,"
            " rrule, cancelled, source, created_at, updated_at, deleted, revision, range_start, range_end)"
            " VALUES ('01a20000-0000-7000-8000-000000000002', 'cal', '매주 회의', '', '', 0, 'Asia/Seoul',"
            " 1794000000, 1794003600, 'FREQ=WEEKLY', 0, 'manual', 0, 0, 0, 1, 1794000000, NULL)"
        )
    store = Store(path)
    assert store.get_event("01a20000-0000-7000-8000-000000000001").title == "오래된 일정"
    # the span index (0003) classified the old rows: a range query finds both kinds
    lo = datetime.fromtimestamp(1795000000 - 86400, UTC)
    titles = [o.event.title for o in store.occurrences(lo, lo + timedelta(days=8))]
    assert "오래된 일정" in titles and "매주 회의" in titles
    assert store.pending("google") == []  # the outbox table from 0002 exists
    with sqlite3.connect(path) as raw:
        assert (
            raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        )


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    Store(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(DatabaseTooNew, match="newer iljeong"):
        Store(path)


def test_a_locked_database_gives_a_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLocked, match="locked"):
            store = Store(path, busy_timeout=0.2)
            store.add_calendar(store.default_calendar())
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_an_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE notes (id INTEGER)")
    with pytest.raises(Exception, match="not an iljeong database"):
        Store(path)
    with sqlite3.connect(path) as raw:
        assert [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")] == [
            "notes"
        ]


def test_migrations_run_once(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    Store(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM calendars")).scalar_one() == 1
    Store(path).close()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM calendars")).scalar_one() == 1
