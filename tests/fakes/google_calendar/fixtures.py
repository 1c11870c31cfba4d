"""pytest fixtures for tests that talk to the fake (import them into a test module)::

    from tests.fakes.google_calendar.fixtures import fake_google  # noqa: F401

``fake_google`` starts a FakeGoogle(seed=0) with the account user@example.com, points
ILJEONG_GOOGLE_API_ENDPOINT / _AUTH_URI / _TOKEN_URI at it, lets oauthlib use its plain-http
token endpoint (OAUTHLIB_INSECURE_TRANSPORT=1, test only), and fails the test if the fake
hit an internal error.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import FakeGoogle

DEFAULT_EMAIL = "user@example.com"


@pytest.fixture
def fake_google(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    with FakeGoogle(seed=0) as fake:
        fake.add_account(DEFAULT_EMAIL)
        monkeypatch.setenv("ILJEONG_GOOGLE_API_ENDPOINT", fake.api_endpoint)
        monkeypatch.setenv("ILJEONG_GOOGLE_AUTH_URI", fake.auth_uri)
        monkeypatch.setenv("ILJEONG_GOOGLE_TOKEN_URI", fake.token_uri)
        monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
        yield fake
        assert fake.internal_errors == [], fake.internal_errors[0]
