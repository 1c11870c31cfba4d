"""Every sync request (/v1/…) says which protocol schema it speaks (``X-Iljeong-Schema``).

A missing or different version is answered 426 with a message the client shows as is; the
client then stops syncing but keeps its outbox, so nothing is lost until it is updated.
The REST API (/api/v1/…), /healthz, /metrics and the docs are not versioned this way.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

from core.service.wire import SCHEMA_HEADER, SCHEMA_VERSION

_HEADER = SCHEMA_HEADER.lower().encode("latin-1")


class SchemaVersionMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        sent = next((v for k, v in scope["headers"] if k == _HEADER), None)
        if sent is not None and sent.decode("latin-1").strip() == str(SCHEMA_VERSION):
            await self.app(scope, receive, send)
            return
        spoken = "no schema version" if sent is None else f"schema {sent.decode('latin-1')}"
        body = json.dumps(
            {
                "detail": (
                    f"this client speaks {spoken}; the sync service speaks schema "
                    f"{SCHEMA_VERSION}. Update iljeong to sync again (local changes are kept)."
                ),
                "schema": SCHEMA_VERSION,
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 426,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"upgrade", f"iljeong-sync/{SCHEMA_VERSION}".encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
