"""The REST API of the original specification (/api/v1), on the same core as sync.

``router`` is included by ``core.service.app.create_app``. Every route but sign-in and
refresh needs ``Authorization: Bearer <service JWT | device token>`` and spends one token
of the device's rate-limit bucket (core/service/ratelimit.py). Every query is scoped to
the caller; another user's id is a 404, exactly like an id that does not exist.
"""

from __future__ import annotations

from fastapi import APIRouter

from core.service.rest import auth, calendar, chat, images

router = APIRouter(prefix="/api/v1")
router.include_router(auth.router)
router.include_router(calendar.router)
router.include_router(chat.router)
router.include_router(images.router)

__all__ = ["router"]
