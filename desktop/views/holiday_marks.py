"""Public holidays for a view's visible days, in the UI language (core/holidays.py).

Views ask ``visible_holidays(view)`` while painting; the lookup is cached per (range,
language), so a repaint costs a dict lookup.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from core.holidays import holidays_between
from desktop import i18n

COUNTRY = "KR"


class _HasDays(Protocol):
    def visible_days(self) -> tuple[date, date]: ...


@lru_cache(maxsize=32)
def _between(first: date, last: date, korean: bool) -> dict[date, str]:
    found = holidays_between(first, last, COUNTRY, "ko" if korean else "en")
    return {day: ", ".join(names) for day, names in found.items()}


def visible_holidays(view: _HasDays) -> dict[date, str]:
    """Holiday names (joined with ", ") per visible day; do not modify the result."""
    first, after = view.visible_days()
    return _between(first, after - timedelta(days=1), i18n.is_korean())


def holiday_name(view: _HasDays, day: date) -> str:
    return visible_holidays(view).get(day, "")
