"""core.autostart: the XDG autostart entry in a temporary XDG_CONFIG_HOME."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from core import autostart
from core.errors import IljeongError


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def test_enable_writes_a_valid_entry_and_disable_removes_it(config_home: Path) -> None:
    path = autostart.apply(True, platform="linux")
    assert path == config_home / "autostart" / "iljeong.desktop"
    assert autostart.is_enabled()
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "iljeong"
    assert entry["Name"] == "iljeong"
    # Enabling again leaves the same file; disabling twice is fine.
    before = path.stat().st_mtime_ns
    assert autostart.apply(True, platform="linux") == path
    assert path.stat().st_mtime_ns == before
    assert autostart.apply(False, platform="linux") is None
    assert not path.exists() and not autostart.is_enabled()
    assert autostart.apply(False, platform="linux") is None


def test_own_command_and_rewrite_when_it_changes(config_home: Path) -> None:
    path = autostart.apply(True, command="/opt/iljeong/iljeong", platform="linux")
    assert path is not None and "Exec=/opt/iljeong/iljeong\n" in path.read_text()
    autostart.apply(True, platform="linux")
    assert "Exec=iljeong\n" in path.read_text()


def test_relative_xdg_config_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert autostart.entry_path() == tmp_path / ".config" / "autostart" / "iljeong.desktop"


def test_other_platforms_say_not_supported(config_home: Path) -> None:
    with pytest.raises(autostart.AutostartUnsupported, match="not supported here"):
        autostart.apply(True, platform="win32")
    assert autostart.apply(False, platform="darwin") is None
    assert not (config_home / "autostart").exists()


def test_unwritable_folder_is_a_readable_error(config_home: Path) -> None:
    config_home.mkdir()
    (config_home / "autostart").write_text("a file where the folder should be")
    with pytest.raises(IljeongError, match="cannot write"):
        autostart.apply(True, platform="linux")
