"""Shared fixtures. Every test gets its own data dir; Qt runs offscreen."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYNPUT_BACKEND", "dummy")
os.environ.setdefault("ILJEONG_TZ", "Asia/Seoul")
os.environ.setdefault("ILJEONG_LOG_DIR", tempfile.mkdtemp(prefix="iljeong-test-logs-"))

from core.store import Store  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"

# memory_keyring / file_keyring for every test that asks for one.
pytest_plugins = ["tests.fakes.keyring_backend"]


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own settings folder: no test reads or writes the real settings file."""
    folder = tmp_path / "config"
    monkeypatch.setenv("ILJEONG_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("ILJEONG_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    with Store.open(data_dir) as opened:
        yield opened


@pytest.fixture
def fixed_clock() -> datetime:
    return datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
