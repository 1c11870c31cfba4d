"""RFC 3339 parsing and Google's EventDateTime (``{date}`` or ``{dateTime, timeZone}``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ApiError, bad_request


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo | None:
    if not name or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone(name: str, what: str = "timeZone") -> ZoneInfo:
    found = _zone(name)
    if found is None:
        raise bad_request(f"Invalid time zone definition for {what}.")
    return found


def parse_rfc3339(value: str, param: str) -> datetime:
    """A query parameter such as timeMin: RFC 3339 with a required offset (else 400)."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        parsed = None
    if parsed is None or "T" not in value.upper() or parsed.tzinfo is None:
        raise bad_request(
            f"Bad Request: invalid value for {param}", reason="badRequest", location=param
        )
    return parsed.astimezone(UTC).replace(microsecond=0)  # "milliseconds are ignored"


def format_updated(moment: datetime) -> str:
    """``updated``/``created``: UTC with milliseconds, e.g. 2018-12-31T09:20:32.210Z."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def format_date_time(moment: datetime, tz: ZoneInfo) -> str:
    """A dateTime as Google renders it: in the response's zone, with its offset."""
    local = moment.astimezone(tz)
    text = local.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") and tz.key in ("UTC", "Etc/UTC") else text


@dataclass(frozen=True, slots=True)
class When:
    """One side of an event: an all-day ``day`` or a timed ``instant`` (aware, UTC)."""

    day: date | None = None
    instant: datetime | None = None
    tz: str | None = None  # the event's own timeZone field, kept as given

    @property
    def all_day(self) -> bool:
        return self.day is not None

    def moment(self, cal_tz: ZoneInfo) -> datetime:
        """A point in time for range filters (an all-day date starts at midnight there)."""
        if self.instant is not None:
            return self.instant
        assert self.day is not None
        return datetime.combine(self.day, time(0), tzinfo=cal_tz).astimezone(UTC)

    def render(self, tz: ZoneInfo) -> dict[str, Any]:
        if self.day is not None:
            return {"date": self.day.isoformat()}
        assert self.instant is not None
        out: dict[str, Any] = {"dateTime": format_date_time(self.instant, tz)}
        if self.tz:
            out["timeZone"] = self.tz
        return out

    def shifted(self, delta: timedelta) -> When:
        if self.day is not None:
            return When(day=self.day + delta)
        assert self.instant is not None
        return When(instant=self.instant + delta, tz=self.tz)


def parse_when(value: Any, which: str) -> When:
    """An EventDateTime from a request body (``which`` is "start", "end", ...)."""
    if not isinstance(value, dict):
        raise bad_request(f"Invalid {which} time.")
    tz_name = value.get("timeZone")
    if tz_name is not None and not isinstance(tz_name, str):
        raise bad_request(f"Invalid time zone definition for {which} time.")
    if tz_name:
        zone(tz_name, f"{which} time")
    if value.get("date") is not None and value.get("dateTime") is not None:
        raise bad_request(f"Invalid {which} time.")
    if value.get("date") is not None:
        try:
            return When(day=date.fromisoformat(str(value["date"])))
        except ValueError:
            raise bad_request(f"Invalid {which} time.") from None
    raw = value.get("dateTime")
    if raw is None:
        raise ApiError(400, "required", f"Missing {which} time.")
    try:
        parsed = datetime.fromisoformat(str(raw))
    except ValueError:
        raise bad_request(f"Invalid {which} time.") from None
    if parsed.tzinfo is None:
        if not tz_name:
            raise bad_request(f"Missing time zone definition for {which} time.")
        parsed = parsed.replace(tzinfo=zone(tz_name))
    return When(instant=parsed.astimezone(UTC), tz=tz_name or None)
