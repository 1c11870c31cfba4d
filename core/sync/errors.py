"""Errors of the sync client; every message can be shown to the user as is."""

from __future__ import annotations

from core.errors import IljeongError


class SyncError(IljeongError):
    """Sync did not complete; local data is unchanged and the outbox is kept."""


class SyncUnavailable(SyncError):
    """The server cannot be reached or failed (network, 5xx): try again later."""


class SyncAuthError(SyncError):
    """The server refused the credentials (unknown or revoked token)."""


class SchemaMismatch(SyncError):
    """The server speaks another protocol schema (HTTP 426): update iljeong."""


class ResyncNeeded(SyncError):
    """The cursor is older than the server's tombstone window (HTTP 410)."""


class RequestRefused(SyncError):
    """The server refused the request itself (400, 413, 422): sending it again as is
    would fail again."""


class MutationOrderError(SyncError):
    """The server expects another next mutation id (HTTP 409)."""

    def __init__(self, message: str, expected: int) -> None:
        super().__init__(message)
        self.expected = expected


class LeaseHeld(SyncError):
    """Another device holds the Google sync lease (HTTP 409 with a holder)."""
