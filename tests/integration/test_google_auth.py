"""Google sign-in: the loopback OAuth flow end to end, the keyring, refresh, invalid_grant,
missing scopes and the re-consent that asks only for what is missing."""

# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from core.cli import main
from core.google import connection, tokens
from core.google.account import load_account
from core.google.config import (
    SCOPE_CALENDAR_LIST,
    SCOPE_EMAIL,
    SCOPE_EVENTS,
    SCOPE_OPENID,
    Endpoints,
    client_config_from,
)
from core.google.errors import LoginFailed, NotConnected, ReconnectNeeded
from core.google.oauth import run_login
from core.store import Store
from tests.fakes.google_calendar import FakeGoogle
from tests.fakes.keyring_backend import FileKeyring, MemoryKeyring
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
    EMAIL,
    SEOUL,
    Google,
    fake,
    google,
)

ROOT = Path(__file__).resolve().parents[2]
RUN_CLI = "import sys; from core.cli import main; sys.exit(main(sys.argv[1:]))"


def follow_in_background(url: str) -> threading.Thread:
    """Play the browser: open the authorization URL and follow its redirect to the loopback
    server (on another thread, since the flow blocks while it waits)."""

    def visit() -> None:
        requests.get(url, timeout=10)

    thread = threading.Thread(target=visit, daemon=True)
    thread.start()
    return thread


def authorize_requests(fake: FakeGoogle) -> list[dict[str, str]]:
    return [r.query for r in fake.requests if r.operation == "oauth.authorize"]


def test_login_flow_uses_pkce_state_and_a_loopback_port(
    fake: FakeGoogle, memory_keyring: MemoryKeyring
) -> None:
    client = client_config_from(fake.client_config(), Endpoints.from_env())
    seen: list[str] = []

    def on_url(url: str) -> None:
        seen.append(url)
        follow_in_background(url)

    result = run_login(client, open_browser=False, on_url=on_url, timeout=20)

    assert result.email == EMAIL
    assert result.missing_scopes == ()
    assert result.token["refresh_token"]
    [query] = authorize_requests(fake)
    assert query["code_challenge_method"] == "S256" and query["code_challenge"]
    assert query["state"] and query["access_type"] == "offline"
    redirect = urlsplit(query["redirect_uri"])
    assert redirect.hostname == "127.0.0.1" and redirect.port not in (None, 0, 80, 8080)
    assert set(query["scope"].split()) == {
        SCOPE_OPENID,
        SCOPE_EMAIL,
        SCOPE_EVENTS,
        SCOPE_CALENDAR_LIST,
    }
    assert seen and seen[0].startswith(fake.auth_uri)


def test_login_refuses_an_answer_with_another_state(
    fake: FakeGoogle, memory_keyring: MemoryKeyring
) -> None:
    client = client_config_from(fake.client_config(), Endpoints.from_env())

    def forge(url: str) -> None:
        query = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
        query["state"] = "forged"
        redirect = (
            fake.auth_uri
            + "?"
            + "&".join(f"{k}={requests.utils.quote(v)}" for k, v in query.items())
        )
        follow_in_background(redirect)

    with pytest.raises(LoginFailed, match="state mismatch"):
        run_login(client, open_browser=False, on_url=forge, timeout=20)


def test_login_gives_up_after_the_timeout(fake: FakeGoogle, memory_keyring: MemoryKeyring) -> None:
    client = client_config_from(fake.client_config(), Endpoints.from_env())
    with pytest.raises(LoginFailed, match="no answer from the browser within 1 seconds"):
        run_login(client, open_browser=False, on_url=lambda url: None, timeout=1)


def test_denied_consent_connects_nothing(
    store: Store, fake: FakeGoogle, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    secrets = fake.write_client_secrets(tmp_path / "client.json")
    fake.deny_consent = True
    with pytest.raises(LoginFailed, match="denied"):
        connection.login(
            store, str(secrets), open_browser=False, on_url=follow_in_background, timeout=20
        )
    assert load_account(store).email is None
    assert memory_keyring.values == {}


def test_login_keeps_the_token_in_the_keyring_only(
    store: Store, fake: FakeGoogle, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    secrets = fake.write_client_secrets(tmp_path / "client.json")
    account = connection.login(
        store, str(secrets), open_browser=False, on_url=follow_in_background, timeout=20
    )
    assert account.email == EMAIL and account.status == "connected"
    stored = json.loads(memory_keyring.values[("iljeong", f"google:{EMAIL}")])
    assert stored["refresh_token"] and stored["token_uri"] == fake.token_uri
    # Nothing secret in the database file.
    database = (store.path).read_bytes() + Path(str(store.path) + "-wal").read_bytes()
    assert stored["refresh_token"].encode() not in database
    assert stored["token"].encode() not in database
    assert str(secrets.resolve()).encode() in database  # the client JSON's path is remembered

    assert connection.logout(store) == EMAIL
    assert memory_keyring.values == {}
    assert load_account(store).email is None
    assert load_account(store).client_secrets == str(secrets.resolve())


def test_missing_scope_then_reconnect_asks_only_for_it(
    store: Store, fake: FakeGoogle, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    secrets = fake.write_client_secrets(tmp_path / "client.json")
    fake.grant_scopes = {SCOPE_EVENTS}  # the user unticked the calendar list
    with pytest.raises(ReconnectNeeded) as caught:
        connection.login(
            store, str(secrets), open_browser=False, on_url=follow_in_background, timeout=20
        )
    assert caught.value.missing_scopes == (SCOPE_CALENDAR_LIST,)
    assert "the list of your calendars" in str(caught.value)
    account = load_account(store)
    assert account.status == "reconnect_needed" and account.missing_scopes == (SCOPE_CALENDAR_LIST,)
    with pytest.raises(ReconnectNeeded):
        connection.sync(store)  # no request is made with a grant known to be short
    assert not [r for r in fake.requests if r.operation.startswith(("events", "calendarList"))]

    fake.grant_scopes = None
    account = connection.login(
        store, None, open_browser=False, on_url=follow_in_background, timeout=20
    )

    assert account.status == "connected" and account.missing_scopes == ()
    second = authorize_requests(fake)[-1]
    assert set(second["scope"].split()) == {SCOPE_OPENID, SCOPE_EMAIL, SCOPE_CALENDAR_LIST}
    assert second["include_granted_scopes"] == "true"
    record = tokens.load_token(EMAIL)
    assert record is not None and {SCOPE_EVENTS, SCOPE_CALENDAR_LIST} <= set(record.scopes)
    connection.sync(store)


def test_expired_access_token_is_refreshed_and_written_back(google: Google) -> None:
    google.sync()
    before = tokens.load_token(EMAIL)
    google.fake.expire_access_tokens()
    google.fake.reset_requests()

    google.add("After refresh", datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL))
    report = google.sync()

    assert report.pushed == 1
    operations = [(r.operation, r.status) for r in google.fake.requests]
    assert ("oauth.token", 200) in operations
    after = tokens.load_token(EMAIL)
    assert before is not None and after is not None
    assert after.access_token != before.access_token
    assert after.refresh_token == before.refresh_token
    assert after.expiry is not None and after.expiry > datetime.now(UTC)


def test_token_expiry_known_in_advance_refreshes_before_calling(google: Google) -> None:
    record = tokens.load_token(EMAIL)
    assert record is not None
    tokens.save_token(dataclasses.replace(record, expiry=datetime.now(UTC) - timedelta(minutes=5)))
    google.fake.reset_requests()
    google.sync()
    first = [r.operation for r in google.fake.requests][0]
    assert first == "oauth.token"


def test_revoked_grant_marks_reconnect_needed_and_local_use_goes_on(
    google: Google, tmp_path: Path
) -> None:
    google.sync()
    google.fake.revoke(EMAIL)
    google.fake.expire_access_tokens()
    ev = google.add("Offline edit", datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL))

    with pytest.raises(ReconnectNeeded) as caught:
        google.sync()

    message = str(caught.value)
    assert "reconnect" in message and "invalid_grant" not in message
    account = load_account(google.store)
    assert account.status == "reconnect_needed" and account.problem == message
    status = connection.read_status(google.store)
    assert status.last_sync is not None and status.last_sync["ok"] is False
    assert status.pending == 1
    # Local use goes on.
    google.store.update_event(ev.evolve(location="Still works"))
    assert google.store.get_event(ev.id).location == "Still works"

    # One click (here: a call) re-consents; the queued change then goes out.
    secrets = google.fake.write_client_secrets(tmp_path / "client.json")
    connection.login(
        google.store, str(secrets), open_browser=False, on_url=follow_in_background, timeout=20
    )
    assert load_account(google.store).status == "connected"
    google.sync()
    assert google.remote_by_title()["Offline edit"]["location"] == "Still works"


def test_sync_without_an_account_says_so(store: Store, memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(NotConnected, match="iljeong google login"):
        connection.sync(store)


def test_token_missing_from_the_keyring_asks_for_a_reconnect(google: Google) -> None:
    tokens.delete_token(EMAIL)
    with pytest.raises(ReconnectNeeded, match="missing from the system keyring"):
        google.sync()
    assert load_account(google.store).status == "reconnect_needed"


# -- the command line -----------------------------------------------------------------------


def test_cli_status_sync_and_errors(
    google: Google, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    google.fake.insert_event(
        "primary",
        {
            "summary": "From Google",
            "start": {"date": "2026-12-05"},
            "end": {"date": "2026-12-06"},
        },
    )
    google.store.close()
    assert main(["google", "sync"]) == 0
    out = capsys.readouterr().out
    assert "1 change(s) from Google" in out
    assert main(["google", "status"]) == 0
    out = capsys.readouterr().out
    assert f"Google: {EMAIL} (connected)" in out
    assert f"calendar {EMAIL}" in out and "primary" in out
    assert "Last sync:" in out and "(ok)" in out and "Conflicts: 0" in out
    assert main(["google", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["account"] == EMAIL and status["calendars"][0]["synced"] is True
    assert main(["google", "sync", "--calendar", EMAIL, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["calendars"] == [EMAIL] and figures["pulled"] == 0 and figures["requests"] >= 1

    google.fake.revoke(EMAIL)
    google.fake.expire_access_tokens()
    assert main(["google", "sync"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("iljeong: error: ") and "reconnect" in err and "invalid_grant" not in err
    assert main(["google", "status"]) == 0
    assert "RECONNECT NEEDED" in capsys.readouterr().out

    assert main(["google", "sync", "--calendar", "nope@example.com"]) == 1
    assert main(["google", "logout"]) == 0
    assert "signed out of user@example.com" in capsys.readouterr().out
    assert main(["google", "sync"]) == 1
    assert "iljeong google login" in capsys.readouterr().err


def test_cli_login_needs_a_client_json(
    store: Store, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store.close()
    assert main(["google", "login", "--no-browser"]) == 1
    assert "--client-secrets" in capsys.readouterr().err
    bad = tmp_path / "web.json"
    bad.write_text(json.dumps({"web": {"client_id": "x"}}))
    assert main(["google", "login", "--client-secrets", str(bad), "--no-browser"]) == 1
    assert "Desktop app" in capsys.readouterr().err


def test_cli_login_end_to_end_in_a_subprocess(
    fake: FakeGoogle, file_keyring: FileKeyring, data_dir: Path, tmp_path: Path
) -> None:
    secrets = fake.write_client_secrets(tmp_path / "client.json")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            RUN_CLI,
            "google",
            "login",
            "--client-secrets",
            str(secrets),
            "--no-browser",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith(fake.auth_uri + "?")
        # The "browser": the emulator consents and redirects to the loopback server.
        page = requests.get(url, timeout=20)
        assert page.status_code == 200 and "connected" in page.text
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert f"connected to Google as {EMAIL}" in out
    stored = file_keyring.entries()
    assert list(stored) == [f"iljeong\x00google:{EMAIL}"]
    record = tokens.TokenRecord.from_json(stored[f"iljeong\x00google:{EMAIL}"])
    assert record is not None and record.refresh_token and record.token_uri == fake.token_uri
    with Store.open(data_dir) as store:
        assert load_account(store).email == EMAIL
        # The token works: a sync from this process with the shared keyring.
        connect_ok = connection.sync(store)
        assert connect_ok.calendars == [EMAIL]


def test_login_opens_the_browser_and_survives_having_none(
    store: Store,
    fake: FakeGoogle,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import webbrowser

    secrets = fake.write_client_secrets(tmp_path / "client.json")
    opened: list[str] = []

    def browser(url: str, new: int = 0, autoraise: bool = True) -> bool:
        opened.append(url)
        follow_in_background(url)
        return True

    monkeypatch.setattr(webbrowser, "open", browser)
    assert connection.login(store, str(secrets), timeout=20).email == EMAIL
    assert len(opened) == 1 and opened[0].startswith(fake.auth_uri)

    def no_browser(url: str, new: int = 0, autoraise: bool = True) -> bool:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "open", no_browser)
    shown: list[str] = []

    def show(url: str) -> None:
        shown.append(url)
        follow_in_background(url)  # the user copies the printed URL

    assert connection.login(store, None, on_url=show, timeout=20).email == EMAIL
    assert shown
