"""Korean lunar dates and yearly lunar recurrence (RFC 7529 ``RSCALE`` rules).

A yearly lunar series is stored as an RFC 7529 rule, for example
``RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15`` (추석), ``BYMONTH=4L`` for a leap
month (윤4월). The rule means *the Korean lunar calendar*: dates come from
korean-lunar-calendar (KASI data, years 1000-2050), which can differ by a day from China's
calendar (설날 2027 is 7 February in Korea, 6 February in China). ``RSCALE=DANGI`` (CLDR's
name for the Korean calendar) is read the same way; ``CHINESE`` is what iljeong writes,
because it is the scale other iCalendar programs know.

Dates a year does not have follow ``SKIP`` (RFC 7529): ``OMIT`` (the default) drops them,
``BACKWARD`` takes the month itself for a missing leap month and day 29 for a missing day
30, ``FORWARD`` the next month / the next day. iljeong writes ``SKIP=BACKWARD`` whenever it
matters (a leap month or day 30), because people expect a birthday every year.
Outside 1000-2050 a rule has no occurrences.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from korean_lunar_calendar import KoreanLunarCalendar

from core.errors import InvalidInput

MIN_YEAR = 1000
MAX_YEAR = 2050
SCALES = ("CHINESE", "DANGI")
SKIPS = ("OMIT", "BACKWARD", "FORWARD")
# Parts a lunar rule may carry, in their canonical order.
PART_ORDER = ("RSCALE", "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYMONTH", "BYMONTHDAY", "SKIP")
RANGE_NOTE = "lunar dates are known for the years 1000-2050 only"

_lock = threading.Lock()
_calendar = KoreanLunarCalendar()


@dataclass(frozen=True, slots=True)
class LunarDate:
    year: int
    month: int
    day: int
    leap: bool = False


@dataclass(frozen=True, slots=True)
class LunarRule:
    """The parts of a yearly lunar rule that decide its dates."""

    month: int
    day: int
    leap: bool = False
    skip: str = "OMIT"
    interval: int = 1
    count: int | None = None
    until: str | None = None  # the rule's UNTIL text (a date or a UTC date-time)

    def text(self, scale: str = "CHINESE") -> str:
        parts = [f"RSCALE={scale}", "FREQ=YEARLY"]
        if self.until:
            parts.append(f"UNTIL={self.until}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        parts.append(f"BYMONTH={self.month}{'L' if self.leap else ''}")
        parts.append(f"BYMONTHDAY={self.day}")
        if self.skip != "OMIT":
            parts.append(f"SKIP={self.skip}")
        return ";".join(parts)


def yearly_rule(month: int, day: int, leap: bool = False) -> str:
    """The rule iljeong writes for "every year on lunar month/day" (SKIP where it matters)."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise InvalidInput(f"lunar month {month} day {day} does not exist")
    skip = "BACKWARD" if leap or day == 30 else "OMIT"
    return LunarRule(month, day, leap, skip).text()


def _split(rule: str) -> dict[str, str]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for chunk in text.replace(" ", "").split(";"):
        if chunk:
            key, _, value = chunk.partition("=")
            parts[key.upper()] = value.upper()
    return parts


def is_lunar(rule: str | None) -> bool:
    """Whether ``rule`` is a lunar (RSCALE) rule iljeong expands itself."""
    if not rule or "RSCALE" not in rule.upper():
        return False
    return _split(rule).get("RSCALE") in SCALES


@lru_cache(maxsize=1024)
def parse(rule: str) -> LunarRule:
    """The lunar rule's parts; InvalidInput when it is not one iljeong can expand."""
    parts = _split(rule)
    if parts.get("RSCALE") not in SCALES:
        raise InvalidInput(f"unsupported calendar scale in {rule!r} (use RSCALE=CHINESE)")
    unknown = [k for k in parts if k not in PART_ORDER and k != "WKST"]
    if unknown:
        raise InvalidInput(f"lunar repeat rule {rule!r}: {unknown[0]} is not supported")
    if parts.get("FREQ") != "YEARLY":
        raise InvalidInput(f"lunar repeat rule {rule!r}: only FREQ=YEARLY is supported")
    if "COUNT" in parts and "UNTIL" in parts:
        raise InvalidInput(f"invalid recurrence rule {rule!r}: COUNT and UNTIL exclude each other")
    month_text = parts.get("BYMONTH", "")
    leap = month_text.endswith("L")
    try:
        month = int(month_text.rstrip("L"))
        day = int(parts.get("BYMONTHDAY", ""))
        interval = int(parts.get("INTERVAL", "1"))
        count = int(parts["COUNT"]) if "COUNT" in parts else None
    except ValueError as exc:
        raise InvalidInput(
            f"lunar repeat rule {rule!r} needs one BYMONTH (1-12, 4L for a leap month) "
            "and one BYMONTHDAY (1-30)"
        ) from exc
    if (
        not (1 <= month <= 12 and 1 <= day <= 30)
        or interval < 1
        or (count is not None and count < 1)
    ):
        raise InvalidInput(
            f"lunar repeat rule {rule!r}: month, day, INTERVAL or COUNT out of range"
        )
    skip = parts.get("SKIP", "OMIT")
    if skip not in SKIPS:
        raise InvalidInput(f"lunar repeat rule {rule!r}: SKIP is OMIT, BACKWARD or FORWARD")
    return LunarRule(month, day, leap, skip, interval, count, parts.get("UNTIL"))


def scale_of(rule: str) -> str:
    return _split(rule).get("RSCALE", "CHINESE")


@lru_cache(maxsize=8192)
def to_solar(year: int, month: int, day: int, leap: bool = False) -> date | None:
    """The solar date of a Korean lunar date, or None when that date does not exist."""
    if not (MIN_YEAR <= year <= MAX_YEAR):
        return None
    with _lock:
        if not _calendar.setLunarDate(year, month, day, leap):
            return None
        return date(_calendar.solarYear, _calendar.solarMonth, _calendar.solarDay)


@lru_cache(maxsize=8192)
def to_lunar(day: date) -> LunarDate | None:
    """The Korean lunar date of a solar date, or None outside the supported range."""
    with _lock:
        if not _calendar.setSolarDate(day.year, day.month, day.day):
            return None
        return LunarDate(
            _calendar.lunarYear,
            _calendar.lunarMonth,
            _calendar.lunarDay,
            bool(_calendar.isIntercalation),
        )


def has_leap_month(year: int, month: int) -> bool:
    return to_solar(year, month, 1, True) is not None


def in_year(rule: LunarRule, year: int) -> date | None:
    """The rule's solar date in lunar ``year`` after SKIP, or None (omitted / out of range)."""
    if not (MIN_YEAR <= year <= MAX_YEAR):
        return None
    month, leap = rule.month, rule.leap
    if leap and not has_leap_month(year, month):
        if rule.skip == "OMIT":
            return None
        if rule.skip == "FORWARD":
            if month == 12:
                first = to_solar(year, 12, 29)
                return None if first is None else _forward_day(rule, first + timedelta(days=1))
            month += 1
        leap = False
    found = to_solar(year, month, rule.day, leap)
    if found is not None:
        return found
    if rule.day != 30 or rule.skip == "OMIT":
        return None
    day29 = to_solar(year, month, 29, leap)
    if day29 is None:
        return None
    return day29 if rule.skip == "BACKWARD" else day29 + timedelta(days=1)


def _forward_day(rule: LunarRule, first_of_next_year: date) -> date:
    # Leap month 12 missing, SKIP=FORWARD: month 1 of the next year, same day when it exists.
    nxt = to_lunar(first_of_next_year)
    if nxt is None:
        return first_of_next_year
    return to_solar(nxt.year, 1, rule.day) or first_of_next_year


def dates(rule: LunarRule, first: date, after: date | None = None) -> Iterator[date]:
    """The rule's solar dates on or after ``first`` (the series start), in order.

    ``after`` skips dates before it without changing COUNT or INTERVAL, which count from
    the lunar year of ``first``. Stops at the end of the supported range.
    """
    start = to_lunar(first)
    base_year = start.year if start is not None else first.year - 1
    target = MIN_YEAR
    if rule.count is None and after is not None:
        # Skip whole years before ``after`` (nothing is counted, so nothing is lost).
        target = max(target, after.year - 1)
    year = base_year
    if target > year:
        steps = -(-(target - year) // rule.interval)
        year += steps * rule.interval
    produced = 0
    while year <= MAX_YEAR:
        found = in_year(rule, year)
        year += rule.interval
        if found is None or found < first:
            continue
        produced += 1
        if after is None or found >= after:
            yield found
        if rule.count is not None and produced >= rule.count:
            return


def describe(rule: str, lang: str) -> str:
    """ "매년 음력 8월 15일" / "every year on lunar 8/15" (윤 / leap for leap months)."""
    parsed = parse(rule)
    if lang == "ko":
        every = "매년" if parsed.interval == 1 else f"{parsed.interval}년마다"
        leap = "윤" if parsed.leap else ""
        return f"{every} 음력 {leap}{parsed.month}월 {parsed.day}일"
    every = "every year" if parsed.interval == 1 else f"every {parsed.interval} years"
    leap = "leap " if parsed.leap else ""
    return f"{every} on lunar {leap}{parsed.month}/{parsed.day}"


def next_date(rule: str, today: date) -> date | None:
    """The first solar date of ``rule`` on or after ``today`` (None past the known years)."""
    return next(dates(parse(rule), today), None)


def points_after(rule: str, dtstart: datetime, lower: datetime) -> Iterator[datetime]:
    """Instance starts of a lunar series from ``lower`` on, like dateutil's ``xafter``.

    ``dtstart`` is a naive midnight (all-day) or an aware date-time in the series' zone;
    each instance keeps its wall-clock time. UNTIL is applied here.
    """
    parsed = parse(rule)
    until: datetime | None = None
    if parsed.until:
        raw = parsed.until
        stamp = datetime.strptime(raw.rstrip("Z"), "%Y%m%dT%H%M%S" if "T" in raw else "%Y%m%d")  # noqa: DTZ007
        if dtstart.tzinfo is None:
            until = stamp if "T" in raw else stamp.replace(hour=23, minute=59, second=59)
        else:
            until = (
                stamp.replace(tzinfo=UTC)
                if "T" in raw
                else stamp.replace(hour=23, minute=59, second=59, tzinfo=dtstart.tzinfo)
            )
    lower_day = (lower if lower.tzinfo is None else lower.astimezone(dtstart.tzinfo)).date()
    for day in dates(parsed, dtstart.date(), lower_day - timedelta(days=1)):
        point = datetime.combine(day, dtstart.timetz())
        if until is not None and point > until:
            return
        if point >= lower and point >= dtstart:
            yield point
