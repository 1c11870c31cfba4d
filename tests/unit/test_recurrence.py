from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from core.model import Event
from core.recurrence import expand, last_instance_end

NY = ZoneInfo("America/New_York")
SEOUL = ZoneInfo("Asia/Seoul")


def test_weekly_series_keeps_local_time_across_the_march_dst_change() -> None:
    ev = Event.timed(
        "standup",
        datetime(2026, 2, 23, 9, tzinfo=NY),
        calendar_id="c",
        rrule="FREQ=WEEKLY;BYDAY=MO",
    )
    occ = expand(ev, [], datetime(2026, 3, 1, tzinfo=NY), datetime(2026, 3, 24, tzinfo=NY), NY)
    assert [o.start.date() for o in occ] == [
        date(2026, 3, 2),
        date(2026, 3, 9),
        date(2026, 3, 16),
        date(2026, 3, 23),
    ]
    assert {(o.start.hour, o.start.minute) for o in occ} == {(9, 0)}
    assert [o.start.utcoffset() for o in occ] == [timedelta(hours=-5)] + [timedelta(hours=-4)] * 3
    assert all(o.end - o.start == timedelta(hours=1) for o in occ)


def test_exdates_and_changed_instances_replace_single_occurrences() -> None:
    series = Event.timed(
        "요가",
        datetime(2026, 11, 2, 19, tzinfo=SEOUL),
        calendar_id="c",
        rrule="FREQ=WEEKLY",
        exdates=(datetime(2026, 11, 9, 19, tzinfo=SEOUL),),
    )
    moved = Event.timed(
        "요가 (변경)",
        datetime(2026, 11, 17, 20, tzinfo=SEOUL),
        calendar_id="c",
        recurring_event_id=series.id,
        original_start=datetime(2026, 11, 16, 19, tzinfo=SEOUL),
    )
    cancelled = Event.timed(
        "요가",
        datetime(2026, 11, 23, 19, tzinfo=SEOUL),
        calendar_id="c",
        recurring_event_id=series.id,
        cancelled=True,
        original_start=datetime(2026, 11, 23, 19, tzinfo=SEOUL),
    )
    occ = expand(
        series,
        [moved, cancelled],
        datetime(2026, 11, 1, tzinfo=SEOUL),
        datetime(2026, 12, 1, tzinfo=SEOUL),
        SEOUL,
    )
    starts = sorted((o.start, o.event.title) for o in occ)
    assert starts == [
        (datetime(2026, 11, 2, 19, tzinfo=SEOUL), "요가"),
        (datetime(2026, 11, 17, 20, tzinfo=SEOUL), "요가 (변경)"),
        (datetime(2026, 11, 30, 19, tzinfo=SEOUL), "요가"),
    ]


def test_all_day_series_land_on_dates_of_the_view_zone() -> None:
    ev = Event.all_day_event("월세", date(2026, 1, 25), calendar_id="c", rrule="FREQ=MONTHLY")
    occ = expand(
        ev, [], datetime(2026, 11, 1, tzinfo=SEOUL), datetime(2026, 12, 1, tzinfo=SEOUL), SEOUL
    )
    assert [(o.start, o.end) for o in occ] == [(date(2026, 11, 25), date(2026, 11, 26))]


def test_an_event_overlapping_the_range_edge_is_included() -> None:
    ev = Event.timed(
        "야간",
        datetime(2026, 11, 30, 23, tzinfo=SEOUL),
        calendar_id="c",
        duration=timedelta(hours=2),
        rrule="FREQ=DAILY",
    )
    occ = expand(
        ev, [], datetime(2026, 12, 5, tzinfo=SEOUL), datetime(2026, 12, 6, tzinfo=SEOUL), SEOUL
    )
    assert [o.start.day for o in occ] == [4, 5]


def test_last_instance_end_for_count_until_and_open_series() -> None:
    counted = Event.timed(
        "x", datetime(2026, 1, 1, 9, tzinfo=SEOUL), calendar_id="c", rrule="FREQ=DAILY;COUNT=3"
    )
    assert last_instance_end(counted) == datetime(2026, 1, 3, 10, tzinfo=SEOUL)
    open_ended = counted.evolve(rrule="FREQ=DAILY")
    assert last_instance_end(open_ended) is None


@settings(max_examples=60, deadline=None)
@given(
    interval=st.integers(1, 4),
    weekly=st.booleans(),
    start_offset=st.integers(0, 3000),
    window_offset=st.integers(0, 3200),
    window_days=st.integers(1, 45),
)
def test_fast_forward_gives_the_same_instances_as_full_iteration(
    interval: int, weekly: bool, start_offset: int, window_offset: int, window_days: int
) -> None:
    base = datetime(2018, 1, 1, 9, 30, tzinfo=NY) + timedelta(days=start_offset)
    rule = f"FREQ={'WEEKLY;BYDAY=MO,WE,SU' if weekly else 'DAILY'};INTERVAL={interval}"
    ev = Event.timed("x", base, calendar_id="c", rrule=rule)
    lo = datetime(2018, 1, 1, tzinfo=UTC) + timedelta(days=window_offset)
    hi = lo + timedelta(days=window_days)
    from dateutil.rrule import rrulestr

    expected = [
        p
        for p in rrulestr(rule, dtstart=base).between(lo - timedelta(hours=1), hi, inc=True)
        if p < hi and p + timedelta(hours=1) > lo
    ]
    got = [o.start for o in expand(ev, [], lo, hi, NY)]
    assert got == expected
