"""Keyring backends for tests (never keyrings.alt, never the user's real keyring).

* ``MemoryKeyring``: a dict, installed in-process with ``keyring.set_keyring``.
* ``FileKeyring``: a JSON file named by ``ILJEONG_TEST_KEYRING_FILE``, so a subprocess
  (``iljeong google login`` run as a program) and the test share one keyring. Select it
  with ``PYTHON_KEYRING_BACKEND=tests.fakes.keyring_backend.FileKeyring``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_ENV = "ILJEONG_TEST_KEYRING_FILE"
BACKEND_PATH = "tests.fakes.keyring_backend.FileKeyring"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.values.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]
    _lock = threading.Lock()

    @property
    def path(self) -> Path:
        name = os.environ.get(FILE_ENV)
        if not name:
            raise RuntimeError(f"{FILE_ENV} is not set")
        return Path(name)

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, str]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(self.path)

    @staticmethod
    def _key(service: str, username: str) -> str:
        return f"{service}\x00{username}"

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._read().get(self._key(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            data = self._read()
            data[self._key(service, username)] = password
            self._write(data)

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            data = self._read()
            if data.pop(self._key(service, username), None) is None:
                raise PasswordDeleteError("no such password")
            self._write(data)

    def entries(self) -> dict[str, str]:
        """Everything stored, for assertions ("service\\x00user" -> secret)."""
        with self._lock:
            return self._read()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-process keyring for one test (import the fixture into the test module)."""
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileKeyring]:
    """A keyring file shared with subprocesses (PYTHON_KEYRING_BACKEND points at it)."""
    monkeypatch.setenv(FILE_ENV, str(tmp_path / "keyring.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", BACKEND_PATH)
    previous = keyring.get_keyring()
    ring = FileKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(previous)
