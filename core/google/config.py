"""Where Google lives (endpoints), what we ask for (scopes) and whose OAuth client we use.

Endpoints come from the environment so the real client libraries can be pointed at the
project's emulator on 127.0.0.1:

* ``ILJEONG_GOOGLE_API_ENDPOINT`` replaces the discovery document's ``rootUrl`` (resource
  calls *and* batch requests follow it);
* ``ILJEONG_GOOGLE_AUTH_URI`` / ``ILJEONG_GOOGLE_TOKEN_URI`` replace the OAuth endpoints of
  the user's client JSON.

The client JSON is the "installed" (desktop) kind Google Cloud Console downloads. Its path
is remembered in the store (``core.google.account``), the way gcalcli takes
``--client-id``/``--client-secret`` once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.google.errors import ClientSecretsError

#: How long a browser sign-in may take (seconds).
LOGIN_TIMEOUT = 300.0

API_ENDPOINT_ENV = "ILJEONG_GOOGLE_API_ENDPOINT"
AUTH_URI_ENV = "ILJEONG_GOOGLE_AUTH_URI"
TOKEN_URI_ENV = "ILJEONG_GOOGLE_TOKEN_URI"

DEFAULT_AUTH_URI = "https://accounts.google.com/o/oauth2/auth"
DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token"

SCOPE_OPENID = "openid"
SCOPE_EMAIL = "https://www.googleapis.com/auth/userinfo.email"
SCOPE_EVENTS = "https://www.googleapis.com/auth/calendar.events"
SCOPE_CALENDAR_LIST = "https://www.googleapis.com/auth/calendar.calendarlist.readonly"

#: What the app asks for: who you are, your events, your list of calendars.
SCOPES: tuple[str, ...] = (SCOPE_OPENID, SCOPE_EMAIL, SCOPE_EVENTS, SCOPE_CALENDAR_LIST)

_CALENDAR = "https://www.googleapis.com/auth/calendar"
#: A granted scope that is broader than the one we asked for also does the job.
_SATISFIED_BY: dict[str, frozenset[str]] = {
    SCOPE_OPENID: frozenset({SCOPE_OPENID}),
    SCOPE_EMAIL: frozenset({SCOPE_EMAIL, "email"}),
    SCOPE_EVENTS: frozenset({SCOPE_EVENTS, _CALENDAR}),
    SCOPE_CALENDAR_LIST: frozenset(
        {
            SCOPE_CALENDAR_LIST,
            "https://www.googleapis.com/auth/calendar.calendarlist",
            "https://www.googleapis.com/auth/calendar.readonly",
            _CALENDAR,
        }
    ),
}

#: What each scope is for, in words a user understands (for "reconnect needed").
SCOPE_PURPOSE: dict[str, str] = {
    SCOPE_OPENID: "your Google identity",
    SCOPE_EMAIL: "your e-mail address",
    SCOPE_EVENTS: "reading and changing your calendar events",
    SCOPE_CALENDAR_LIST: "the list of your calendars",
}


def parse_scopes(granted: str | Iterable[str] | None) -> frozenset[str]:
    """A token response's ``scope`` (space separated) or a list, as a set."""
    if granted is None:
        return frozenset()
    if isinstance(granted, str):
        return frozenset(granted.split())
    return frozenset(granted)


def missing_scopes(granted: str | Iterable[str] | None) -> tuple[str, ...]:
    """The scopes of SCOPES that the granted ones do not cover, in SCOPES order."""
    have = parse_scopes(granted)
    return tuple(s for s in SCOPES if not (_SATISFIED_BY[s] & have))


def describe_scopes(scopes: Iterable[str]) -> str:
    return ", ".join(SCOPE_PURPOSE.get(s, s) for s in scopes)


@dataclass(frozen=True, slots=True)
class Endpoints:
    """API root (None = Google's own) and the OAuth endpoint overrides (None = from the client JSON)."""

    api_root: str | None = None
    auth_uri: str | None = None
    token_uri: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Endpoints:
        source = os.environ if env is None else env
        api = source.get(API_ENDPOINT_ENV, "").strip() or None
        return cls(
            api_root=_root(api) if api else None,
            auth_uri=source.get(AUTH_URI_ENV, "").strip() or None,
            token_uri=source.get(TOKEN_URI_ENV, "").strip() or None,
        )


def _root(url: str) -> str:
    """``http://127.0.0.1:8080`` -> ``http://127.0.0.1:8080/`` (the form rootUrl has)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ClientSecretsError(
            f"{API_ENDPOINT_ENV} must be an http(s) URL such as http://127.0.0.1:8080/, not {url!r}"
        )
    return url if url.endswith("/") else url + "/"


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """The user's OAuth client (desktop kind). Its secret is not secret for desktop apps."""

    client_id: str
    client_secret: str
    auth_uri: str
    token_uri: str

    def as_flow_config(self) -> dict[str, Any]:
        """The dict InstalledAppFlow.from_client_config takes."""
        return {
            "installed": {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "auth_uri": self.auth_uri,
                "token_uri": self.token_uri,
                "redirect_uris": ["http://127.0.0.1"],
            }
        }


def load_client_secrets(path: str | os.PathLike[str], endpoints: Endpoints) -> ClientConfig:
    """Read the client JSON; endpoint overrides from the environment win over its URIs."""
    file = Path(path).expanduser()
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ClientSecretsError(f"the OAuth client file {file} does not exist") from exc
    except OSError as exc:
        raise ClientSecretsError(
            f"cannot read the OAuth client file {file}: {exc.strerror}"
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ClientSecretsError(f"the OAuth client file {file} is not JSON") from exc
    return client_config_from(raw, endpoints, str(file))


def client_config_from(
    raw: object, endpoints: Endpoints, name: str = "client JSON"
) -> ClientConfig:
    if not isinstance(raw, dict):
        raise ClientSecretsError(f"{name} is not an OAuth client JSON object")
    if "installed" not in raw:
        kind = next(iter(raw), None)
        hint = f' (it is a "{kind}" client)' if kind in ("web", "type") else ""
        raise ClientSecretsError(
            f"{name} is not a desktop OAuth client{hint}: create an OAuth client of type "
            '"Desktop app" in Google Cloud Console and download its JSON'
        )
    section = raw["installed"]
    if not isinstance(section, dict):
        raise ClientSecretsError(f'{name}: "installed" must be an object')
    client_id = section.get("client_id")
    if not isinstance(client_id, str) or not client_id.strip():
        raise ClientSecretsError(f'{name}: "installed.client_id" is missing')
    secret = section.get("client_secret", "")
    if not isinstance(secret, str):
        raise ClientSecretsError(f'{name}: "installed.client_secret" must be text')
    auth_uri = endpoints.auth_uri or section.get("auth_uri") or DEFAULT_AUTH_URI
    token_uri = endpoints.token_uri or section.get("token_uri") or DEFAULT_TOKEN_URI
    if not isinstance(auth_uri, str) or not isinstance(token_uri, str):
        raise ClientSecretsError(f"{name}: auth_uri and token_uri must be text")
    return ClientConfig(client_id.strip(), secret, auth_uri, token_uri)
