"""Google event JSON <-> Event, ids, merge rules and retry policy (no HTTP here)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.google import mapping
from core.google.client import RetryPolicy
from core.google.config import SCOPE_CALENDAR_LIST, SCOPE_EVENTS, missing_scopes
from core.google.mapping import UnsupportedEvent, from_google, to_google
from core.google.merge import merge
from core.ids import google_event_id, local_id_for_google, local_id_for_ics, new_id
from core.model import Attendee, Event

SEOUL = ZoneInfo("Asia/Seoul")
NY = ZoneInfo("America/New_York")


def _round_trip(ev: Event) -> Event:
    body = {**to_google(ev), "id": "abcde12345"}
    body = {k: v for k, v in body.items() if v != []}
    return from_google(body, local_id=ev.id, calendar_id=ev.calendar_id, calendar_tz="UTC")


def _same(a: Event, b: Event) -> None:
    fields = (
        "title",
        "description",
        "location",
        "all_day",
        "tz",
        "start",
        "end",
        "rrule",
        "exdates",
        "rdates",
        "reminders",
        "attendees",
    )
    assert {f: getattr(a, f) for f in fields} == {f: getattr(b, f) for f in fields}


def test_ids_made_here_decode_back_on_every_device() -> None:
    local = new_id()
    assert mapping.local_event_id("me@example.com", google_event_id(local)) == local
    ics = local_id_for_ics("uid-1@example.com")
    assert mapping.local_event_id("me@example.com", google_event_id(ics)) == ics
    # Google's own ids (and instance ids) get the uuid5 derived from the calendar.
    for gid in ("6p786ikg65o1g6bmsjl3703m1t_20261207T140000Z", "a" * 40, "abc_def"):
        assert mapping.local_event_id("me@example.com", gid) == local_id_for_google(
            "me@example.com", gid
        )


def test_instance_ids_follow_googles_form() -> None:
    assert (
        mapping.instance_id("abc123", datetime(2026, 12, 7, 9, 0, tzinfo=NY))
        == "abc123_20261207T140000Z"
    )
    assert mapping.instance_id("abc123", date(2026, 12, 7)) == "abc123_20261207"


@pytest.mark.parametrize(
    "event",
    [
        Event.timed(
            "Call",
            datetime(2026, 3, 8, 1, 30, tzinfo=NY),
            calendar_id="c",
            description="a\nb",
            location="Zoom",
            reminders=(0, 10, 60),
        ),
        Event.all_day_event("Trip", date(2026, 12, 24), date(2026, 12, 27), calendar_id="c"),
        Event.timed(
            "Weekly",
            datetime(2026, 10, 26, 9, 0, tzinfo=NY),
            calendar_id="c",
            rrule="FREQ=WEEKLY;UNTIL=20261231T000000Z;BYDAY=MO",
            exdates=(datetime(2026, 11, 2, 9, 0, tzinfo=NY),),
            rdates=(datetime(2026, 11, 5, 9, 0, tzinfo=NY),),
        ),
        Event.all_day_event(
            "Birthday",
            date(2026, 5, 3),
            calendar_id="c",
            rrule="FREQ=YEARLY",
            exdates=(date(2027, 5, 3),),
        ),
        Event.timed(
            "Team",
            datetime(2026, 12, 1, 10, tzinfo=SEOUL),
            calendar_id="c",
            attendees=(Attendee("a@x.com", "A", "accepted"), Attendee("b@x.com")),
        ),
    ],
    ids=["timed-dst-gap", "all-day-multi", "series-exdate-rdate", "all-day-series", "attendees"],
)
def test_events_survive_a_round_trip(event: Event) -> None:
    _same(_round_trip(event), event)


def test_google_forms_of_the_same_thing_read_alike() -> None:
    item = {
        "id": "abcde12345",
        "summary": "  ",
        "start": {"dateTime": "2026-12-07T14:00:00Z", "timeZone": "America/New_York"},
        "end": {"dateTime": "2026-12-07T09:30:00", "timeZone": "America/New_York"},
        "recurrence": [
            "RRULE:FREQ=WEEKLY;BYDAY=MO",
            "EXDATE:20261214T140000Z,20261221T140000Z",
            "EXDATE;TZID=America/New_York:20261228T090000",
        ],
        "reminders": {"useDefault": False},
    }
    ev = from_google(item, local_id=new_id(), calendar_id="c", calendar_tz="Asia/Seoul")
    assert ev.title == mapping.NO_TITLE
    assert ev.start == datetime(2026, 12, 7, 9, 0, tzinfo=NY) and ev.tz == "America/New_York"
    assert ev.end == datetime(2026, 12, 7, 9, 30, tzinfo=NY)
    assert ev.exdates == tuple(datetime(2026, 12, d, 9, 0, tzinfo=NY) for d in (14, 21, 28))
    assert ev.reminders == ()
    # No zone on the event: the calendar's zone.
    plain = from_google(
        {
            "id": "abcde12345",
            "summary": "x",
            "start": {"dateTime": "2026-12-07T09:00:00+09:00"},
            "end": {"dateTime": "2026-12-07T10:00:00+09:00"},
        },
        local_id=new_id(),
        calendar_id="c",
        calendar_tz="Asia/Seoul",
    )
    assert plain.tz == "Asia/Seoul" and plain.start == datetime(2026, 12, 7, 9, tzinfo=SEOUL)


@pytest.mark.parametrize(
    "recurrence",
    [
        ["RRULE:FREQ=WEEKLY", "RRULE:FREQ=MONTHLY"],
        ["EXRULE:FREQ=WEEKLY"],
        ["RRULE:FREQ=HOURLY"],
        ["RDATE;VALUE=PERIOD:20261201T090000Z/PT1H"],
    ],
)
def test_what_cannot_be_represented_is_refused(recurrence: list[str]) -> None:
    item = {
        "id": "abcde12345",
        "summary": "x",
        "recurrence": recurrence,
        "start": {"dateTime": "2026-12-07T09:00:00+09:00", "timeZone": "Asia/Seoul"},
        "end": {"dateTime": "2026-12-07T10:00:00+09:00", "timeZone": "Asia/Seoul"},
    }
    with pytest.raises(UnsupportedEvent):
        from_google(item, local_id=new_id(), calendar_id="c", calendar_tz="UTC")


def test_cancelled_instance_takes_its_times_from_the_series() -> None:
    series = Event.timed(
        "Class",
        datetime(2026, 12, 1, 18, tzinfo=SEOUL),
        calendar_id="c",
        rrule="FREQ=DAILY",
        id=str(uuid.uuid4()),
    )
    item = {
        "id": "s_20261203T090000Z",
        "status": "cancelled",
        "recurringEventId": "s",
        "originalStartTime": {"dateTime": "2026-12-03T18:00:00+09:00", "timeZone": "Asia/Seoul"},
    }
    ev = from_google(
        item,
        local_id=new_id(),
        calendar_id="c",
        calendar_tz="UTC",
        series_id=series.id,
        series=series,
    )
    assert ev.cancelled and ev.recurring_event_id == series.id
    assert (ev.start, ev.end) == (
        datetime(2026, 12, 3, 18, tzinfo=SEOUL),
        datetime(2026, 12, 3, 19, tzinfo=SEOUL),
    )
    assert ev.original_start == ev.start


def test_patch_body_holds_only_what_changed() -> None:
    ev = Event.timed("A", datetime(2026, 12, 1, 9, tzinfo=SEOUL), calendar_id="c")
    changed = ev.evolve(location="Here", reminders=(5,))
    body = mapping.diff(to_google(changed), to_google(ev))
    assert body == {
        "location": "Here",
        "reminders": {"useDefault": False, "overrides": [{"method": "popup", "minutes": 5}]},
    }


def test_merge_takes_each_sides_changes_and_names_true_conflicts() -> None:
    base = {
        "title": "A",
        "location": "L",
        "description": "D",
        "start_ts": 1,
        "end_ts": 2,
        "tz": "UTC",
    }
    local = {**base, "title": "A mine", "start_ts": 5, "end_ts": 6}
    remote = {**base, "location": "L theirs", "end_ts": 3}
    result = merge(base, local, remote)
    assert result.conflicts == ("start_ts", "end_ts")  # "when" changed on both sides
    assert result.merged["title"] == "A mine" and result.merged["location"] == "L theirs"
    assert (result.merged["start_ts"], result.merged["end_ts"]) == (5, 6)
    assert merge(base, {**base, "title": "same"}, {**base, "title": "same"}).conflicts == ()


def test_missing_scopes_accept_broader_grants() -> None:
    assert (
        missing_scopes(
            "openid https://www.googleapis.com/auth/userinfo.email "
            "https://www.googleapis.com/auth/calendar"
        )
        == ()
    )
    assert missing_scopes(["openid", "email", SCOPE_EVENTS]) == (SCOPE_CALENDAR_LIST,)


def test_backoff_grows_with_jitter_and_respects_the_cap() -> None:
    policy = RetryPolicy(attempts=6, base_delay=1.0, max_delay=8.0)
    low = [policy.delay(n, lambda: 0.0, None) for n in range(6)]
    high = [policy.delay(n, lambda: 1.0, None) for n in range(6)]
    assert low == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert high == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert policy.delay(0, lambda: 0.0, retry_after=30.0) == 8.0
