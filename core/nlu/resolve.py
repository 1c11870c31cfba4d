"""Resolving what was said against a reference time, per ../shared/corpus/CONVENTIONS.md.

Two date modes: ``future`` for new events (a month+day with no year is the next one on or
after today) and ``nearest`` for finding existing events (queries may look back).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from core import lunar
from core.nlu.temporal import ClockTime, DateRef, Recurrence

Mode = Literal["future", "nearest"]
Grain = Literal["day", "week", "weekend", "month", "year"]


@dataclass(frozen=True, slots=True)
class Days:
    """A resolved date phrase: first and last day (inclusive) and its grain."""

    first: date
    last: date
    grain: Grain = "day"


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_shift(today: date, offset: int) -> tuple[int, int]:
    shifted = today.replace(day=1) + relativedelta(months=offset)
    return shifted.year, shifted.month


def _pick(candidates: list[date], today: date, mode: Mode) -> date:
    if mode == "future":
        return min((c for c in candidates if c >= today), default=max(candidates))
    return min(candidates, key=lambda c: (abs((c - today).days), c < today))


def _year_for_month(month: int, today: date, mode: Mode) -> int:
    if mode == "future":
        return today.year if month >= today.month else today.year + 1
    options = [today.year - 1, today.year, today.year + 1]
    return min(options, key=lambda y: abs((y * 12 + month) - (today.year * 12 + today.month)))


def _month_of(ref: DateRef, today: date, mode: Mode) -> tuple[int, int]:
    if ref.month is not None:
        if ref.year is not None:
            return ref.year, ref.month
        if ref.year_offset is not None:
            return today.year + ref.year_offset, ref.month
        return _year_for_month(ref.month, today, mode), ref.month
    return _month_shift(today, ref.month_offset or 0)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if 0 < nth <= len(days) else None


def resolve_days(ref: DateRef, today: date, mode: Mode = "future") -> Days | None:
    """The days a date phrase names, or None if it names no real date (31 February, or a
    day beyond the year 9999)."""
    try:
        return _resolve_days(ref, today, mode)
    except (OverflowError, ValueError):
        return None


def _resolve_days(ref: DateRef, today: date, mode: Mode) -> Days | None:
    k = ref.kind
    if k == "ymd":
        d = _safe(ref.year or today.year, ref.month or 1, ref.day or 1)
        return Days(d, d) if d else None
    if k == "ymd_rel":
        d = _safe(today.year + (ref.year_offset or 0), ref.month or 1, ref.day or 1)
        return Days(d, d) if d else None
    if k == "md":
        cands = [
            c
            for y in (today.year - 1, today.year, today.year + 1, today.year + 4)
            if (c := _safe(y, ref.month or 1, ref.day or 1))
        ]
        if not cands:
            return None
        d = _pick(cands, today, mode)
        return Days(d, d)
    if k == "d":
        cands = []
        for offset in (-1, 0, 1, 2):
            y, m = _month_shift(today, offset)
            if (c := _safe(y, m, ref.day or 1)) is not None:
                cands.append(c)
        if not cands:
            return None
        d = _pick(cands, today, mode)
        return Days(d, d)
    if k == "monthday":
        y, m = _month_shift(today, ref.month_offset or 0)
        d = _safe(y, m, ref.day or 1)
        return Days(d, d) if d else None
    if k == "rel":
        d = today + timedelta(days=ref.offset)
        return Days(d, d)
    if k == "rel_month":
        d = today + relativedelta(months=ref.offset)
        return Days(d, d)
    if k == "weekday":
        wd = ref.weekday or 0
        if ref.week is None and ref.offset < 0:  # "지난 일요일": the most recent one before today
            d = today - timedelta(days=(today.weekday() - wd) % 7 or 7)
        elif ref.week is None:
            ahead = (wd - today.weekday()) % 7 or 7
            d = today + timedelta(days=ahead)
        else:
            d = _monday(today) + timedelta(days=7 * ref.week + wd)
            if mode == "future" and ref.week == 0 and d < today:
                d += timedelta(days=7)  # "이번주 금요일" said on Sunday: the coming one
        return Days(d, d)
    if k == "weekend":
        sat = _monday(today) + timedelta(days=7 * (ref.week or 0) + 5)
        return Days(sat, sat + timedelta(days=1), "weekend")
    if k == "week":
        mon = _monday(today) + timedelta(days=7 * (ref.week or 0))
        return Days(mon, mon + timedelta(days=6), "week")
    if k == "month":
        y, m = _month_of(ref, today, mode)
        return Days(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month")
    if k == "year":
        y = today.year + (ref.year_offset or 0)
        return Days(date(y, 1, 1), date(y, 12, 31), "year")
    if k == "nth":
        y, m = _month_of(ref, today, mode)
        d = _nth_weekday(y, m, ref.weekday or 0, ref.nth or 1)
        if (
            d is not None
            and mode == "future"
            and d < today
            and ref.month is not None
            and ref.year is None
        ):
            d = _nth_weekday(y + 1, m, ref.weekday or 0, ref.nth or 1)
        return Days(d, d) if d else None
    if k == "lunar":  # "2027년 음력 3월 15일": that lunar year's solar date
        d = lunar.to_solar(ref.year or today.year, ref.month or 1, ref.day or 1, ref.leap)
        return Days(d, d) if d else None
    if k == "lastday":
        y, m = _month_of(ref, today, mode)
        d = date(y, m, calendar.monthrange(y, m)[1])
        return Days(d, d)
    return None


# -- clock times ------------------------------------------------------------------------------


def clock(t: ClockTime, inherit: ClockTime | None = None) -> tuple[int, int, int]:
    """(hour, minute, days to add) for a clock time, with the afternoon bias.

    ``inherit`` is the start of a range: an end with no marker takes the start's marker."""
    if t.special == "noon":
        return 12, 0, 0
    if t.special == "midnight":
        return 0, 0, 1
    h, m = t.hour, t.minute
    marker = t.marker
    if marker is None and not t.literal and inherit is not None and inherit.marker is not None:
        marker = inherit.marker
    if h == 24:
        return 0, m, 1
    if marker == "am":
        return (0 if h == 12 else h), m, 0
    if marker == "pm":
        if t.marker_word == "밤" and h == 12:
            return 0, m, 1
        if t.marker_word == "밤" and 1 <= h <= 4:
            return h, m, 1
        return (h if h == 12 else h + 12 if h < 12 else h), m, 0
    if t.literal:
        return h, m, 0
    return (h + 12 if 1 <= h <= 6 else h), m, 0


def at(day: date, t: ClockTime, zone: ZoneInfo, inherit: ClockTime | None = None) -> datetime:
    h, m, extra = clock(t, inherit)
    return datetime.combine(day + timedelta(days=extra), time(h, m), zone)


def range_end(
    start: datetime, day: date, t: ClockTime, zone: ZoneInfo, first: ClockTime
) -> datetime:
    """The end of "A ~ B": B inherits A's marker; if that is not after A, +12 h (then +24 h)."""
    end = at(day, t, zone, inherit=first)
    while end <= start:
        end += timedelta(hours=12)
    return end


def time_without_date(t: ClockTime, now: datetime, zone: ZoneInfo) -> datetime:
    """A time with no date: today if still ahead of ``now``, otherwise tomorrow."""
    today = now.date()
    value = at(today, t, zone)
    return value if value > now else at(today + timedelta(days=1), t, zone)


# -- recurrence -------------------------------------------------------------------------------


def rrule_value(
    rec: Recurrence,
    count: int | None = None,
    until: date | None = None,
    zone: ZoneInfo | None = None,
) -> str:
    """The RFC 5545 value; with ``zone`` (timed events) UNTIL is the end of that day in UTC.

    A lunar rule is RFC 7529's ``RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15``."""
    if rec.lunar:
        base = lunar.yearly_rule(rec.bymonth or 1, rec.bymonthday or 1, rec.leap)
        parsed = lunar.parse(base)
        if until and zone is not None:
            last = datetime.combine(until, time(23, 59, 59), zone).astimezone(UTC)
            return replace(parsed, until=last.strftime("%Y%m%dT%H%M%SZ")).text()
        if until or count:
            stamp = until.strftime("%Y%m%d") if until else None
            return replace(parsed, until=stamp, count=None if until else count).text()
        return base
    parts = [f"FREQ={rec.freq}"]
    if rec.interval > 1:
        parts.append(f"INTERVAL={rec.interval}")
    if rec.byday:
        parts.append("BYDAY=" + ",".join(rec.byday))
    if rec.bymonth:
        parts.append(f"BYMONTH={rec.bymonth}")
    if rec.bymonthday:
        parts.append(f"BYMONTHDAY={rec.bymonthday}")
    if count:
        parts.append(f"COUNT={count}")
    if until and zone is not None:
        last = datetime.combine(until, time(23, 59, 59), zone).astimezone(UTC)
        parts.append("UNTIL=" + last.strftime("%Y%m%dT%H%M%SZ"))
    elif until:
        parts.append("UNTIL=" + until.strftime("%Y%m%d"))
    return ";".join(parts)


def first_occurrence(
    rec: Recurrence,
    anchor: date,
    clock_time: tuple[int, int, int] | None,
    now: datetime,
    zone: ZoneInfo,
) -> datetime | date | None:
    """The first matching day on or after ``anchor`` whose time is later than ``now``
    (all-day rules: the anchor day itself counts). INTERVAL is ignored for the search:
    the first match becomes DTSTART and the interval counts from there."""
    if rec.lunar:
        return _first_lunar(rec, anchor, clock_time, now, zone)
    plain = Recurrence(rec.freq, 1, rec.byday, rec.bymonthday, rec.bymonth)
    rule_text = rrule_value(plain)
    if clock_time is None:
        start = datetime.combine(anchor, time(0))
        rule = rrulestr(rule_text, dtstart=start)
        hit = rule.after(start, inc=True)
        return hit.date() if hit else None
    h, m, extra = clock_time
    start = datetime.combine(anchor, time(h, m))
    rule = rrulestr(rule_text, dtstart=start)
    for hit in rule.xafter(start, count=800, inc=True):
        value = datetime.combine(hit.date() + timedelta(days=extra), time(h, m), zone)
        if value > now:
            return value
    return None


def _first_lunar(
    rec: Recurrence,
    anchor: date,
    clock_time: tuple[int, int, int] | None,
    now: datetime,
    zone: ZoneInfo,
) -> datetime | date | None:
    """The first solar date of a yearly lunar rule on or after ``anchor`` (timed: later
    than ``now``); None past the years the lunar tables know."""
    rule = lunar.parse(rrule_value(rec))
    for day in lunar.dates(rule, anchor - timedelta(days=400), anchor):
        if clock_time is None:
            return day
        h, m, extra = clock_time
        value = datetime.combine(day + timedelta(days=extra), time(h, m), zone)
        if value > now:
            return value
    return None
