"""Errors of the Google part; every message is fit to show to the user as is."""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import IljeongError


class GoogleError(IljeongError):
    """Something about the Google account or Google Calendar went wrong."""


class NotConnected(GoogleError):
    """No Google account is connected yet."""


class ClientSecretsError(GoogleError):
    """The OAuth client JSON cannot be used."""


class KeyringUnavailable(GoogleError):
    """The OS keyring cannot store or read the token."""


class LoginFailed(GoogleError):
    """The browser sign-in did not complete."""


class ReconnectNeeded(GoogleError):
    """The stored grant no longer works (revoked, expired or missing scopes).

    Local use goes on; the user signs in again, asked only for what is missing.
    """

    def __init__(self, message: str, missing_scopes: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.missing_scopes = tuple(missing_scopes)


class GoogleApiError(GoogleError):
    """Google Calendar refused a request or could not be reached (after retries)."""

    def __init__(self, message: str, status: int | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
