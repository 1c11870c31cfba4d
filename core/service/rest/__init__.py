"""The REST API of the original specification (/api/v1), on the same core as sync.

``router`` is included by ``core.service.app.create_app``. Every route but sign-in and
refresh needs ``Authorization: Bearer <service JWT | device token>`` and spends one token
of the device's rate-limit bucket (core/service/ratelimit.py). Every query is scoped to
the caller; another user's id is a 404, exactly like an id that does not exist.
"""

from __future__ import annotations

from fastapi import APIRouter, Security

from core.service.rest import auth, calendar, chat, images
from core.service.rest.errors import BEARER

router = APIRouter(prefix="/api/v1")
router.include_router(auth.router)
for part in (calendar.router, chat.router, images.router):
    # documents the bearer scheme in OpenAPI; the caller dependency does the checking
    router.include_router(part, dependencies=[Security(BEARER)])

__all__ = ["router"]
