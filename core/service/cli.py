"""`iljeong-server`: run, migrate and administer the central sync service.

    iljeong-server serve --database-url URL [--host 127.0.0.1] [--port 8750] [--workers 1]
    iljeong-server migrate --database-url URL
    iljeong-server create-token --database-url URL --user EMAIL [--device-name NAME]
    iljeong-server purge --database-url URL [--days N]

``serve`` migrates first, then runs uvicorn with JSON logs on stderr. ``create-token``
finds or creates the user with that e-mail, registers a new device and prints its device
token (once; only its SHA-256 is stored): give it to ``iljeong sync --server URL --token T``
on one device. The URL may also come from ILJEONG_SERVER_DATABASE_URL.

The JWT signing secret is ILJEONG_SERVER_SECRET when set; otherwise the first migrate
generates one and stores it in the database (table service_meta), so every worker and
restart shares it. Exit status: 0 success, 1 an error (one line on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError

from core import __version__
from core.errors import IljeongError
from core.logs import JsonFormatter

DEFAULT_PORT = 8750


def _configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(os.environ.get("ILJEONG_LOG_LEVEL", "INFO").upper())


def _uvicorn_log_config() -> dict[str, object]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
        "root": {
            "handlers": ["stderr"],
            "level": os.environ.get("ILJEONG_LOG_LEVEL", "INFO").upper(),
        },
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iljeong-server", description="iljeong central sync service (PostgreSQL)"
    )
    parser.add_argument("--version", action="version", version=f"iljeong-server {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--database-url",
            default=os.environ.get("ILJEONG_SERVER_DATABASE_URL"),
            help="postgresql://user@host:port/dbname (env ILJEONG_SERVER_DATABASE_URL)",
        )

    serve = sub.add_parser("serve", help="migrate, then serve HTTP with uvicorn")
    with_db(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    migrate = sub.add_parser("migrate", help="upgrade the database schema")
    with_db(migrate)
    token = sub.add_parser("create-token", help="print a device token for a user")
    with_db(token)
    token.add_argument("--user", required=True, metavar="EMAIL")
    token.add_argument("--device-name", default="")
    purge = sub.add_parser("purge", help="delete tombstones older than the window now")
    with_db(purge)
    purge.add_argument("--days", type=int, default=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url is required (or set ILJEONG_SERVER_DATABASE_URL)")
    try:
        return _run(args)
    except (IljeongError, ValueError) as exc:
        print(f"iljeong-server: error: {exc}", file=sys.stderr)
        return 1
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        print(f"iljeong-server: error: cannot use the database: {reason}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from core.service import auth, migrate
    from core.service.config import from_env, normalize_database_url
    from core.service.db import Database

    url = normalize_database_url(args.database_url)
    db = Database(url, pool_size=2, max_overflow=0)
    try:
        if args.command == "migrate":
            migrate.upgrade(db)
            print(f"schema at {migrate.head_revision()}")
            return 0
        if args.command == "create-token":
            migrate.upgrade(db)
            user_id = auth.user_for_email(db, args.user)
            device_id = auth.ensure_device(db, user_id, None, args.device_name)
            print(auth.create_device_token(db, user_id, device_id))
            return 0
        if args.command == "purge":
            from core.service.app import purge_expired

            days = args.days if args.days is not None else from_env(url).tombstone_days
            print(f"purged {purge_expired(db, days)} tombstones older than {days} days")
            return 0
        migrate.upgrade(db)
    finally:
        db.dispose()
    return _serve(args, url)


def _serve(args: argparse.Namespace, url: str) -> int:
    import uvicorn

    from core.service.app import create_app
    from core.service.config import from_env

    _configure_logging()
    os.environ["ILJEONG_SERVER_DATABASE_URL"] = url  # for worker processes (app_from_env)
    log_config = _uvicorn_log_config()
    if args.workers > 1:
        uvicorn.run(
            "core.service.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=log_config,
            access_log=False,
            timeout_graceful_shutdown=5,
        )
    else:
        uvicorn.run(
            create_app(from_env(url)),
            host=args.host,
            port=args.port,
            log_config=log_config,
            access_log=False,
            timeout_graceful_shutdown=5,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
