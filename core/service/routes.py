"""HTTP routes of the sync protocol (/v1/…); the logic lives in protocol.py and auth.py.

    POST /v1/auth/device   {"device_token", "installation_id"?, "device_name"?}
                           → session + {"device_id", "user_id", "email", "last_mutation_id"}
    POST /v1/auth/refresh  {"refresh_token"} → session (rotated)
    GET  /v1/me            → {"user_id", "email", "device_id", "version", "last_mutation_id"}
    POST /v1/push          PushRequest → PushResponse (409 {"expected"} on a gap in ids)
    GET  /v1/pull?cursor=&limit=   → PullPage (410 {"resync": true} past the tombstone window)
    GET  /v1/stream        text/event-stream: "event: poke" with {"version"} on every change
                           of the user's data (and once on connect); ": ping" every 15 s
    GET|POST|DELETE /v1/google/lease, PUT /v1/google/lease/state   the Google sync lease
    GET /v1/google/lease/bases?after=&limit=, PUT /v1/google/lease/bases   its Google bases

Every /v1 request carries ``X-Iljeong-Schema`` (schema_check.py). A session is
``{"access_token", "refresh_token", "token_type": "bearer", "expires_in"}``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import text

from core.service import auth, lease, protocol
from core.service.auth import Caller
from core.service.db import Database
from core.service.metrics import Metrics
from core.service.notify import Notifier
from core.service.wire import PullPage, PushRequest, PushResponse

_ratelimit: Any
try:  # the REST helper's per-device budget, when present
    from core.service import ratelimit as _ratelimit
except ImportError:  # pragma: no cover - depends on the tree
    _ratelimit = None


def _no_limit(request: Request) -> None:
    return None


_limit_address: Callable[..., None] = _ratelimit.limit_address if _ratelimit else _no_limit


async def _caller(request: Request) -> Caller:
    """The authenticated caller after one token of its device's rate budget.

    Async on purpose: a JWT is checked inline (no thread hop); only a device token, which
    needs the database, goes to the thread pool.
    """
    try:
        token = auth.bearer_token(request)
        config = request.app.state.config
        if token.startswith(auth.DEVICE_TOKEN_PREFIX):
            who = await run_in_threadpool(auth.device_token_caller, request.app.state.db, token)
        else:
            who = auth.decode_access_token(config, token)
    except auth.AuthError as exc:
        raise _unauthorized(exc) from exc
    request.state.caller = who
    if _ratelimit is not None:
        wait = _ratelimit.limiter_for(request).take(f"device:{who.device_id}")
        if wait > 0:
            raise _ratelimit.RateLimited(wait)
    return who


router = APIRouter(prefix="/v1", tags=["sync"])

HEARTBEAT_SECONDS = 15.0


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


class DeviceLogin(BaseModel):
    device_token: str = Field(min_length=8, max_length=200)
    installation_id: str | None = Field(default=None, max_length=100)
    device_name: str = Field(default="", max_length=200)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=8, max_length=200)


class LeaseRequest(BaseModel):
    ttl_seconds: int = Field(default=120, ge=1, le=lease.MAX_TTL_SECONDS)


class LeaseState(BaseModel):
    state: dict[str, Any]


class LeaseBases(BaseModel):
    bases: list[lease.GoogleBase] = Field(max_length=lease.MAX_BASES_PAGE)


def _unauthorized(exc: auth.AuthError) -> HTTPException:
    return HTTPException(status_code=401, detail=str(exc), headers={"WWW-Authenticate": "Bearer"})


@router.post("/auth/device", dependencies=[Depends(_limit_address)])
def login_with_device_token(body: DeviceLogin, request: Request) -> dict[str, Any]:
    db = _db(request)
    try:
        who, session = auth.exchange_device_token(
            db, body.device_token, body.installation_id, body.device_name
        )
    except auth.AuthError as exc:
        raise _unauthorized(exc) from exc
    with db.user_tx(who.user_id) as conn:
        last = conn.execute(
            text("SELECT last_mutation_id FROM devices WHERE id = :d"), {"d": who.device_id}
        ).scalar_one()
    return session | {
        "device_id": who.device_id,
        "user_id": who.user_id,
        "email": who.email,
        "last_mutation_id": int(last),
    }


@router.post("/auth/refresh", dependencies=[Depends(_limit_address)])
def refresh(body: RefreshRequest, request: Request) -> dict[str, Any]:
    try:
        return auth.refresh_session(_db(request), body.refresh_token)
    except auth.AuthError as exc:
        raise _unauthorized(exc) from exc


@router.get("/me")
def me(request: Request, who: Caller = Depends(_caller)) -> dict[str, Any]:  # noqa: B008
    with _db(request).user_tx(who.user_id, snapshot=True) as conn:
        version = conn.execute(text("SELECT version FROM users")).scalar_one()
        last = conn.execute(
            text("SELECT last_mutation_id FROM devices WHERE id = :d"), {"d": who.device_id}
        ).scalar_one_or_none()
    return {
        "user_id": who.user_id,
        "email": who.email,
        "device_id": who.device_id,
        "version": int(version),
        "last_mutation_id": int(last or 0),
    }


def _json(model: BaseModel) -> Response:
    """Serialize once (FastAPI would validate a returned model again)."""
    return Response(model.model_dump_json(), media_type="application/json")


@router.post("/push", response_model=PushResponse)
def push(body: PushRequest, request: Request, who: Caller = Depends(_caller)) -> Response:  # noqa: B008
    if body.device_id != who.device_id:
        raise HTTPException(403, detail="device_id does not match the credential's device")
    with _db(request).user_tx(who.user_id) as conn:
        response = protocol.push(conn, who, body.mutations)
    metrics = _metrics(request)
    for result in response.results:
        if not result.replayed:
            metrics.mutations.labels(result.status).inc()
            if result.status == "conflict":
                metrics.conflicts.inc()
    return _json(response)


@router.get("/pull", response_model=PullPage)
def pull(
    request: Request,
    cursor: int = Query(0, ge=0),
    limit: int = Query(500, ge=1, le=protocol.MAX_PULL_LIMIT),
    who: Caller = Depends(_caller),  # noqa: B008
) -> Response:
    with _db(request).user_tx(who.user_id, snapshot=True) as conn:
        page = protocol.pull(conn, who, cursor, limit)
    if not page.has_more:
        _metrics(request).pull_lag.observe(max(page.cursor - cursor, 0))
    return _json(page)


@router.get("/stream")
async def stream(request: Request, who: Caller = Depends(auth.caller)) -> StreamingResponse:  # noqa: B008
    notifier: Notifier = request.app.state.notifier
    metrics = _metrics(request)

    def current_version() -> int:
        with _db(request).user_tx(who.user_id, snapshot=True) as conn:
            return int(conn.execute(text("SELECT version FROM users")).scalar_one())

    queue = notifier.subscribe(who.user_id, who.device_id)
    first = await run_in_threadpool(current_version)

    async def events() -> AsyncIterator[str]:
        metrics.streams.inc()
        try:
            yield f"event: poke\ndata: {json.dumps({'version': first})}\n\n"
            while True:
                try:
                    version = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": ping\n\n"
                    continue
                yield f"event: poke\ndata: {json.dumps({'version': version})}\n\n"
        finally:
            notifier.unsubscribe(who.user_id, queue)
            metrics.streams.dec()

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/google/lease", response_model=lease.Lease)
def get_lease(request: Request, who: Caller = Depends(_caller)) -> lease.Lease:  # noqa: B008
    with _db(request).user_tx(who.user_id) as conn:
        return lease.current(conn, who)


@router.post("/google/lease", response_model=lease.Lease)
def acquire_lease(
    body: LeaseRequest,
    request: Request,
    who: Caller = Depends(_caller),  # noqa: B008
) -> lease.Lease:
    with _db(request).user_tx(who.user_id) as conn:
        return lease.acquire(conn, who, body.ttl_seconds)


@router.put("/google/lease/state", response_model=lease.Lease)
def save_lease_state(
    body: LeaseState,
    request: Request,
    who: Caller = Depends(_caller),  # noqa: B008
) -> lease.Lease:
    with _db(request).user_tx(who.user_id) as conn:
        return lease.save_state(conn, who, body.state)


@router.get("/google/lease/bases", response_model=lease.BasesPage)
def get_lease_bases(
    request: Request,
    after: int = Query(default=0, ge=0),
    limit: int = Query(default=500, ge=1, le=lease.MAX_BASES_PAGE),
    who: Caller = Depends(_caller),  # noqa: B008
) -> lease.BasesPage:
    with _db(request).user_tx(who.user_id) as conn:
        return lease.bases_after(conn, who, after, limit)


@router.put("/google/lease/bases", response_model=lease.BasesSaved)
def save_lease_bases(
    body: LeaseBases,
    request: Request,
    who: Caller = Depends(_caller),  # noqa: B008
) -> lease.BasesSaved:
    with _db(request).user_tx(who.user_id) as conn:
        return lease.save_bases(conn, who, body.bases)


@router.delete("/google/lease", response_model=lease.Lease)
def release_lease(request: Request, who: Caller = Depends(_caller)) -> lease.Lease:  # noqa: B008
    with _db(request).user_tx(who.user_id) as conn:
        return lease.release(conn, who)
