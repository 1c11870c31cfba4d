"""Credentials of the sync service over real HTTP: device tokens, JWT expiry, refresh
rotation and reuse detection, installation binding, revocation."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator

import httpx
import jwt
import pytest
from sqlalchemy import text

from core.service import auth
from core.service.auth import Caller
from tests.fakes.service_server import RunningService, running_service

_emails = itertools.count(1)


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service(jwt_ttl_seconds=300) as svc:
        yield svc


@pytest.fixture
def http(service: RunningService) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, headers=service.headers()) as client:
        yield client


def login(http: httpx.Client, token: str, installation: str | None = None) -> dict[str, object]:
    response = http.post(
        "/v1/auth/device", json={"device_token": token, "installation_id": installation}
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def me(http: httpx.Client, bearer: str) -> httpx.Response:
    return http.get("/v1/me", headers={"Authorization": f"Bearer {bearer}"})


def new_token(service: RunningService) -> str:
    return service.token(f"auth{next(_emails)}@example.com")


def test_device_token_is_a_bearer_and_trades_for_a_session(
    service: RunningService, http: httpx.Client
) -> None:
    token = new_token(service)
    direct = me(http, token)
    assert direct.status_code == 200
    session = login(http, token)
    assert session["token_type"] == "bearer" and session["expires_in"] == 300
    via_jwt = me(http, str(session["access_token"]))
    assert via_jwt.json() == direct.json()
    assert via_jwt.json()["device_id"] == session["device_id"]
    # Only hashes are stored.
    with service.db.admin_tx() as conn:
        stored = conn.execute(text("SELECT token_hash FROM device_tokens")).scalars().all()
    assert auth.hash_token(token) in [bytes(h) for h in stored]
    assert all(token.encode() not in bytes(h) for h in stored)


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer ilj_dt_unknown-token"],
)
def test_missing_or_bad_credentials_get_401(http: httpx.Client, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = http.get("/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_expired_and_forged_access_tokens_are_refused(
    service: RunningService, http: httpx.Client
) -> None:
    session = login(http, new_token(service))
    who = auth.decode_access_token(service.config, str(session["access_token"]))
    expired = auth.make_access_token(dataclasses.replace(service.config, jwt_ttl_seconds=-60), who)
    response = me(http, expired)
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    forged = auth.make_access_token(dataclasses.replace(service.config, jwt_secret="x" * 40), who)
    assert me(http, forged).status_code == 401
    claims = jwt.decode(
        str(session["access_token"]), options={"verify_signature": False}, algorithms=["HS256"]
    )
    claims["sub"] = str(who.user_id + 1)  # someone else's account
    tampered = jwt.encode(claims, "not-the-secret-" * 4, algorithm="HS256")
    assert me(http, tampered).status_code == 401


def test_refresh_rotates_and_reuse_revokes_the_device(
    service: RunningService, http: httpx.Client
) -> None:
    token = new_token(service)
    first = login(http, token)
    second = http.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    assert me(http, rotated["access_token"]).status_code == 200
    # The spent token comes back (stolen, or replayed): the device's refresh tokens die.
    reuse = http.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401 and "reuse" in reuse.json()["detail"]
    after = http.post("/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert after.status_code == 401
    # The device token still signs the device in again.
    again = login(http, token)
    assert http.post("/v1/auth/refresh", json={"refresh_token": again["refresh_token"]}).is_success


def test_expired_refresh_token_is_refused(service: RunningService, http: httpx.Client) -> None:
    session = login(http, new_token(service))
    with service.db.admin_tx() as conn:
        conn.execute(
            text(
                "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' "
                "WHERE token_hash = :h"
            ),
            {"h": auth.hash_token(str(session["refresh_token"]))},
        )
    response = http.post("/v1/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_one_token_one_installation(service: RunningService, http: httpx.Client) -> None:
    token = new_token(service)
    login(http, token, installation="laptop-1")
    login(http, token, installation="laptop-1")
    other = http.post(
        "/v1/auth/device", json={"device_token": token, "installation_id": "desktop-2"}
    )
    assert other.status_code == 401
    assert "another installation" in other.json()["detail"]


def test_revoked_device_loses_every_credential(service: RunningService, http: httpx.Client) -> None:
    token = new_token(service)
    session = login(http, token)
    who = Caller(int(session["user_id"]), str(session["device_id"]), str(session["email"]))
    auth.revoke_device(service.db, who.user_id, who.device_id)
    assert me(http, token).status_code == 401
    refresh = http.post("/v1/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert refresh.status_code == 401
    # Pushing with a still-valid access token is refused too: the device is revoked.
    push = http.post(
        "/v1/push",
        headers={"Authorization": f"Bearer {session['access_token']}"},
        json={"device_id": who.device_id, "mutations": []},
    )
    assert push.status_code == 403


def test_google_sub_links_to_the_e_mail_user(service: RunningService) -> None:
    email = f"linked{next(_emails)}@example.com"
    by_email = auth.user_for_email(service.db, email)
    assert auth.user_for_google_sub(service.db, "sub-123-" + email, email) == by_email
    assert auth.user_for_google_sub(service.db, "sub-123-" + email, email) == by_email
    other = auth.user_for_google_sub(service.db, "sub-999-" + email, email)
    assert other != by_email  # another Google account with that address is another user


def test_issue_session_needs_a_registered_device(service: RunningService) -> None:
    user = auth.user_for_email(service.db, f"s{next(_emails)}@example.com")
    with pytest.raises(auth.AuthError):
        auth.issue_session(service.db, user, "no-such-device")
    device = auth.ensure_device(service.db, user, None, "phone")
    session = auth.issue_session(service.db, user, device)
    assert set(session) == {"access_token", "refresh_token", "token_type", "expires_in"}
    other = auth.user_for_email(service.db, f"s{next(_emails)}@example.com")
    with pytest.raises(auth.AuthError, match="another account"):
        auth.ensure_device(service.db, other, device)
