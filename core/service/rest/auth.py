"""/api/v1/auth/…: Google sign-in, session refresh, logout, who am I.

* ``POST /auth/google/login`` {id_token, device_id?, device_name?}: the Google ID token is
  verified (google_login.py), the user found or made by its ``sub``, the device registered
  (a new one unless the installation names its own ``device_id``) and a session issued:
  a short-lived JWT plus a rotating refresh token.
* ``POST /auth/google/refresh`` {refresh_token}: rotation (auth.refresh_session); a reused
  token revokes every refresh token of its device and is a 401.
* ``POST /auth/logout``: revokes the calling device's refresh tokens (its access tokens
  die within their lifetime; a device token stays valid until the device is revoked).
* ``GET /auth/user/me``: who the bearer token names.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Security
from fastapi.concurrency import run_in_threadpool

from core.service import auth
from core.service.auth import Caller
from core.service.db import Database
from core.service.google_login import (
    GoogleLoginDisabled,
    GoogleLoginError,
    GoogleLoginUnavailable,
    GoogleVerifier,
)
from core.service.ratelimit import limit_address, limited_caller
from core.service.rest.errors import AUTH_ERRORS, BAD_INPUT, BEARER, doc
from core.service.rest.models import (
    GoogleLoginRequest,
    LogoutOut,
    RefreshRequest,
    SessionOut,
    UserOut,
)

router = APIRouter(prefix="/auth", tags=["auth"])

_SIGN_IN_ERRORS: dict[int | str, dict[str, Any]] = {
    401: doc("The token was not accepted (the body says why)"),
    403: doc("Google sign-in is not enabled on this server"),
    429: doc("Too many sign-in attempts from this address (see Retry-After)"),
    503: doc("Google's certificates cannot be fetched right now; retry later"),
    **BAD_INPUT,
}


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def verifier_for(request: Request) -> GoogleVerifier:
    """The app's Google verifier (its certificate cache lives as long as the app)."""
    state: Any = request.app.state
    verifier = getattr(state, "google_verifier", None)
    if verifier is None:
        verifier = state.google_verifier = GoogleVerifier(state.config.google_client_ids)
    assert isinstance(verifier, GoogleVerifier)
    return verifier


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(status_code=401, detail=message, headers={"WWW-Authenticate": "Bearer"})


def _google_session(db: Database, verifier: GoogleVerifier, body: GoogleLoginRequest) -> SessionOut:
    try:
        identity = verifier.verify(body.id_token)
    except GoogleLoginDisabled as exc:
        raise HTTPException(status_code=403, detail=str(exc)) from exc
    except GoogleLoginUnavailable as exc:
        raise HTTPException(
            status_code=503, detail=str(exc), headers={"Retry-After": "30"}
        ) from exc
    except GoogleLoginError as exc:
        raise _unauthorized(str(exc)) from exc
    email = identity.email if identity.email and identity.email_verified else ""
    try:
        user_id = auth.user_for_google_sub(db, identity.sub, email or f"{identity.sub}@google")
        device_id = auth.ensure_device(db, user_id, body.device_id, body.device_name or "")
        session = auth.issue_session(db, user_id, device_id)
    except auth.AuthError as exc:
        raise _unauthorized(str(exc)) from exc
    user = UserOut(id=str(user_id), email=email or None, device_id=device_id)
    return SessionOut(**session, user=user)


@router.post(
    "/google/login",
    response_model=SessionOut,
    responses=_SIGN_IN_ERRORS,
    dependencies=[Depends(limit_address)],
    summary="Sign in with a Google ID token",
)
async def google_login(body: GoogleLoginRequest, request: Request) -> SessionOut:
    # verification may fetch Google's certificates: keep the event loop free
    return await run_in_threadpool(_google_session, _db(request), verifier_for(request), body)


@router.post(
    "/google/refresh",
    response_model=SessionOut,
    responses={
        401: doc("Unknown, expired, revoked or reused refresh token"),
        429: _SIGN_IN_ERRORS[429],
        **BAD_INPUT,
    },
    dependencies=[Depends(limit_address)],
    summary="Trade a refresh token for a new session (the token rotates)",
)
def google_refresh(body: RefreshRequest, request: Request) -> SessionOut:
    try:
        session = auth.refresh_session(_db(request), body.refresh_token)
    except auth.AuthError as exc:
        raise _unauthorized(str(exc)) from exc
    return SessionOut(**session)


@router.post(
    "/logout",
    response_model=LogoutOut,
    responses=AUTH_ERRORS,
    dependencies=[Security(BEARER)],
    summary="Revoke this device's refresh tokens",
)
def logout(
    request: Request,
    who: Annotated[Caller, Depends(limited_caller)],
) -> LogoutOut:
    auth.revoke_device_sessions(_db(request), who.user_id, who.device_id)
    return LogoutOut(logged_out=True)


@router.get(
    "/user/me",
    response_model=UserOut,
    responses=AUTH_ERRORS,
    dependencies=[Security(BEARER)],
    summary="The signed-in user and device",
)
def me(who: Annotated[Caller, Depends(limited_caller)]) -> UserOut:
    return UserOut(id=str(who.user_id), email=who.email or None, device_id=who.device_id)
