"""Structured logging: one JSON object per line in the platform's log directory.

Messages never carry tokens, image bytes or whole user texts at INFO (DESIGN.md); callers
pass such things only as lengths or ids. ``ILJEONG_LOG_LEVEL`` sets the level (INFO).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from core.paths import APP_NAME

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "msg", ...extra fields, "exc"}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_dir() -> Path:
    """ILJEONG_LOG_DIR, else the platform's user log dir."""
    override = os.environ.get("ILJEONG_LOG_DIR")
    return (
        Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    )


def configure(folder: Path | None = None) -> Path:
    """Log to ``folder``/iljeong.log (rotated at 1 MB, 3 kept); returns the file's path."""
    target = (folder or log_dir()) / "iljeong.log"
    root = logging.getLogger()
    for existing in root.handlers:
        if getattr(existing, "baseFilename", None) == str(target.resolve()):
            return target  # configured already (the app started twice in one process)
    target.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(os.environ.get("ILJEONG_LOG_LEVEL", "INFO").upper())
    # Libraries that narrate every job run or migration step at INFO: their warnings only.
    for chatty in ("apscheduler", "alembic.runtime"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    return target
