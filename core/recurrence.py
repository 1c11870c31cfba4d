"""RFC 5545 recurrence: normalising RRULE text and expanding series with python-dateutil.

Expansion happens in the event's own zone, so a weekly 09:00 America/New_York meeting
stays at 09:00 local across a DST change; durations are elapsed time.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from dateutil.rrule import rrule, rruleset, rrulestr

from core import lunar
from core.errors import InvalidInput
from core.timeutil import add_absolute, get_zone

if TYPE_CHECKING:
    from core.model import Event, EventTime, Occurrence

ALLOWED_FREQ = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# One fixed part order (icalendar's), so equal rules are equal text on every replica.
_PART_ORDER = (
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
)
# Guard against runaway rules (e.g. COUNT=10000000): never materialise more than this.
MAX_INSTANCES_PER_QUERY = 5000
_MAX_SCAN_FOR_LAST = 20000


def _parts(rule: str) -> list[tuple[str, str]]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: list[tuple[str, str]] = []
    for chunk in text.replace(" ", "").split(";"):
        if not chunk:
            continue
        key, sep, value = chunk.partition("=")
        if not sep or not key or not value:
            raise InvalidInput(f"invalid recurrence rule {rule!r}: {chunk!r} is not KEY=VALUE")
        parts.append((key.upper(), value.upper()))
    return parts


def _until_value(raw: str, start: EventTime, tz_name: str) -> str:
    """UNTIL in the form RFC 5545 requires for this DTSTART (date, or UTC date-time)."""
    try:
        if "T" in raw:
            stamp = raw.rstrip("Z")
            naive = datetime.strptime(stamp, "%Y%m%dT%H%M%S")  # noqa: DTZ007 - zone set below
            until_dt = (
                naive.replace(tzinfo=UTC)
                if raw.endswith("Z")
                else naive.replace(tzinfo=get_zone(tz_name))
            )
            until_date = None
        else:
            until_date = (
                date(int(raw[0:4]), int(raw[4:6]), int(raw[6:8]))
                if len(raw) == 8
                else date.fromisoformat(raw)
            )
            until_dt = None
    except ValueError as exc:
        raise InvalidInput(f"invalid UNTIL in recurrence rule: {raw!r}") from exc
    if isinstance(start, datetime):
        if until_dt is None:
            assert until_date is not None
            until_dt = datetime.combine(until_date, time(23, 59, 59), get_zone(tz_name))
        return until_dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    if until_date is None:
        assert until_dt is not None
        until_date = until_dt.astimezone(get_zone(tz_name)).date()
    return until_date.strftime("%Y%m%d")


def normalize_rrule(rule: str, start: EventTime, tz_name: str) -> str:
    """Canonical RRULE text (no prefix, parts in a fixed order, UNTIL in the right form).

    The result depends on the start only through its kind (date or date-time), so it is
    memoised per (rule, kind, zone): decoding thousands of stored series parses each
    distinct rule once.
    """
    return _normalize(rule, isinstance(start, datetime), tz_name)


_SAMPLE_TIMED = datetime(2000, 1, 3, 9, 0, tzinfo=UTC)
_SAMPLE_DATE = date(2000, 1, 3)


@lru_cache(maxsize=4096)
def _normalize(rule: str, timed: bool, tz_name: str) -> str:
    start: EventTime = _SAMPLE_TIMED.replace(tzinfo=get_zone(tz_name)) if timed else _SAMPLE_DATE
    parts = _parts(rule)
    scale = dict(parts).get("RSCALE")
    if scale == "GREGORIAN":  # RFC 7529's default scale: a plain rule
        parts = [(k, v) for k, v in parts if k not in ("RSCALE", "SKIP")]
    elif scale is not None:
        return _normalize_lunar(rule, parts, start, tz_name)
    keys = [k for k, _ in parts]
    if keys.count("FREQ") != 1:
        raise InvalidInput(f"invalid recurrence rule {rule!r}: it needs exactly one FREQ")
    if len(set(keys)) != len(keys):
        raise InvalidInput(f"invalid recurrence rule {rule!r}: a part is repeated")
    if "COUNT" in keys and "UNTIL" in keys:
        raise InvalidInput(f"invalid recurrence rule {rule!r}: COUNT and UNTIL exclude each other")
    values = dict(parts)
    if values["FREQ"] not in ALLOWED_FREQ:
        raise InvalidInput(
            f"unsupported repeat frequency {values['FREQ']!r} (use DAILY, WEEKLY, MONTHLY or YEARLY)"
        )
    if "UNTIL" in values:
        values["UNTIL"] = _until_value(values["UNTIL"], start, tz_name)
    unknown = [k for k in keys if k not in _PART_ORDER]
    if unknown:
        raise InvalidInput(f"invalid recurrence rule {rule!r}: unknown part {unknown[0]}")
    text = ";".join(f"{k}={values[k]}" for k in _PART_ORDER if k in values)
    try:
        rrulestr(text, dtstart=_point(start, tz_name))
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidInput(f"invalid recurrence rule {rule!r}: {exc}") from exc
    return text


def _normalize_lunar(
    rule: str, parts: list[tuple[str, str]], start: EventTime, tz_name: str
) -> str:
    """A yearly lunar rule (RFC 7529) in canonical form; see core/lunar.py."""
    keys = [k for k, _ in parts]
    if len(set(keys)) != len(keys):
        raise InvalidInput(f"invalid recurrence rule {rule!r}: a part is repeated")
    parsed = lunar.parse(rule)
    if parsed.until is not None:
        parsed = dataclasses.replace(
            parsed, until=_until_value(parsed.until, start, tz_name)
        )
    return parsed.text(dict(parts)["RSCALE"])


def _point(value: EventTime, tz_name: str) -> datetime:
    """A date-time in the series' zone, or a naive midnight for a floating all-day date."""
    if isinstance(value, datetime):
        return value.astimezone(get_zone(tz_name))
    return datetime.combine(value, time(0))


@lru_cache(maxsize=8192)
def _rule(text: str, dtstart: datetime) -> rrule:
    parsed = rrulestr(text, dtstart=dtstart)
    assert isinstance(parsed, rrule)
    return parsed


def _fast_forward(text: str, dtstart: datetime, lower: datetime) -> datetime:
    """A later DTSTART giving the same instances from ``lower`` on, to skip old iterations.

    Only for DAILY/WEEKLY rules without COUNT or BYSETPOS, shifting by whole periods (wall
    clock) and keeping one spare period so instances early in a period are never lost.
    """
    values = dict(_parts(text))
    freq = values["FREQ"]
    if freq not in ("DAILY", "WEEKLY") or "COUNT" in values or "BYSETPOS" in values:
        return dtstart
    interval = int(values.get("INTERVAL", "1"))
    period_days = interval * (7 if freq == "WEEKLY" else 1)
    naive_gap = lower.replace(tzinfo=None) - dtstart.replace(tzinfo=None)
    periods = naive_gap.days // period_days - 1
    if periods <= 0:
        return dtstart
    return dtstart + timedelta(days=periods * period_days)


def _override_key(value: EventTime, tz_name: str) -> datetime:
    point = _point(value, tz_name)
    return point if point.tzinfo is None else point.astimezone(UTC)


def expand(
    event: Event,
    overrides: Iterable[Event],
    range_start: datetime,
    range_end: datetime,
    view_zone: tzinfo,
) -> list[Occurrence]:
    """Occurrences of ``event`` (a series or a single event) overlapping [range_start, range_end).

    ``overrides`` are the series' changed or cancelled instances; each replaces the
    instance whose start equals its ``original_start``. All-day events are placed on the
    dates of ``view_zone``. An instance of zero length counts when it starts in the range.
    """
    from core.model import Occurrence

    if event.all_day:
        # Floating dates: compare naive midnights in the viewer's zone.
        lo: datetime = range_start.astimezone(view_zone).replace(tzinfo=None)
        hi: datetime = range_end.astimezone(view_zone).replace(tzinfo=None)
    else:
        lo, hi = range_start, range_end

    def overlaps(start: EventTime, end: EventTime) -> bool:
        s, e = _point(start, event.tz), _point(end, event.tz)
        return lo <= s < hi if s == e else s < hi and e > lo

    if not event.is_recurring:
        if not event.cancelled and overlaps(event.start, event.end):
            return [Occurrence(event, event.start, event.end, event.start)]
        return []

    replaced: dict[datetime, Event] = {}
    for override in overrides:
        if override.original_start is not None:
            replaced[_override_key(override.original_start, event.tz)] = override
    skipped = set(replaced)
    skipped.update(_override_key(x, event.tz) for x in event.exdates)

    duration = event.duration
    window_lo = lo - duration - timedelta(days=1)
    dtstart = _point(event.start, event.tz)
    points: Iterable[datetime]
    if event.rrule and lunar.is_lunar(event.rrule):
        lunar_points = lunar.points_after(event.rrule, dtstart, window_lo)
        extra = sorted(
            p for p in (_point(r, event.tz) for r in event.rdates) if p >= window_lo
        )
        points = heapq.merge(lunar_points, extra) if extra else lunar_points
    elif event.rdates:
        rules = rruleset()
        if event.rrule:
            rules.rrule(_rule(event.rrule, dtstart))
        for rdate in event.rdates:
            rules.rdate(_point(rdate, event.tz))
        points = rules.xafter(
            window_lo, count=MAX_INSTANCES_PER_QUERY, inc=True
        )
    else:
        assert event.rrule is not None
        shifted = _fast_forward(event.rrule, dtstart, window_lo)
        points = _rule(event.rrule, shifted).xafter(
            window_lo, count=MAX_INSTANCES_PER_QUERY, inc=True
        )

    result: list[Occurrence] = []
    if event.all_day:
        for point in points:
            if point >= hi:
                break
            if point in skipped:
                continue
            day = point.date()
            if point + duration > lo:
                result.append(Occurrence(event, day, day + duration, day))
    else:
        zone = get_zone(event.tz)
        lo_ts, hi_ts = lo.timestamp(), hi.timestamp()
        length = duration.total_seconds()
        for point in points:
            ts = point.timestamp()
            if ts >= hi_ts:
                break
            if (ts + length <= lo_ts and not (length == 0 and ts >= lo_ts)) or point in skipped:
                continue
            end = datetime.fromtimestamp(ts + length, zone)
            result.append(Occurrence(event, point, end, point))
    for override in replaced.values():
        if override.cancelled or override.deleted or override.original_start is None:
            continue
        if overlaps(override.start, override.end):
            result.append(
                Occurrence(override, override.start, override.end, override.original_start)
            )
    return result


def last_instance_end(event: Event) -> EventTime | None:
    """End of the series' last instance, or None when it repeats for ever."""
    if not event.is_recurring:
        return event.end
    duration = event.duration
    points: list[EventTime] = [event.start, *event.rdates]
    if event.rrule and lunar.is_lunar(event.rrule):
        values = dict(_parts(event.rrule))
        if "COUNT" not in values and "UNTIL" not in values:
            return None
        start_point = _point(event.start, event.tz)
        found = list(lunar.points_after(event.rrule, start_point, start_point))
        if found:
            points.append(found[-1].date() if event.all_day else found[-1])
    elif event.rrule:
        values = dict(_parts(event.rrule))
        if "COUNT" not in values and "UNTIL" not in values:
            return None
        last = None
        for index, point in enumerate(_rule(event.rrule, _point(event.start, event.tz))):
            last = point
            if index >= _MAX_SCAN_FOR_LAST:
                return None
        if last is not None:
            points.append(last.date() if event.all_day else last)
    if event.all_day:
        return max(p for p in points if not isinstance(p, datetime)) + duration
    latest = max((p for p in points if isinstance(p, datetime)), key=lambda p: p.timestamp())
    return add_absolute(latest, duration)
