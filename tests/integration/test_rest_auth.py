"""/api/v1/auth over HTTP: Google sign-in with a locally signed ID token, token expiry,
refresh-token rotation and reuse detection, logout, and device tokens as bearer tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from core.service import auth
from core.service.auth import Caller
from tests.fakes.google_certs import FakeGoogleCerts
from tests.fakes.service_server import RunningService, running_service

CLIENT_ID = "iljeong-desktop.apps.googleusercontent.com"
API = "/api/v1/auth"


@pytest.fixture(scope="module")
def google() -> Iterator[FakeGoogleCerts]:
    with FakeGoogleCerts() as fake:
        yield fake


@pytest.fixture(scope="module")
def service(google: FakeGoogleCerts) -> Iterator[RunningService]:
    mp = pytest.MonkeyPatch()
    mp.setenv("ILJEONG_GOOGLE_CERTS_URL", google.certs_url)
    try:
        with running_service(google_client_ids=(CLIENT_ID,)) as svc:
            yield svc
    finally:
        mp.undo()


@pytest.fixture
def http(service: RunningService) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=30) as c:
        yield c


def login(http: httpx.Client, token: str, **extra: str) -> httpx.Response:
    return http.post(f"{API}/google/login", json={"id_token": token, **extra})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_google_login_gives_a_session_for_the_account_named_by_sub(
    http: httpx.Client, google: FakeGoogleCerts
) -> None:
    response = login(
        http,
        google.mint(sub="sub-mina", aud=CLIENT_ID, email="mina@example.com"),
        device_name="Mina's laptop",
    )
    assert response.status_code == 200, response.text
    session = response.json()
    assert session["token_type"] == "bearer"
    assert session["expires_in"] == 900
    assert session["refresh_token"].startswith("ilj_rt_")
    me = http.get(f"{API}/user/me", headers=bearer(session["access_token"])).json()
    assert me == session["user"]
    assert me["email"] == "mina@example.com"

    # the same Google account from another installation: same user, another device
    again = login(http, google.mint(sub="sub-mina", aud=CLIENT_ID, email="mina@example.com"))
    assert again.json()["user"]["id"] == me["id"]
    assert again.json()["user"]["device_id"] != me["device_id"]
    # the same installation signing in again keeps its device
    same = login(
        http,
        google.mint(sub="sub-mina", aud=CLIENT_ID, email="mina@example.com"),
        device_id=me["device_id"],
    )
    assert same.json()["user"]["device_id"] == me["device_id"]
    # another Google account is another user, even with the same e-mail text
    other = login(http, google.mint(sub="sub-other", aud=CLIENT_ID, email="x@example.com"))
    assert other.json()["user"]["id"] != me["id"]


def test_a_google_account_cannot_take_another_users_device_id(
    http: httpx.Client, google: FakeGoogleCerts
) -> None:
    first = login(http, google.mint(sub="sub-a", aud=CLIENT_ID, email="a@example.com")).json()
    stolen = login(
        http,
        google.mint(sub="sub-b", aud=CLIENT_ID, email="b@example.com"),
        device_id=first["user"]["device_id"],
    )
    assert stolen.status_code == 401
    assert "another account" in stolen.json()["detail"]


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "another-app"}, "another application"),
        ({"iss": "https://evil.example"}, "not issued by Google"),
        ({"issued_at": datetime.now(UTC) - timedelta(hours=3)}, "expired"),
    ],
)
def test_bad_google_tokens_are_401_with_the_reason(
    http: httpx.Client, google: FakeGoogleCerts, claims: dict[str, object], reason: str
) -> None:
    args: dict[str, object] = {"sub": "sub-x", "aud": CLIENT_ID, **claims}
    response = login(http, google.mint(**args))  # type: ignore[arg-type]
    assert response.status_code == 401
    assert reason in response.json()["detail"]


def test_a_forged_google_token_is_refused(http: httpx.Client, google: FakeGoogleCerts) -> None:
    forged = google.mint(sub="sub-mina", aud=CLIENT_ID, signer=google.stranger_signer())
    response = login(http, forged)
    assert response.status_code == 401
    assert "not signed by Google" in response.json()["detail"]


def test_google_unreachable_is_a_503_to_retry(http: httpx.Client, google: FakeGoogleCerts) -> None:
    token = google.mint(sub="sub-later", aud=CLIENT_ID)
    google.rotate()  # the cached certificates do not know the next key …
    token = google.mint(sub="sub-later", aud=CLIENT_ID)
    google.available = False  # … and Google cannot be reached to fetch it
    try:
        response = login(http, token)
    finally:
        google.available = True
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert login(http, token).status_code == 200


def test_google_login_is_off_without_client_ids(google: FakeGoogleCerts) -> None:
    with running_service() as svc:
        response = httpx.post(
            f"{svc.url}{API}/google/login",
            json={"id_token": google.mint(sub="s", aud=CLIENT_ID)},
        )
    assert response.status_code == 403
    assert "not enabled" in response.json()["detail"]


def test_refresh_rotates_and_a_reused_token_revokes_the_device(
    http: httpx.Client, google: FakeGoogleCerts
) -> None:
    session = login(http, google.mint(sub="sub-rot", aud=CLIENT_ID)).json()
    first_refresh = session["refresh_token"]
    rotated = http.post(f"{API}/google/refresh", json={"refresh_token": first_refresh})
    assert rotated.status_code == 200
    second = rotated.json()
    assert second["refresh_token"] != first_refresh
    assert http.get(f"{API}/user/me", headers=bearer(second["access_token"])).status_code == 200

    # the spent token comes back (stolen, or a replayed request): reuse is detected …
    reused = http.post(f"{API}/google/refresh", json={"refresh_token": first_refresh})
    assert reused.status_code == 401
    assert "reuse" in reused.json()["detail"]
    # … and the whole device's refresh tokens are dead, the current one included
    dead = http.post(f"{API}/google/refresh", json={"refresh_token": second["refresh_token"]})
    assert dead.status_code == 401
    # signing in again works
    assert login(http, google.mint(sub="sub-rot", aud=CLIENT_ID)).status_code == 200


def test_unknown_refresh_tokens_are_401(http: httpx.Client) -> None:
    response = http.post(f"{API}/google/refresh", json={"refresh_token": "ilj_rt_nonsense"})
    assert response.status_code == 401


def test_an_expired_access_token_is_401_and_refresh_gets_a_new_one(
    http: httpx.Client, service: RunningService, google: FakeGoogleCerts
) -> None:
    session = login(http, google.mint(sub="sub-exp", aud=CLIENT_ID, email="e@example.com")).json()
    user = session["user"]
    expired = auth.make_access_token(
        replace(service.config, jwt_ttl_seconds=-60),
        Caller(int(user["id"]), user["device_id"], "e@example.com"),
    )
    response = http.get(f"{API}/user/me", headers=bearer(expired))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert response.headers["WWW-Authenticate"] == "Bearer"
    fresh = http.post(f"{API}/google/refresh", json={"refresh_token": session["refresh_token"]})
    assert (
        http.get(f"{API}/user/me", headers=bearer(fresh.json()["access_token"])).status_code == 200
    )


def test_tokens_signed_with_another_secret_or_garbage_are_401(
    http: httpx.Client, service: RunningService
) -> None:
    now = datetime.now(UTC)
    forged = jwt.encode(
        {
            "sub": "1",
            "did": "x",
            "aud": auth.AUDIENCE,
            "iss": auth.ISSUER,
            "exp": int((now + timedelta(minutes=5)).timestamp()),
        },
        "not-the-servers-secret-but-long-enough-for-hs256",
        algorithm="HS256",
    )
    for header in (bearer(forged), bearer("garbage"), {"Authorization": "Basic abc"}, {}):
        response = http.get(f"{API}/user/me", headers=header)
        assert response.status_code == 401
        assert response.json()["detail"]


def test_logout_kills_the_refresh_token(http: httpx.Client, google: FakeGoogleCerts) -> None:
    session = login(http, google.mint(sub="sub-out", aud=CLIENT_ID)).json()
    out = http.post(f"{API}/logout", headers=bearer(session["access_token"]))
    assert out.status_code == 200
    assert out.json() == {"logged_out": True}
    refresh = http.post(f"{API}/google/refresh", json={"refresh_token": session["refresh_token"]})
    assert refresh.status_code == 401
    assert "revoked" in refresh.json()["detail"]


def test_device_tokens_work_as_bearer_tokens(http: httpx.Client, service: RunningService) -> None:
    token = service.token("device-user@example.com", "headless box")
    me = http.get(f"{API}/user/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json()["email"] == "device-user@example.com"
    created = http.post(
        "/api/v1/calendar/events",
        headers=bearer(token),
        json={"title": "토큰으로 만든 일정", "start": "2026-12-01T09:00:00+09:00"},
    )
    assert created.status_code == 201
    revoked_device = me.json()["device_id"]
    auth.revoke_device(service.db, int(me.json()["id"]), revoked_device)
    assert http.get(f"{API}/user/me", headers=bearer(token)).status_code == 401
