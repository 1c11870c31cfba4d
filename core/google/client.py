"""The Calendar API client and the engine's retry policy.

The service is built from the discovery document bundled with google-api-python-client
(no network) with its ``rootUrl`` replaced when an endpoint is configured, so resource
calls *and* batch requests go there. The library retries nothing here (``num_retries``
stays 0) and never retries batch parts: this module owns retries. It backs off
exponentially with jitter on 403 rateLimitExceeded/userRateLimitExceeded, 429, 5xx and
dropped connections, honouring Retry-After when given. ``sleep`` is injectable for tests.
"""

from __future__ import annotations

import http.client
import json
import logging
import random
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NoReturn, TypeVar

import google.auth.exceptions
import google_auth_httplib2
import httplib2
from google.oauth2.credentials import Credentials
from googleapiclient import discovery_cache
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError
from googleapiclient.http import HttpRequest

from core.google.account import reconnect_message
from core.google.config import Endpoints
from core.google.errors import GoogleApiError, ReconnectNeeded

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_TIMEOUT = 30.0
#: Google allows up to 1000 parts; small batches keep a retried batch cheap.
BATCH_LIMIT = 50
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
SCOPE_REASONS = frozenset({"insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"})
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    socket.timeout,
    http.client.HTTPException,
    httplib2.HttpLib2Error,
    OSError,
)


@lru_cache(maxsize=1)
def _bundled_document() -> str:
    text = discovery_cache.get_static_doc("calendar", "v3")
    if text is None:  # pragma: no cover - the wheel always ships it
        raise GoogleApiError("google-api-python-client lacks its Calendar v3 document")
    return str(text)


def discovery_document(api_root: str | None) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(_bundled_document())
    if api_root:
        doc["rootUrl"] = api_root
        doc.pop("mtlsRootUrl", None)
    return doc


class CountingHttp(httplib2.Http):  # type: ignore[misc]
    """httplib2.Http that counts the HTTP requests it sends (figures, tests)."""

    def __init__(self, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.count = 0

    def request(self, *args: Any, **kwargs: Any) -> Any:
        self.count += 1
        return super().request(*args, **kwargs)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Truncated exponential backoff with jitter (delay in [d/2, d], d = base * 2**n)."""

    attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 32.0

    def delay(self, attempt: int, rng: Callable[[], float], retry_after: float | None) -> float:
        ceiling = min(self.max_delay, self.base_delay * (2**attempt))
        wait = ceiling * (0.5 + rng() / 2)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_delay))
        return float(wait)


def error_reason(error: HttpError) -> str | None:
    """The first ``errors[].reason`` (or details' reason) of a Google error body."""
    details = error.error_details
    if isinstance(details, list):
        for item in details:
            if isinstance(item, dict) and item.get("reason"):
                return str(item["reason"])
    try:
        body = json.loads(error.content.decode("utf-8"))
        reason = body["error"]["errors"][0]["reason"]
        return str(reason)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None


def status_of(error: HttpError) -> int:
    return int(error.resp.status)


def is_retryable(error: HttpError) -> bool:
    status = status_of(error)
    if status == 429 or status >= 500:
        return True
    return status == 403 and error_reason(error) in RATE_LIMIT_REASONS


def _retry_after(error: HttpError) -> float | None:
    raw = error.resp.get("retry-after") if error.resp is not None else None
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def fatal_error(error: HttpError) -> Exception | None:
    """The user-facing error for a response that no retry or sync rule can fix."""
    status = status_of(error)
    reason = error_reason(error)
    if status == 401:
        return ReconnectNeeded(reconnect_message(()))
    if status == 403 and reason in SCOPE_REASONS:
        from core.google.config import SCOPE_CALENDAR_LIST, SCOPE_EVENTS

        return ReconnectNeeded(
            reconnect_message((SCOPE_EVENTS, SCOPE_CALENDAR_LIST)),
            (SCOPE_EVENTS, SCOPE_CALENDAR_LIST),
        )
    if status == 403 and reason in QUOTA_REASONS:
        return GoogleApiError(
            "Google Calendar usage limits were exceeded for this account; "
            "sync will try again later",
            status,
            reason,
        )
    return None


def refresh_failure(exc: google.auth.exceptions.RefreshError) -> ReconnectNeeded:
    log.info("google token refresh refused: %s", type(exc).__name__)
    return ReconnectNeeded(reconnect_message(()))


@dataclass(slots=True)
class PartResult:
    """One request's outcome: the decoded response, or the HTTP error it ended with."""

    response: Any = None
    error: HttpError | None = None

    @property
    def status(self) -> int:
        return 200 if self.error is None else status_of(self.error)

    @property
    def reason(self) -> str | None:
        return None if self.error is None else error_reason(self.error)


class CalendarClient:
    """One authorised Calendar service plus retries, batches and a request counter."""

    def __init__(
        self,
        credentials: Credentials,
        endpoints: Endpoints,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
        batch_limit: int = BATCH_LIMIT,
    ) -> None:
        self.credentials = credentials
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.rng = rng
        self.batch_limit = max(1, min(batch_limit, 1000))
        self._http = CountingHttp(timeout)
        authed = google_auth_httplib2.AuthorizedHttp(credentials, http=self._http)
        self.service: Any = build_from_document(discovery_document(endpoints.api_root), http=authed)

    @property
    def requests_made(self) -> int:
        return int(self._http.count)

    def close(self) -> None:
        """Close the kept-alive connections (one client per sync round)."""
        self._http.close()

    # -- single requests -----------------------------------------------------------------

    def call(self, request: HttpRequest) -> PartResult:
        """Execute with retries; 4xx answers other than rate limits come back as results."""
        return self._retrying(
            lambda: PartResult(response=request.execute(num_retries=0)),
            lambda error: PartResult(error=error),
        )

    def _retrying(self, once: Callable[[], T], refused: Callable[[HttpError], T]) -> T:
        """Run ``once`` until it answers: rate limits, 5xx, refreshable auth and transport
        errors back off and retry; a fatal answer raises; any other refusal goes to
        ``refused``."""
        attempt = 0
        while True:
            try:
                return once()
            except HttpError as error:
                fatal = fatal_error(error)
                if fatal is not None:
                    raise fatal from error
                if not is_retryable(error):
                    return refused(error)
                self._backoff(attempt, error, _retry_after(error))
            except google.auth.exceptions.RefreshError as exc:
                if not exc.retryable:
                    raise refresh_failure(exc) from exc
                self._backoff(attempt, exc, None)
            except google.auth.exceptions.TransportError as exc:
                self._backoff(attempt, exc, None)
            except TRANSIENT_ERRORS as exc:
                self._backoff(attempt, exc, None)
            attempt += 1

    def must(self, request: HttpRequest, what: str) -> Any:
        """Execute and return the response; any error answer is a GoogleApiError."""
        result = self.call(request)
        if result.error is not None:
            raise api_error(result.error, what)
        return result.response

    def _backoff(self, attempt: int, cause: BaseException, retry_after: float | None) -> None:
        if attempt + 1 >= self.policy.attempts:
            if isinstance(cause, HttpError):
                raise api_error(cause, "Google Calendar kept refusing") from cause
            raise GoogleApiError(
                f"cannot reach Google Calendar ({type(cause).__name__}); "
                "changes stay queued and sync will try again"
            ) from cause
        wait = self.policy.delay(attempt, self.rng, retry_after)
        log.info("google retry %d in %.2fs after %s", attempt + 1, wait, _describe(cause))
        self.sleep(wait)

    # -- batches -------------------------------------------------------------------------

    def call_many(self, requests: Sequence[tuple[str, HttpRequest]]) -> dict[str, PartResult]:
        """Run many requests in batch requests of ``batch_limit`` parts; parts answered
        with a retryable error are sent again (in a later batch) after a backoff."""
        results: dict[str, PartResult] = {}
        todo = list(requests)
        if len(todo) == 1:
            key, request = todo[0]
            return {key: self.call(request)}
        attempt = 0
        while todo:
            retry: list[tuple[str, HttpRequest]] = []
            worst: HttpError | None = None
            for chunk in _chunks(todo, self.batch_limit):
                answered = self._batch(chunk)
                for key, request in chunk:
                    result = answered.get(key)
                    if result is None:  # no answer for this part: send it again
                        retry.append((key, request))
                        continue
                    if result.error is not None:
                        fatal = fatal_error(result.error)
                        if fatal is not None:
                            raise fatal from result.error
                        if is_retryable(result.error):
                            retry.append((key, request))
                            worst = result.error
                            continue
                    results[key] = result
            if not retry:
                break
            if attempt + 1 >= self.policy.attempts:
                for key, _ in retry:
                    if worst is not None:
                        results.setdefault(key, PartResult(error=worst))
                if worst is None:
                    raise GoogleApiError(
                        "Google Calendar did not answer every part of a batch request; "
                        "changes stay queued and sync will try again"
                    )
                break
            retry_after = _retry_after(worst) if worst is not None else None
            wait = self.policy.delay(attempt, self.rng, retry_after)
            log.info("google batch: %d part(s) again in %.2fs", len(retry), wait)
            self.sleep(wait)
            attempt += 1
            todo = retry
        return results

    def _batch(self, chunk: Sequence[tuple[str, HttpRequest]]) -> dict[str, PartResult]:
        """One batch HTTP request; the whole request is retried on transport errors."""

        def once() -> dict[str, PartResult]:
            answered: dict[str, PartResult] = {}

            def collect(request_id: str, response: Any, exception: Exception | None) -> None:
                if isinstance(exception, HttpError):
                    answered[request_id] = PartResult(error=exception)
                elif exception is None:
                    answered[request_id] = PartResult(response=response)

            batch = self.service.new_batch_http_request(callback=collect)
            for key, request in chunk:
                batch.add(request, request_id=key)
            batch.execute()
            return answered

        def refused(error: HttpError) -> NoReturn:
            raise api_error(error, "Google refused a batch request") from error

        return self._retrying(once, refused)


def _chunks(
    items: Sequence[tuple[str, HttpRequest]], size: int
) -> Iterable[Sequence[tuple[str, HttpRequest]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _describe(cause: BaseException) -> str:
    if isinstance(cause, HttpError):
        return f"HTTP {status_of(cause)} {error_reason(cause) or ''}".strip()
    return type(cause).__name__


def api_error(error: HttpError, what: str) -> GoogleApiError:
    status = status_of(error)
    reason = error_reason(error)
    message = error.reason or ""
    detail = (
        f"HTTP {status}" + (f" {reason}" if reason else "") + (f": {message}" if message else "")
    )
    return GoogleApiError(f"{what} ({detail})", status, reason)
