"""core.ics against a real SQLite store and hand-written .ics fixtures in tests/data."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from core.errors import CalendarFileError, NotFound
from core.ics import build_calendar, export_ics, import_ics
from core.model import Event, Occurrence, Source
from core.store import Store
from core.timeutil import get_zone

DATA = Path(__file__).resolve().parents[1] / "data"
SEOUL = get_zone("Asia/Seoul")
NEW_YORK = get_zone("America/New_York")
BERLIN = get_zone("Europe/Berlin")


def snapshot(store: Store) -> list[tuple[Any, ...]]:
    """Every stored row that matters, straight from the file (deleted ones too)."""
    with sqlite3.connect(store.path) as conn:
        events = conn.execute(
            "SELECT id, revision, deleted, title FROM events ORDER BY id"
        ).fetchall()
        cals = conn.execute("SELECT id, name FROM calendars ORDER BY id").fetchall()
    return [*events, *cals]


def by_title(store: Store) -> dict[str, Event]:
    """Stored events by title (series and single events; changed instances are left out)."""
    return {e.title: e for e in store.all_events() if e.recurring_event_id is None}


def occurrences(store: Store, start: datetime, end: datetime) -> list[Occurrence]:
    return store.occurrences(start, end, view_zone=SEOUL)


@pytest.fixture
def seeded(store: Store) -> Store:
    """A store with one event already in it, so 'unchanged' means something."""
    cal = store.default_calendar().id
    store.add_event(
        Event.timed("기존 일정", datetime(2026, 3, 1, 9, tzinfo=SEOUL), calendar_id=cal)
    )
    return store


# -- Google export with X-WR-TIMEZONE ----------------------------------------------------------


def test_google_export_with_x_wr_timezone_imports_at_seoul_times(store: Store) -> None:
    result = import_ics(store, DATA / "google_seoul.ics")

    assert (result.created, result.updated, result.skipped) == (3, 0, 1)  # the cancelled one
    events = by_title(store)
    assert "취소된 점심" not in events

    checkup = events["건강검진"]
    assert checkup.tz == "Asia/Seoul"
    assert checkup.start == datetime(2026, 11, 24, 7, 40, tzinfo=SEOUL)
    assert checkup.start.utcoffset() == timedelta(hours=9)
    assert (checkup.start.hour, checkup.start.minute) == (7, 40)
    assert checkup.end == datetime(2026, 11, 24, 12, 0, tzinfo=SEOUL)
    assert checkup.location == "인천 연수구 갯벌로156"
    assert checkup.reminders == (30,)
    assert checkup.source == Source.ICS
    assert checkup.source_ref == "5q3k2r7n8cpb6kdc1b0a9e5f4g@google.com"

    meeting = events["주간 회의"]
    assert meeting.tz == "Asia/Seoul"
    assert meeting.rrule is not None and meeting.rrule.startswith("FREQ=WEEKLY")
    assert meeting.description == "스프린트 리뷰"
    occs = [
        o
        for o in occurrences(
            store, datetime(2026, 12, 1, tzinfo=SEOUL), datetime(2027, 1, 1, tzinfo=SEOUL)
        )
        if o.event.title == "주간 회의"
    ]
    assert [o.start for o in occs] == [
        datetime(2026, 12, d, 10, 0, tzinfo=SEOUL) for d in (2, 9, 16, 23)
    ]

    christmas = events["성탄절"]
    assert christmas.all_day
    assert (christmas.start, christmas.end) == (date(2026, 12, 25), date(2026, 12, 26))


def test_utc_times_without_x_wr_timezone_stay_utc(store: Store) -> None:
    data = (DATA / "google_seoul.ics").read_bytes().replace(b"X-WR-TIMEZONE:Asia/Seoul\r\n", b"")
    import_ics(store, data)
    checkup = by_title(store)["건강검진"]
    assert checkup.tz == "UTC"
    assert checkup.start == datetime(2026, 11, 23, 22, 40, tzinfo=UTC)  # same instant


def test_importing_the_same_file_twice_creates_nothing_new(store: Store) -> None:
    first = import_ics(store, DATA / "google_seoul.ics")
    before = snapshot(store)
    second = import_ics(store, DATA / "google_seoul.ics")

    assert second.created == 0
    assert second.unchanged == first.created
    assert snapshot(store) == before  # not even a revision bump
    assert store.count_events() == 3


def test_reimport_of_a_changed_file_updates_in_place(store: Store) -> None:
    import_ics(store, DATA / "google_seoul.ics")
    changed = (
        (DATA / "google_seoul.ics")
        .read_bytes()
        .replace("SUMMARY:건강검진".encode(), "SUMMARY:건강검진 (재예약)".encode())
    )
    result = import_ics(store, changed)
    assert (result.created, result.updated) == (0, 1)
    assert store.count_events() == 3
    assert "건강검진 (재예약)" in by_title(store)


# -- recurrence, overrides, zones ------------------------------------------------------------


def test_series_with_exdate_moved_and_cancelled_instances(store: Store) -> None:
    result = import_ics(store, DATA / "recurring_overrides.ics")
    assert (result.created, result.skipped, result.warnings) == (3, 0, [])

    series = by_title(store)["Standup"]
    assert series.tz == "America/New_York"
    assert series.reminders == (10,)
    assert series.exdates == (datetime(2026, 3, 16, 9, tzinfo=NEW_YORK),)
    instances = store.instances_of(series.id)
    moved = next(i for i in instances if not i.cancelled)
    cancelled = next(i for i in instances if i.cancelled)
    assert moved.title == "Standup (moved)"
    assert moved.original_start == datetime(2026, 3, 23, 9, tzinfo=NEW_YORK)
    assert moved.start == datetime(2026, 3, 24, 10, tzinfo=NEW_YORK)
    assert cancelled.original_start == datetime(2026, 3, 30, 9, tzinfo=NEW_YORK)

    occs = store.occurrences(
        datetime(2026, 3, 1, tzinfo=NEW_YORK),
        datetime(2026, 5, 1, tzinfo=NEW_YORK),
        view_zone=NEW_YORK,
    )
    starts = [(o.event.title, o.start) for o in occs]
    assert starts == [
        ("Standup", datetime(2026, 3, 2, 9, tzinfo=NEW_YORK)),
        ("Standup", datetime(2026, 3, 9, 9, tzinfo=NEW_YORK)),  # after the DST change, still 09:00
        ("Standup (moved)", datetime(2026, 3, 24, 10, tzinfo=NEW_YORK)),
        ("Standup", datetime(2026, 4, 6, 9, tzinfo=NEW_YORK)),
    ]
    assert occs[0].start.utcoffset() == timedelta(hours=-5)
    assert occs[1].start.utcoffset() == timedelta(hours=-4)

    again = import_ics(store, DATA / "recurring_overrides.ics")
    assert (again.created, again.unchanged) == (0, 3)


def test_unsupported_event_is_skipped_with_a_warning_and_the_rest_imports(store: Store) -> None:
    result = import_ics(store, DATA / "hourly_mixed.ics")
    assert (result.created, result.skipped) == (2, 1)
    assert len(result.warnings) == 1
    assert "Every hour" in result.warnings[0] and "HOURLY" in result.warnings[0]
    events = by_title(store)
    assert set(events) == {"Kept", "One day"}
    assert events["Kept"].start == datetime(2026, 3, 10, 10, tzinfo=BERLIN)
    one_day = events["One day"]  # DATE without DTEND: one day
    assert (one_day.start, one_day.end) == (date(2026, 3, 11), date(2026, 3, 12))


def test_windows_zone_is_mapped_and_unknown_zone_falls_back_to_utc(store: Store) -> None:
    result = import_ics(store, DATA / "outlook_windows_tz.ics")
    assert result.created == 2
    events = by_title(store)
    report = events["분기 보고"]
    assert report.tz == "Asia/Seoul"
    assert report.start == datetime(2026, 4, 15, 14, tzinfo=SEOUL)
    assert report.end == datetime(2026, 4, 15, 15, 30, tzinfo=SEOUL)
    offshore = events["Offshore sync"]
    assert offshore.tz == "UTC"
    assert offshore.start == datetime(2026, 4, 16, 3, 30, tzinfo=UTC)  # 09:00 at +05:30
    assert any("Custom Office Zone" in w for w in result.warnings)


def _calendar(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


def test_floating_times_defaults_and_duration(store: Store) -> None:
    data = _calendar(
        "BEGIN:VEVENT", "UID:floating", "DTSTAMP:20260101T000000Z",
        "DTSTART:20260501T093000", "SUMMARY:Floating", "END:VEVENT",
        "BEGIN:VEVENT", "UID:dur", "DTSTAMP:20260101T000000Z",
        "DTSTART;TZID=Europe/Berlin:20260501T093000", "DURATION:PT45M", "SUMMARY:Duration",
        "END:VEVENT",
        "BEGIN:VEVENT", "UID:days", "DTSTAMP:20260101T000000Z",
        "DTSTART;VALUE=DATE:20260501", "DURATION:P3D", "SUMMARY:Three days", "END:VEVENT",
    )  # fmt: skip
    import_ics(store, data, default_zone="Asia/Seoul")
    events = by_title(store)
    floating = events["Floating"]
    assert floating.tz == "Asia/Seoul"
    assert floating.start == datetime(2026, 5, 1, 9, 30, tzinfo=SEOUL)
    assert floating.end - floating.start == timedelta(hours=1)  # the default duration
    duration = events["Duration"]
    assert duration.end == datetime(2026, 5, 1, 10, 15, tzinfo=BERLIN)
    days = events["Three days"]
    assert (days.start, days.end) == (date(2026, 5, 1), date(2026, 5, 4))


def test_changed_instance_without_its_series_becomes_a_single_event(store: Store) -> None:
    data = _calendar(
        "BEGIN:VEVENT", "UID:orphan", "DTSTAMP:20260101T000000Z",
        "RECURRENCE-ID:20260601T010000Z", "DTSTART:20260602T010000Z", "SUMMARY:Orphan",
        "END:VEVENT",
    )  # fmt: skip
    result = import_ics(store, data)
    assert result.created == 1
    assert any("without its series" in w for w in result.warnings)
    orphan = by_title(store)["Orphan"]
    assert orphan.recurring_event_id is None
    assert orphan.start == datetime(2026, 6, 2, 1, tzinfo=UTC)


def test_import_into_a_named_calendar_and_unknown_calendar(store: Store) -> None:
    from core.model import Calendar

    work = store.add_calendar(Calendar(name="회사"))
    import_ics(store, DATA / "hourly_mixed.ics", calendar_id=work.id)
    assert {e.calendar_id for e in store.all_events()} == {work.id}
    before = snapshot(store)
    with pytest.raises(NotFound):
        import_ics(store, DATA / "google_seoul.ics", calendar_id="no-such-calendar")
    assert snapshot(store) == before


# -- broken files: clear error, nothing written -------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("truncated.ics", "truncated"),
        ("not_ical.ics", "not an iCalendar"),
        ("bad_dtstart.ics", "invalid DTSTART"),
        ("missing.ics", "no such file"),
        (b"", "empty"),
        (bytes(range(256)) * 4, "not an iCalendar"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n",
            "not a valid iCalendar",
        ),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim\r\nEND:VCARD\r\n", "not an iCalendar"),
    ],
    ids=[
        "truncated",
        "not-ical",
        "bad-dtstart",
        "missing-file",
        "empty",
        "binary",
        "unbalanced",
        "vcard",
    ],
)
def test_unreadable_file_raises_and_changes_nothing(
    seeded: Store, source: str | bytes, expected: str
) -> None:
    before = snapshot(seeded)
    arg: Path | bytes = DATA / source if isinstance(source, str) else source
    with pytest.raises(CalendarFileError) as info:
        import_ics(seeded, arg)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)
    assert snapshot(seeded) == before


def test_failure_in_the_middle_of_an_import_rolls_everything_back(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All-or-nothing: a store failure on the third event leaves the first two unwritten."""
    from core.errors import StoreError

    before = snapshot(seeded)
    real_save = seeded.save_event
    calls = {"n": 0}

    def failing_save(ev: Event) -> Event:
        calls["n"] += 1
        if calls["n"] == 3:
            raise StoreError("disk full (injected)")
        return real_save(ev)

    monkeypatch.setattr(seeded, "save_event", failing_save)
    with pytest.raises(StoreError):
        import_ics(seeded, DATA / "google_seoul.ics")
    assert calls["n"] == 3
    assert snapshot(seeded) == before


# -- export and round trip ------------------------------------------------------------------


def _populate(store: Store) -> None:
    cal = store.default_calendar().id
    store.add_event(
        Event.timed(
            "Berlin call",
            datetime(2026, 7, 1, 10, 0, tzinfo=BERLIN),
            datetime(2026, 7, 1, 11, 30, tzinfo=BERLIN),
            calendar_id=cal,
            location="Zoom",
            description="Quarterly numbers\nwith a second line; and, commas",
            reminders=(15, 60),
        )
    )
    store.add_event(
        Event.all_day_event(
            "제주 여행", date(2026, 8, 3), date(2026, 8, 7), calendar_id=cal, location="제주"
        )
    )
    store.add_event(Event.timed("UTC thing", datetime(2026, 7, 2, 12, tzinfo=UTC), calendar_id=cal))
    series = store.add_event(
        Event.timed(
            "Weekly sync",
            datetime(2026, 3, 2, 9, 0, tzinfo=NEW_YORK),
            datetime(2026, 3, 2, 9, 30, tzinfo=NEW_YORK),
            calendar_id=cal,
            rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=8",
            exdates=(datetime(2026, 3, 16, 9, tzinfo=NEW_YORK),),
            reminders=(10,),
        )
    )
    occs = store.occurrences(
        datetime(2026, 3, 23, tzinfo=NEW_YORK), datetime(2026, 3, 24, tzinfo=NEW_YORK)
    )
    moved = occs[0]
    store.change_occurrence(
        moved,
        moved.event.moved_to(datetime(2026, 3, 24, 11, tzinfo=NEW_YORK)).evolve(
            title="Weekly sync (moved)"
        ),
    )
    store.add_event(
        series.evolve(
            id="01900000-0000-7000-8000-000000000001",
            rrule=None,
            exdates=(),
            recurring_event_id=series.id,
            original_start=datetime(2026, 3, 30, 9, tzinfo=NEW_YORK),
            start=datetime(2026, 3, 30, 9, tzinfo=NEW_YORK),
            end=datetime(2026, 3, 30, 9, 30, tzinfo=NEW_YORK),
            cancelled=True,
        )
    )


_COMPARED = ("title", "start", "end", "tz", "all_day", "rrule", "exdates", "location",
             "description", "reminders", "cancelled", "original_start")  # fmt: skip


def _comparable(store: Store) -> list[tuple[Any, ...]]:
    """Events as comparable tuples, with the series named by title instead of id."""
    events = store.all_events()
    titles = {e.id: e.title for e in events}
    rows = []
    for ev in events:
        series = titles.get(ev.recurring_event_id or "")
        rows.append((*(getattr(ev, f) for f in _COMPARED), series))
    return sorted(rows, key=repr)


def test_export_then_import_into_an_empty_store_gives_equal_events(
    store: Store, tmp_path: Path
) -> None:
    _populate(store)
    target = tmp_path / "out.ics"
    count = export_ics(store, target)
    assert count == 6  # 4 events + 2 changed instances

    text = target.read_text(encoding="utf-8")
    assert "PRODID:" in text and "VERSION:2.0" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:America/New_York" in text
    assert "DTSTART;TZID=Europe/Berlin:20260701T100000" in text
    assert "DTSTART;VALUE=DATE:20260803" in text and "DTEND;VALUE=DATE:20260807" in text
    assert "RECURRENCE-ID;TZID=America/New_York:20260323T090000" in text
    assert "TRIGGER:-PT15M" in text
    parsed = icalendar.Calendar.from_ical(target.read_bytes())
    assert all("DTSTAMP" in v for v in parsed.walk("VEVENT"))

    with Store.open(tmp_path / "other") as fresh:
        result = import_ics(fresh, target)
        assert (result.created, result.skipped, result.warnings) == (6, 0, [])
        assert _comparable(fresh) == _comparable(store)
        window = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=UTC))
        assert [(o.event.title, o.start, o.end) for o in fresh.occurrences(*window)] == [
            (o.event.title, o.start, o.end) for o in store.occurrences(*window)
        ]


def test_reimporting_our_own_export_updates_instead_of_duplicating(
    store: Store, tmp_path: Path
) -> None:
    _populate(store)
    target = tmp_path / "out.ics"
    export_ics(store, target)
    before = snapshot(store)
    result = import_ics(store, target)
    assert result.created == 0
    assert snapshot(store) == before


def test_export_range_keeps_only_overlapping_events_and_series_whole(
    store: Store, tmp_path: Path
) -> None:
    _populate(store)
    count = export_ics(
        store,
        tmp_path / "july.ics",
        datetime(2026, 7, 1, tzinfo=SEOUL),
        datetime(2026, 8, 1, tzinfo=SEOUL),
    )
    titles = sorted(
        str(v["SUMMARY"])
        for v in icalendar.Calendar.from_ical((tmp_path / "july.ics").read_bytes()).walk("VEVENT")
    )
    assert count == 2
    assert titles == ["Berlin call", "UTC thing"]

    cal, count = build_calendar(
        store, datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 4, 14, tzinfo=UTC)
    )
    assert count == 3  # the series (its instance on 6 April overlaps) with both changed instances
    assert {str(v.get("RECURRENCE-ID", "")) != "" for v in cal.walk("VEVENT")} == {True, False}


def test_export_to_an_unwritable_place_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    _populate(store)
    with pytest.raises(CalendarFileError, match="cannot write"):
        export_ics(store, tmp_path / "no-such-dir" / "out.ics")
    assert not (tmp_path / "no-such-dir").exists()


def test_all_day_series_and_date_exdate_on_a_timed_series(store: Store) -> None:
    data = _calendar(
        "BEGIN:VEVENT", "UID:birthday", "DTSTAMP:20260101T000000Z",
        "DTSTART;VALUE=DATE:20200310", "RRULE:FREQ=YEARLY", "EXDATE;VALUE=DATE:20260310",
        "SUMMARY:생일", "END:VEVENT",
        "BEGIN:VEVENT", "UID:gym", "DTSTAMP:20260101T000000Z",
        "DTSTART;TZID=Asia/Seoul:20260302T070000", "RRULE:FREQ=DAILY;COUNT=3",
        "EXDATE;VALUE=DATE:20260303", "SUMMARY:Gym", "END:VEVENT",
    )  # fmt: skip
    result = import_ics(store, data)
    assert (result.created, result.skipped) == (2, 0)
    events = by_title(store)
    assert events["생일"].exdates == (date(2026, 3, 10),)
    assert events["Gym"].exdates == (datetime(2026, 3, 3, 7, tzinfo=SEOUL),)
    occs = occurrences(
        store, datetime(2026, 3, 1, tzinfo=SEOUL), datetime(2027, 4, 1, tzinfo=SEOUL)
    )
    assert [(o.event.title, o.start) for o in occs] == [
        ("Gym", datetime(2026, 3, 2, 7, tzinfo=SEOUL)),
        ("Gym", datetime(2026, 3, 4, 7, tzinfo=SEOUL)),
        ("생일", date(2027, 3, 10)),
    ]
