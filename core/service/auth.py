"""Service credentials: device tokens, short-lived JWTs, rotating refresh tokens.

Interface (REST endpoints rely on it)::

    Caller(user_id, device_id, email)
    caller(request) -> Caller                 # FastAPI dependency; 401 unless the request has
                                              # "Authorization: Bearer <service JWT | device token>"
    issue_session(db, user_id, device_id) -> {"access_token", "refresh_token",
                                              "token_type": "bearer", "expires_in"}
    refresh_session(db, refresh_token) -> same dict   # rotation; reuse of a rotated token
                                                       # revokes every refresh token of the device
    user_for_google_sub(db, sub, email) -> int        # find or create; links a user made by
                                                       # create-token with the same e-mail
    user_for_email(db, email) -> int                  # find or create (create-token)
    ensure_device(db, user_id, device_id=None, name="") -> str   # register a device, return its id
    create_device_token(db, user_id, device_id) -> str
    exchange_device_token(db, token, installation_id=None, name="") -> (Caller, session dict)
    revoke_device_sessions(db, user_id, device_id) -> None       # logout: refresh tokens die
    AuthError                                          # → 401 with its message

Tokens: device tokens ("ilj_dt_…") and refresh tokens ("ilj_rt_…") are 256-bit random
strings stored only as SHA-256. Access tokens are HS256 JWTs (aud "iljeong-sync", iss
"iljeong-server", sub = user id, did = device id, email, jti, exp = jwt_ttl_seconds). A
device token is the long-lived credential of one device (``iljeong-server create-token``); the
desktop client trades it for a session and, when a refresh fails (expired, revoked, reuse
detected), trades it again. Revoking the device kills its device and refresh tokens; its
access tokens die within jwt_ttl_seconds.

``issue_session``/``refresh_session`` need the service config; they read ``db.config`` (set by
``create_app``) unless a ``config`` argument is given.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt
from fastapi import HTTPException, Request
from sqlalchemy import text
from sqlalchemy.engine import Connection

from core.errors import IljeongError
from core.service.config import ServiceConfig
from core.service.db import Database
from core.timeutil import utc_now

DEVICE_TOKEN_PREFIX = "ilj_dt_"
REFRESH_TOKEN_PREFIX = "ilj_rt_"
AUDIENCE = "iljeong-sync"
ISSUER = "iljeong-server"


class AuthError(IljeongError):
    """A credential that is missing, unknown, expired or revoked (HTTP 401)."""


@dataclass(frozen=True)
class Caller:
    user_id: int
    device_id: str
    email: str


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def _config(db: Database, config: ServiceConfig | None) -> ServiceConfig:
    found = config or getattr(db, "config", None)
    if found is None or not found.jwt_secret:
        raise RuntimeError("the service config (with its JWT secret) is not attached to db")
    return found


# -- users and devices ----------------------------------------------------------------------


def user_for_email(db: Database, email: str) -> int:
    """The user with this e-mail (the oldest if several), created if there is none."""
    email = email.strip()
    if "@" not in email:
        raise AuthError(f"not an e-mail address: {email!r}")
    with db.admin_tx() as conn:
        found = conn.execute(
            text("SELECT id FROM users WHERE lower(email) = lower(:e) ORDER BY id LIMIT 1"),
            {"e": email},
        ).scalar_one_or_none()
        if found is not None:
            return int(found)
        return int(
            conn.execute(
                text("INSERT INTO users (email) VALUES (:e) RETURNING id"), {"e": email}
            ).scalar_one()
        )


def user_for_google_sub(db: Database, sub: str, email: str) -> int:
    """Users are keyed on Google's ``sub``; a user made by e-mail alone is linked once."""
    with db.admin_tx() as conn:
        found = conn.execute(
            text("SELECT id FROM users WHERE google_sub = :s"), {"s": sub}
        ).scalar_one_or_none()
        if found is not None:
            conn.execute(
                text("UPDATE users SET email = :e WHERE id = :id AND email <> :e"),
                {"e": email, "id": found},
            )
            return int(found)
        linked = conn.execute(
            text(
                "UPDATE users SET google_sub = :s WHERE id = (SELECT id FROM users "
                "WHERE google_sub IS NULL AND lower(email) = lower(:e) ORDER BY id LIMIT 1) "
                "RETURNING id"
            ),
            {"s": sub, "e": email},
        ).scalar_one_or_none()
        if linked is not None:
            return int(linked)
        return int(
            conn.execute(
                text("INSERT INTO users (google_sub, email) VALUES (:s, :e) RETURNING id"),
                {"s": sub, "e": email},
            ).scalar_one()
        )


def ensure_device(db: Database, user_id: int, device_id: str | None = None, name: str = "") -> str:
    """Register ``device_id`` (a new UUID if None) for the user; refuse another user's id."""
    device_id = device_id or str(uuid.uuid4())
    with db.admin_tx() as conn:
        owner = conn.execute(
            text(
                "INSERT INTO devices (id, user_id, name) VALUES (:d, :u, :n) "
                "ON CONFLICT (id) DO UPDATE SET name = CASE WHEN excluded.name = '' "
                "THEN devices.name ELSE excluded.name END "
                "RETURNING user_id"
            ),
            {"d": device_id, "u": user_id, "n": name},
        ).scalar_one()
        if int(owner) != user_id:
            raise AuthError("this device id belongs to another account")
    return device_id


def create_device_token(db: Database, user_id: int, device_id: str) -> str:
    token = DEVICE_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.admin_tx() as conn:
        conn.execute(
            text("INSERT INTO device_tokens (user_id, device_id, token_hash) VALUES (:u, :d, :h)"),
            {"u": user_id, "d": device_id, "h": hash_token(token)},
        )
    return token


def _device_token_row(conn: Connection, token: str) -> Any:
    return conn.execute(
        text(
            "SELECT t.user_id, t.device_id, u.email, d.installation_id FROM device_tokens t "
            "JOIN devices d ON d.id = t.device_id JOIN users u ON u.id = t.user_id "
            "WHERE t.token_hash = :h AND t.revoked_at IS NULL AND d.revoked_at IS NULL"
        ),
        {"h": hash_token(token)},
    ).one_or_none()


def device_token_caller(db: Database, token: str) -> Caller:
    with db.admin_tx() as conn:
        row = _device_token_row(conn, token)
    if row is None:
        raise AuthError("unknown or revoked device token")
    return Caller(user_id=int(row.user_id), device_id=str(row.device_id), email=str(row.email))


def exchange_device_token(
    db: Database,
    token: str,
    installation_id: str | None = None,
    name: str = "",
    config: ServiceConfig | None = None,
) -> tuple[Caller, dict[str, Any]]:
    """Trade a device token for a session.

    The first exchange that names an ``installation_id`` binds the device to it; another
    installation using the same token is refused, because two installations sharing one
    device id would reuse each other's mutation ids.
    """
    with db.admin_tx() as conn:
        row = _device_token_row(conn, token)
        if row is None:
            raise AuthError("unknown or revoked device token")
        if installation_id:
            if row.installation_id is None:
                conn.execute(
                    text("UPDATE devices SET installation_id = :i WHERE id = :d"),
                    {"i": installation_id, "d": row.device_id},
                )
            elif row.installation_id != installation_id:
                raise AuthError(
                    "this device token is already used by another installation; make one "
                    "token per device with `iljeong-server create-token`"
                )
        if name:
            conn.execute(
                text("UPDATE devices SET name = :n WHERE id = :d"),
                {"n": name, "d": row.device_id},
            )
    who = Caller(user_id=int(row.user_id), device_id=str(row.device_id), email=str(row.email))
    return who, issue_session(db, who.user_id, who.device_id, config)


# -- sessions ------------------------------------------------------------------------------


def make_access_token(config: ServiceConfig, who: Caller) -> str:
    now = utc_now()
    claims = {
        "sub": str(who.user_id),
        "did": who.device_id,
        "email": who.email,
        "aud": AUDIENCE,
        "iss": ISSUER,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=config.jwt_ttl_seconds)).timestamp()),
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, config.jwt_secret, algorithm="HS256")


def decode_access_token(config: ServiceConfig, token: str) -> Caller:
    try:
        claims = jwt.decode(
            token,
            config.jwt_secret,
            algorithms=["HS256"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "sub", "did", "aud", "iss"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise AuthError("access token expired; refresh the session") from exc
    except jwt.PyJWTError as exc:
        raise AuthError("invalid access token") from exc
    try:
        return Caller(
            user_id=int(claims["sub"]),
            device_id=str(claims["did"]),
            email=str(claims.get("email", "")),
        )
    except (TypeError, ValueError) as exc:
        raise AuthError("invalid access token") from exc


def _new_refresh_token(
    conn: Connection,
    config: ServiceConfig,
    user_id: int,
    device_id: str,
    family: str,
    parent_id: int | None,
) -> str:
    token = REFRESH_TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        text(
            "INSERT INTO refresh_tokens (user_id, device_id, family, parent_id, token_hash, "
            "expires_at) VALUES (:u, :d, :f, :p, :h, :x)"
        ),
        {
            "u": user_id,
            "d": device_id,
            "f": family,
            "p": parent_id,
            "h": hash_token(token),
            "x": utc_now() + timedelta(days=config.refresh_ttl_days),
        },
    )
    return token


def _session(config: ServiceConfig, who: Caller, refresh_token: str) -> dict[str, Any]:
    return {
        "access_token": make_access_token(config, who),
        "refresh_token": refresh_token,
        "token_type": "bearer",
        "expires_in": config.jwt_ttl_seconds,
    }


def issue_session(
    db: Database, user_id: int, device_id: str, config: ServiceConfig | None = None
) -> dict[str, Any]:
    """A new access token and a new refresh-token family for a registered device."""
    cfg = _config(db, config)
    with db.admin_tx() as conn:
        row = conn.execute(
            text(
                "SELECT u.email, d.revoked_at FROM devices d JOIN users u ON u.id = d.user_id "
                "WHERE d.id = :d AND d.user_id = :u"
            ),
            {"d": device_id, "u": user_id},
        ).one_or_none()
        if row is None or row.revoked_at is not None:
            raise AuthError("unknown or revoked device")
        refresh = _new_refresh_token(conn, cfg, user_id, device_id, secrets.token_hex(16), None)
    return _session(cfg, Caller(user_id, device_id, str(row.email)), refresh)


def refresh_session(
    db: Database, refresh_token: str, config: ServiceConfig | None = None
) -> dict[str, Any]:
    """Rotate: the presented token is spent and a child is issued in the same family.

    Presenting a token that was already spent means it leaked (or a client lost a reply):
    every refresh token of that device is revoked and the device signs in again with its
    device token or Google.
    """
    cfg = _config(db, config)
    reused = False
    with db.admin_tx() as conn:
        row = conn.execute(
            text(
                "SELECT r.id, r.user_id, r.device_id, r.family, r.expires_at, r.used_at, "
                "r.revoked_at, d.revoked_at AS device_revoked, u.email "
                "FROM refresh_tokens r JOIN devices d ON d.id = r.device_id "
                "JOIN users u ON u.id = r.user_id WHERE r.token_hash = :h FOR UPDATE OF r"
            ),
            {"h": hash_token(refresh_token)},
        ).one_or_none()
        if row is None:
            raise AuthError("unknown refresh token")
        if row.used_at is not None:
            conn.execute(
                text(
                    "UPDATE refresh_tokens SET revoked_at = now() "
                    "WHERE device_id = :d AND revoked_at IS NULL"
                ),
                {"d": row.device_id},
            )
            reused = True
        elif row.revoked_at is not None or row.device_revoked is not None:
            raise AuthError("refresh token revoked; sign in again")
        elif row.expires_at <= utc_now():
            raise AuthError("refresh token expired; sign in again")
        else:
            conn.execute(
                text("UPDATE refresh_tokens SET used_at = now() WHERE id = :id"), {"id": row.id}
            )
            child = _new_refresh_token(
                conn, cfg, int(row.user_id), str(row.device_id), str(row.family), int(row.id)
            )
    if reused:
        raise AuthError("refresh token reuse detected; the device's sessions were revoked")
    who = Caller(int(row.user_id), str(row.device_id), str(row.email))
    return _session(cfg, who, child)


def revoke_device_sessions(db: Database, user_id: int, device_id: str) -> None:
    """Log out: every refresh token of the device is revoked (device tokens stay valid)."""
    with db.user_tx(user_id) as conn:
        conn.execute(
            text(
                "UPDATE refresh_tokens SET revoked_at = now() "
                "WHERE user_id = :u AND device_id = :d AND revoked_at IS NULL"
            ),
            {"u": user_id, "d": device_id},
        )


def revoke_device(db: Database, user_id: int, device_id: str) -> None:
    """The device can no longer sign in: device and refresh tokens die with it."""
    with db.user_tx(user_id) as conn:
        conn.execute(
            text("UPDATE devices SET revoked_at = now() WHERE user_id = :u AND id = :d"),
            {"u": user_id, "d": device_id},
        )
        conn.execute(
            text(
                "UPDATE refresh_tokens SET revoked_at = now() "
                "WHERE user_id = :u AND device_id = :d AND revoked_at IS NULL"
            ),
            {"u": user_id, "d": device_id},
        )


# -- the FastAPI dependency ------------------------------------------------------------------


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("missing bearer token")
    return token.strip()


def authenticate(db: Database, config: ServiceConfig, token: str) -> Caller:
    if token.startswith(DEVICE_TOKEN_PREFIX):
        return device_token_caller(db, token)
    return decode_access_token(config, token)


def caller(request: Request) -> Caller:
    """FastAPI dependency: the authenticated caller, or HTTP 401."""
    try:
        who = authenticate(request.app.state.db, request.app.state.config, bearer_token(request))
    except AuthError as exc:
        raise HTTPException(
            status_code=401, detail=str(exc), headers={"WWW-Authenticate": "Bearer"}
        ) from exc
    request.state.caller = who
    return who
