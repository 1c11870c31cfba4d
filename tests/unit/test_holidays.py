"""Public holidays (the holidays package) as the views ask for them."""

from __future__ import annotations

from datetime import date

from core.holidays import holiday_names, holidays_between


def test_korean_holidays_of_a_month_in_korean_and_english() -> None:
    # 2026: 추석 24-26 Sep; 개천절 (Sat 3 Oct) gets its substitute on Mon 5 Oct; 한글날 9 Oct.
    ko = holidays_between(date(2026, 9, 20), date(2026, 10, 10))
    assert ko[date(2026, 9, 25)] == ["추석"]
    assert set(ko) == {
        date(2026, 9, 24),
        date(2026, 9, 25),
        date(2026, 9, 26),
        date(2026, 10, 3),
        date(2026, 10, 5),
        date(2026, 10, 9),
    }
    assert "대체" in ko[date(2026, 10, 5)][0]
    en = holidays_between(date(2026, 9, 25), date(2026, 9, 25), language="en")
    assert en == {date(2026, 9, 25): ["Chuseok"]}


def test_ranges_across_years_and_ordinary_days() -> None:
    found = holidays_between(date(2026, 12, 24), date(2027, 1, 2))
    assert date(2026, 12, 25) in found and date(2027, 1, 1) in found
    assert holiday_names(date(2026, 9, 22)) == []
    assert holidays_between(date(2026, 2, 1), date(2026, 1, 1)) == {}


def test_an_unknown_country_has_no_holidays_rather_than_an_error() -> None:
    assert holidays_between(date(2026, 1, 1), date(2026, 12, 31), country="XX") == {}
