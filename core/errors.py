"""Error types shared by every part of the core.

Every error a user can cause carries a message fit to show as is; callers (CLI, UI)
print ``str(error)`` and change nothing.
"""

from __future__ import annotations


class IljeongError(Exception):
    """Base of every error the core raises on purpose."""


class InvalidInput(IljeongError, ValueError):
    """Input that cannot be accepted: a bad date, an unknown zone, end before start ..."""


class NotFound(IljeongError, LookupError):
    """The id or thing asked for does not exist."""


class StoreError(IljeongError):
    """The local database cannot be used."""


class DatabaseLocked(StoreError):
    """Another process holds the database lock longer than we wait."""


class DatabaseCorrupt(StoreError):
    """The file is not an SQLite database or is damaged."""


class DatabaseTooNew(StoreError):
    """The database was written by a newer iljeong than this one."""


class CalendarFileError(IljeongError):
    """An .ics file that cannot be read."""
