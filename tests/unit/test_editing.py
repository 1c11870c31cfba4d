from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.editing import Scope, delete_occurrence, edit_occurrence, move_occurrence
from core.errors import InvalidInput
from core.model import Event, Occurrence
from core.store import Store

SEOUL = ZoneInfo("Asia/Seoul")
LO, HI = datetime(2026, 11, 1, tzinfo=SEOUL), datetime(2026, 12, 31, tzinfo=SEOUL)


def _on(store: Store, day: date) -> Occurrence:
    start = datetime(day.year, day.month, day.day, tzinfo=SEOUL)
    return store.occurrences(start, start + timedelta(days=1))[0]


def _days(store: Store) -> list[tuple[date, int]]:
    return [(o.start.date(), o.start.hour) for o in store.occurrences(LO, HI)]  # type: ignore[union-attr]


def _weekly(store: Store, rule: str = "FREQ=WEEKLY;BYDAY=MO;COUNT=4") -> Event:
    return store.add_event(
        Event.timed(
            "주간 회의",
            datetime(2026, 11, 2, 10, tzinfo=SEOUL),
            calendar_id=store.default_calendar().id,
            rrule=rule,
        )
    )


def test_moving_all_events_of_a_weekday_series_moves_the_weekday_too(store: Store) -> None:
    series = _weekly(store, "FREQ=WEEKLY;BYDAY=MO;COUNT=4")
    store.delete_occurrence(_on(store, date(2026, 11, 9)))  # an exdate
    occ = _on(store, date(2026, 11, 16))
    store.change_occurrence(
        occ,
        occ.event.evolve(
            title="회의 (장소 변경)", rrule=None, start=occ.start, end=occ.end, location="3층"
        ),
    )
    occ = _on(store, date(2026, 11, 23))
    move_occurrence(store, occ, datetime(2026, 11, 24, 11, tzinfo=SEOUL), Scope.ALL)
    assert store.get_event(series.id).rrule == "FREQ=WEEKLY;COUNT=4;BYDAY=TU"
    assert _days(store) == [
        (date(2026, 11, 3), 11),
        (date(2026, 11, 16), 10),
        (date(2026, 11, 24), 11),
    ]
    # the changed instance kept its own time but still replaces the (moved) 17th instance
    assert [o.event.title for o in store.occurrences(LO, HI)][1] == "회의 (장소 변경)"


def test_moving_this_event_only_leaves_the_series(store: Store) -> None:
    _weekly(store)
    move_occurrence(
        store, _on(store, date(2026, 11, 9)), datetime(2026, 11, 10, 15, tzinfo=SEOUL), Scope.THIS
    )
    assert _days(store) == [
        (date(2026, 11, 2), 10),
        (date(2026, 11, 10), 15),
        (date(2026, 11, 16), 10),
        (date(2026, 11, 23), 10),
    ]


def test_rules_tied_to_month_days_refuse_a_day_shift_and_change_nothing(store: Store) -> None:
    store.add_event(
        Event.timed(
            "월세",
            datetime(2026, 11, 25, 9, tzinfo=SEOUL),
            calendar_id=store.default_calendar().id,
            rrule="FREQ=MONTHLY;BYMONTHDAY=25",
        )
    )
    before = _days(store)
    with pytest.raises(InvalidInput, match="month"):
        move_occurrence(
            store,
            _on(store, date(2026, 11, 25)),
            datetime(2026, 11, 26, 9, tzinfo=SEOUL),
            Scope.ALL,
        )
    assert _days(store) == before
    move_occurrence(
        store, _on(store, date(2026, 11, 25)), datetime(2026, 11, 25, 18, tzinfo=SEOUL), Scope.ALL
    )
    assert _days(store) == [(date(2026, 11, 25), 18), (date(2026, 12, 25), 18)]


def test_editing_all_events_applies_title_time_and_length_to_the_series(store: Store) -> None:
    series = _weekly(store)
    occ = _on(store, date(2026, 11, 16))
    edit_occurrence(
        store,
        occ,
        {
            "title": "팀 싱크",
            "start": datetime(2026, 11, 16, 14, tzinfo=SEOUL),
            "end": datetime(2026, 11, 16, 14, 30, tzinfo=SEOUL),
            "rrule": series.rrule,
        },
        Scope.ALL,
    )
    saved = store.get_event(series.id)
    assert (saved.title, saved.start.hour, saved.duration) == ("팀 싱크", 14, timedelta(minutes=30))
    assert [d for d, _ in _days(store)] == [date(2026, 11, d) for d in (2, 9, 16, 23)]


def test_editing_this_event_only_and_deleting_all(store: Store) -> None:
    series = _weekly(store)
    edit_occurrence(store, _on(store, date(2026, 11, 9)), {"title": "휴강"}, Scope.THIS)
    assert [o.event.title for o in store.occurrences(LO, HI)] == [
        "주간 회의",
        "휴강",
        "주간 회의",
        "주간 회의",
    ]
    delete_occurrence(store, _on(store, date(2026, 11, 9)), Scope.ALL)
    assert store.occurrences(LO, HI) == [] and store.find_event(series.id) is None
