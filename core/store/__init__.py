"""Local SQLite store (SQLAlchemy 2.0 Core, Alembic migrations in migrations/local)."""

from core.store.repository import DB_FILENAME, Changes, Store

__all__ = ["DB_FILENAME", "Changes", "Store"]
