"""Loopback OAuth sign-in (google-auth-oauthlib InstalledAppFlow).

PKCE (S256) and a random ``state`` come from the flow; oauthlib refuses an answer whose
state does not match. The redirect server listens on 127.0.0.1 on a port the OS picks
and gives up after ``timeout`` seconds. The account's e-mail is read from the id_token of
the token response; the granted scopes are checked against the ones we need.

Everything here blocks (it waits for the browser): the desktop runs it on a worker
thread, the CLI simply waits.
"""

from __future__ import annotations

import logging
import os
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import google.auth.exceptions
import requests
from google.auth import jwt
from google_auth_oauthlib.flow import InstalledAppFlow, WSGITimeoutError
from oauthlib.oauth2.rfc6749 import errors as oauth_errors

from core.google.config import (
    LOGIN_TIMEOUT,
    SCOPE_EMAIL,
    SCOPE_OPENID,
    SCOPES,
    ClientConfig,
    is_loopback,
    missing_scopes,
    parse_scopes,
)
from core.google.errors import LoginFailed

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = LOGIN_TIMEOUT
_SUCCESS_PAGE = (
    "iljeong is now connected to your Google account. You can close this window and go "
    "back to iljeong."
)


@dataclass(frozen=True, slots=True)
class LoginResult:
    email: str
    token: dict[str, Any]  # the token response (access/refresh token, expires_at, scope)
    granted_scopes: frozenset[str]
    missing_scopes: tuple[str, ...]


def _allow_local_endpoints(client: ClientConfig) -> None:
    # oauthlib insists on https; a token endpoint on this machine (the test emulator) is
    # allowed over http. Reduced scopes must come back as a result we check, not as an
    # exception oauthlib raises ("Scope has changed").
    if client.token_uri.startswith("http://") and is_loopback(client.token_uri):
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    os.environ.setdefault("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")


def scopes_to_request(missing: Sequence[str] = ()) -> list[str]:
    """Everything on the first sign-in; on a reconnect only what is missing (plus the
    identity scopes, so the answer names the account)."""
    if not missing:
        return list(SCOPES)
    wanted = [SCOPE_OPENID, SCOPE_EMAIL, *missing]
    return list(dict.fromkeys(wanted))


def run_login(
    client: ClientConfig,
    *,
    scopes: Sequence[str] = SCOPES,
    open_browser: bool = True,
    on_url: Callable[[str], None] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    login_hint: str | None = None,
) -> LoginResult:
    """Sign in through the browser and return the account and its token response.

    ``on_url`` receives the authorization URL once the redirect server is listening
    (the CLI prints it; the desktop shows it next to an "open" button).
    """
    _allow_local_endpoints(client)
    flow = InstalledAppFlow.from_client_config(client.as_flow_config(), scopes=list(scopes))
    make_url = flow.authorization_url

    def announce(**kwargs: Any) -> tuple[str, str]:
        # Runs once the redirect server listens: show the URL, then try the browser (a
        # machine without one keeps the printed URL instead of failing the sign-in).
        url, state = make_url(**kwargs)
        if on_url is not None:
            on_url(url)
        if open_browser:
            try:
                webbrowser.open(url, new=1, autoraise=True)
            except webbrowser.Error:
                log.info("no web browser could be opened for the Google sign-in")
        return url, state

    flow.authorization_url = announce
    extra: dict[str, str] = {"login_hint": login_hint} if login_hint else {}
    try:
        flow.run_local_server(
            host="127.0.0.1",
            port=0,
            open_browser=False,  # announce() opens it
            authorization_prompt_message=None,
            success_message=_SUCCESS_PAGE,
            timeout_seconds=max(1, round(timeout)),
            access_type="offline",
            prompt="consent",
            include_granted_scopes="true",
            **extra,
        )
    except WSGITimeoutError as exc:
        raise LoginFailed(
            f"no answer from the browser within {round(timeout)} seconds; try again"
        ) from exc
    except oauth_errors.MismatchingStateError as exc:
        raise LoginFailed(
            "the sign-in answer did not belong to this sign-in (state mismatch); try again"
        ) from exc
    except oauth_errors.AccessDeniedError as exc:
        raise LoginFailed("access was denied in the browser; nothing was connected") from exc
    except oauth_errors.OAuth2Error as exc:
        detail = exc.description or exc.error
        raise LoginFailed(f"Google refused the sign-in: {detail}") from exc
    except requests.RequestException as exc:
        raise LoginFailed(f"cannot reach the Google sign-in server ({type(exc).__name__})") from exc
    except OSError as exc:
        raise LoginFailed(f"cannot listen for the browser's answer: {exc.strerror or exc}") from exc
    token = dict(flow.oauth2session.token)
    granted = parse_scopes(token.get("scope")) or frozenset(scopes)
    email = email_from_id_token(token.get("id_token"), client.client_id)
    return LoginResult(email, token, granted, missing_scopes(granted))


def email_from_id_token(id_token: object, client_id: str) -> str:
    """The account's e-mail from the id_token of a token response.

    The token came straight from the token endpoint over the connection we opened, so
    its signature is not checked (OpenID Connect Core 3.1.3.7 allows this); its audience is.
    """
    if not isinstance(id_token, str) or not id_token:
        raise LoginFailed(
            "Google did not say which account signed in (no id_token; was the "
            "'openid' permission refused?)"
        )
    try:
        claims = jwt.decode(id_token, verify=False)  # type: ignore[no-untyped-call]
    except (ValueError, google.auth.exceptions.GoogleAuthError) as exc:
        raise LoginFailed("Google's answer named no readable account (bad id_token)") from exc
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences:
        raise LoginFailed("the sign-in answer was meant for another application (audience)")
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise LoginFailed(
            "Google did not share the account's e-mail address; allow it and try again"
        )
    return email.lower()
