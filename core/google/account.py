"""Which Google account is connected, and whether it needs the user (sync_state).

Only the e-mail, the client JSON path and the account's state are kept in the store; the
token itself lives in the keyring (``core.google.tokens``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from core.google.config import describe_scopes
from core.store import Store

ACCOUNT_KEY = "google:account"

Status = Literal["signed_out", "connected", "reconnect_needed"]


@dataclass(frozen=True, slots=True)
class Account:
    email: str | None = None
    client_secrets: str | None = None
    status: Status = "signed_out"
    #: Why the account needs the user (shown as is), None when connected.
    problem: str | None = None
    missing_scopes: tuple[str, ...] = ()

    @property
    def connected(self) -> bool:
        return self.email is not None and self.status != "signed_out"

    def to_json(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "client_secrets": self.client_secrets,
            "status": self.status,
            "problem": self.problem,
            "missing_scopes": list(self.missing_scopes),
        }

    @classmethod
    def from_json(cls, raw: Any) -> Account:
        if not isinstance(raw, dict):
            return cls()
        status = raw.get("status")
        return cls(
            email=raw.get("email"),
            client_secrets=raw.get("client_secrets"),
            status=status if status in ("connected", "reconnect_needed") else "signed_out",
            problem=raw.get("problem"),
            missing_scopes=tuple(raw.get("missing_scopes") or ()),
        )


def load_account(store: Store) -> Account:
    return Account.from_json(store.get_state(ACCOUNT_KEY))


def save_account(store: Store, account: Account) -> None:
    if load_account(store) != account:
        store.set_state(ACCOUNT_KEY, account.to_json())


def reconnect_message(missing: tuple[str, ...]) -> str:
    if missing:
        return (
            f"Google did not allow {describe_scopes(missing)}; reconnect the Google account "
            "and allow it (only what is missing is asked for)"
        )
    return (
        "Google no longer accepts the saved sign-in (it was revoked or has expired); "
        "reconnect the Google account"
    )


def mark_reconnect_needed(store: Store, message: str, missing: tuple[str, ...] = ()) -> Account:
    """Remember that the user must sign in again; local use goes on."""
    account = replace(
        load_account(store), status="reconnect_needed", problem=message, missing_scopes=missing
    )
    save_account(store, account)
    return account
