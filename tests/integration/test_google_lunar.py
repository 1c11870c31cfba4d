"""Yearly lunar series and Google (the Calendar API emulator, the real client).

Google gets the solar dates as an RDATE list plus the RFC 7529 rule in a private extended
property; a device pulling the event gets the rule back, not the list.
"""

# ruff: noqa: F811 - pytest fixtures are imported from test_google_fixtures and used as arguments

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from core import lunar
from core.google.connection import open_client
from core.google.engine import GoogleSync
from core.google.mapping import LUNAR_PROPERTY, LUNAR_YEARS_AHEAD
from core.ids import google_event_id
from core.model import Event
from core.store import Store
from tests.integration.test_google_fixtures import (  # noqa: F401 - fixtures
    SEOUL,
    Google,
    connect,
    fake,
    google,
    timed_body,
)

CHUSEOK = "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15"


def _rdates(item: dict[str, object]) -> list[str]:
    lines = [str(x) for x in item.get("recurrence") or []]  # type: ignore[attr-defined]
    rdate = [x for x in lines if x.startswith("RDATE")]
    assert len(rdate) == 1, lines
    return rdate[0].split(":", 1)[1].split(",")


def test_a_lunar_series_reaches_google_as_dates_and_comes_back_as_the_rule(
    google: Google, tmp_path: Path
) -> None:
    cal = google.calendar
    birthday = google.store.add_event(
        Event.all_day_event("추석 성묘", date(2026, 9, 25), calendar_id=cal, rrule=CHUSEOK)
    )
    rite = google.add("제사", datetime(2026, 9, 25, 18, tzinfo=SEOUL), rrule=CHUSEOK)
    report = google.sync()
    assert report.pushed == 2 and not report.failed

    remote = google.remote()
    item = remote[google_event_id(birthday.id)]
    assert item["start"] == {"date": "2026-09-25"}
    assert item["extendedProperties"]["private"][LUNAR_PROPERTY] == CHUSEOK
    assert item["recurrence"][0].startswith("RDATE;VALUE=DATE:")
    stamps = _rdates(item)
    # Published 추석 dates: 15 Sep 2027, 3 Oct 2028, 22 Sep 2029.
    assert stamps[:3] == ["20270915", "20281003", "20290922"]
    this_year = datetime.now(SEOUL).year
    assert stamps[-1][:4] == str(min(this_year + LUNAR_YEARS_AHEAD, lunar.MAX_YEAR))
    timed = remote[google_event_id(rite.id)]
    assert timed["recurrence"][0].startswith("RDATE;TZID=Asia/Seoul:20270915T180000,")
    # Google (the emulator) expands the dates into instances as any client would see them.
    client, _ = open_client(google.store, sleep=google.sleeps, policy=google.policy)
    listed = (
        client.service.events()
        .instances(calendarId="primary", eventId=google_event_id(birthday.id))
        .execute()
    )
    days = [i["start"]["date"] for i in listed["items"]]
    assert days[:3] == ["2026-09-25", "2027-09-15", "2028-10-03"]

    # A second device pulls the rule, not the list, under the same local id.
    other = Store.open(tmp_path / "device-b")
    try:
        connect(other, google.fake)
        second = Google(other, google.fake)
        second.sync()
        pulled = second.local_by_title()
        assert set(pulled) == {"추석 성묘", "제사"}
        assert pulled["추석 성묘"].id == birthday.id
        assert pulled["추석 성묘"].rrule == CHUSEOK and pulled["추석 성묘"].rdates == ()
        assert pulled["제사"].rrule == CHUSEOK and pulled["제사"].rdates == ()
        sept = other.occurrences(
            datetime(2027, 9, 1, tzinfo=SEOUL), datetime(2027, 10, 1, tzinfo=SEOUL)
        )
        assert sorted(o.event.title for o in sept) == ["제사", "추석 성묘"]
        # Nothing goes back and forth: both sides are settled.
        google.fake.reset_requests()
        second.sync()
        google.sync()
        assert not google.writes()
        assert len(google.remote()) == 2
    finally:
        other.close()


def test_an_rdate_list_without_the_property_stays_a_list(google: Google) -> None:
    google.fake.insert_event(
        "primary",
        {
            "summary": "Checkups",
            "start": {"date": "2026-12-01"},
            "end": {"date": "2026-12-02"},
            "recurrence": ["RDATE;VALUE=DATE:20270301,20270601"],
        },
    )
    google.sync()
    ev = google.local_by_title()["Checkups"]
    assert ev.rrule is None and ev.rdates == (date(2027, 3, 1), date(2027, 6, 1))


def test_a_new_year_pushes_the_dates_further_and_leaving_lunar_clears_the_property(
    google: Google,
) -> None:
    ev = google.store.add_event(
        Event.all_day_event(
            "설날", date(2027, 2, 7), calendar_id=google.calendar, rrule=lunar.yearly_rule(1, 1)
        )
    )
    google.sync()
    before = _rdates(google.remote()[google_event_id(ev.id)])
    google.fake.reset_requests()

    # The first round of next year re-sends the series with one more year of dates.
    next_year = datetime.now(UTC).year + 1
    client, record = open_client(google.store, sleep=google.sleeps, policy=google.policy)
    engine = GoogleSync(
        google.store,
        client,
        account=record.email,
        now=lambda: datetime(next_year, 1, 5, tzinfo=UTC),
    )
    report = engine.run()
    assert report.pushed == 1 and not report.failed
    after = _rdates(google.remote()[google_event_id(ev.id)])
    assert after[-1][:4] == str(min(next_year + LUNAR_YEARS_AHEAD, lunar.MAX_YEAR))
    assert len(after) >= len(before)
    patches = [r for r in google.fake.requests if r.is_write]
    assert len(patches) == 1
    # Once a year: the next round sends nothing.
    google.fake.reset_requests()
    engine.run()
    assert not google.writes()

    # No longer lunar: a plain yearly rule, and our property is gone (others' would stay).
    google.store.update_event(google.store.get_event(ev.id).evolve(rrule="FREQ=YEARLY"))
    google.sync()
    item = google.remote()[google_event_id(ev.id)]
    assert item["recurrence"] == ["RRULE:FREQ=YEARLY"]
    assert LUNAR_PROPERTY not in ((item.get("extendedProperties") or {}).get("private") or {})
