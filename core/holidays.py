"""Public holidays for the calendar views (the ``holidays`` package; Korea by default).

Names come in the UI language ("ko" or "en"); substitute holidays (대체 휴일) are included
as the package lists them. Each (country, language, year) is computed once per process.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays as _holidays

# The package's names for our two UI languages.
_LANGUAGES = {"ko": "ko", "en": "en_US"}


@lru_cache(maxsize=64)
def _year(country: str, language: str, year: int) -> dict[date, tuple[str, ...]]:
    lang = _LANGUAGES.get(language, language)
    try:
        table = _holidays.country_holidays(country, years=year, language=lang)
    except NotImplementedError:  # an unknown country: no holidays rather than an error
        return {}
    result: dict[date, tuple[str, ...]] = {}
    for day in sorted(table):
        names = table.get_list(day)
        result[day] = tuple(dict.fromkeys(names))  # the package may repeat a name
    return result


def holidays_between(
    first: date, last: date, country: str = "KR", language: str = "ko"
) -> dict[date, list[str]]:
    """Holiday names per date from ``first`` to ``last`` inclusive (dates without none left out)."""
    found: dict[date, list[str]] = {}
    if last < first:
        return found
    for year in range(first.year, last.year + 1):
        for day, names in _year(country, language, year).items():
            if first <= day <= last:
                found[day] = list(names)
    return found


def holiday_names(day: date, country: str = "KR", language: str = "ko") -> list[str]:
    """The holidays on one day (empty when it is none)."""
    return holidays_between(day, day, country, language).get(day, [])


def next_days(
    first: date, days: int, country: str = "KR", language: str = "ko"
) -> dict[date, list[str]]:
    """Holidays in the ``days`` days starting with ``first``."""
    return holidays_between(first, first + timedelta(days=days - 1), country, language)
