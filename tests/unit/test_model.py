from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import InvalidInput
from core.ids import google_event_id, local_id_for_google, new_id
from core.model import Event

SEOUL = ZoneInfo("Asia/Seoul")


def test_timed_event_defaults_to_one_hour_in_the_start_zone() -> None:
    ev = Event.timed("팀 미팅", datetime(2026, 11, 23, 15, tzinfo=SEOUL), calendar_id="c")
    assert ev.tz == "Asia/Seoul"
    assert ev.end == datetime(2026, 11, 23, 16, tzinfo=SEOUL)


def test_times_are_kept_in_the_event_zone() -> None:
    ev = Event.timed(
        "call", datetime(2026, 11, 23, 6, tzinfo=UTC), calendar_id="c", tz="Asia/Seoul"
    )
    assert ev.start.tzinfo == SEOUL and ev.start.hour == 15


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "  "}, "title"),
        ({"end": datetime(2026, 11, 23, 14, tzinfo=SEOUL)}, "before start"),
        ({"tz": "Mars/Olympus"}, "unknown time zone"),
        ({"start": datetime(2026, 11, 23, 15)}, "time zone"),  # noqa: DTZ001
        ({"rrule": "FREQ=SOMETIMES"}, "frequency"),
        ({"rrule": "FREQ=HOURLY"}, "frequency"),
        ({"rrule": "BYDAY=MO"}, "FREQ"),
        ({"rrule": "FREQ=WEEKLY;BYDAY=XX"}, "recurrence"),
        ({"rrule": "FREQ=DAILY;COUNT=3;UNTIL=20261201"}, "COUNT"),
        ({"reminders": (-5,)}, "negative"),
    ],
)
def test_invalid_events_are_refused_with_a_clear_message(
    kwargs: dict[str, object], message: str
) -> None:
    fields: dict[str, object] = {
        "title": "회의",
        "start": datetime(2026, 11, 23, 15, tzinfo=SEOUL),
        "end": datetime(2026, 11, 23, 16, tzinfo=SEOUL),
        "calendar_id": "c",
        "tz": "Asia/Seoul",
    }
    fields.update(kwargs)
    with pytest.raises(InvalidInput, match=message):
        Event(**fields)  # type: ignore[arg-type]


def test_all_day_end_is_exclusive_and_must_follow_start() -> None:
    ev = Event.all_day_event("휴가", date(2026, 12, 24), date(2026, 12, 27), calendar_id="c")
    assert ev.duration == timedelta(days=3)
    with pytest.raises(InvalidInput, match="exclusive"):
        Event.all_day_event("휴가", date(2026, 12, 24), date(2026, 12, 24), calendar_id="c")
    with pytest.raises(InvalidInput, match="dates"):
        Event(
            title="x",
            start=datetime(2026, 1, 1, tzinfo=UTC),
            end=date(2026, 1, 2),
            calendar_id="c",
            all_day=True,
        )


def test_until_is_normalised_to_utc_for_timed_and_to_a_date_for_all_day() -> None:
    timed = Event.timed(
        "w",
        datetime(2026, 11, 2, 9, tzinfo=SEOUL),
        calendar_id="c",
        rrule="RRULE:freq=weekly;until=20261231",
    )
    assert timed.rrule == "FREQ=WEEKLY;UNTIL=20261231T145959Z"
    allday = Event.all_day_event(
        "d", date(2026, 11, 2), calendar_id="c", rrule="FREQ=DAILY;UNTIL=20261110T000000Z"
    )
    assert allday.rrule == "FREQ=DAILY;UNTIL=20261110"


def test_moving_keeps_elapsed_duration_across_dst() -> None:
    ny = ZoneInfo("America/New_York")
    ev = Event.timed(
        "late",
        datetime(2026, 3, 7, 23, 30, tzinfo=ny),
        calendar_id="c",
        duration=timedelta(hours=3),
    )
    moved = ev.moved_to(datetime(2026, 3, 8, 0, 30, tzinfo=ny))
    assert moved.duration == timedelta(hours=3)
    assert moved.end == datetime(2026, 3, 8, 4, 30, tzinfo=ny)  # 02:00-03:00 does not exist


def test_google_ids_are_valid_and_stable() -> None:
    local = new_id()
    gid = google_event_id(local)
    assert len(gid) == 26 and set(gid) <= set("0123456789abcdefghijklmnopqrstuv")
    assert gid == google_event_id(local)
    assert local_id_for_google("primary", "abc") == local_id_for_google("primary", "abc")
    assert local_id_for_google("primary", "abc") != local_id_for_google("other", "abc")


def test_new_ids_are_uuid7_and_time_ordered() -> None:
    first, second = new_id(), new_id()
    assert first[14] == "7" and first < second


def test_rrule_parts_get_one_canonical_order() -> None:
    start = datetime(2026, 11, 2, 9, tzinfo=SEOUL)
    a = Event.timed("a", start, calendar_id="c", rrule="BYDAY=MO,WE;INTERVAL=2;FREQ=WEEKLY;WKST=SU")
    b = Event.timed("b", start, calendar_id="c", rrule="FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=MO,WE")
    assert a.rrule == b.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=SU"
    with pytest.raises(InvalidInput, match="unknown part"):
        Event.timed("c", start, calendar_id="c", rrule="FREQ=WEEKLY;COLOR=RED")
