"""Configuration of the central sync service (``iljeong-server``).

Interface shared with the REST endpoints (core/service/rest) and the tests::

    ServiceConfig(database_url, jwt_secret, jwt_ttl_seconds=900, refresh_ttl_days=60,
                  tombstone_days=30, google_client_ids=(), rate_limit_per_minute=600)

``database_url`` may be ``postgresql://…``, ``postgres://…`` or ``postgresql+psycopg://…``;
the driver is always psycopg 3. ``jwt_secret`` signs the short-lived service JWTs (HS256).
``from_env`` builds one from the environment: ``ILJEONG_SERVER_DATABASE_URL``,
``ILJEONG_SERVER_SECRET`` (else the secret stored in the database at the first migrate,
see core/service/migrate.py), ``ILJEONG_GOOGLE_CLIENT_IDS`` (comma separated),
``ILJEONG_SERVER_JWT_TTL``, ``ILJEONG_SERVER_TOMBSTONE_DAYS``, ``ILJEONG_SERVER_RATE_LIMIT``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceConfig:
    database_url: str
    jwt_secret: str
    jwt_ttl_seconds: int = 900
    refresh_ttl_days: int = 60
    tombstone_days: int = 30
    google_client_ids: tuple[str, ...] = ()
    rate_limit_per_minute: int = 600


def normalize_database_url(url: str) -> str:
    """Any PostgreSQL URL spelling → the SQLAlchemy psycopg 3 form."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    raise ValueError(f"not a PostgreSQL URL: {url.split('://', 1)[0]}://…")


def from_env(database_url: str | None = None, jwt_secret: str | None = None) -> ServiceConfig:
    """A config from ILJEONG_SERVER_* variables (arguments win over the environment)."""
    url = database_url or os.environ.get("ILJEONG_SERVER_DATABASE_URL")
    if not url:
        raise ValueError("no database URL: pass --database-url or set ILJEONG_SERVER_DATABASE_URL")
    secret = jwt_secret or os.environ.get("ILJEONG_SERVER_SECRET") or ""
    ids = tuple(
        part.strip()
        for part in os.environ.get("ILJEONG_GOOGLE_CLIENT_IDS", "").split(",")
        if part.strip()
    )
    return ServiceConfig(
        database_url=url,
        jwt_secret=secret,
        jwt_ttl_seconds=int(os.environ.get("ILJEONG_SERVER_JWT_TTL", "900")),
        tombstone_days=int(os.environ.get("ILJEONG_SERVER_TOMBSTONE_DAYS", "30")),
        google_client_ids=ids,
        rate_limit_per_minute=int(os.environ.get("ILJEONG_SERVER_RATE_LIMIT", "600")),
    )
