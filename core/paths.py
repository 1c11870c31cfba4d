"""Where iljeong keeps its files (platformdirs), with overrides for tests and portable use."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "iljeong"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir, else ILJEONG_DATA_DIR, else the platform's user data dir."""
    chosen = override or os.environ.get("ILJEONG_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
