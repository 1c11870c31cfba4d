"""Two-way sync against the Calendar API emulator, through the real google-api-python-client."""

# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.google import connection
from core.google.engine import token_key
from core.google.mapping import instance_id
from core.ids import google_event_id
from core.model import Attendee
from core.store import Store
from core.store.codec import event_to_dict
from tests.fakes.google_calendar import Faults
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
    EMAIL,
    SEOUL,
    Google,
    fake,
    google,
    timed_body,
)

NEW_YORK = ZoneInfo("America/New_York")


def _seed_remote(google: Google) -> dict[str, str]:
    fake = google.fake
    ids = {}
    ids["meeting"] = fake.insert_event(
        "primary",
        timed_body(
            "Meeting",
            "2026-12-01T10:00:00+09:00",
            "2026-12-01T11:30:00+09:00",
            location="Room 204",
            description="agenda\nline two",
            reminders={"useDefault": False, "overrides": [{"method": "popup", "minutes": 15}]},
            attendees=[
                {"email": "kim@example.com", "displayName": "Kim", "responseStatus": "accepted"}
            ],
        ),
    )["id"]
    ids["trip"] = fake.insert_event(
        "primary",
        {"summary": "Trip", "start": {"date": "2026-12-24"}, "end": {"date": "2026-12-27"}},
    )["id"]
    ids["standup"] = fake.insert_event(
        "primary",
        timed_body(
            "Standup",
            "2026-12-07T09:00:00-05:00",
            "2026-12-07T09:15:00-05:00",
            tz="America/New_York",
            recurrence=[
                "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6",
                "EXDATE;TZID=America/New_York:20261214T090000",
            ],
        ),
    )["id"]
    series = ids["standup"]
    moved = instance_id(series, datetime(2026, 12, 21, 14, 0, tzinfo=UTC))
    fake.patch_event(
        "primary",
        moved,
        {
            "summary": "Standup (moved)",
            "start": {"dateTime": "2026-12-21T10:00:00-05:00", "timeZone": "America/New_York"},
            "end": {"dateTime": "2026-12-21T10:15:00-05:00", "timeZone": "America/New_York"},
        },
    )
    fake.delete_event("primary", instance_id(series, datetime(2026, 12, 28, 14, 0, tzinfo=UTC)))
    return ids


def test_first_sync_imports_every_kind_of_event_exactly(google: Google) -> None:
    ids = _seed_remote(google)
    report = google.sync()
    assert report.calendars == [EMAIL]
    assert not report.skipped and not report.failed
    events = google.local_by_title()
    assert set(events) == {"Meeting", "Trip", "Standup"}

    meeting = events["Meeting"]
    assert meeting.start == datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)
    assert meeting.end == datetime(2026, 12, 1, 11, 30, tzinfo=SEOUL)
    assert meeting.tz == "Asia/Seoul"
    assert meeting.location == "Room 204"
    assert meeting.description == "agenda\nline two"
    assert meeting.reminders == (15,)
    assert meeting.attendees == (Attendee("kim@example.com", "Kim", "accepted"),)
    assert meeting.google_event_id == ids["meeting"]

    trip = events["Trip"]
    assert trip.all_day and (trip.start, trip.end) == (date(2026, 12, 24), date(2026, 12, 27))

    standup = events["Standup"]
    assert standup.tz == "America/New_York"
    assert standup.rrule == "FREQ=WEEKLY;COUNT=6;BYDAY=MO"
    assert standup.exdates == (datetime(2026, 12, 14, 9, 0, tzinfo=NEW_YORK),)
    # The series shows with its moved and cancelled instances in a range query.
    occurrences = google.store.occurrences(
        datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 31, tzinfo=UTC)
    )
    standups = [(o.event.title, o.start) for o in occurrences if o.series_id == standup.id]
    assert standups == [
        ("Standup", datetime(2026, 12, 7, 9, 0, tzinfo=NEW_YORK)),
        ("Standup (moved)", datetime(2026, 12, 21, 10, 0, tzinfo=NEW_YORK)),
        ("Standup", datetime(2027, 1, 4, 9, 0, tzinfo=NEW_YORK)),
        ("Standup", datetime(2027, 1, 11, 9, 0, tzinfo=NEW_YORK)),
    ]
    # Nothing came back to Google: applying remote changes queues nothing for it.
    assert not google.writes()
    assert google.store.outbox_size("google") == 0


def test_local_events_go_to_google_with_derived_ids(google: Google) -> None:
    single = google.add("Dentist", datetime(2026, 12, 3, 15, 0, tzinfo=SEOUL), location="Gangnam")
    day = google.store.add_event(
        __import__("core.model", fromlist=["Event"]).Event.all_day_event(
            "Holiday", date(2026, 12, 25), date(2026, 12, 26), calendar_id=google.calendar
        )
    )
    series = google.add(
        "Yoga",
        datetime(2026, 12, 2, 19, 0, tzinfo=SEOUL),
        rrule="FREQ=WEEKLY;BYDAY=WE",
        reminders=(10, 30),
    )
    report = google.sync()
    assert report.pushed == 3 and not report.failed
    remote = google.remote()
    assert set(remote) == {
        google_event_id(single.id),
        google_event_id(day.id),
        google_event_id(series.id),
    }
    dentist = remote[google_event_id(single.id)]
    assert dentist["summary"] == "Dentist" and dentist["location"] == "Gangnam"
    assert dentist["start"]["timeZone"] == "Asia/Seoul"
    assert datetime.fromisoformat(dentist["start"]["dateTime"]) == single.start
    holiday = remote[google_event_id(day.id)]
    assert holiday["start"] == {"date": "2026-12-25"} and holiday["end"] == {"date": "2026-12-26"}
    yoga = remote[google_event_id(series.id)]
    assert yoga["recurrence"] == ["RRULE:FREQ=WEEKLY;BYDAY=WE"]
    assert yoga["reminders"]["overrides"] == [
        {"method": "popup", "minutes": 10},
        {"method": "popup", "minutes": 30},
    ]
    # The echo of our own writes changed nothing here.
    assert {e.id: e.revision for e in google.store.all_events()} == {
        single.id: 1,
        day.id: 1,
        series.id: 1,
    }
    assert google.store.outbox_size("google") == 0


def test_sync_right_after_sync_writes_nothing(google: Google) -> None:
    _seed_remote(google)
    google.add("Local", datetime(2026, 12, 9, 8, 0, tzinfo=SEOUL))
    google.sync()
    before = {
        e.id: (e.revision, event_to_dict(e)) for e in google.store.all_events(include_deleted=True)
    }
    bases = {b.entity_id: b for b in google.store.bases("google")}
    token = google.store.get_state(token_key(EMAIL))
    google.fake.reset_requests()

    report = google.sync()

    assert report.pulled == report.pushed == report.conflicts == 0
    assert not google.writes()
    requests = google.fake.requests
    assert [(r.method, r.operation) for r in requests] == [("GET", "events.list")]
    assert "syncToken" in requests[0].query
    after = {
        e.id: (e.revision, event_to_dict(e)) for e in google.store.all_events(include_deleted=True)
    }
    assert after == before
    assert {b.entity_id: b for b in google.store.bases("google")} == bases
    assert google.store.get_state(token_key(EMAIL)) == token


def test_incremental_sync_brings_only_changes(google: Google) -> None:
    ids = _seed_remote(google)
    google.sync()
    google.fake.patch_event(
        "primary", ids["meeting"], {"summary": "Meeting (room change)", "location": "Room 301"}
    )
    google.fake.delete_event("primary", ids["trip"])
    added = google.fake.insert_event(
        "primary", timed_body("Lunch", "2026-12-02T12:00:00+09:00", "2026-12-02T13:00:00+09:00")
    )
    google.fake.reset_requests()

    report = google.sync()

    assert report.pulled == 3
    lists = [r for r in google.fake.requests if r.operation == "events.list"]
    assert len(lists) == 1 and "syncToken" in lists[0].query
    events = google.local_by_title()
    assert set(events) == {"Meeting (room change)", "Standup", "Lunch"}
    assert events["Meeting (room change)"].location == "Room 301"
    assert events["Lunch"].google_event_id == added["id"]
    trip = [e for e in google.store.all_events(include_deleted=True) if e.title == "Trip"]
    assert len(trip) == 1 and trip[0].deleted
    assert not google.writes()


def test_edits_on_both_sides_of_different_fields_merge(google: Google) -> None:
    ids = _seed_remote(google)
    google.sync()
    meeting = google.local_by_title()["Meeting"]
    google.store.update_event(meeting.evolve(location="Room 999"))
    google.fake.patch_event("primary", ids["meeting"], {"description": "new agenda"})
    google.fake.reset_requests()

    report = google.sync()

    assert report.conflicts == 0 and not report.failed
    statuses = [r.status for r in google.fake.requests]
    assert 412 in statuses or any(p.status == 412 for r in google.fake.requests for p in r.parts)
    local = google.local_by_title()["Meeting"]
    remote = google.remote()[ids["meeting"]]
    assert (local.location, local.description) == ("Room 999", "new agenda")
    assert (remote["location"], remote["description"]) == ("Room 999", "new agenda")
    assert google.store.outbox_size("google") == 0
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()


def test_conflicting_edits_are_kept_for_the_user(google: Google) -> None:
    ids = _seed_remote(google)
    google.sync()
    meeting = google.local_by_title()["Meeting"]
    google.store.update_event(meeting.evolve(title="Meeting (mine)", location="Room A"))
    google.fake.patch_event(
        "primary", ids["meeting"], {"summary": "Meeting (theirs)", "description": "theirs"}
    )

    report = google.sync()

    assert report.conflicts == 1
    [conflict] = google.store.conflicts()
    assert conflict.target == "google" and conflict.entity_id == meeting.id
    assert conflict.fields == ("title",)
    assert conflict.local == {"title": "Meeting (mine)"}
    assert conflict.remote == {"title": "Meeting (theirs)"}
    assert conflict.base == {"title": "Meeting"}
    # Neither side lost its title; the other fields merged.
    local = google.store.get_event(meeting.id)
    remote = google.remote()[ids["meeting"]]
    assert (local.title, local.location, local.description) == (
        "Meeting (mine)",
        "Room A",
        "theirs",
    )
    assert (remote["summary"], remote["location"], remote["description"]) == (
        "Meeting (theirs)",
        "Room A",
        "theirs",
    )
    # Further syncs keep both until the user decides (no silent overwrite either way).
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()
    assert google.store.get_event(meeting.id).title == "Meeting (mine)"

    google.store.resolve_conflict(conflict.id, "local")
    google.sync()
    assert google.remote()[ids["meeting"]]["summary"] == "Meeting (mine)"
    assert google.store.get_event(meeting.id).title == "Meeting (mine)"
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()


def test_conflict_resolved_for_google_takes_its_value(google: Google) -> None:
    ids = _seed_remote(google)
    google.sync()
    meeting = google.local_by_title()["Meeting"]
    google.store.update_event(meeting.evolve(location="Mine"))
    google.fake.patch_event("primary", ids["meeting"], {"location": "Theirs"})
    google.sync()
    [conflict] = google.store.conflicts()
    google.store.resolve_conflict(conflict.id, "remote")
    google.fake.reset_requests()
    google.sync()
    assert google.store.get_event(meeting.id).location == "Theirs"
    assert google.remote()[ids["meeting"]]["location"] == "Theirs"
    assert not google.writes()


def test_local_delete_loses_to_a_remote_edit(google: Google) -> None:
    ids = _seed_remote(google)
    google.sync()
    meeting = google.local_by_title()["Meeting"]
    google.store.delete_event(meeting.id)
    google.fake.patch_event("primary", ids["meeting"], {"summary": "Meeting (edited)"})

    google.sync()

    back = google.store.get_event(meeting.id)
    assert back.title == "Meeting (edited)" and not back.deleted
    assert google.remote()[ids["meeting"]]["summary"] == "Meeting (edited)"
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()


def test_remote_delete_loses_to_a_local_edit(google: Google) -> None:
    ids = _seed_remote(google)
    google.sync()
    trip = google.local_by_title()["Trip"]
    google.store.update_event(trip.evolve(title="Trip (longer)", end=date(2026, 12, 28)))
    google.fake.delete_event("primary", ids["trip"])

    report = google.sync()

    assert not report.failed
    local = google.store.get_event(trip.id)
    assert local.title == "Trip (longer)" and not local.deleted
    remote = google.remote()[ids["trip"]]
    assert remote["summary"] == "Trip (longer)" and remote["end"] == {"date": "2026-12-28"}
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()


def test_remote_delete_of_an_untouched_event_deletes_it_here(google: Google) -> None:
    ids = _seed_remote(google)
    google.sync()
    google.fake.delete_event("primary", ids["standup"])
    google.sync()
    standup = [
        e
        for e in google.store.all_events(include_deleted=True)
        if e.title == "Standup" and not e.is_override
    ]
    assert len(standup) == 1 and standup[0].deleted
    occurrences = google.store.occurrences(
        datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC)
    )
    assert not [o for o in occurrences if "Standup" in o.event.title]


def test_local_delete_reaches_google(google: Google) -> None:
    ids = _seed_remote(google)
    mine = google.add("Mine", datetime(2026, 12, 4, 9, 0, tzinfo=SEOUL))
    google.sync()
    google.store.delete_event(mine.id)
    google.store.delete_event(google.local_by_title()["Meeting"].id)
    google.sync()
    remote = google.remote()
    assert google_event_id(mine.id) not in remote and ids["meeting"] not in remote
    cancelled = google.remote(include_cancelled=True)
    assert cancelled[ids["meeting"]]["status"] == "cancelled"


def test_sync_token_gone_410_resyncs_without_duplicates(google: Google) -> None:
    ids = _seed_remote(google)
    google.add("Local", datetime(2026, 12, 9, 8, 0, tzinfo=SEOUL))
    google.sync()
    count = len(google.store.all_events(include_deleted=True))
    # Meanwhile on Google: an edit, a delete whose tombstone is then purged, and a token reset.
    google.fake.patch_event("primary", ids["meeting"], {"summary": "Meeting v2"})
    google.fake.delete_event("primary", ids["trip"])
    google.fake.purge_tombstones()
    google.fake.invalidate_sync_tokens()
    google.fake.reset_requests()

    report = google.sync()

    assert report.full_resyncs == 1
    lists = [r for r in google.fake.requests if r.operation == "events.list"]
    assert [r.status for r in lists] == [410, 200]
    assert "syncToken" not in lists[1].query
    assert len(google.store.all_events(include_deleted=True)) == count
    assert set(google.local_by_title()) == {"Meeting v2", "Standup", "Local"}
    assert not google.writes()
    google.fake.reset_requests()
    google.sync()
    assert [r.status for r in google.fake.requests] == [200]


def test_malformed_sync_token_also_resyncs(google: Google) -> None:
    _seed_remote(google)
    google.sync()
    google.store.set_state(token_key(EMAIL), {"account": EMAIL, "token": "garbage"})
    report = google.sync()
    assert report.full_resyncs == 1
    assert len(google.local_by_title()) == 3


def test_rate_limit_and_server_error_storm(google: Google) -> None:
    for n in range(8):
        google.fake.insert_event(
            "primary",
            timed_body(
                f"Remote {n}",
                f"2026-12-{n + 1:02d}T10:00:00+09:00",
                f"2026-12-{n + 1:02d}T11:00:00+09:00",
            ),
        )
    for n in range(60):
        google.add(f"Local {n}", datetime(2026, 12, 1, 8, 0, tzinfo=SEOUL) + timedelta(hours=n))
    google.fake.faults = Faults(error_rate=0.5, statuses=(429, 403, 500, 503), short_page_rate=0.3)

    report = google.sync()

    google.fake.faults = Faults()
    assert not report.failed
    assert google.sleeps.delays, "the storm made the engine back off"
    assert all(0 < d <= google.policy.max_delay for d in google.sleeps.delays)
    assert len(google.remote_by_title()) == 68
    assert len(google.local_by_title()) == 68
    assert google.store.outbox_size("google") == 0
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()


def test_dropped_connections_lose_nothing_and_duplicate_nothing(google: Google) -> None:
    for n in range(30):
        google.add(f"Local {n}", datetime(2026, 12, 1, 8, 0, tzinfo=SEOUL) + timedelta(hours=n))
    google.fake.faults = Faults(drop_rate=0.3)
    for _ in range(5):
        try:
            google.sync()
            break
        except Exception:  # noqa: BLE001 - a run may give up; the next one goes on
            continue
    google.fake.faults = Faults()
    google.sync()
    assert len(google.remote_by_title()) == 30
    assert len(google.local_by_title()) == 30
    assert google.store.outbox_size("google") == 0


def test_many_changes_go_in_batches_of_at_most_50(google: Google) -> None:
    for n in range(120):
        google.add(f"Local {n}", datetime(2026, 12, 1, 8, 0, tzinfo=SEOUL) + timedelta(hours=n))
    google.sync()
    google.fake.reset_requests()
    for ev in list(google.store.all_events())[:110]:
        google.store.update_event(ev.evolve(location="Busan"))
    report = google.sync()
    batches = [r for r in google.fake.requests if r.batch_parts]
    assert [r.batch_parts for r in batches] == [50, 50, 10]
    assert report.pushed == 110
    assert sum(1 for e in google.remote().values() if e.get("location") == "Busan") == 110


def test_changed_and_cancelled_instances_made_here_reach_google(google: Google) -> None:
    series = google.add(
        "Class", datetime(2026, 12, 1, 18, 0, tzinfo=SEOUL), rrule="FREQ=DAILY;COUNT=5"
    )
    google.sync()
    occurrences = google.store.occurrences(
        datetime(2026, 12, 1, tzinfo=SEOUL), datetime(2026, 12, 10, tzinfo=SEOUL)
    )
    second, third = occurrences[1], occurrences[2]
    moved = second.event.moved_to(datetime(2026, 12, 2, 20, 0, tzinfo=SEOUL))
    google.store.change_occurrence(second, moved.evolve(title="Class (late)"))
    google.store.delete_occurrence(third)

    report = google.sync()

    assert not report.failed
    gid = google_event_id(series.id)
    remote = google.remote(include_cancelled=True)
    assert remote[gid]["recurrence"] == [
        "RRULE:FREQ=DAILY;COUNT=5",
        "EXDATE;TZID=Asia/Seoul:20261203T180000",
    ]
    exception = remote[instance_id(gid, datetime(2026, 12, 2, 9, 0, tzinfo=UTC))]
    assert exception["summary"] == "Class (late)"
    assert exception["recurringEventId"] == gid
    assert datetime.fromisoformat(exception["start"]["dateTime"]) == datetime(
        2026, 12, 2, 20, 0, tzinfo=SEOUL
    )
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()
    # A second device sees the same series with the same changed instance.
    assert len([e for e in google.store.all_events() if e.recurring_event_id == series.id]) == 1


def test_changed_instances_made_on_google_show_here(google: Google) -> None:
    series = google.add(
        "Class", datetime(2026, 12, 1, 18, 0, tzinfo=SEOUL), rrule="FREQ=DAILY;COUNT=3"
    )
    google.sync()
    gid = google_event_id(series.id)
    google.fake.patch_event(
        "primary",
        instance_id(gid, datetime(2026, 12, 3, 9, 0, tzinfo=UTC)),
        {"location": "Hall B"},
    )
    google.fake.delete_event("primary", instance_id(gid, datetime(2026, 12, 2, 9, 0, tzinfo=UTC)))
    google.sync()
    occurrences = google.store.occurrences(
        datetime(2026, 12, 1, tzinfo=SEOUL), datetime(2026, 12, 10, tzinfo=SEOUL)
    )
    assert [(o.start.day, o.event.location) for o in occurrences] == [(1, ""), (3, "Hall B")]
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()


def test_event_google_cannot_be_represented_is_skipped_and_named(google: Google) -> None:
    google.fake.insert_event(
        "primary",
        timed_body(
            "Twice a week",
            "2026-12-01T10:00:00+09:00",
            "2026-12-01T11:00:00+09:00",
            recurrence=["RRULE:FREQ=WEEKLY;BYDAY=TU", "RRULE:FREQ=WEEKLY;BYDAY=TH"],
        ),
    )
    google.fake.insert_event(
        "primary", timed_body("Fine", "2026-12-02T10:00:00+09:00", "2026-12-02T11:00:00+09:00")
    )
    report = google.sync()
    assert set(google.local_by_title()) == {"Fine"}
    assert len(report.skipped) == 1 and "Twice a week" in report.skipped[0]


def test_events_made_before_the_account_was_connected_are_pushed(
    store: Store, fake: object, memory_keyring: object
) -> None:
    from tests.integration.test_google_fixtures import Google as G
    from tests.integration.test_google_fixtures import connect

    early = store.add_event(
        __import__("core.model", fromlist=["Event"]).Event.timed(
            "Early",
            datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL),
            calendar_id=store.default_calendar().id,
        )
    )
    connect(store, fake)  # type: ignore[arg-type]
    g = G(store, fake)  # type: ignore[arg-type]
    g.sync()
    assert google_event_id(early.id) in g.remote()


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Seoul", "Europe/London"])
def test_time_zones_round_trip_exactly(google: Google, zone: str) -> None:
    tz = ZoneInfo(zone)
    # Across a DST change in New York and London: the series keeps its wall-clock time.
    ev = google.add(
        "Weekly call",
        datetime(2026, 10, 20, 9, 30, tzinfo=tz),
        rrule="FREQ=WEEKLY;COUNT=4",
        tz=zone,
    )
    google.sync()
    remote = google.remote()[google_event_id(ev.id)]
    assert remote["start"]["timeZone"] == zone
    # A second device imports it and sees the same instances.
    from core.google.mapping import from_google

    copy = from_google(remote, local_id=ev.id, calendar_id=ev.calendar_id, calendar_tz="UTC")
    assert (copy.start, copy.end, copy.tz, copy.rrule) == (ev.start, ev.end, ev.tz, ev.rrule)
    starts = [
        o.start
        for o in google.store.occurrences(
            datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
        )
    ]
    assert all(s.astimezone(tz).hour == 9 and s.astimezone(tz).minute == 30 for s in starts)


def test_two_devices_name_the_same_events_the_same(google: Google, tmp_path: Path) -> None:
    from tests.integration.test_google_fixtures import connect

    single = google.add("Shared", datetime(2026, 12, 3, 15, 0, tzinfo=SEOUL))
    series = google.add(
        "Daily", datetime(2026, 12, 1, 7, 0, tzinfo=SEOUL), rrule="FREQ=DAILY;COUNT=4"
    )
    made_on_google = google.fake.insert_event(
        "primary",
        timed_body("From the web", "2026-12-05T10:00:00+09:00", "2026-12-05T11:00:00+09:00"),
    )
    google.sync()
    occurrences = google.store.occurrences(
        datetime(2026, 12, 1, tzinfo=SEOUL), datetime(2026, 12, 10, tzinfo=SEOUL)
    )
    third = [o for o in occurrences if o.series_id == series.id][2]
    google.store.change_occurrence(
        third, third.event.moved_to(datetime(2026, 12, 3, 8, 0, tzinfo=SEOUL))
    )
    google.sync()

    with Store.open(tmp_path / "device-b") as other:
        connect(other, google.fake)
        device_b = Google(other, google.fake)
        device_b.sync()
        a_ids = {e.id for e in google.store.all_events() if not e.is_override}
        b_ids = {e.id for e in other.all_events() if not e.is_override}
        assert a_ids == b_ids
        assert single.id in b_ids and series.id in b_ids
        window = (datetime(2026, 12, 1, tzinfo=SEOUL), datetime(2026, 12, 10, tzinfo=SEOUL))
        seen_a = [(o.event.title, o.start) for o in google.store.occurrences(*window)]
        seen_b = [(o.event.title, o.start) for o in other.occurrences(*window)]
        assert seen_a == seen_b
        [from_web] = [e for e in other.all_events() if e.title == "From the web"]
        assert from_web.google_event_id == made_on_google["id"]

        # An edit on device B reaches device A through Google, without duplicates.
        other.update_event(other.get_event(single.id).evolve(location="Seoul Station"))
        device_b.sync()
    google.sync()
    assert google.store.get_event(single.id).location == "Seoul Station"
    assert len(google.remote_by_title()) == 3
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()


def test_other_calendars_are_listed_unselected_and_sync_once_selected(google: Google) -> None:
    import dataclasses

    work = google.fake.add_calendar(EMAIL, "Work", time_zone="Europe/London")
    google.fake.insert_event(
        work,
        timed_body(
            "Review", "2026-12-02T10:00:00+00:00", "2026-12-02T11:00:00+00:00", tz="Europe/London"
        ),
    )
    mine = google.add("Mine", datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL))
    google.sync()
    local_work = next(c for c in google.store.calendars() if c.google_calendar_id == work)
    assert not local_work.selected and local_work.time_zone == "Europe/London"
    assert "Review" not in google.local_by_title()

    google.store.update_calendar(dataclasses.replace(local_work, selected=True))
    google.sync()
    review = google.local_by_title()["Review"]
    assert review.calendar_id == local_work.id and review.tz == "Europe/London"

    # Moving an event to the other calendar moves it on Google too.
    google.store.update_event(google.store.get_event(mine.id).evolve(calendar_id=local_work.id))
    report = google.sync()
    assert not report.failed and report.pulled == 0  # the tombstone left behind is no delete
    assert google_event_id(mine.id) not in google.remote()
    assert google_event_id(mine.id) in {e["id"] for e in google.fake.events(work)}
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()

    # Moved back in Google's web UI: it follows, once, and is not deleted on the way.
    from tests.fakes.google_calendar.client import calendar_service

    service = calendar_service(google.fake)
    service.events().move(
        calendarId=work, eventId=google_event_id(mine.id), destination=EMAIL
    ).execute()
    before = google.store.get_event(mine.id).revision
    report = google.sync()
    moved_back = google.store.get_event(mine.id)
    assert moved_back.calendar_id == google.calendar and not moved_back.deleted
    assert report.pulled == 1 and moved_back.revision == before + 1
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()


def test_an_event_moved_to_a_local_only_calendar_leaves_google(google: Google) -> None:
    from core.model import Calendar

    private = google.store.add_calendar(Calendar(name="Private (this computer)"))
    ev = google.add("Diary", datetime(2026, 12, 1, 21, 0, tzinfo=SEOUL))
    kept = google.add("Kept", datetime(2026, 12, 2, 21, 0, tzinfo=SEOUL))
    google.sync()
    google.store.update_event(google.store.get_event(ev.id).evolve(calendar_id=private.id))
    google.store.update_event(google.store.get_event(kept.id).evolve(calendar_id=private.id))
    google.store.delete_event(kept.id)
    report = google.sync()
    assert not report.failed and report.pulled == 0
    assert set(google.remote_by_title()) == set()
    here = google.store.get_event(ev.id)
    assert here.calendar_id == private.id and not here.deleted
    assert google.store.outbox_size("google") == 0
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()


def test_a_refused_change_stays_queued_and_a_later_delete_settles_it(google: Google) -> None:
    ids = _seed_remote(google)
    google.sync()
    meeting = google.local_by_title()["Meeting"]
    google.fake.delete_event("primary", ids["meeting"])
    google.store.update_event(meeting.evolve(location="Room 7"))
    google.fake.faults = Faults(
        error_rate=1.0, statuses=("forbiddenForNonOrganizer",), only="events.patch"
    )
    report = google.sync()
    google.fake.faults = Faults()
    assert len(report.failed) == 1 and "Meeting" in report.failed[0]
    assert "forbiddenForNonOrganizer" in report.failed[0]
    [entry] = [e for e in google.store.pending("google") if e.entity == "event"]
    assert entry.attempts == 1 and entry.last_error
    status = connection.read_status(google.store)
    assert status.pending == 1 and status.last_sync is not None
    # The local edit is kept (it wins over Google's delete) until the user deletes it too.
    assert google.store.get_event(meeting.id).location == "Room 7"
    google.store.delete_event(meeting.id)
    report = google.sync()
    assert not report.failed
    assert google.store.outbox_size("google") == 0
    assert ids["meeting"] not in google.remote()
    google.fake.reset_requests()
    google.sync()
    assert not google.writes()
