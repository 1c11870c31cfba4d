"""Time zone and parsing helpers. Every datetime leaving this module is aware."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.errors import InvalidInput

DEFAULT_ZONE = "Asia/Seoul"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@lru_cache(maxsize=256)
def get_zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; an unknown name is an InvalidInput."""
    try:
        if not name or name != name.strip():
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise InvalidInput(
            f"unknown time zone: {name!r} (use an IANA name such as Asia/Seoul)"
        ) from exc


def local_zone_name() -> str:
    """The user's zone: ILJEONG_TZ, else the OS zone, else Asia/Seoul."""
    configured = os.environ.get("ILJEONG_TZ")
    if configured:
        get_zone(configured)
        return configured
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
        if name:
            get_zone(name)
            return str(name)
    except Exception:  # noqa: BLE001 - any failure to read the OS zone falls back
        pass
    return DEFAULT_ZONE


def zone_name(tz: tzinfo | None) -> str:
    """The IANA name of an aware datetime's zone; fixed offsets become UTC-equivalents."""
    return tz.key if isinstance(tz, ZoneInfo) else "UTC"


def require_aware(value: datetime, what: str = "datetime") -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{what} must carry a time zone: {value.isoformat()}")
    return value


def parse_datetime(text: str, zone: str | tzinfo, *, what: str = "time") -> datetime:
    """Parse an ISO 8601 date-time (or a date, meaning midnight) into an aware datetime.

    A value without an offset is read in ``zone``.
    """
    tz = get_zone(zone) if isinstance(zone, str) else zone
    raw = text.strip()
    try:
        if len(raw) == 10:
            d = date.fromisoformat(raw)
            return datetime.combine(d, time(0), tz)
        value = datetime.fromisoformat(raw.replace("Z", "+00:00") if raw.endswith("Z") else raw)
    except ValueError as exc:
        raise InvalidInput(
            f"invalid {what}: {text!r} (expected ISO 8601, e.g. 2026-11-30T14:00)"
        ) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value


def parse_date(text: str, *, what: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(f"invalid {what}: {text!r} (expected YYYY-MM-DD)") from exc


def start_of_day(d: date, tz: tzinfo) -> datetime:
    return datetime.combine(d, time(0), tz)


def to_epoch(value: datetime) -> int:
    return int(require_aware(value).timestamp())


def from_epoch(seconds: int, tz: tzinfo = UTC) -> datetime:
    return datetime.fromtimestamp(seconds, tz)


def add_absolute(value: datetime, delta: timedelta) -> datetime:
    """Add elapsed time (not wall-clock time): 1 h after 01:30 on a DST night is real 1 h."""
    tz = value.tzinfo
    return (value.astimezone(UTC) + delta).astimezone(tz)


def absolute_duration(start: datetime, end: datetime) -> timedelta:
    """Elapsed time between two aware datetimes (Python ignores offsets within one zone)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def format_event_time(value: date | datetime) -> str:
    """The corpus/CLI format: YYYY-MM-DD for dates, ISO 8601 with offset and seconds otherwise."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()
