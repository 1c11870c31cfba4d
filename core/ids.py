"""Identity rules (DESIGN.md "Identity"): ids are the same on every replica."""

from __future__ import annotations

import base64
import uuid

import uuid6

# Fixed namespaces: changing them would rename every imported event.
_GOOGLE_NAMESPACE = uuid.UUID("6f1c2a52-5b0e-4f37-9a43-0c1b7f3e8d21")
_ICS_NAMESPACE = uuid.UUID("1d6c6a9e-3f4b-4c84-8b6e-2a9f0e5c7b13")

_BASE32HEX = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789abcdefghijklmnopqrstuv")


def new_id() -> str:
    """A time-ordered UUIDv7 as text."""
    return str(uuid6.uuid7())


def google_event_id(local_id: str) -> str:
    """Google event id for an event made here: base32hex of the UUID's 16 bytes, lower case.

    Google accepts ids of 5-1024 characters from a-v and 0-9; this gives 26.
    """
    raw = uuid.UUID(local_id).bytes
    encoded = base64.b32encode(raw).decode("ascii").rstrip("=")
    return encoded.translate(_BASE32HEX)


def local_id_for_google(calendar_id: str, google_id: str) -> str:
    """Local id of an event first seen in Google: every device derives the same one."""
    return str(uuid.uuid5(_GOOGLE_NAMESPACE, f"{calendar_id}\x00{google_id}"))


def local_id_for_ics(uid: str, recurrence_id: str | None = None) -> str:
    """Local id of an event imported from .ics: importing the same file twice updates, never duplicates."""
    key = uid if recurrence_id is None else f"{uid}\x00{recurrence_id}"
    return str(uuid.uuid5(_ICS_NAMESPACE, key))
