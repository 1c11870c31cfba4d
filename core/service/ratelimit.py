"""A request budget per device: a token bucket of ``rate_limit_per_minute`` requests.

Each device (or, before sign-in, each client address) owns a bucket holding up to
``per_minute`` tokens, refilled continuously at ``per_minute / 60`` per second; a request
takes one. An empty bucket answers ``429 Too Many Requests`` with ``Retry-After`` (whole
seconds until a token is back) and a JSON body, and the request does nothing.

The buckets live in the process: with N uvicorn workers a device may get up to N times the
budget (requests are spread over the workers). That is the usual trade for not touching
PostgreSQL on every request; a shared limiter (Redis) is the scale-out step.

Use it on a route or router with ``dependencies=[Depends(limit_device)]`` (authenticated
routes: the key is the caller's device) or ``Depends(limit_address)`` (sign-in routes),
or take the caller from it: ``who: Caller = Depends(limited_caller)``.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, HTTPException, Request

from core.service.auth import Caller, caller

PRUNE_EVERY = 4096  # takes between sweeps of idle (full) buckets


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Token buckets by key. Thread-safe; ``clock`` is injectable for tests."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.capacity = float(max(per_minute, 0))
        self.rate = self.capacity / 60.0  # tokens per second
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}
        self._takes = 0

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def take(self, key: str, cost: float = 1.0) -> float:
        """Spend ``cost`` tokens of ``key``'s bucket. Returns 0.0 when allowed, otherwise
        the seconds to wait before the request would be allowed (nothing is spent)."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        with self._lock:
            self._takes += 1
            if self._takes % PRUNE_EVERY == 0:
                self._prune(now)
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(self.capacity, now)
            else:
                elapsed = max(now - bucket.stamp, 0.0)
                bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self.rate)
                bucket.stamp = now
            if bucket.tokens >= cost:
                bucket.tokens -= cost
                return 0.0
            return (cost - bucket.tokens) / self.rate

    def _prune(self, now: float) -> None:
        """Forget buckets that have refilled completely (they hold no information)."""
        full_after = self.capacity / self.rate if self.rate else math.inf
        stale = [k for k, b in self._buckets.items() if now - b.stamp >= full_after]
        for key in stale:
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)


class RateLimited(HTTPException):
    def __init__(self, retry_after: float) -> None:
        seconds = max(1, math.ceil(retry_after))
        super().__init__(
            status_code=429,
            detail=f"too many requests from this device; retry in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )


def limiter_for(request: Request) -> RateLimiter:
    """The app's limiter (``app.state.rate_limiter``), made on first use from
    ``app.state.config.rate_limit_per_minute`` (600 when the app has no config)."""
    state: Any = request.app.state
    limiter = getattr(state, "rate_limiter", None)
    if limiter is None:
        with _CREATE_LOCK:
            limiter = getattr(state, "rate_limiter", None)
            if limiter is None:
                config = getattr(state, "config", None)
                per_minute = getattr(config, "rate_limit_per_minute", 600)
                limiter = state.rate_limiter = RateLimiter(int(per_minute))
    assert isinstance(limiter, RateLimiter)
    return limiter


_CREATE_LOCK = threading.Lock()


def _check(request: Request, key: str) -> None:
    wait = limiter_for(request).take(key)
    if wait > 0:
        raise RateLimited(wait)


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def limited_caller(request: Request, who: Caller = Depends(caller)) -> Caller:  # noqa: B008
    """The authenticated caller, after spending one token of its device's bucket."""
    _check(request, f"device:{who.device_id}")
    return who


def limit_device(request: Request, who: Caller = Depends(caller)) -> None:  # noqa: B008
    """Router/route dependency: one token of the caller's device bucket."""
    _check(request, f"device:{who.device_id}")


def limit_address(request: Request) -> None:
    """For routes used before sign-in (login, refresh): one token of the client address."""
    _check(request, f"addr:{client_address(request)}")
