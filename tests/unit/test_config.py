"""core/config.py: the settings file, its registry, env overrides and keyring secrets."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from core import config
from core.config import ConfigError, SettingsFileError
from core.model import Calendar
from core.settings import Settings
from core.store import Store
from tests.fakes.keyring_backend import MemoryKeyring

KEY = "sk-test-0123456789"


@pytest.fixture(autouse=True)
def ring(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    return memory_keyring


def settings_file(config_dir: Path) -> Path:
    return config_dir / "settings.json"


def test_every_key_has_a_description_a_default_that_validates_and_an_env_var() -> None:
    for k in config.KEYS.values():
        assert k.description and k.env
        if not k.secret:
            assert config.validate(k.name, k.default) == k.default


def test_the_folder_is_the_env_override_else_the_platform_config_dir(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert config.settings_path() == config_dir / "settings.json"
    assert config.config_dir({}) == config_dir  # an env without it: the process's value
    assert config.config_dir({"ILJEONG_CONFIG_DIR": "/x/y"}) == Path("/x/y")
    monkeypatch.delenv("ILJEONG_CONFIG_DIR")
    assert config.config_dir().name == "iljeong"  # only computed, never read here


def test_round_trip_through_the_file(config_dir: Path) -> None:
    assert Settings.load(env={}) == Settings.load(env={})  # no file: defaults, nothing written
    assert not config_dir.exists()
    config.update(
        {
            "time_zone": "Europe/Berlin",
            "default_duration": 30,
            "language": "KO",
            "theme": "dark",
            "hotkey": "<CTRL>+<Shift>+v",
            "calendars.hidden": ["a", "b", "a"],
            "notifications": False,
            "default_reminder": 0,
            "start_minimized": True,
            "sync.server": "https://sync.example.com/",
            "ocr.backend": "gcv",
        }
    )
    data = json.loads(settings_file(config_dir).read_text(encoding="utf-8"))
    assert data["format"] == 1 and data["language"] == "ko" and data["sync.server"].endswith("com")
    s = Settings.load(env={})
    assert (s.time_zone, s.default_duration_minutes, s.language, s.theme) == (
        "Europe/Berlin",
        30,
        "ko",
        "dark",
    )
    assert s.hotkey == "<ctrl>+<shift>+v" and s.hidden_calendars == ("a", "b")
    assert not s.notifications and s.default_reminder_minutes == 0 and s.start_minimized
    assert s.sync_server == "https://sync.example.com" and s.ocr.backend == "gcv"
    # unset: back to the default, and the key leaves the file
    config.update({}, unset=["language", "hotkey"])
    data = json.loads(settings_file(config_dir).read_text(encoding="utf-8"))
    assert "language" not in data and Settings.load(env={}).language == "system"
    config.update({"hotkey": "off"})
    assert Settings.load(env={}).hotkey == ""  # Settings spells "off" as ""


def test_environment_variables_override_the_file(config_dir: Path) -> None:
    config.update({"language": "ko", "default_duration": 30, "time_zone": "Europe/Berlin"})
    env = {"ILJEONG_LANGUAGE": "en", "ILJEONG_DEFAULT_DURATION": "45", "ILJEONG_TZ": "UTC"}
    s = Settings.load(env=env)
    assert (s.language, s.default_duration_minutes, s.time_zone) == ("en", 45, "UTC")
    found = {e.key.name: e for e in config.entries(env)}
    assert found["language"].source == "env" and found["language"].stored == "ko"
    assert found["theme"].source == "default"
    # a bad value in the environment is an error naming the variable
    with pytest.raises(ConfigError, match="ILJEONG_THEME"):
        Settings.load(env={"ILJEONG_THEME": "purple"})


def test_llm_provider_and_the_old_environment_spelling(config_dir: Path) -> None:
    assert not Settings.load(env={}).llm.enabled
    config.update({"llm.provider": "compatible", "llm.base_url": "http://127.0.0.1:11434/v1/"})
    llm = Settings.load(env={}).llm
    assert llm.enabled and llm.base_url == "http://127.0.0.1:11434/v1"
    config.update({"llm.provider": "openai"})  # the server URL is kept but not used
    assert Settings.load(env={}).llm.base_url is None
    assert not Settings.load(env={"ILJEONG_LLM": "off"}).llm.enabled
    config.update({"llm.provider": "off"})
    # before the settings file existed, a URL or a model alone in the env turned it on
    on = Settings.load(env={"ILJEONG_LLM_BASE_URL": "http://127.0.0.1:9/v1"}).llm
    assert on.enabled and on.base_url == "http://127.0.0.1:9/v1"
    on = Settings.load(env={"ILJEONG_LLM_MODEL": "llama3.2"}).llm
    assert on.enabled and on.base_url is None and on.model == "llama3.2"
    off = Settings.load(env={"ILJEONG_LLM": "no", "ILJEONG_LLM_MODEL": "llama3.2"}).llm
    assert not off.enabled


def test_writes_are_atomic_and_private(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config.update({"theme": "light"})
    path = settings_file(config_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="No space"):
        config.update({"theme": "dark"})
    monkeypatch.undo()
    assert path.read_bytes() == before  # the old file is whole
    assert [p.name for p in config_dir.iterdir()] == ["settings.json"]  # no temp file left


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("language", "fr", "not one of system, ko, en"),
        ("time_zone", "Mars/Olympus", "unknown time zone"),
        ("default_duration", 0, "below the minimum"),
        ("default_duration", 1.5, "whole number"),
        ("default_duration", True, "not a number"),
        ("llm.timeout", "fast", "not a number"),
        ("hotkey", "ctrl+i", "angle brackets"),
        ("hotkey", "<ctrl>+<alt>", "exactly one other key"),
        ("hotkey", "<hyper>+i", "unknown key"),
        ("llm.base_url", "ftp://x", r"not an http\(s\) URL"),
        ("ocr.backend", "easyocr", "not one of"),
        ("ocr.gcv_credentials", "/no/such/file.json", "no such file"),
        ("notifications", "maybe", "not true or false"),
        ("calendars.hidden", "a,b", "not a list"),
        ("no.such.key", 1, "unknown setting"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(
    config_dir: Path, name: str, value: object, message: str
) -> None:
    config.update({"theme": "dark"})
    before = settings_file(config_dir).read_bytes()
    with pytest.raises(ConfigError, match=message):
        config.update({"language": "en", name: value})  # the good half is not kept either
    assert settings_file(config_dir).read_bytes() == before


def test_text_from_the_command_line_is_typed() -> None:
    assert config.parse_text("notifications", "네") is True
    assert config.parse_text("notifications", "off") is False
    assert config.parse_text("default_duration", " 90 ") == 90
    assert config.parse_text("calendars.hidden", "a, b,,c") == ["a", "b", "c"]
    assert config.parse_text("calendars.hidden", "") == []
    assert config.parse_text("default_calendar", "") is None
    with pytest.raises(ConfigError, match="default_reminder: 'soon' is not a whole number"):
        config.parse_text("default_reminder", "soon")


def test_a_provider_that_needs_a_url_is_refused_without_one(
    config_dir: Path, ring: MemoryKeyring
) -> None:
    with pytest.raises(ConfigError, match="needs llm.base_url"):
        config.update({"llm.provider": "compatible", "llm.api_key": KEY})
    assert not settings_file(config_dir).exists()
    assert ring.values == {}  # the key in the same change was not stored either
    config.update({"llm.provider": "compatible", "llm.base_url": "http://127.0.0.1:8080"})
    with pytest.raises(ConfigError, match="needs llm.base_url"):
        config.update({}, unset=["llm.base_url"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{bad json", "not valid JSON"),
        ("[1, 2]", "does not hold a JSON object"),
        ('{"format": 99}', "newer iljeong"),
        ('{"langauge": "ko"}', "unknown setting 'langauge'"),
        ('{"theme": "purple"}', "theme: 'purple' is not one of"),
        ('{"llm.api_key": "sk-123"}', "secrets belong in the keyring"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_a_damaged_file_is_an_error_and_is_never_overwritten(
    config_dir: Path, content: str | bytes, message: str
) -> None:
    config_dir.mkdir(parents=True)
    path = settings_file(config_dir)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(SettingsFileError, match=message) as caught:
        Settings.load(env={})
    assert str(path) in str(caught.value) and "move it away" in str(caught.value)
    with pytest.raises(SettingsFileError):
        config.update({"theme": "dark"})
    with pytest.raises(SettingsFileError):
        config.update({}, unset=["theme"])
    assert path.read_bytes() == before


def test_an_empty_file_is_no_settings(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    settings_file(config_dir).write_text("  \n", encoding="utf-8")
    assert Settings.load(env={}).language == "system"


def test_secrets_go_to_the_keyring_never_the_file(config_dir: Path, ring: MemoryKeyring) -> None:
    config.update({"llm.api_key": KEY, "ocr.gcv_api_key": "gcv-key-1", "theme": "dark"})
    assert ring.values == {("iljeong", "openai"): KEY, ("iljeong", "gcv"): "gcv-key-1"}
    text = settings_file(config_dir).read_text(encoding="utf-8")
    assert KEY not in text and "gcv-key-1" not in text and "api_key" not in text
    shown = {e.key.name: e.shown() for e in config.entries({})}
    assert shown["llm.api_key"] == "(set)" and shown["ocr.gcv_api_key"] == "(set)"
    # read only when a provider that needs it is on
    assert Settings.load(env={}).llm.api_key is None
    config.update({"llm.provider": "openai", "ocr.backend": "gcv"})
    s = Settings.load(env={})
    assert s.llm.api_key == KEY and s.ocr.gcv_api_key == "gcv-key-1"
    assert KEY not in repr(s)
    # the environment still wins
    assert Settings.load(env={"OPENAI_API_KEY": "sk-env"}).llm.api_key == "sk-env"
    config.update({}, unset=["llm.api_key"])
    assert ("iljeong", "openai") not in ring.values
    assert config.display("llm.api_key", None) == "(not set)"
    with pytest.raises(ConfigError, match="one word"):
        config.update({"llm.api_key": "two words"})


def test_calendars_are_checked_against_the_store_and_kept_by_id(
    config_dir: Path, store: Store
) -> None:
    work = store.add_calendar(Calendar(name="Work"))
    home = store.default_calendar()
    config.update({"default_calendar": "work", "calendars.hidden": [home.id, "Work"]}, store=store)
    stored = config.stored_values()
    assert stored["default_calendar"] == work.id
    assert stored["calendars.hidden"] == [home.id, work.id]
    with pytest.raises(ConfigError, match="no calendar 'Play'; calendars: "):
        config.update({"default_calendar": "Play"}, store=store)
    s = Settings.load(env={})
    assert config.calendar_for_new_events(store, s).id == work.id
    # a calendar that is not there (any more): new events go to the store's default
    gone = Settings(default_calendar="no-such-id")
    assert config.calendar_for_new_events(store, gone).id == home.id
