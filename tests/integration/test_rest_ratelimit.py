"""The per-device request budget: a token bucket per device, 429 with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from core.service.ratelimit import RateLimiter
from tests.fakes.service_server import RunningService, running_service

PER_MINUTE = 5


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service(rate_limit_per_minute=PER_MINUTE) as svc:
        yield svc


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_device_gets_its_budget_then_429_with_retry_after(service: RunningService) -> None:
    token = service.token("busy@example.com", "busy laptop")
    other_device = service.token("busy@example.com", "quiet phone")
    with httpx.Client(base_url=service.url, timeout=30) as http:
        answers = [
            http.get("/api/v1/auth/user/me", headers=bearer(token)).status_code
            for _ in range(PER_MINUTE)
        ]
        assert answers == [200] * PER_MINUTE
        refused = http.get(
            "/api/v1/calendar/events",
            headers=bearer(token),
            params={"start": "2026-11-30T00:00:00Z", "end": "2026-12-01T00:00:00Z"},
        )
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        assert "too many requests" in refused.json()["detail"]
        # the sync protocol's routes share the device's bucket
        sync = http.get("/v1/me", headers=service.headers(token))
        assert sync.status_code == 429
        # the same user's other device has a budget of its own
        assert http.get("/api/v1/auth/user/me", headers=bearer(other_device)).status_code == 200


def test_requests_without_valid_credentials_spend_nothing_of_a_device(
    service: RunningService,
) -> None:
    token = service.token("victim@example.com")
    with httpx.Client(base_url=service.url, timeout=30) as http:
        for _ in range(PER_MINUTE * 2):
            assert (
                http.get("/api/v1/auth/user/me", headers=bearer("ilj_dt_wrong")).status_code == 401
            )
        assert http.get("/api/v1/auth/user/me", headers=bearer(token)).status_code == 200


def test_sign_in_routes_are_limited_per_client_address(service: RunningService) -> None:
    with httpx.Client(base_url=service.url, timeout=30) as http:
        codes = [
            http.post(
                "/api/v1/auth/google/refresh", json={"refresh_token": f"ilj_rt_{n}"}
            ).status_code
            for n in range(PER_MINUTE + 1)
        ]
    assert codes == [401] * PER_MINUTE + [429]


def test_the_bucket_refills_at_the_configured_rate() -> None:
    now = [1000.0]
    limiter = RateLimiter(60, clock=lambda: now[0])  # one token per second, 60 at most
    assert all(limiter.take("d") == 0.0 for _ in range(60))
    wait = limiter.take("d")
    assert wait == pytest.approx(1.0)
    now[0] += 0.5
    assert limiter.take("d") == pytest.approx(0.5)  # half a token back: not yet
    now[0] += 0.5
    assert limiter.take("d") == 0.0
    assert limiter.take("other") == 0.0  # keys are independent
    now[0] += 3600
    assert all(limiter.take("d") == 0.0 for _ in range(60))  # full again, never above 60
    assert limiter.take("d") > 0


def test_zero_turns_the_limit_off() -> None:
    limiter = RateLimiter(0)
    assert not limiter.enabled
    assert all(limiter.take("d") == 0.0 for _ in range(10_000))


def test_idle_buckets_are_forgotten() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    for n in range(5000):
        limiter.take(f"device-{n}")
    now[0] += 120  # every bucket is full again
    for n in range(5000):
        limiter.take(f"late-{n}")
    assert len(limiter) < 6000
