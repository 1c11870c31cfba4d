"""Korean lunar dates and yearly lunar (RFC 7529 RSCALE) series.

Every expected solar date is a published fact (the Korean public holidays 추석/설날/부처님
오신날 of those years, and the leap months 윤2월 2023, 윤4월 2020, 윤6월 2025), not a value
computed with the code under test. Where the ``holidays`` package (its own tables) lists the
same holiday, the test checks it agrees as well.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core import lunar, recurrence
from core.errors import InvalidInput
from core.holidays import holiday_names
from core.model import Event
from core.store import Store

SEOUL = ZoneInfo("Asia/Seoul")
CHUSEOK = "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15"

# (lunar year, month, day) -> solar date: published Korean holidays.
KNOWN = [
    ((2025, 8, 15), date(2025, 10, 6), "추석"),
    ((2026, 8, 15), date(2026, 9, 25), "추석"),
    ((2027, 8, 15), date(2027, 9, 15), "추석"),
    ((2028, 8, 15), date(2028, 10, 3), "추석"),
    ((2026, 1, 1), date(2026, 2, 17), "설날"),
    ((2027, 1, 1), date(2027, 2, 7), "설날"),  # Korea; China's New Year is 6 Feb 2027
    ((2025, 4, 8), date(2025, 5, 5), "부처님오신날"),
]


@pytest.mark.parametrize(("lunar_date", "solar", "holiday"), KNOWN)
def test_lunar_dates_convert_to_the_published_solar_dates(
    lunar_date: tuple[int, int, int], solar: date, holiday: str
) -> None:
    assert lunar.to_solar(*lunar_date) == solar
    assert holiday in holiday_names(solar, language="ko")
    assert lunar.to_lunar(solar) == lunar.LunarDate(*lunar_date)


def test_leap_months_exist_only_in_their_years() -> None:
    # 윤2월 1일 2023 = 22 Mar 2023; 윤4월 8일 2020 = 30 May 2020; 윤6월 1일 2025 = 25 Jul 2025.
    assert lunar.to_solar(2023, 2, 1, True) == date(2023, 3, 22)
    assert lunar.to_solar(2020, 4, 8, True) == date(2020, 5, 30)
    assert lunar.to_solar(2025, 6, 1, True) == date(2025, 7, 25)
    assert lunar.has_leap_month(2025, 6) and not lunar.has_leap_month(2026, 6)
    assert lunar.to_solar(2026, 4, 1, True) is None


def _all_day(rule: str, start: date) -> Event:
    return Event.all_day_event("음력", start, calendar_id="c", rrule=rule)


def _dates(ev: Event, first: date, last: date) -> list[date]:
    lo = datetime(first.year, first.month, first.day, tzinfo=SEOUL)
    hi = datetime(last.year, last.month, last.day, tzinfo=SEOUL)
    return [o.start for o in recurrence.expand(ev, (), lo, hi, SEOUL)]  # type: ignore[misc]


def test_a_yearly_lunar_series_lands_on_each_years_chuseok() -> None:
    ev = _all_day("rscale=chinese;freq=yearly;bymonth=8;bymonthday=15", date(2025, 10, 6))
    assert ev.rrule == CHUSEOK
    assert _dates(ev, date(2024, 1, 1), date(2029, 1, 1)) == [
        date(2025, 10, 6),
        date(2026, 9, 25),
        date(2027, 9, 15),
        date(2028, 10, 3),
    ]
    # A window far from the start is found without walking from 2025, and in order.
    assert _dates(ev, date(2028, 9, 1), date(2028, 11, 1)) == [date(2028, 10, 3)]
    assert recurrence.last_instance_end(ev) is None


def test_timed_lunar_series_keep_their_wall_clock_time_count_and_until() -> None:
    start = datetime(2026, 9, 25, 18, tzinfo=SEOUL)
    ev = Event.timed("제사", start, calendar_id="c", rrule=CHUSEOK + ";COUNT=2")
    lo, hi = datetime(2026, 1, 1, tzinfo=SEOUL), datetime(2031, 1, 1, tzinfo=SEOUL)
    starts = [o.start for o in recurrence.expand(ev, (), lo, hi, SEOUL)]
    assert starts == [start, datetime(2027, 9, 15, 18, tzinfo=SEOUL)]
    assert recurrence.last_instance_end(ev) == datetime(2027, 9, 15, 19, tzinfo=SEOUL)
    until = ev.evolve(rrule=CHUSEOK + ";UNTIL=20280101")
    assert (
        until.rrule == "RSCALE=CHINESE;FREQ=YEARLY;UNTIL=20280101T145959Z;BYMONTH=8;BYMONTHDAY=15"
    )
    assert [o.start for o in recurrence.expand(until, (), lo, hi, SEOUL)] == starts


def test_a_leap_month_rule_falls_back_to_the_month_itself_in_other_years() -> None:
    rule = lunar.yearly_rule(6, 1, leap=True)
    assert rule == "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=6L;BYMONTHDAY=1;SKIP=BACKWARD"
    ev = _all_day(rule, date(2025, 7, 25))
    got = _dates(ev, date(2025, 1, 1), date(2027, 1, 1))
    # 2025 has 윤6월 (25 Jul); 2026 has none, so lunar 6/1 (16 Jul 2026) is used.
    assert got == [date(2025, 7, 25), lunar.to_solar(2026, 6, 1)]
    # RFC 7529's default SKIP=OMIT leaves the years without the leap month out.
    omit = _all_day("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=6L;BYMONTHDAY=1", date(2025, 7, 25))
    assert _dates(omit, date(2025, 1, 1), date(2027, 1, 1)) == [date(2025, 7, 25)]


def test_day_30_in_a_short_month_becomes_day_29() -> None:
    short = next(y for y in range(2026, 2040) if lunar.to_solar(y, 3, 30) is None)
    long = next(y for y in range(2026, 2040) if lunar.to_solar(y, 3, 30) is not None)
    rule = lunar.parse(lunar.yearly_rule(3, 30))
    assert lunar.in_year(rule, short) == lunar.to_solar(short, 3, 29)
    assert lunar.in_year(rule, long) == lunar.to_solar(long, 3, 30)
    forward = lunar.parse("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=30;SKIP=FORWARD")
    assert lunar.in_year(forward, short) == lunar.to_solar(short, 4, 1)


def test_outside_the_known_years_there_are_no_occurrences() -> None:
    ev = _all_day(CHUSEOK, date(2049, 9, 1))
    got = _dates(ev, date(2049, 1, 1), date(2060, 1, 1))
    assert [d.year for d in got] == [2049, 2050]
    assert "1000-2050" in lunar.RANGE_NOTE


@pytest.mark.parametrize(
    "bad",
    [
        "RSCALE=HEBREW;FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15",
        "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15",
        "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=13;BYMONTHDAY=15",
        "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8",
        "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15;SKIP=SIDEWAYS",
    ],
)
def test_unsupported_lunar_rules_are_refused_clearly(bad: str) -> None:
    with pytest.raises(InvalidInput):
        _all_day(bad, date(2026, 9, 25))


def test_a_gregorian_rscale_is_a_plain_rule() -> None:
    ev = _all_day("RSCALE=GREGORIAN;FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=25", date(2026, 9, 25))
    assert ev.rrule == "FREQ=YEARLY;BYMONTHDAY=25;BYMONTH=9"


def test_describe_and_next_date() -> None:
    assert lunar.describe(CHUSEOK, "ko") == "매년 음력 8월 15일"
    assert lunar.describe(lunar.yearly_rule(4, 10, True), "en") == "every year on lunar leap 4/10"
    assert lunar.next_date(CHUSEOK, date(2026, 9, 26)) == date(2027, 9, 15)
    assert lunar.next_date(CHUSEOK, date(2026, 9, 25)) == date(2026, 9, 25)


def test_the_store_finds_lunar_occurrences_in_a_month_view(store: Store) -> None:
    cal = store.default_calendar().id
    store.add_event(
        Event.all_day_event("엄마 생신", date(2025, 10, 6), calendar_id=cal, rrule=CHUSEOK)
    )
    store.add_event(
        Event.timed("차례", datetime(2025, 10, 6, 9, tzinfo=SEOUL), calendar_id=cal, rrule=CHUSEOK)
    )
    sept = store.occurrences(
        datetime(2026, 9, 1, tzinfo=SEOUL), datetime(2026, 10, 1, tzinfo=SEOUL)
    )
    assert sorted((o.event.title, o.start) for o in sept) == [
        ("엄마 생신", date(2026, 9, 25)),
        ("차례", datetime(2026, 9, 25, 9, tzinfo=SEOUL)),
    ]
    again = Store(store.path)
    assert [
        o.start
        for o in again.occurrences(
            datetime(2027, 9, 1, tzinfo=SEOUL), datetime(2027, 10, 1, tzinfo=SEOUL)
        )
        if o.event.all_day
    ] == [date(2027, 9, 15)]


# -- understanding and the assistant ---------------------------------------------------------

NOW = datetime(2026, 9, 1, 10, tzinfo=SEOUL)  # before 추석 2026 (25 Sep)


@pytest.mark.parametrize(
    ("text", "title", "start", "rule"),
    [
        ("음력 3월 15일 엄마 생신", "엄마 생신", date(2027, 4, 21), "BYMONTH=3;BYMONTHDAY=15"),
        ("매년 음력 8월 15일 추석 차례", "추석 차례", date(2026, 9, 25), "BYMONTH=8;BYMONTHDAY=15"),
        ("음력 1월 1일 설날", "설날", date(2027, 2, 7), "BYMONTH=1;BYMONTHDAY=1"),
        ("음 8/15 성묘", "성묘", date(2026, 9, 25), "BYMONTH=8;BYMONTHDAY=15"),
        ("8월 15일(음력) 성묘", "성묘", date(2026, 9, 25), "BYMONTH=8;BYMONTHDAY=15"),
        ("lunar 8/15 family dinner", "family dinner", date(2026, 9, 25), "BYMONTH=8;BYMONTHDAY=15"),
        (
            "음력 윤4월 10일 할머니 제사",
            "할머니 제사",
            # 2027 has no 윤4월: the rule falls back to 4/10 (SKIP=BACKWARD)
            lunar.to_solar(2027, 4, 10),
            "BYMONTH=4L;BYMONTHDAY=10;SKIP=BACKWARD",
        ),
    ],
)
def test_lunar_phrases_become_yearly_lunar_series(
    text: str, title: str, start: date, rule: str
) -> None:
    from core.nlu.engine import parse

    result = parse(text, NOW, SEOUL)
    assert (result.intent, result.title, result.start, result.all_day) == (
        "create",
        title,
        start,
        True,
    )
    assert result.rrule == f"RSCALE=CHINESE;FREQ=YEARLY;{rule}"


def test_a_question_about_a_lunar_date_asks_about_its_next_solar_day() -> None:
    from core.nlu.engine import parse

    asked = parse("음력 8월 15일에 뭐 있어?", NOW, SEOUL)
    assert asked.intent == "query"
    assert asked.query_range == (
        datetime(2026, 9, 25, tzinfo=SEOUL),
        datetime(2026, 9, 26, tzinfo=SEOUL),
    )
    new_year = parse("what's on lunar 1/1?", NOW, SEOUL)
    assert new_year.query_range is not None
    assert new_year.query_range[0] == datetime(2027, 2, 7, tzinfo=SEOUL)


def test_a_lunar_date_with_a_time_is_timed_and_with_a_year_is_one_day() -> None:
    from core.nlu.engine import parse

    timed = parse("음력 8월 15일 오후 6시 제사", NOW, SEOUL)
    assert timed.start == datetime(2026, 9, 25, 18, tzinfo=SEOUL) and not timed.all_day
    assert timed.rrule == CHUSEOK
    once = parse("2027년 음력 3월 15일 엄마 생신", NOW, SEOUL)
    assert (once.title, once.start, once.all_day, once.rrule) == (
        "엄마 생신",
        date(2027, 4, 21),
        True,
        None,
    )
    # "다음" ends in 음 and a leading "음," is a filler: neither is a lunar date.
    assert parse("다음 3/5 회의", NOW, SEOUL).rrule is None
    assert parse("음, 10/5 회의", NOW, SEOUL).rrule is None


def test_the_proposal_names_the_lunar_date_and_this_years_solar_date(store: Store) -> None:
    from core.assistant import Assistant
    from core.assistant.text import card_lines
    from core.settings import Settings

    bot = Assistant(store, Settings(time_zone="Asia/Seoul", default_duration_minutes=60))
    try:
        reply = bot.handle("매년 음력 8월 15일 추석 차례", now=NOW)
        assert reply.proposal is not None
        lines = card_lines(reply.proposal, SEOUL, NOW.date())
        assert "반복: 매년 음력 8월 15일 (올해 양력 9월 25일)" in lines
        bot.handle("네", now=NOW)
        saved = [e for e in store.all_events() if e.title == "추석 차례"]
        assert len(saved) == 1 and saved[0].rrule == CHUSEOK
        assert saved[0].start == date(2026, 9, 25)
        english = bot.handle("every year on lunar 1/1 new year call", now=NOW)
        assert english.proposal is not None
        lines = card_lines(english.proposal, SEOUL, NOW.date())
        assert "Repeats: every year on lunar 1/1 (next year Feb 7)" in lines
    finally:
        bot.close()


def test_ics_export_writes_the_rscale_rule_and_import_reads_it(
    store: Store, tmp_path: Path
) -> None:
    from core import ics

    rule = lunar.yearly_rule(4, 10, leap=True)
    store.add_event(
        Event.all_day_event(
            "제사", date(2026, 5, 26), calendar_id=store.default_calendar().id, rrule=rule
        )
    )
    out = tmp_path / "out.ics"
    ics.export_ics(store, out)
    assert f"RRULE:{rule}" in out.read_text(encoding="utf-8").splitlines()
    other = Store.open(tmp_path / "other")
    try:
        ics.import_ics(other, out)
        assert [e.rrule for e in other.all_events()] == [rule]
    finally:
        other.close()
