"""The FastAPI application of the central sync service.

Interface::

    create_app(config: ServiceConfig) -> FastAPI
        app.state.db        Database (with ``db.config`` set, for auth.issue_session)
        app.state.config    the config, with jwt_secret filled in (ILJEONG_SERVER_SECRET or the
                            secret stored at the first migrate when config.jwt_secret is "")
        app.state.metrics   Metrics (prometheus registry of this app)
        app.state.notifier  Notifier (LISTEN/NOTIFY → SSE), started by the lifespan
    app_from_env() -> FastAPI   the same from ILJEONG_SERVER_* variables (uvicorn --factory,
                                used by ``iljeong-server serve --workers N``)

The app includes ``core.service.rest.router`` (the /api/v1 REST API) when that module
exists. It does not migrate: ``iljeong-server serve`` and the tests do that first.

Routes of its own: /v1/… (routes.py), GET /healthz, GET /metrics. Errors of the protocol
map to HTTP: AuthError 401, UnknownDevice 403, OutOfOrder 409 {"expected"}, LeaseHeld 409,
CursorTooOld 410 {"resync": true}, schema mismatch 426 (schema_check.py). The lifespan
also purges tombstones older than ``tombstone_days`` every hour.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.exc import DataError

from core import __version__
from core.service import migrate, protocol, routes
from core.service.auth import AuthError
from core.service.config import ServiceConfig, from_env
from core.service.db import Database
from core.service.lease import LeaseHeld
from core.service.metrics import Metrics, MetricsMiddleware
from core.service.notify import Notifier
from core.service.rest import router as rest_router
from core.service.schema_check import SchemaVersionMiddleware
from core.timeutil import utc_now

log = logging.getLogger("iljeong.service")

PURGE_EVERY_SECONDS = 3600.0


def purge_expired(db: Database, tombstone_days: int) -> int:
    """Tombstones and receipts older than the window; refresh tokens past their expiry
    (an expired token is refused anyway, spent or not). Returns tombstones removed."""
    with db.admin_tx() as conn:
        conn.execute(text("DELETE FROM refresh_tokens WHERE expires_at < now()"))
        return protocol.purge_tombstones(conn, utc_now() - timedelta(days=tombstone_days))


def _error_body(exc: Exception) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": str(exc)}
    if isinstance(exc, protocol.OutOfOrder):
        body["expected"] = exc.expected
    if isinstance(exc, protocol.CursorTooOld):
        body["resync"] = True
        body["purged_through"] = exc.purged_through
    if isinstance(exc, LeaseHeld):
        body["holder"] = exc.holder
        body["expires_at"] = exc.expires_at.isoformat()
    return body


def create_app(config: ServiceConfig) -> FastAPI:
    db = Database(config.database_url)
    if not config.jwt_secret:
        config = dataclasses.replace(config, jwt_secret=migrate.jwt_secret(db))
    db.config = config  # type: ignore[attr-defined]
    metrics = Metrics()
    notifier = Notifier(db.url)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await notifier.start()

        async def purge_loop() -> None:
            while True:
                try:
                    removed = await run_in_threadpool(purge_expired, db, config.tombstone_days)
                    if removed:
                        log.info("purged tombstones", extra={"rows": removed})
                except Exception:
                    log.exception("tombstone purge failed")
                await asyncio.sleep(PURGE_EVERY_SECONDS)

        purger = asyncio.create_task(purge_loop(), name="iljeong-purge")
        try:
            yield
        finally:
            purger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await purger
            await notifier.stop()
            for worker in ("image_jobs", "assistant_replicas"):  # made by the REST API, if used
                closing = getattr(app.state, worker, None)
                if closing is not None:
                    closing.close()
            db.dispose()

    app = FastAPI(
        title="iljeong sync service",
        version=__version__,
        description="Central sync for iljeong devices (/v1) and the REST API (/api/v1).",
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.config = config
    app.state.metrics = metrics
    app.state.notifier = notifier

    @app.exception_handler(AuthError)
    async def auth_error(request: Request, exc: AuthError) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc)}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(DataError)
    async def data_error(request: Request, exc: DataError) -> JSONResponse:
        # Values PostgreSQL cannot store (a NUL character in text) are bad input, not a 500.
        return JSONResponse(
            {"detail": "a value cannot be stored (NUL character?)"}, status_code=422
        )

    @app.exception_handler(protocol.ProtocolError)
    async def protocol_error(request: Request, exc: protocol.ProtocolError) -> JSONResponse:
        return JSONResponse(_error_body(exc), status_code=exc.status_code)

    @app.get("/healthz", tags=["operations"])
    def healthz() -> dict[str, Any]:
        with db.admin_tx() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok", "version": __version__, "listening": notifier.listening.is_set()}

    @app.get("/metrics", tags=["operations"], response_class=PlainTextResponse)
    def prometheus() -> PlainTextResponse:
        metrics.streams.set(notifier.client_count)
        return PlainTextResponse(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    app.include_router(routes.router)
    app.include_router(rest_router)

    app.add_middleware(SchemaVersionMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app


def app_from_env() -> FastAPI:
    return create_app(from_env())
