"""Shared set-up for the Google tests: the Calendar emulator on 127.0.0.1, a test keyring,
a store connected to the emulator's account, and small helpers. Other test_google_*
modules import the fixtures from here; the tests below check the helpers themselves."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import keyring
import pytest

from core.google import connection, tokens
from core.google.account import Account, load_account, save_account
from core.google.client import RetryPolicy
from core.google.config import (
    API_ENDPOINT_ENV,
    AUTH_URI_ENV,
    TOKEN_URI_ENV,
    Endpoints,
    client_config_from,
)
from core.google.engine import SyncReport
from core.model import Event
from core.store import Store
from tests.fakes.google_calendar import FakeGoogle

# memory_keyring / file_keyring: tests/fakes/keyring_backend.py, a plugin of tests/conftest.py.
from tests.fakes.keyring_backend import FILE_ENV, FileKeyring, MemoryKeyring

EMAIL = "user@example.com"
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    emulator = FakeGoogle(seed=0).start()
    emulator.add_account(EMAIL)
    monkeypatch.setenv(API_ENDPOINT_ENV, emulator.api_endpoint)
    monkeypatch.setenv(AUTH_URI_ENV, emulator.auth_uri)
    monkeypatch.setenv(TOKEN_URI_ENV, emulator.token_uri)
    try:
        yield emulator
    finally:
        emulator.stop()


def connect(store: Store, fake: FakeGoogle, email: str = EMAIL, scopes: Any = None) -> None:
    """What a successful login leaves behind: the token in the keyring, the account in
    the store (tokens come from the emulator, as if the user had consented)."""
    issued = fake.issue_tokens(email, scopes)
    client = client_config_from(fake.client_config(), Endpoints.from_env())
    record = tokens.record_from_token_response(
        email,
        {"access_token": issued["access_token"], "refresh_token": issued["refresh_token"]},
        client,
        issued["scopes"],
    )
    tokens.save_token(record)
    save_account(store, Account(email=email, status="connected"))


@dataclass
class Sleeps:
    """An injected sleep: records the backoff delays instead of waiting."""

    delays: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@dataclass
class Google:
    """A store connected to the emulator, with a sync that never really sleeps."""

    store: Store
    fake: FakeGoogle
    sleeps: Sleeps = field(default_factory=Sleeps)
    policy: RetryPolicy = field(default_factory=lambda: RetryPolicy(attempts=8))

    def sync(self, only: str | None = None, **kwargs: Any) -> SyncReport:
        return connection.sync(
            self.store, only=only, sleep=self.sleeps, policy=self.policy, **kwargs
        )

    @property
    def calendar(self) -> str:
        return self.store.default_calendar().id

    def add(self, title: str, start: datetime, **fields: Any) -> Event:
        return self.store.add_event(Event.timed(title, start, calendar_id=self.calendar, **fields))

    def remote(self, include_cancelled: bool = False) -> dict[str, dict[str, Any]]:
        """Google's events by id."""
        return {e["id"]: e for e in self.fake.events("primary", include_cancelled)}

    def remote_by_title(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for item in self.fake.events("primary"):
            if item.get("recurringEventId"):
                continue  # a changed instance of a series
            assert item.get("summary") not in found, f"duplicate on Google: {item.get('summary')}"
            found[item["summary"]] = item
        return found

    def local_by_title(self) -> dict[str, Event]:
        found: dict[str, Event] = {}
        for ev in self.store.all_events():
            if ev.is_override:
                continue
            assert ev.title not in found, f"duplicate locally: {ev.title}"
            found[ev.title] = ev
        return found

    def writes(self) -> list[Any]:
        return [r for r in self.fake.requests if r.is_write]


@pytest.fixture
def google(store: Store, fake: FakeGoogle, memory_keyring: MemoryKeyring) -> Google:
    connect(store, fake)
    return Google(store, fake)


def timed_body(
    title: str, start: str, end: str, tz: str = "Asia/Seoul", **extra: Any
) -> dict[str, Any]:
    return {
        "summary": title,
        "start": {"dateTime": start, "timeZone": tz},
        "end": {"dateTime": end, "timeZone": tz},
        **extra,
    }


# -- checks of the helpers themselves -------------------------------------------------------


def test_memory_keyring_round_trip(memory_keyring: MemoryKeyring) -> None:
    record = tokens.TokenRecord(
        email=EMAIL,
        refresh_token="r",
        client_id="c",
        client_secret="s",
        token_uri="http://127.0.0.1/token",
        scopes=("openid",),
    )
    tokens.save_token(record)
    assert tokens.load_token(EMAIL) == record
    assert ("iljeong", f"google:{EMAIL}") in memory_keyring.values
    assert tokens.delete_token(EMAIL) is True
    assert tokens.load_token(EMAIL) is None
    assert tokens.delete_token(EMAIL) is False


def test_file_keyring_is_shared_through_the_environment(file_keyring: FileKeyring) -> None:
    keyring.set_password("iljeong", "google:a@b.c", "secret")
    assert Path(os.environ[FILE_ENV]).exists()
    assert FileKeyring().get_password("iljeong", "google:a@b.c") == "secret"
    assert file_keyring.entries() == {"iljeong\x00google:a@b.c": "secret"}


def test_connected_store_knows_the_account(google: Google) -> None:
    account = load_account(google.store)
    assert account.email == EMAIL and account.status == "connected"
    record = tokens.load_token(EMAIL)
    assert record is not None and record.refresh_token
    assert record.token_uri == google.fake.token_uri
