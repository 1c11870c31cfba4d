"""Where the sync settings live: the server URL in the store's sync_state, the device
token in the OS keyring (service "iljeong", user "sync:<server>"), never in SQLite or logs.
"""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.errors import KeyringError

from core.store import Store
from core.sync.errors import SyncError

log = logging.getLogger("iljeong.sync")

KEYRING_SERVICE = "iljeong"
SERVER_KEY = "service:server"


def keyring_user(server: str) -> str:
    return f"sync:{server.rstrip('/')}"


def save_token(server: str, token: str) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_user(server), token)
    except KeyringError as exc:
        raise SyncError(
            f"the device token cannot be kept in the system keyring ({exc}); pass --token "
            "each time or set up a keyring"
        ) from exc


def load_token(server: str) -> str | None:
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_user(server))
    except KeyringError as exc:
        log.warning("keyring unavailable", extra={"error": type(exc).__name__})
        return None


def delete_token(server: str) -> None:
    with contextlib.suppress(KeyringError):
        keyring.delete_password(KEYRING_SERVICE, keyring_user(server))


def remembered_server(store: Store) -> str | None:
    value = store.get_state(SERVER_KEY)
    return str(value) if value else None


def remember_server(store: Store, server: str) -> None:
    store.set_state(SERVER_KEY, server.rstrip("/"))
