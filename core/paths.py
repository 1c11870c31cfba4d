"""Where iljeong keeps its files (platformdirs), with overrides for tests and portable use."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "iljeong"


def bundle_root() -> Path:
    """The folder holding resources/ and migrations/: the source tree, or the unpacked
    PyInstaller bundle (``sys._MEIPASS``) in a frozen build."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[1]


def resource_dir() -> Path:
    """resources/ (icons, translations, the desktop entry); ILJEONG_RESOURCES_DIR overrides."""
    override = os.environ.get("ILJEONG_RESOURCES_DIR")
    return Path(override) if override else bundle_root() / "resources"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir, else ILJEONG_DATA_DIR, else the platform's user data dir."""
    chosen = override or os.environ.get("ILJEONG_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
