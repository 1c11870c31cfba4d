"""How the REST API says no: 4xx answers with a JSON ``{"detail": "…"}`` body.

Bad input is never a 5xx: the routes turn every error the core raises on purpose
(core.errors) into a 4xx, and the OpenAPI document lists those answers for every route.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from fastapi.security import HTTPBearer

from core.service.rest.models import ErrorBody

Responses = dict[int | str, dict[str, Any]]

#: For the OpenAPI document only (auto_error off): a service JWT or a device token.
BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="A service JWT from /api/v1/auth/google/login or /v1/auth/device, "
    "or a device token from `iljeong-server create-token`",
)


def doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


#: Answers every authenticated route may give, for the OpenAPI document.
AUTH_ERRORS: Responses = {
    401: doc("Missing, expired or revoked token"),
    429: doc("Too many requests from this device (see Retry-After)"),
}
NOT_FOUND: Responses = {404: doc("No such item for this user")}
BAD_INPUT: Responses = {422: doc("The request is not valid (the body says why)")}
CONFLICT: Responses = {409: doc("The request conflicts with the stored state")}


def not_found(what: str = "not found") -> HTTPException:
    return HTTPException(status_code=404, detail=what)


def bad_input(message: str) -> HTTPException:
    return HTTPException(status_code=422, detail=message)
