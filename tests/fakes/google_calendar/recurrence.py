"""Expanding a series' ``recurrence`` lines (RRULE/EXRULE/RDATE/EXDATE) with dateutil.

Timed series expand in the series' own zone (start.timeZone, required by Google for
recurring events), so wall-clock times stay put across DST. All-day series expand on dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rruleset, rrulestr

from .errors import bad_request
from .times import When, zone

PREFIXES = ("RRULE:", "EXRULE:", "RDATE", "EXDATE")
_UNTIL = re.compile(r"UNTIL=(\d{8})(T(\d{6})(Z?))?", re.IGNORECASE)

#: Hard cap on instances generated for one series (protects the fake from FREQ=SECONDLY).
MAX_STEPS = 20_000


def _invalid() -> Exception:
    return bad_request("Invalid recurrence rule.")


def validate(lines: object, start: When) -> list[str]:
    if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
        raise _invalid()
    cleaned = [x.strip() for x in lines if x.strip()]
    for line in cleaned:
        upper = line.upper()
        if not upper.startswith(PREFIXES) or upper.startswith(("DTSTART", "DTEND")):
            raise _invalid()
    if not any(x.upper().startswith("RRULE:") or x.upper().startswith("RDATE") for x in cleaned):
        raise _invalid()
    try:
        build(cleaned, start)
    except ValueError:
        raise _invalid() from None
    return cleaned


def _dtstart(start: When) -> tuple[datetime, ZoneInfo | None]:
    if start.day is not None:
        return datetime.combine(start.day, time(0)), None
    assert start.instant is not None
    tz = zone(start.tz or "UTC")
    return start.instant.astimezone(tz), tz


def _fix_until(rule: str, tz: ZoneInfo | None) -> str:
    """dateutil wants UNTIL in UTC for zoned starts and floating for all-day starts."""

    def repl(match: re.Match[str]) -> str:
        day, has_time, clock, z = match.group(1), match.group(2), match.group(3), match.group(4)
        if tz is None:
            return f"UNTIL={day}T{clock or '235959'}"
        if has_time and z:
            return match.group(0)
        local = datetime.strptime(day + (clock or "235959"), "%Y%m%d%H%M%S").replace(tzinfo=tz)
        return "UNTIL=" + local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    return _UNTIL.sub(repl, rule)


def _dates(line: str, tz: ZoneInfo | None) -> list[datetime]:
    """The values of an RDATE/EXDATE line, in the dtstart's kind (aware or floating)."""
    head, _, values = line.partition(":")
    params = dict(p.split("=", 1) for p in head.split(";")[1:] if "=" in p)
    value_tz = zone(params["TZID"]) if "TZID" in params else tz
    out: list[datetime] = []
    for raw in values.split(","):
        raw = raw.strip()
        if not raw:
            continue
        fmt = "%Y%m%d" if len(raw) == 8 else "%Y%m%dT%H%M%S"
        moment = datetime.strptime(raw.rstrip("Zz"), fmt)  # noqa: DTZ007 - floating on purpose
        if raw.upper().endswith("Z"):
            moment = moment.replace(tzinfo=UTC)
        if tz is None:
            out.append(moment.replace(tzinfo=None))
        else:
            aware = moment if moment.tzinfo else moment.replace(tzinfo=value_tz or tz)
            out.append(aware.astimezone(tz))
    return out


def _shifted_start(rule: str, dtstart: datetime, after: datetime | None) -> datetime:
    """A later dtstart giving the same occurrences from ``after`` on, so a window far from
    the series start does not iterate the whole history.

    Only for DAILY/WEEKLY rules without COUNT or BYSETPOS: moving the start by whole
    INTERVAL periods (wall-clock days or weeks) keeps their day/week grid, and dateutil
    (unlike RFC 5545) does not force dtstart itself into the set.
    """
    if after is None:
        return dtstart
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    freq = parts.get("FREQ")
    if freq not in ("DAILY", "WEEKLY") or "COUNT" in parts or "BYSETPOS" in parts:
        return dtstart
    try:
        interval = max(int(parts.get("INTERVAL", "1")), 1)
    except ValueError:
        return dtstart
    period = timedelta(days=interval * (7 if freq == "WEEKLY" else 1))
    local_after = after.astimezone(dtstart.tzinfo) if dtstart.tzinfo else after
    if dtstart.tzinfo is None:
        local_after = after.replace(tzinfo=None)
    gap = local_after.replace(tzinfo=None) - dtstart.replace(tzinfo=None)
    steps = gap // period - 1
    return dtstart + steps * period if steps > 0 else dtstart


def build(lines: Sequence[str], start: When, after: datetime | None = None) -> rruleset:
    dtstart, tz = _dtstart(start)
    rules = rruleset()
    has_rrule = False
    if any(x.upper().startswith("EXRULE:") for x in lines):
        after = None
    for line in lines:
        upper = line.upper()
        if upper.startswith("RRULE:") or upper.startswith("EXRULE:"):
            rule = _fix_until(line.split(":", 1)[1], tz)
            parsed = rrulestr(rule, dtstart=_shifted_start(rule, dtstart, after))
            if not isinstance(parsed, rrule):
                raise ValueError("not a single rule")
            if upper.startswith("RRULE:"):
                rules.rrule(parsed)
                has_rrule = True
            else:
                rules.exrule(parsed)
        elif upper.startswith("RDATE"):
            for moment in _dates(line, tz):
                rules.rdate(moment)
        elif upper.startswith("EXDATE"):
            for moment in _dates(line, tz):
                rules.exdate(moment)
    if not has_rrule:
        rules.rdate(dtstart)
    return rules


def original_starts(
    lines: Sequence[str],
    start: When,
    *,
    until: datetime,
    limit: int,
    after: datetime | None = None,
) -> Iterator[When]:
    """The series' occurrences (as the start of each instance) up to ``until`` (exclusive).

    With ``after``, occurrences well before it may be skipped (not all of them: callers
    still filter)."""
    rules = build(lines, start, after)
    for steps, occurrence in enumerate(rules, start=1):
        if steps > min(limit, MAX_STEPS):
            return
        if start.day is not None:
            day = occurrence.date()
            if datetime.combine(day, time(0), tzinfo=UTC) >= until + _DAY_SLACK:
                return
            yield When(day=day)
        else:
            moment = occurrence.astimezone(UTC)
            if moment >= until:
                return
            yield When(instant=moment, tz=start.tz)


_DAY_SLACK = datetime(2000, 1, 2, tzinfo=UTC) - datetime(2000, 1, 1, tzinfo=UTC)


def instance_suffix(original: When) -> str:
    if original.day is not None:
        return original.day.strftime("%Y%m%d")
    assert original.instant is not None
    return original.instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


_SUFFIX = re.compile(r"^(?P<series>.+)_(?P<stamp>\d{8}(T\d{6}Z)?)$")


def split_instance_id(event_id: str) -> tuple[str, When] | None:
    """``<seriesId>_<YYYYMMDDTHHMMSSZ>`` or ``<seriesId>_<YYYYMMDD>`` → (series id, start)."""
    match = _SUFFIX.match(event_id)
    if not match:
        return None
    stamp = match.group("stamp")
    try:
        if "T" in stamp:
            moment = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            return match.group("series"), When(instant=moment)
        return match.group("series"), When(
            day=date.fromisoformat(f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}")
        )
    except ValueError:
        return None
