"""How the REST API says no: core errors → 4xx with a JSON ``{"detail": "…"}`` body.

Bad input is never a 5xx: every error the core raises on purpose (core.errors) maps to a
4xx here, and the OpenAPI document lists those answers for every route.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import HTTPException

from core.errors import IljeongError, InvalidInput, NotFound
from core.service.rest.models import ErrorBody

Responses = dict[int | str, dict[str, Any]]


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


@contextmanager
def core_errors() -> Iterator[None]:
    """Turn core errors raised inside into their HTTP answer."""
    try:
        yield
    except NotFound as exc:
        raise not_found(str(exc) or "not found") from exc
    except InvalidInput as exc:
        raise bad_input(str(exc)) from exc
    except IljeongError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
