"""Google ID-token verification with google-auth over real HTTP against a local cert server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from core.service.google_login import (
    CERTS_URL_ENV,
    GoogleLoginDisabled,
    GoogleLoginError,
    GoogleLoginUnavailable,
    GoogleVerifier,
)
from tests.fakes.google_certs import FakeGoogleCerts

CLIENT = "iljeong-desktop.apps.googleusercontent.com"


@pytest.fixture
def google() -> Iterator[FakeGoogleCerts]:
    with FakeGoogleCerts() as fake:
        yield fake


@pytest.fixture
def verifier(google: FakeGoogleCerts) -> GoogleVerifier:
    return GoogleVerifier([CLIENT, "other-client-of-ours"], certs_url=google.certs_url)


def test_good_token_names_the_account_by_sub(
    google: FakeGoogleCerts, verifier: GoogleVerifier
) -> None:
    token = google.mint(sub="1122334455", aud=CLIENT, email="mina@example.com")
    who = verifier.verify(token)
    assert (who.sub, who.email, who.email_verified, who.audience) == (
        "1122334455",
        "mina@example.com",
        True,
        CLIENT,
    )
    # the second configured client id is an accepted audience too
    assert verifier.verify(google.mint(sub="9", aud="other-client-of-ours")).sub == "9"


def test_both_google_issuer_spellings_are_accepted(
    google: FakeGoogleCerts, verifier: GoogleVerifier
) -> None:
    for iss in ("accounts.google.com", "https://accounts.google.com"):
        assert verifier.verify(google.mint(sub="7", aud=CLIENT, iss=iss)).sub == "7"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong_audience", "another application"),
        ("wrong_issuer", "not issued by Google"),
        ("expired", "expired"),
        ("future", "not valid yet"),
        ("forged", "not signed by Google"),
        ("garbage", "malformed"),
        ("no_sub", "names no account"),
    ],
)
def test_bad_tokens_are_refused_with_a_reason(
    google: FakeGoogleCerts, verifier: GoogleVerifier, case: str, message: str
) -> None:
    now = datetime.now(UTC)
    tokens = {
        "wrong_audience": lambda: google.mint(sub="1", aud="someone-elses-app"),
        "wrong_issuer": lambda: google.mint(sub="1", aud=CLIENT, iss="https://evil.example"),
        "expired": lambda: google.mint(sub="1", aud=CLIENT, issued_at=now - timedelta(hours=2)),
        "future": lambda: google.mint(sub="1", aud=CLIENT, issued_at=now + timedelta(hours=1)),
        "forged": lambda: google.mint(sub="1", aud=CLIENT, signer=google.stranger_signer()),
        "garbage": lambda: "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",
        "no_sub": lambda: google.mint(sub="", aud=CLIENT),
    }
    with pytest.raises(GoogleLoginError, match=message):
        verifier.verify(tokens[case]())


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c.d", "한.글.임", "x" * 9000, "a b.c.d"])
def test_malformed_tokens_never_reach_the_network(
    google: FakeGoogleCerts, verifier: GoogleVerifier, token: str
) -> None:
    with pytest.raises(GoogleLoginError, match="malformed"):
        verifier.verify(token)
    assert google.fetches == 0


def test_certificates_are_cached_and_a_new_key_is_fetched_at_once(
    google: FakeGoogleCerts, verifier: GoogleVerifier
) -> None:
    for n in range(5):
        verifier.verify(google.mint(sub=str(n), aud=CLIENT))
    assert google.fetches == 1
    google.rotate()  # Google starts signing with a key our cache has not seen
    assert verifier.verify(google.mint(sub="after-rotation", aud=CLIENT)).sub == "after-rotation"
    assert google.fetches == 2


def test_unreachable_certificates_are_reported_as_unavailable(google: FakeGoogleCerts) -> None:
    google.available = False
    verifier = GoogleVerifier([CLIENT], certs_url=google.certs_url)
    with pytest.raises(GoogleLoginUnavailable, match="try again later"):
        verifier.verify(google.mint(sub="1", aud=CLIENT))


def test_no_client_ids_means_google_login_is_off(google: FakeGoogleCerts) -> None:
    verifier = GoogleVerifier([], certs_url=google.certs_url)
    assert not verifier.enabled
    with pytest.raises(GoogleLoginDisabled):
        verifier.verify(google.mint(sub="1", aud=CLIENT))


def test_the_certs_url_comes_from_the_environment(
    google: FakeGoogleCerts, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CERTS_URL_ENV, google.certs_url)
    verifier = GoogleVerifier([CLIENT])
    assert verifier.certs_url == google.certs_url
    assert verifier.verify(google.mint(sub="env", aud=CLIENT)).sub == "env"
