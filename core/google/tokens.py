"""The OAuth token lives only in the OS keyring: service "iljeong", user "google:<email>".

The record is small JSON (Windows' credential store caps a secret at about 2.5 KB): the
access and refresh tokens, their expiry, the granted scopes and the client it belongs to.
It never goes into SQLite, logs or error messages. The keyring backend is keyring's own
choice (``PYTHON_KEYRING_BACKEND`` overrides it); tests install a backend of their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import keyring
import keyring.errors
from google.oauth2.credentials import Credentials

from core.google.config import ClientConfig, Endpoints, parse_scopes
from core.google.errors import KeyringUnavailable

KEYRING_SERVICE = "iljeong"


def keyring_user(email: str) -> str:
    return f"google:{email}"


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """What the keyring holds for one account."""

    email: str
    refresh_token: str | None
    client_id: str
    client_secret: str
    token_uri: str
    scopes: tuple[str, ...]
    access_token: str | None = None
    expiry: datetime | None = None  # aware, UTC

    def to_json(self) -> str:
        return json.dumps(
            {
                "email": self.email,
                "refresh_token": self.refresh_token,
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "token_uri": self.token_uri,
                "scopes": list(self.scopes),
                "token": self.access_token,
                "expiry": None if self.expiry is None else self.expiry.isoformat(),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> TokenRecord | None:
        """None when the stored text is not a record of ours (treated as no token)."""
        try:
            raw = json.loads(text)
            expiry = raw.get("expiry")
            return cls(
                email=str(raw["email"]),
                refresh_token=raw.get("refresh_token"),
                client_id=str(raw["client_id"]),
                client_secret=str(raw.get("client_secret") or ""),
                token_uri=str(raw["token_uri"]),
                scopes=tuple(raw.get("scopes") or ()),
                access_token=raw.get("token"),
                expiry=datetime.fromisoformat(expiry) if expiry else None,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def _keyring_error(exc: Exception) -> KeyringUnavailable:
    return KeyringUnavailable(
        "the system keyring is not available, so the Google sign-in cannot be stored safely "
        f"({type(exc).__name__}). Start a keyring service (e.g. GNOME Keyring or KWallet) "
        "or set PYTHON_KEYRING_BACKEND"
    )


def save_token(record: TokenRecord) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_user(record.email), record.to_json())
    except keyring.errors.KeyringError as exc:
        raise _keyring_error(exc) from exc


def load_token(email: str) -> TokenRecord | None:
    try:
        text = keyring.get_password(KEYRING_SERVICE, keyring_user(email))
    except keyring.errors.KeyringError as exc:
        raise _keyring_error(exc) from exc
    return None if text is None else TokenRecord.from_json(text)


def delete_token(email: str) -> bool:
    """Forget the account's token; False when there was none."""
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_user(email))
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise _keyring_error(exc) from exc
    return True


def _naive_utc(value: datetime | None) -> datetime | None:
    # google-auth compares expiry with a naive UTC "now".
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def credentials_from_record(record: TokenRecord, endpoints: Endpoints) -> Credentials:
    """Credentials built by hand, so the configured token endpoint is the one used
    (``Credentials.from_authorized_user_info`` always puts Google's own back)."""
    return Credentials(  # type: ignore[no-untyped-call]
        token=record.access_token,
        refresh_token=record.refresh_token,
        token_uri=endpoints.token_uri or record.token_uri,
        client_id=record.client_id,
        client_secret=record.client_secret,
        scopes=list(record.scopes) or None,
        expiry=_naive_utc(record.expiry),
    )


def record_from_token_response(
    email: str,
    token: dict[str, Any],
    client: ClientConfig,
    granted: Iterable[str],
    previous: TokenRecord | None = None,
) -> TokenRecord:
    """A record from an OAuth token response (a re-consent may omit the refresh token:
    the one already stored stays valid then)."""
    expires_at = token.get("expires_at")
    expiry = datetime.fromtimestamp(float(expires_at), UTC) if expires_at else None
    refresh = token.get("refresh_token") or (previous.refresh_token if previous else None)
    return TokenRecord(
        email=email,
        refresh_token=refresh,
        client_id=client.client_id,
        client_secret=client.client_secret,
        token_uri=client.token_uri,
        scopes=tuple(sorted(parse_scopes(granted))),
        access_token=token.get("access_token"),
        expiry=expiry,
    )


def updated_record(record: TokenRecord, credentials: Credentials) -> TokenRecord | None:
    """The record with a refreshed access token, or None when nothing changed."""
    expiry = None if credentials.expiry is None else credentials.expiry.replace(tzinfo=UTC)
    refresh = credentials.refresh_token or record.refresh_token
    if (
        credentials.token == record.access_token
        and refresh == record.refresh_token
        and expiry == record.expiry
    ):
        return None
    return TokenRecord(
        email=record.email,
        refresh_token=refresh,
        client_id=record.client_id,
        client_secret=record.client_secret,
        token_uri=record.token_uri,
        scopes=record.scopes,
        access_token=credentials.token,
        expiry=expiry,
    )
