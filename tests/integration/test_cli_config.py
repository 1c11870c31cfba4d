"""``iljeong config list|get|set|unset|path`` in-process and as a program."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from core.model import Calendar
from core.settings import Settings
from core.store import Store
from tests.fakes.keyring_backend import FileKeyring
from tests.integration.test_cli import Result, assert_one_error_line, run_subprocess

KEY = "sk-cli-secret-42"


@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    """Run ``iljeong ARGS`` in-process against the test's data and config dirs."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def ring(file_keyring: FileKeyring) -> FileKeyring:
    """A file keyring the test and a subprocess share."""
    return file_keyring


def test_set_get_list_unset(cli: Any, config_dir: Path) -> None:
    done = cli("config", "set", "default_duration", "45")
    assert done.code == 0 and done.out.strip() == "default_duration = 45"
    assert cli("config", "get", "default_duration").out.strip() == "45"
    assert cli("config", "get", "default_duration", "--json").json() == 45
    assert cli("config", "set", "notifications", "off").code == 0
    listing = cli("config", "list", "--json").json()
    by_key = {item["key"]: item for item in listing}
    assert by_key["default_duration"] == {
        **by_key["default_duration"],
        "value": 45,
        "source": "file",
        "env": "ILJEONG_DEFAULT_DURATION",
    }
    assert by_key["notifications"]["value"] is False
    assert by_key["language"]["choices"] == ["system", "ko", "en"]
    text = cli("config", "list").out
    assert (
        "default_duration     45  [file]" in text
        and "theme                system  [default]" in text
    )
    assert Settings.load().default_duration_minutes == 45
    done = cli("config", "unset", "default_duration")
    assert done.code == 0 and "back to its default (60)" in done.out
    assert Settings.load().default_duration_minutes == 60
    assert Path(cli("config", "path").out.strip()) == config_dir / "settings.json"


def test_the_settings_file_reaches_other_commands(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ILJEONG_TZ")  # the file's zone, not the test suite's env
    assert cli("config", "set", "default_duration", "15").code == 0
    assert cli("config", "set", "time_zone", "America/New_York").code == 0
    made = cli("events", "add", "--title", "standup", "--start", "2026-12-01T09:00", "--json")
    assert made.code == 0
    event = made.json()
    assert event["start"] == "2026-12-01T09:00:00-05:00"
    assert event["end"] == "2026-12-01T09:15:00-05:00"


def test_env_overrides_and_is_named(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("config", "set", "theme", "dark")
    monkeypatch.setenv("ILJEONG_THEME", "light")
    assert cli("config", "get", "theme").out.strip() == "light"
    assert "theme                light  [env ILJEONG_THEME]" in cli("config", "list").out
    done = cli("config", "set", "theme", "dark")
    assert done.code == 0 and "ILJEONG_THEME overrides theme" in done.err


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("set", "language", "fr"), "language: 'fr' is not one of system, ko, en"),
        (("set", "langauge", "ko"), "unknown setting 'langauge'"),
        (("get", "nope"), "unknown setting 'nope'"),
        (("set", "default_reminder", "soon"), "not a whole number"),
        (("set", "hotkey", "ctrl+alt+i"), "angle brackets"),
        (("set", "llm.provider", "compatible"), "needs llm.base_url"),
        (("set", "default_calendar", "Nowhere"), "no calendar 'Nowhere'"),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    cli: Any, config_dir: Path, args: tuple[str, ...], fragment: str
) -> None:
    cli("config", "set", "theme", "dark")
    before = (config_dir / "settings.json").read_bytes()
    result = cli("config", *args)
    assert_one_error_line(result)
    assert fragment in result.err
    assert (config_dir / "settings.json").read_bytes() == before


def test_calendars_by_name(cli: Any, data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        work = store.add_calendar(Calendar(name="Work"))
        home = store.default_calendar()
    assert cli("config", "set", "default_calendar", "Work").out.strip() == (
        f"default_calendar = {work.id}"
    )
    assert cli("config", "set", "calendars.hidden", f"work, {home.id}").code == 0
    assert Settings.load().hidden_calendars == (work.id, home.id)
    assert cli("config", "get", "calendars.hidden", "--json").json() == [work.id, home.id]
    assert cli("config", "set", "calendars.hidden", "").code == 0
    assert Settings.load().hidden_calendars == ()


def test_a_damaged_file_is_reported_by_every_command(cli: Any, config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "settings.json").write_text('{"theme": ', encoding="utf-8")
    for args in (("config", "list"), ("config", "set", "theme", "dark"), ("events", "list")):
        result = cli(*args)
        assert_one_error_line(result)
        assert "settings file" in result.err and "not valid JSON" in result.err
    assert (config_dir / "settings.json").read_text(encoding="utf-8") == '{"theme": '


def test_api_key_goes_to_the_keyring_as_a_program(
    ring: FileKeyring, config_dir: Path, data_dir: Path
) -> None:
    env = {"ILJEONG_DATA_DIR": str(data_dir)}
    done = run_subprocess("config", "set", "llm.api_key", KEY, env=env)
    assert done.code == 0, done.err
    assert "keyring" in done.out and KEY not in done.out
    assert ring.entries() == {"iljeong\x00openai": KEY}
    assert KEY not in (config_dir / "settings.json").read_text(encoding="utf-8")
    shown = run_subprocess("config", "get", "llm.api_key", env=env)
    assert shown.out.strip() == "(set)"
    listing = json.loads(run_subprocess("config", "list", "--json", env=env).out)
    item = next(i for i in listing if i["key"] == "llm.api_key")
    assert item["set"] is True and item["source"] == "keyring" and "value" not in item
    assert KEY not in json.dumps(listing)
    assert run_subprocess("config", "unset", "llm.api_key", env=env).code == 0
    assert ring.entries() == {}


def test_a_secret_can_come_from_stdin(
    ring: FileKeyring, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("gcv-from-stdin\n"))
    assert cli("config", "set", "ocr.gcv_api_key", "-").code == 0
    assert ring.entries() == {"iljeong\x00gcv": "gcv-from-stdin"}
