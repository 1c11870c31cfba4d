"""The iljeong command line, in-process through main() and as a real subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from core.store import Store
from core.store.repository import DB_FILENAME
from core.timeutil import get_zone

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]
RUN_CLI = "import sys; from core.cli import main; sys.exit(main(sys.argv[1:]))"


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """Run ``iljeong ARGS`` in-process against the test's data dir."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield run


def run_subprocess(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Result:
    proc = subprocess.run(
        [sys.executable, "-c", RUN_CLI, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def rows(data_dir: Path) -> list[tuple[Any, ...]]:
    """The event rows exactly as stored (deleted ones too), read without iljeong."""
    path = data_dir / DB_FILENAME
    if not path.exists():
        return []
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT * FROM events ORDER BY id").fetchall()


def assert_one_error_line(result: Result, *fragments: str) -> None:
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("iljeong: error: ")
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in lines[0]


# -- add / list / delete ------------------------------------------------------------------------


def test_add_list_delete_round_trip(cli: Any) -> None:
    added = cli("events", "add", "--title", "검진", "--start", "2026-11-24T07:40",
                "--end", "2026-11-24T12:00", "--location", "인천 연수구 갯벌로156")  # fmt: skip
    assert added.code == 0, added.err
    event_id = added.out.strip()
    assert len(event_id) == 36

    listed = cli("events", "list", "--from", "2026-11-24", "--to", "2026-11-25", "--json")
    assert listed.code == 0
    [item] = listed.json()
    assert item["id"] == event_id
    assert item["title"] == "검진"
    assert item["start"] == "2026-11-24T07:40:00+09:00"
    assert item["end"] == "2026-11-24T12:00:00+09:00"
    assert item["all_day"] is False
    assert item["location"] == "인천 연수구 갯벌로156"
    assert item["rrule"] is None
    assert item["calendar"]
    assert item["tz"] == "Asia/Seoul"

    table = cli("events", "list", "--from", "2026-11-24", "--to", "2026-11-25")
    assert "2026-11-24" in table.out and "07:40–12:00" in table.out
    assert "검진" in table.out and "갯벌로156" in table.out

    deleted = cli("events", "delete", event_id)
    assert deleted.code == 0 and event_id in deleted.out
    assert (
        cli("events", "list", "--from", "2026-11-24", "--to", "2026-11-25", "--json").json() == []
    )
    assert_one_error_line(cli("events", "delete", event_id), "no event", event_id)


def test_json_keys_and_formats(cli: Any) -> None:
    cli(
        "events",
        "add",
        "--title",
        "휴가",
        "--start",
        "2026-05-04",
        "--end",
        "2026-05-06",
        "--all-day",
    )
    cli("events", "add", "--title", "Lunch", "--start", "2026-05-04T12:00+09:00")
    items = cli("events", "list", "--from", "2026-05-01", "--to", "2026-06-01", "--json").json()
    assert [i["title"] for i in items] == ["휴가", "Lunch"]
    for item in items:
        assert {"id", "title", "start", "end", "all_day", "location", "rrule", "calendar"} <= set(
            item
        )
    vacation, lunch = items
    assert vacation["all_day"] is True
    assert (vacation["start"], vacation["end"]) == ("2026-05-04", "2026-05-06")  # end exclusive
    assert vacation["location"] is None
    assert lunch["start"] == "2026-05-04T12:00:00+09:00"
    assert lunch["end"] == "2026-05-04T13:00:00+09:00"  # default duration
    datetime.fromisoformat(lunch["start"])


def test_all_day_without_end_is_one_day_and_add_json(cli: Any) -> None:
    added = cli(
        "events", "add", "--title", "어린이날", "--start", "2026-05-05", "--all-day", "--json"
    )
    assert added.code == 0
    event = added.json()
    assert (event["start"], event["end"], event["all_day"]) == ("2026-05-05", "2026-05-06", True)
    listed = cli("events", "list", "--from", "2026-05-05", "--to", "2026-05-06", "--json").json()
    assert [i["id"] for i in listed] == [event["id"]]


def test_offset_and_tz_options(cli: Any) -> None:
    # An offset is an exact instant; the event keeps --tz as its zone.
    event = cli("events", "add", "--title", "NY call", "--start", "2026-07-01T09:00",
                "--tz", "America/New_York", "--json").json()  # fmt: skip
    assert event["tz"] == "America/New_York"
    assert event["start"] == "2026-07-01T22:00:00+09:00"  # shown in the settings zone (Seoul)
    exact = cli(
        "events", "add", "--title", "Exact", "--start", "2026-07-01T09:00:00Z", "--json"
    ).json()
    assert exact["start"] == "2026-07-01T18:00:00+09:00"
    assert exact["tz"] == "Asia/Seoul"


def test_weekly_event_shows_each_week_and_keeps_local_time_across_dst(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = cli("events", "add", "--title", "Standup", "--start", "2026-03-02T09:00",
                  "--end", "2026-03-02T09:15", "--tz", "America/New_York",
                  "--rrule", "FREQ=WEEKLY;BYDAY=MO")  # fmt: skip
    series_id = created.out.strip()

    monkeypatch.setenv("ILJEONG_TZ", "America/New_York")
    items = cli("events", "list", "--from", "2026-03-01", "--to", "2026-03-31", "--json").json()
    assert [i["start"] for i in items] == [
        "2026-03-02T09:00:00-05:00",
        "2026-03-09T09:00:00-04:00",  # DST began on 8 March: still 09:00 local
        "2026-03-16T09:00:00-04:00",
        "2026-03-23T09:00:00-04:00",
        "2026-03-30T09:00:00-04:00",
    ]
    assert {i["id"] for i in items} == {series_id}
    assert all(i["rrule"] == "FREQ=WEEKLY;BYDAY=MO" for i in items)
    assert all(i["recurring_event_id"] == series_id for i in items)

    monkeypatch.setenv("ILJEONG_TZ", "Asia/Seoul")  # a viewer in Seoul sees the shift
    seoul = cli("events", "list", "--from", "2026-03-01", "--to", "2026-03-12", "--json").json()
    assert [i["start"] for i in seoul] == ["2026-03-02T23:00:00+09:00", "2026-03-09T22:00:00+09:00"]

    deleted = cli("events", "delete", series_id)
    assert "series" in deleted.out
    assert (
        cli("events", "list", "--from", "2026-03-01", "--to", "2026-04-01", "--json").json() == []
    )


def test_default_range_is_today_for_30_days(cli: Any) -> None:
    zone = get_zone("Asia/Seoul")
    today = datetime.now(zone).date()
    for title, offset in (("yesterday", -1), ("soon", 3), ("day 29", 29), ("day 31", 31)):
        day = today + timedelta(days=offset)
        cli("events", "add", "--title", title, "--start", f"{day.isoformat()}T12:00")
    titles = [i["title"] for i in cli("events", "list", "--json").json()]
    assert titles == ["soon", "day 29"]
    start = (today + timedelta(days=29)).isoformat()
    assert [i["title"] for i in cli("events", "list", "--from", start, "--json").json()] == [
        "day 29", "day 31"
    ]  # fmt: skip


def test_empty_list_prints_a_readable_line(cli: Any) -> None:
    result = cli("events", "list", "--from", "2030-01-01", "--to", "2030-01-02")
    assert result.code == 0
    assert result.out.startswith("No events")


def test_data_dir_option_and_environment(cli: Any, data_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    cli(
        "--data-dir", str(other), "events", "add", "--title", "There", "--start", "2026-06-01T10:00"
    )
    cli("events", "add", "--title", "Here", "--start", "2026-06-01T11:00")
    span = ("--from", "2026-06-01", "--to", "2026-06-02", "--json")
    assert [i["title"] for i in cli("events", "list", *span).json()] == ["Here"]
    assert [i["title"] for i in cli("--data-dir", str(other), "events", "list", *span).json()] == [
        "There"
    ]
    # also accepted after the command
    assert [i["title"] for i in cli("events", "list", "--data-dir", str(other), *span).json()] == [
        "There"
    ]
    assert (other / DB_FILENAME).exists() and (data_dir / DB_FILENAME).exists()


def test_no_command_launches_the_app_with_the_data_dir(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[Path] = []

    def launch(folder: Path) -> int:
        seen.append(folder)
        return 7

    assert main([], launch_app=launch) == 7
    assert main(["--data-dir", str(tmp_path / "x")], launch_app=launch) == 7
    assert seen == [data_dir, tmp_path / "x"]

    assert main([]) == 2
    assert "iljeong: error:" in capsys.readouterr().err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("iljeong ")
    assert main(["events", "add", "--help"]) == 0
    assert "--all-day" in capsys.readouterr().out


# -- bad input: one clear line, non-zero exit, nothing changed -----------------------------------


@pytest.mark.parametrize(
    ("args", "code", "fragments"),
    [
        (["events", "add", "--title", "x", "--start", "2026-13-01T10:00"], 1, ["invalid --start"]),
        (["events", "add", "--title", "x", "--start", "tomorrow"], 1, ["invalid --start"]),
        (
            [
                "events",
                "add",
                "--title",
                "x",
                "--start",
                "2026-03-01T10:00",
                "--end",
                "2026-03-01T09:00",
            ],
            1,
            ["before start"],
        ),
        (
            [
                "events",
                "add",
                "--title",
                "x",
                "--start",
                "2026-03-04",
                "--end",
                "2026-03-03",
                "--all-day",
            ],
            1,
            ["must be after"],
        ),
        (
            ["events", "add", "--title", "x", "--start", "2026-03-04T10:00", "--all-day"],
            1,
            ["date"],
        ),
        (
            [
                "events",
                "add",
                "--title",
                "x",
                "--start",
                "2026-03-01T10:00",
                "--tz",
                "Mars/Olympus",
            ],
            1,
            ["unknown time zone", "Mars/Olympus"],
        ),
        (
            [
                "events",
                "add",
                "--title",
                "x",
                "--start",
                "2026-03-01T10:00",
                "--rrule",
                "FREQ=HOURLY",
            ],
            1,
            ["HOURLY"],
        ),
        (
            ["events", "add", "--title", "x", "--start", "2026-03-01T10:00", "--rrule", "WEEKLY"],
            1,
            ["recurrence rule"],
        ),
        (
            ["events", "add", "--title", "x", "--start", "2026-03-01T10:00", "--calendar", "nope"],
            1,
            ["no calendar", "nope"],
        ),
        (["events", "add", "--title", "   ", "--start", "2026-03-01T10:00"], 1, ["title"]),
        (["events", "add", "--start", "2026-03-01T10:00"], 2, ["--title"]),
        (["events", "frobnicate"], 2, ["invalid choice"]),
        (["events", "list", "--from", "2026-03-10", "--to", "2026-03-01"], 1, ["--to"]),
        (["events", "list", "--from", "someday"], 1, ["invalid --from"]),
        (["events", "delete", "0000-no-such-id"], 1, ["no event", "0000-no-such-id"]),
        (["import-ics", str(DATA / "missing.ics")], 1, ["missing.ics", "no such file"]),
        (["import-ics", str(DATA / "truncated.ics")], 1, ["truncated"]),
        (["import-ics", str(DATA / "not_ical.ics")], 1, ["not an iCalendar"]),
        (["import-ics", str(DATA / "bad_dtstart.ics")], 1, ["DTSTART"]),
        (["import-ics", str(DATA)], 1, ["directory"]),
        (["export-ics", "/nonexistent-dir/out.ics"], 1, ["cannot write"]),
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    cli: Any, data_dir: Path, args: list[str], code: int, fragments: list[str]
) -> None:
    cli("events", "add", "--title", "기존", "--start", "2026-03-01T09:00")
    before = rows(data_dir)
    result = cli(*args)
    assert result.code == code
    assert_one_error_line(result, *fragments)
    assert result.out == ""
    assert rows(data_dir) == before


def test_locked_database_is_a_clear_error_and_nothing_changes(
    cli: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("events", "add", "--title", "기존", "--start", "2026-03-01T09:00")
    before = rows(data_dir)
    monkeypatch.setenv("ILJEONG_DB_TIMEOUT", "0.2")
    holder = sqlite3.connect(data_dir / DB_FILENAME, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = cli("events", "add", "--title", "new", "--start", "2026-03-02T09:00")
        imported = cli("import-ics", str(DATA / "google_seoul.ics"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 1
    assert_one_error_line(result, "locked")
    assert_one_error_line(imported, "locked")
    assert rows(data_dir) == before


@pytest.mark.parametrize("kind", ["garbage", "damaged-sqlite"])
def test_corrupt_database_is_a_clear_error_and_the_file_is_untouched(
    cli: Any, data_dir: Path, kind: str
) -> None:
    cli("events", "add", "--title", "기존", "--start", "2026-03-01T09:00")
    db = data_dir / DB_FILENAME
    for extra in data_dir.iterdir():
        if extra != db:
            extra.unlink()  # WAL/SHM of the closed store
    original = db.read_bytes()
    if kind == "garbage":
        damaged = bytes((i * 37 + 11) % 256 for i in range(len(original)))
    else:  # a real header with junk after it
        damaged = original[:100] + bytes((i * 91 + 7) % 256 for i in range(len(original) - 100))
    db.write_bytes(damaged)

    for args in (
        ("events", "list"),
        ("events", "add", "--title", "x", "--start", "2026-03-02T09:00"),
        ("import-ics", str(DATA / "google_seoul.ics")),
    ):
        result = cli(*args)
        assert result.code == 1
        assert_one_error_line(result, str(db))
        assert "damaged" in result.err or "not an SQLite" in result.err
    assert db.read_bytes() == damaged
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_FILENAME]


# -- ics through the CLI ------------------------------------------------------------------------


def test_import_twice_and_export(cli: Any, tmp_path: Path) -> None:
    first = cli("import-ics", str(DATA / "google_seoul.ics"))
    assert first.code == 0
    assert "3 created" in first.out and "1 skipped" in first.out
    second = cli("import-ics", str(DATA / "google_seoul.ics"))
    assert "0 created" in second.out and "3 unchanged" in second.out

    items = cli("events", "list", "--from", "2026-11-24", "--to", "2026-11-25", "--json").json()
    assert [(i["title"], i["start"]) for i in items] == [("건강검진", "2026-11-24T07:40:00+09:00")]

    out = tmp_path / "export.ics"
    exported = cli("export-ics", str(out), "--from", "2026-11-01", "--to", "2026-12-01")
    assert exported.code == 0 and "1 event" in exported.out
    assert "SUMMARY:건강검진" in out.read_text(encoding="utf-8")
    everything = cli("export-ics", str(tmp_path / "all.ics"))
    assert "3 event" in everything.out


def test_import_warnings_go_to_stderr(cli: Any) -> None:
    result = cli("import-ics", str(DATA / "hourly_mixed.ics"), "--json")
    assert result.code == 0
    counts = result.json()
    assert (counts["created"], counts["skipped"]) == (2, 1)
    assert "HOURLY" in counts["warnings"][0]
    plain = cli("import-ics", str(DATA / "hourly_mixed.ics"))
    assert plain.err.startswith("iljeong: warning: skipped event 'Every hour'")


def test_import_into_a_named_calendar(cli: Any, data_dir: Path) -> None:
    from core.model import Calendar

    with Store.open(data_dir) as store:
        work = store.add_calendar(Calendar(name="회사"))
    cli("import-ics", str(DATA / "hourly_mixed.ics"), "--calendar", work.id)
    items = cli("events", "list", "--from", "2026-03-10", "--to", "2026-03-12", "--json").json()
    assert {(i["calendar"], i["calendar_name"]) for i in items} == {(work.id, "회사")}


# -- real processes ----------------------------------------------------------------------------


def test_subprocess_add_and_list(tmp_path: Path) -> None:
    env = {"ILJEONG_DATA_DIR": str(tmp_path / "d"), "ILJEONG_TZ": "Asia/Seoul"}
    added = run_subprocess("events", "add", "--title", "스프린트 회고", "--start", "2026-11-30T14:00",
                           "--location", "카페", env=env)  # fmt: skip
    assert added.code == 0, added.err
    listed = run_subprocess("events", "list", "--from", "2026-11-30", "--json", env=env)
    assert listed.code == 0, listed.err
    [item] = listed.json()
    assert (item["id"], item["title"], item["start"], item["location"]) == (
        added.out.strip(), "스프린트 회고", "2026-11-30T14:00:00+09:00", "카페",
    )  # fmt: skip
    other = run_subprocess("--data-dir", str(tmp_path / "e"), "events", "list", "--from",
                           "2026-11-30", "--json", env=env)  # fmt: skip
    assert other.json() == []


def test_subprocess_errors_have_no_traceback(tmp_path: Path) -> None:
    env = {"ILJEONG_DATA_DIR": str(tmp_path / "d"), "ILJEONG_TZ": "Asia/Seoul"}
    bad = run_subprocess("events", "add", "--title", "x", "--start", "2026-02-30T10:00", env=env)
    assert bad.code == 1
    assert_one_error_line(bad, "invalid --start")
    usage = run_subprocess("events", "add", "--title", "x", env=env)
    assert usage.code == 2
    assert_one_error_line(usage, "--start")
    corrupt = run_subprocess("import-ics", str(DATA / "truncated.ics"), env=env)
    assert_one_error_line(corrupt, "truncated")


def test_subprocess_locked_database(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    env = {"ILJEONG_DATA_DIR": str(folder), "ILJEONG_TZ": "Asia/Seoul", "ILJEONG_DB_TIMEOUT": "0.3"}
    assert (
        run_subprocess("events", "add", "--title", "a", "--start", "2026-03-01T09:00", env=env).code
        == 0
    )
    before = rows(folder)
    holder = sqlite3.connect(folder / DB_FILENAME, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = run_subprocess(
            "events", "add", "--title", "b", "--start", "2026-03-01T10:00", env=env
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 1
    assert_one_error_line(result, "locked")
    assert rows(folder) == before


def test_cli_never_imports_qt() -> None:
    code = (
        "import sys; from core.cli import main; main(['--version']); "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'qasync', 'shiboken'))]; "
        "sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0


def test_dates_in_json_are_parseable(cli: Any) -> None:
    cli("events", "add", "--title", "d", "--start", "2026-01-31", "--all-day")
    [item] = cli("events", "list", "--from", "2026-01-31", "--to", "2026-02-01", "--json").json()
    assert date.fromisoformat(item["start"]) == date(2026, 1, 31)
    assert date.fromisoformat(item["end"]) == date(2026, 2, 1)
