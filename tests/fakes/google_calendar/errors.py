"""Google's JSON error bodies, as the Calendar API and its front end send them.

Shape (errors guide, gcal_sync.md §1.8)::

    {"error": {"code": 410, "message": "...",
               "errors": [{"domain": "calendar", "reason": "fullSyncRequired", "message": "..."}],
               "status": "..."}}

``status`` is left out for 409/410/412, whose quoted bodies carry none.
"""

from __future__ import annotations

from typing import Any

_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
}


class ApiError(Exception):
    """An error answer of the Calendar API (raised inside the fake, sent as JSON)."""

    def __init__(
        self,
        code: int,
        reason: str,
        message: str,
        *,
        domain: str = "global",
        location: str | None = None,
        location_type: str | None = None,
        item_message: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code} {reason}: {message}")
        self.code = code
        self.reason = reason
        self.message = message
        self.domain = domain
        self.location = location
        self.location_type = location_type
        self.item_message = item_message or message
        self.details = details
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "domain": self.domain,
            "reason": self.reason,
            "message": self.item_message,
        }
        if self.location_type:
            item["locationType"] = self.location_type
        if self.location:
            item["location"] = self.location
        error: dict[str, Any] = {"code": self.code, "message": self.message, "errors": [item]}
        if self.code in _STATUS:
            error["status"] = _STATUS[self.code]
        if self.details:
            error["details"] = self.details
        return {"error": error}


def bad_request(message: str, reason: str = "invalid", **kw: Any) -> ApiError:
    return ApiError(400, reason, message, **kw)


def required(message: str) -> ApiError:
    return ApiError(400, "required", message)


def not_found() -> ApiError:
    return ApiError(404, "notFound", "Not Found")


def deleted() -> ApiError:
    return ApiError(410, "deleted", "Resource has been deleted")


def duplicate() -> ApiError:
    return ApiError(409, "duplicate", "The requested identifier already exists.")


def batch_conflict() -> ApiError:
    return ApiError(409, "conflict", "Conflict")


def precondition_failed() -> ApiError:
    return ApiError(
        412,
        "conditionNotMet",
        "Precondition Failed",
        location="If-Match",
        location_type="header",
    )


def full_sync_required() -> ApiError:
    return ApiError(
        410,
        "fullSyncRequired",
        "Sync token is no longer valid, a full sync is required.",
        domain="calendar",
        location="syncToken",
        location_type="parameter",
    )


def invalid_sync_token() -> ApiError:
    return ApiError(
        400,
        "invalid",
        "Invalid sync token value.",
        location="syncToken",
        location_type="parameter",
    )


def updated_min_too_long_ago() -> ApiError:
    return ApiError(
        410,
        "updatedMinTooLongAgo",
        "The requested minimum modification time lies too far in the past.",
        domain="calendar",
        location="updatedMin",
        location_type="parameter",
    )


def time_range_empty() -> ApiError:
    return ApiError(400, "timeRangeEmpty", "The specified time range is empty.", domain="calendar")


def login_required() -> ApiError:
    return ApiError(
        401,
        "required",
        "Request is missing required authentication credential. Expected OAuth 2 access "
        "token, login cookie or other valid authentication credential.",
        item_message="Login Required.",
        location="Authorization",
        location_type="header",
        headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
    )


def invalid_credentials() -> ApiError:
    return ApiError(
        401,
        "authError",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, "
        "login cookie or other valid authentication credential.",
        item_message="Invalid Credentials",
        location="Authorization",
        location_type="header",
        headers={
            "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"'
        },
    )


def insufficient_scopes(method_id: str) -> ApiError:
    return ApiError(
        403,
        "insufficientPermissions",
        "Request had insufficient authentication scopes.",
        item_message="Insufficient Permission",
        details=[
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "domain": "googleapis.com",
                "metadata": {"service": "calendar-json.googleapis.com", "method": method_id},
            }
        ],
        headers={
            "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", '
            'error="insufficient_scope"'
        },
    )


_NAMED = {
    "rateLimitExceeded": (403, "usageLimits", "Rate Limit Exceeded"),
    "userRateLimitExceeded": (403, "usageLimits", "User Rate Limit Exceeded"),
    "quotaExceeded": (403, "usageLimits", "Calendar usage limits exceeded."),
    "dailyLimitExceeded": (403, "usageLimits", "Daily Limit Exceeded"),
    "forbiddenForNonOrganizer": (
        403,
        "calendar",
        "Shared properties can only be changed by the organizer of the event.",
    ),
    "backendError": (500, "global", "Backend Error"),
    "notFound": (404, "global", "Not Found"),
}


def injected(status: int | str, pick: int) -> ApiError:
    """The error a fault injection answers with: a status (``pick`` chooses the 403
    flavour) or a reason name such as "quotaExceeded"."""
    if isinstance(status, str):
        if status not in _NAMED:
            raise ValueError(f"unknown injected reason {status!r}; known: {sorted(_NAMED)}")
        code, domain, message = _NAMED[status]
        return ApiError(code, status, message, domain=domain)
    if status == 429:
        return ApiError(429, "rateLimitExceeded", "Rate Limit Exceeded", domain="usageLimits")
    if status == 403:
        if pick % 2:
            return ApiError(
                403, "userRateLimitExceeded", "User Rate Limit Exceeded", domain="usageLimits"
            )
        return ApiError(403, "rateLimitExceeded", "Rate Limit Exceeded", domain="usageLimits")
    if status == 503:
        return ApiError(503, "backendError", "The service is currently unavailable.")
    if status >= 500:
        return ApiError(status, "backendError", "Backend Error")
    if status == 410:
        return full_sync_required()
    if status == 412:
        return precondition_failed()
    if status == 401:
        return invalid_credentials()
    return ApiError(status, "injected", f"Injected error {status}")
