"""Connect, disconnect, sync and report: the Google operations front ends call.

Every function takes the store; none touches Qt. ``login`` and ``sync`` block (browser,
network): the desktop runs them on a worker thread (see ``core.google.scheduler``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.google.account import (
    Account,
    load_account,
    mark_reconnect_needed,
    reconnect_message,
    save_account,
)
from core.google.config import (
    LOGIN_TIMEOUT as DEFAULT_TIMEOUT,
)
from core.google.config import Endpoints, load_client_secrets, missing_scopes
from core.google.engine import (
    CALENDARS_KEY,
    ENTITY,
    LAST_SYNC_KEY,
    TARGET,
    GoogleSync,
    SyncReport,
    pending_changes,
    token_key,
)
from core.google.errors import (
    ClientSecretsError,
    GoogleError,
    NotConnected,
    ReconnectNeeded,
)
from core.store import Store
from core.timeutil import utc_now

# The Google libraries (google-auth, oauthlib, requests, googleapiclient, httplib2) load
# when a login or a sync runs, not when the window asks for the account's status.
if TYPE_CHECKING:
    from core.google import tokens
    from core.google.client import CalendarClient, RetryPolicy

log = logging.getLogger(__name__)


# -- login / logout -------------------------------------------------------------------------


def use_client(store: Store, client_secrets: str, endpoints: Endpoints | None = None) -> Account:
    """Check the user's OAuth client JSON (Google Cloud console, "Desktop app") and
    remember it for the next sign-in. Raises ``ClientSecretsError`` (nothing remembered)
    when the file is missing or not a desktop client."""
    path = str(Path(client_secrets).expanduser())
    load_client_secrets(path, endpoints or Endpoints.from_env())
    account = replace(load_account(store), client_secrets=path)
    save_account(store, account)
    return account


def login(
    store: Store,
    client_secrets: str | None = None,
    *,
    open_browser: bool = True,
    on_url: Callable[[str], None] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    endpoints: Endpoints | None = None,
) -> Account:
    """Sign in through the browser and keep the token in the keyring.

    Without ``client_secrets`` the remembered client JSON is used. When the account
    needs a reconnect because scopes are missing, only those are asked for. Raises
    ``ReconnectNeeded`` (after storing the token) when Google still withholds a scope.
    """
    from core.google import tokens
    from core.google.oauth import run_login, scopes_to_request

    endpoints = endpoints or Endpoints.from_env()
    previous = load_account(store)
    path = client_secrets or previous.client_secrets
    if not path:
        raise ClientSecretsError(
            "no OAuth client is configured: give the client JSON with --client-secrets FILE"
        )
    client = load_client_secrets(path, endpoints)
    asking_again = previous.status == "reconnect_needed" and previous.missing_scopes
    scopes = scopes_to_request(previous.missing_scopes if asking_again else ())
    result = run_login(
        client,
        scopes=scopes,
        open_browser=open_browser,
        on_url=on_url,
        timeout=timeout,
        login_hint=previous.email,
    )
    old = tokens.load_token(result.email)
    record = tokens.record_from_token_response(
        result.email, result.token, client, result.granted_scopes, previous=old
    )
    tokens.save_token(record)
    if previous.email and previous.email != result.email:
        tokens.delete_token(previous.email)
        forget_remote_state(store)
    missing = result.missing_scopes
    account = Account(
        email=result.email,
        client_secrets=str(Path(path).expanduser().resolve()),
        status="reconnect_needed" if missing else "connected",
        problem=reconnect_message(missing) if missing else None,
        missing_scopes=missing,
    )
    save_account(store, account)
    if missing:
        raise ReconnectNeeded(account.problem or "", missing)
    return account


def logout(store: Store) -> str | None:
    """Forget the token (keyring) and the account; local events stay. Returns the e-mail."""
    account = load_account(store)
    if account.email:
        from core.google import tokens

        tokens.delete_token(account.email)
    save_account(store, Account(client_secrets=account.client_secrets))
    return account.email


def forget_remote_state(store: Store) -> None:
    """Another account: drop sync tokens, last synced copies and calendar links."""
    with store.transaction(origin=TARGET):
        for base in store.bases(TARGET, ENTITY):
            store.delete_base(TARGET, ENTITY, base.entity_id)
        for cal in store.calendars(include_deleted=True):
            if cal.google_calendar_id:
                store.set_state(token_key(cal.google_calendar_id), None)
                if cal.is_default:
                    store.update_calendar(replace(cal, google_calendar_id=None))
        store.set_state(CALENDARS_KEY, None)


# -- sync -----------------------------------------------------------------------------------


def open_client(
    store: Store,
    *,
    endpoints: Endpoints | None = None,
    sleep: Callable[[float], None] = time.sleep,
    policy: RetryPolicy | None = None,
) -> tuple[CalendarClient, tokens.TokenRecord]:
    """An authorised client for the connected account (NotConnected / ReconnectNeeded)."""
    from core.google import tokens
    from core.google.client import CalendarClient

    endpoints = endpoints or Endpoints.from_env()
    account = load_account(store)
    if not account.connected or account.email is None:
        raise NotConnected("no Google account is connected; run 'iljeong google login' first")
    record = tokens.load_token(account.email)
    if record is None or not record.refresh_token:
        message = (
            f"the sign-in for {account.email} is missing from the system keyring; "
            "reconnect the Google account"
        )
        mark_reconnect_needed(store, message)
        raise ReconnectNeeded(message)
    missing = missing_scopes(record.scopes)
    if missing:
        message = reconnect_message(missing)
        mark_reconnect_needed(store, message, missing)
        raise ReconnectNeeded(message, missing)
    credentials = tokens.credentials_from_record(record, endpoints)
    return CalendarClient(credentials, endpoints, sleep=sleep, policy=policy), record


def sync(
    store: Store,
    *,
    only: str | None = None,
    refresh_calendars: bool = False,
    endpoints: Endpoints | None = None,
    sleep: Callable[[float], None] = time.sleep,
    policy: RetryPolicy | None = None,
) -> SyncReport:
    """One two-way sync of the connected account. Errors are recorded for ``status``
    (and the window) before they are raised; a refused grant marks "reconnect needed"."""
    started = utc_now()
    try:
        client, record = open_client(store, endpoints=endpoints, sleep=sleep, policy=policy)
    except GoogleError as exc:
        _record_outcome(store, started, None, exc)
        raise
    engine = GoogleSync(store, client, account=record.email)
    try:
        report = engine.run(only, refresh_calendars=refresh_calendars)
    except ReconnectNeeded as exc:
        mark_reconnect_needed(store, str(exc), exc.missing_scopes)
        _record_outcome(store, started, engine.report, exc)
        raise
    except Exception as exc:
        _record_outcome(store, started, engine.report, exc)
        raise
    finally:
        _keep_refreshed_token(record, client)
        client.close()
    account = load_account(store)
    if account.status == "reconnect_needed" and not account.missing_scopes:
        save_account(store, replace(account, status="connected", problem=None))
    _record_outcome(store, started, report, None)
    return report


def _keep_refreshed_token(record: tokens.TokenRecord, client: CalendarClient) -> None:
    from core.google import tokens

    newer = tokens.updated_record(record, client.credentials)
    if newer is not None:
        try:
            tokens.save_token(newer)
        except GoogleError:
            log.warning("could not write the refreshed Google token back to the keyring")


def _record_outcome(
    store: Store, started: datetime, report: SyncReport | None, error: BaseException | None
) -> None:
    message = None
    if error is not None:
        message = (
            str(error) if isinstance(error, GoogleError) else f"{type(error).__name__}: {error}"
        )
    try:
        store.set_state(
            LAST_SYNC_KEY,
            {
                "at": started.isoformat(),
                "finished": utc_now().isoformat(),
                "ok": error is None,
                "error": message,
                "report": None if report is None else report.to_json(),
            },
        )
    except Exception:  # noqa: BLE001 - the sync's own error matters more
        log.exception("could not record the Google sync outcome")


# -- status ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoogleStatus:
    account: Account
    calendars: list[dict[str, Any]] = field(default_factory=list)
    last_sync: dict[str, Any] | None = None
    conflicts: int = 0
    pending: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "account": self.account.email,
            "status": self.account.status,
            "problem": self.account.problem,
            "missing_scopes": list(self.account.missing_scopes),
            "calendars": self.calendars,
            "last_sync": self.last_sync,
            "conflicts": self.conflicts,
            "pending": self.pending,
        }


def read_status(store: Store) -> GoogleStatus:
    account = load_account(store)
    listed = store.get_state(CALENDARS_KEY)
    names = {}
    if isinstance(listed, dict):
        names = {i["id"]: i for i in listed.get("items", [])}
    calendars = []
    for cal in store.calendars():
        if cal.google_calendar_id:
            info = names.get(cal.google_calendar_id, {})
            state = store.get_state(token_key(cal.google_calendar_id))
            calendars.append(
                {
                    "id": cal.google_calendar_id,
                    "name": info.get("summary") or cal.name,
                    "local_id": cal.id,
                    "primary": bool(info.get("primary")),
                    "selected": cal.selected,
                    "synced": isinstance(state, dict) and bool(state.get("token")),
                }
            )
    last = store.get_state(LAST_SYNC_KEY)
    conflicts = sum(1 for c in store.conflicts() if c.target == TARGET)
    return GoogleStatus(
        account=account,
        calendars=calendars,
        last_sync=last if isinstance(last, dict) else None,
        conflicts=conflicts,
        pending=pending_changes(store),
    )
