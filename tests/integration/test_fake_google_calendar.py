"""The Calendar API emulator (tests/fakes/google_calendar) driven by the real client.

Every call goes through google-api-python-client → google_auth_httplib2 → httplib2 → HTTP
on 127.0.0.1, so these tests also pin down what the client does with each answer.
"""

from __future__ import annotations

import http.client
import threading
import time
import warnings
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import google.auth.exceptions
import google.auth.transport.requests
import google.oauth2.id_token
import pytest
from google_auth_oauthlib.flow import InstalledAppFlow
from googleapiclient.errors import HttpError

from tests.fakes.google_calendar import FakeGoogle, Faults
from tests.fakes.google_calendar.client import (
    calendar_service,
    consent,
    credentials,
    register_fake_browser,
)
from tests.fakes.google_calendar.fixtures import fake_google  # noqa: F401 (a fixture)

EMAIL = "user@example.com"
EVENTS_SCOPE = "https://www.googleapis.com/auth/calendar.events"
LIST_SCOPE = "https://www.googleapis.com/auth/calendar.calendarlist.readonly"
EMAIL_SCOPE = "https://www.googleapis.com/auth/userinfo.email"


@pytest.fixture
def fake() -> Iterator[FakeGoogle]:
    with FakeGoogle(seed=0) as server:
        server.add_account(EMAIL)
        yield server
        assert server.internal_errors == []


@pytest.fixture
def service(fake: FakeGoogle) -> Any:
    return calendar_service(fake)


def timed(summary: str, day: int = 1, hour: int = 10, **extra: Any) -> dict[str, Any]:
    return {
        "summary": summary,
        "start": {"dateTime": f"2026-03-{day:02d}T{hour:02d}:00:00+09:00"},
        "end": {"dateTime": f"2026-03-{day:02d}T{hour + 1:02d}:00:00+09:00"},
        **extra,
    }


def error_of(excinfo: pytest.ExceptionInfo[HttpError]) -> tuple[int, str]:
    error = excinfo.value
    return error.status_code, error.error_details[0]["reason"]


def list_all(service: Any, **params: Any) -> tuple[list[list[dict[str, Any]]], str]:
    """Follow nextPageToken; return the pages' items and the final nextSyncToken."""
    pages: list[list[dict[str, Any]]] = []
    token = None
    while True:
        answer = service.events().list(calendarId="primary", pageToken=token, **params).execute()
        pages.append(answer["items"])
        assert ("nextPageToken" in answer) != ("nextSyncToken" in answer)
        if "nextPageToken" not in answer:
            return pages, answer["nextSyncToken"]
        token = answer["nextPageToken"]


# -- paging and sync tokens -------------------------------------------------------------------


def test_ten_thousand_events_list_in_four_pages_with_the_sync_token_on_the_last(
    fake: FakeGoogle, service: Any
) -> None:
    for i in range(10_000):
        fake.insert_event(EMAIL, timed(f"e{i}", day=1 + i % 28, hour=i % 20))
    fake.reset_requests()
    started = time.perf_counter()
    pages, sync_token = list_all(service, maxResults=2500)
    elapsed = time.perf_counter() - started
    print(f"\n10 000 events listed in {len(pages)} pages, {elapsed:.2f} s")
    assert [len(p) for p in pages] == [2500, 2500, 2500, 2500]
    assert len({e["id"] for p in pages for e in p}) == 10_000
    assert len(fake.requests) == 4
    assert sync_token


def test_page_size_defaults_to_250_and_is_capped_at_2500(fake: FakeGoogle, service: Any) -> None:
    for i in range(2600):
        fake.insert_event(EMAIL, timed(f"e{i}"))
    assert len(service.events().list(calendarId="primary").execute()["items"]) == 250
    big = service.events().list(calendarId="primary", maxResults=99_999).execute()
    assert len(big["items"]) == 2500 and "nextPageToken" in big
    with pytest.raises(HttpError) as excinfo:
        service.events().list(calendarId="primary", maxResults=0).execute()
    assert excinfo.value.status_code == 400


def test_incremental_sync_returns_changes_and_tombstones_only(
    fake: FakeGoogle, service: Any
) -> None:
    kept = fake.insert_event(EMAIL, timed("kept"))
    edited = fake.insert_event(EMAIL, timed("edited"))
    gone = fake.insert_event(EMAIL, timed("gone"))
    _, token = list_all(service)

    fake.patch_event(EMAIL, edited["id"], {"summary": "edited in Google"})
    fake.delete_event(EMAIL, gone["id"])
    new = fake.insert_event(EMAIL, timed("new"))
    changes = service.events().list(calendarId="primary", syncToken=token).execute()
    by_id = {e["id"]: e for e in changes["items"]}
    assert set(by_id) == {edited["id"], gone["id"], new["id"]}
    assert kept["id"] not in by_id
    assert by_id[edited["id"]]["summary"] == "edited in Google"
    # a deleted event comes back as a tombstone that is only guaranteed to carry its id
    assert by_id[gone["id"]]["status"] == "cancelled"
    assert "summary" not in by_id[gone["id"]]
    assert "nextPageToken" not in changes

    quiet = service.events().list(calendarId="primary", syncToken=changes["nextSyncToken"])
    answer = quiet.execute()
    assert answer["items"] == []
    assert answer["nextSyncToken"] == changes["nextSyncToken"]


def test_incremental_sync_pages_carry_the_sync_token_only_on_the_last_page(
    fake: FakeGoogle, service: Any
) -> None:
    _, token = list_all(service)
    for i in range(25):
        fake.insert_event(EMAIL, timed(f"e{i}"))
    pages, _ = list_all(service, syncToken=token, maxResults=10)
    assert [len(p) for p in pages] == [10, 10, 5]


@pytest.mark.parametrize(
    "extra",
    [
        {"timeMin": "2026-01-01T00:00:00Z"},
        {"timeMax": "2026-01-01T00:00:00Z"},
        {"updatedMin": "2026-01-01T00:00:00Z"},
        {"q": "lunch"},
        {"iCalUID": "x@google.com"},
        {"orderBy": "updated"},
        {"privateExtendedProperty": "k=v"},
        {"showDeleted": False},
    ],
)
def test_sync_token_rejects_other_restrictions(
    fake: FakeGoogle, service: Any, extra: dict[str, Any]
) -> None:
    _, token = list_all(service)
    with pytest.raises(HttpError) as excinfo:
        service.events().list(calendarId="primary", syncToken=token, **extra).execute()
    assert excinfo.value.status_code == 400
    assert "Sync token cannot be used" in excinfo.value.reason


def test_invalidated_sync_token_gives_410_and_a_malformed_one_400(
    fake: FakeGoogle, service: Any
) -> None:
    _, token = list_all(service)
    with pytest.raises(HttpError) as malformed:
        service.events().list(calendarId="primary", syncToken="not-a-token").execute()
    assert error_of(malformed) == (400, "invalid")
    fake.invalidate_sync_tokens()
    with pytest.raises(HttpError) as gone:
        service.events().list(calendarId="primary", syncToken=token).execute()
    assert error_of(gone) == (410, "fullSyncRequired")
    assert gone.value.error_details[0]["domain"] == "calendar"
    _, fresh = list_all(service)  # a full sync gets a working token again
    assert service.events().list(calendarId="primary", syncToken=fresh).execute()["items"] == []


def test_purged_tombstones_expire_older_sync_tokens_and_keep_ids_taken(
    fake: FakeGoogle, service: Any
) -> None:
    doomed = fake.insert_event(EMAIL, {**timed("doomed"), "id": "doomed0001"})
    _, token = list_all(service)
    fake.delete_event(EMAIL, doomed["id"])
    _, after_delete = list_all(service)
    assert fake.purge_tombstones() == 1
    with pytest.raises(HttpError) as old:
        service.events().list(calendarId="primary", syncToken=token).execute()
    assert error_of(old) == (410, "fullSyncRequired")
    # a token issued after the deletion has already seen the tombstone: still valid
    service.events().list(calendarId="primary", syncToken=after_delete).execute()
    with pytest.raises(HttpError) as dup:
        service.events().insert(
            calendarId="primary", body=timed("again", id="doomed0001")
        ).execute()
    assert error_of(dup) == (409, "duplicate")


def test_short_pages_keep_next_page_token_until_the_end(fake: FakeGoogle, service: Any) -> None:
    for i in range(500):
        fake.insert_event(EMAIL, timed(f"e{i}"))
    fake.faults = Faults(short_page_rate=0.5)
    pages, _ = list_all(service, maxResults=100)
    assert len({e["id"] for p in pages for e in p}) == 500
    assert any(len(p) < 100 for p in pages[:-1]), "some page before the last was short"


# -- events: etags, ids, deletion -----------------------------------------------------------


def test_etag_changes_on_every_write_and_stale_if_match_gets_412(
    fake: FakeGoogle, service: Any
) -> None:
    event = service.events().insert(calendarId="primary", body=timed("lunch")).execute()
    request = service.events().patch(
        calendarId="primary", eventId=event["id"], body={"location": "Seoul"}
    )
    request.headers["If-Match"] = event["etag"]
    patched = request.execute()
    assert patched["etag"] != event["etag"]
    assert patched["updated"] > event["updated"]

    stale = service.events().patch(calendarId="primary", eventId=event["id"], body={"summary": "x"})
    stale.headers["If-Match"] = event["etag"]
    with pytest.raises(HttpError) as excinfo:
        stale.execute()
    assert error_of(excinfo) == (412, "conditionNotMet")
    assert excinfo.value.error_details[0]["location"] == "If-Match"

    delete = service.events().delete(calendarId="primary", eventId=event["id"])
    delete.headers["If-Match"] = event["etag"]
    with pytest.raises(HttpError) as on_delete:
        delete.execute()
    assert error_of(on_delete) == (412, "conditionNotMet")
    assert fake.get_event(EMAIL, event["id"])["summary"] == "lunch"


@pytest.mark.parametrize(
    "bad_id", ["abcd", "ABCDE12345", "abcdw12345", "abc-def-12", "a" * 1025, "abc_12345"]
)
def test_client_ids_must_be_base32hex_of_5_to_1024_chars(service: Any, bad_id: str) -> None:
    with pytest.raises(HttpError) as excinfo:
        service.events().insert(calendarId="primary", body=timed("x", id=bad_id)).execute()
    assert excinfo.value.status_code == 400
    assert excinfo.value.reason == "Invalid resource id value."


def test_client_ids_are_unique_even_after_delete(fake: FakeGoogle, service: Any) -> None:
    for good in ("abcde", "v" * 1024, "0123456789abcdefghijklmnopqrstuv"):
        assert service.events().insert(calendarId="primary", body=timed("x", id=good)).execute()
    body = timed("meeting", id="0123456789abcdef0123456789abcdef")
    service.events().insert(calendarId="primary", body=body).execute()
    with pytest.raises(HttpError) as twice:
        service.events().insert(calendarId="primary", body=body).execute()
    assert error_of(twice) == (409, "duplicate")
    service.events().delete(calendarId="primary", eventId=body["id"]).execute()
    with pytest.raises(HttpError) as after_delete:
        service.events().insert(calendarId="primary", body=body).execute()
    assert error_of(after_delete) == (409, "duplicate")
    # the cancelled event is still readable, and an update brings it back
    assert (
        service.events().get(calendarId="primary", eventId=body["id"]).execute()["status"]
        == "cancelled"
    )
    revived = service.events().update(calendarId="primary", eventId=body["id"], body=body)
    assert revived.execute()["status"] == "confirmed"


def test_delete_twice_is_410_and_unknown_is_404(fake: FakeGoogle, service: Any) -> None:
    event = fake.insert_event(EMAIL, timed("x"))
    assert service.events().delete(calendarId="primary", eventId=event["id"]).execute() == ""
    with pytest.raises(HttpError) as again:
        service.events().delete(calendarId="primary", eventId=event["id"]).execute()
    assert error_of(again) == (410, "deleted")
    with pytest.raises(HttpError) as unknown:
        service.events().get(calendarId="primary", eventId="nosuchevent").execute()
    assert error_of(unknown) == (404, "notFound")


def test_cancelled_events_show_only_with_show_deleted(fake: FakeGoogle, service: Any) -> None:
    live = fake.insert_event(EMAIL, timed("live"))
    dead = fake.insert_event(EMAIL, timed("dead"))
    fake.delete_event(EMAIL, dead["id"])
    plain = service.events().list(calendarId="primary").execute()["items"]
    assert [e["id"] for e in plain] == [live["id"]]
    everything = service.events().list(calendarId="primary", showDeleted=True).execute()
    assert {e["id"]: e["status"] for e in everything["items"]} == {
        live["id"]: "confirmed",
        dead["id"]: "cancelled",
    }
    assert [e["id"] for e in fake.events(EMAIL)] == [live["id"]]
    assert len(fake.events(EMAIL, include_cancelled=True)) == 2


def test_patch_merges_objects_replaces_arrays_and_checks_sequence(
    fake: FakeGoogle, service: Any
) -> None:
    event = (
        service.events()
        .insert(
            calendarId="primary",
            body=timed(
                "x",
                attendees=[{"email": "a@example.com"}, {"email": "b@example.com"}],
                extendedProperties={"private": {"iljeong": "1", "other": "2"}},
            ),
        )
        .execute()
    )
    patched = (
        service.events()
        .patch(
            calendarId="primary",
            eventId=event["id"],
            body={
                "attendees": [{"email": "c@example.com"}],
                "extendedProperties": {"private": {"other": "3"}},
            },
        )
        .execute()
    )
    assert [a["email"] for a in patched["attendees"]] == ["c@example.com"]
    assert patched["extendedProperties"]["private"] == {"iljeong": "1", "other": "3"}
    assert patched["summary"] == "x"

    reminders = (
        service.events()
        .patch(
            calendarId="primary",
            eventId=event["id"],
            body={
                "reminders": {"useDefault": False, "overrides": [{"method": "popup", "minutes": 5}]}
            },
        )
        .execute()
    )
    assert reminders["etag"] != patched["etag"]
    assert reminders["updated"] == patched["updated"]  # reminders alone do not bump updated

    moved = (
        service.events()
        .patch(
            calendarId="primary",
            eventId=event["id"],
            body={"end": {"dateTime": "2026-03-01T12:00:00+09:00"}},
        )
        .execute()
    )
    assert moved["sequence"] == event["sequence"] + 1
    with pytest.raises(HttpError) as lower:
        service.events().patch(
            calendarId="primary", eventId=event["id"], body={"sequence": 0}
        ).execute()
    assert lower.value.status_code == 400


# -- times ------------------------------------------------------------------------------------


def test_all_day_events_have_exclusive_end_dates_and_filter_by_range(
    fake: FakeGoogle, service: Any
) -> None:
    day = (
        service.events()
        .insert(
            calendarId="primary",
            body={
                "summary": "holiday",
                "start": {"date": "2026-03-02"},
                "end": {"date": "2026-03-03"},
            },
        )
        .execute()
    )
    assert day["start"] == {"date": "2026-03-02"} and day["end"] == {"date": "2026-03-03"}
    # 2026-03-03 00:00 in Seoul is where the all-day event ends (exclusive)
    after = (
        service.events().list(calendarId="primary", timeMin="2026-03-03T00:00:00+09:00").execute()
    )
    assert after["items"] == []
    during = (
        service.events().list(calendarId="primary", timeMin="2026-03-02T23:00:00+09:00").execute()
    )
    assert [e["id"] for e in during["items"]] == [day["id"]]
    with pytest.raises(HttpError) as empty:
        service.events().insert(
            calendarId="primary",
            body={"summary": "x", "start": {"date": "2026-03-03"}, "end": {"date": "2026-03-03"}},
        ).execute()
    assert error_of(empty) == (400, "timeRangeEmpty")
    with pytest.raises(HttpError) as mixed:
        service.events().insert(
            calendarId="primary",
            body={"summary": "x", "start": {"date": "2026-03-03"}, "end": timed("")["end"]},
        ).execute()
    assert mixed.value.status_code == 400


def test_times_are_rendered_in_the_calendar_zone_or_the_requested_one(
    fake: FakeGoogle, service: Any
) -> None:
    event = (
        service.events()
        .insert(
            calendarId="primary",
            body={
                "summary": "call",
                "start": {"dateTime": "2026-03-01T01:00:00Z"},
                "end": {"dateTime": "2026-03-01T10:00:00", "timeZone": "Asia/Seoul"},
            },
        )
        .execute()
    )
    assert event["start"] == {"dateTime": "2026-03-01T10:00:00+09:00"}
    assert event["end"] == {"dateTime": "2026-03-01T10:00:00+09:00", "timeZone": "Asia/Seoul"}
    in_utc = service.events().get(calendarId="primary", eventId=event["id"], timeZone="UTC")
    assert in_utc.execute()["start"] == {"dateTime": "2026-03-01T01:00:00Z"}
    with pytest.raises(HttpError) as no_zone:
        service.events().insert(
            calendarId="primary",
            body={
                "summary": "x",
                "start": {"dateTime": "2026-03-01T10:00:00"},
                "end": {"dateTime": "2026-03-01T11:00:00"},
            },
        ).execute()
    assert no_zone.value.status_code == 400


def test_bad_list_ranges_and_orderings_are_400(service: Any) -> None:
    with pytest.raises(HttpError) as empty:
        service.events().list(
            calendarId="primary", timeMin="2026-03-02T00:00:00Z", timeMax="2026-03-01T00:00:00Z"
        ).execute()
    assert error_of(empty) == (400, "timeRangeEmpty")
    with pytest.raises(HttpError) as order:
        service.events().list(calendarId="primary", orderBy="startTime").execute()
    assert order.value.status_code == 400
    with pytest.raises(HttpError) as naive:
        service.events().list(calendarId="primary", timeMin="2026-03-02T00:00:00").execute()
    assert naive.value.status_code == 400


# -- recurring events -------------------------------------------------------------------------


def weekly(count: int = 5) -> dict[str, Any]:
    return {
        "summary": "standup",
        "start": {"dateTime": "2026-03-02T09:00:00", "timeZone": "Asia/Seoul"},
        "end": {"dateTime": "2026-03-02T09:30:00", "timeZone": "Asia/Seoul"},
        "recurrence": [f"RRULE:FREQ=WEEKLY;COUNT={count}"],
    }


def test_recurring_series_instances_and_exceptions(fake: FakeGoogle, service: Any) -> None:
    series = service.events().insert(calendarId="primary", body=weekly()).execute()
    instances = service.events().instances(calendarId="primary", eventId=series["id"]).execute()
    ids = [i["id"] for i in instances["items"]]
    assert ids[0] == f"{series['id']}_20260302T000000Z"
    assert len(ids) == 5
    assert all(i["recurringEventId"] == series["id"] for i in instances["items"])
    _, token = list_all(service)

    moved = (
        service.events()
        .patch(
            calendarId="primary",
            eventId=ids[1],
            body={
                "start": {"dateTime": "2026-03-09T11:00:00+09:00"},
                "end": {"dateTime": "2026-03-09T11:30:00+09:00"},
            },
        )
        .execute()
    )
    assert moved["recurringEventId"] == series["id"]
    assert moved["originalStartTime"] == {
        "dateTime": "2026-03-09T09:00:00+09:00",
        "timeZone": "Asia/Seoul",
    }
    assert moved["iCalUID"] == series["iCalUID"]
    service.events().delete(calendarId="primary", eventId=ids[2]).execute()

    # singleEvents=false: the series plus its exceptions, the cancelled one included
    plain = service.events().list(calendarId="primary").execute()["items"]
    assert {e["id"]: e["status"] for e in plain} == {
        series["id"]: "confirmed",
        ids[1]: "confirmed",
        ids[2]: "cancelled",
    }
    cancelled = next(e for e in plain if e["id"] == ids[2])
    assert cancelled["recurringEventId"] == series["id"] and "originalStartTime" in cancelled

    # singleEvents=true: instances, with the moved one moved and the cancelled one gone
    expanded = (
        service.events()
        .list(calendarId="primary", singleEvents=True, orderBy="startTime")
        .execute()["items"]
    )
    starts = [e["start"]["dateTime"] for e in expanded]
    assert starts == [
        "2026-03-02T09:00:00+09:00",
        "2026-03-09T11:00:00+09:00",
        "2026-03-23T09:00:00+09:00",
        "2026-03-30T09:00:00+09:00",
    ]
    assert all("recurrence" not in e for e in expanded)

    changes = service.events().list(calendarId="primary", syncToken=token).execute()["items"]
    assert {e["id"] for e in changes} == {ids[1], ids[2]}


def test_deleting_a_series_cancels_it_and_its_exceptions(fake: FakeGoogle, service: Any) -> None:
    series = fake.insert_event(EMAIL, weekly())
    first = f"{series['id']}_20260302T000000Z"
    fake.patch_event(EMAIL, first, {"summary": "special"})
    _, token = list_all(service)
    service.events().delete(calendarId="primary", eventId=series["id"]).execute()
    changes = service.events().list(calendarId="primary", syncToken=token).execute()["items"]
    assert {e["id"]: e["status"] for e in changes} == {
        series["id"]: "cancelled",
        first: "cancelled",
    }
    assert service.events().list(calendarId="primary").execute()["items"] == []


def test_recurrence_needs_a_zone_and_rrule_lines(service: Any) -> None:
    body = weekly()
    body["start"] = {"dateTime": "2026-03-02T09:00:00+09:00"}
    with pytest.raises(HttpError) as no_zone:
        service.events().insert(calendarId="primary", body=body).execute()
    assert no_zone.value.status_code == 400
    body = weekly()
    body["recurrence"] = ["FREQ=WEEKLY"]
    with pytest.raises(HttpError) as no_prefix:
        service.events().insert(calendarId="primary", body=body).execute()
    assert no_prefix.value.reason == "Invalid recurrence rule."


def test_all_day_series_expand_on_dates(fake: FakeGoogle, service: Any) -> None:
    series = fake.insert_event(
        EMAIL,
        {
            "summary": "bins",
            "start": {"date": "2026-03-02"},
            "end": {"date": "2026-03-03"},
            "recurrence": ["RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20260303"],
        },
    )
    items = service.events().instances(calendarId="primary", eventId=series["id"]).execute()
    assert [i["id"] for i in items["items"]] == [
        f"{series['id']}_20260302",
        f"{series['id']}_20260304",
    ]
    assert items["items"][1]["end"] == {"date": "2026-03-05"}


# -- batch ------------------------------------------------------------------------------------


def test_batch_answers_each_part_separately(fake: FakeGoogle, service: Any) -> None:
    existing = fake.insert_event(EMAIL, timed("existing", id="aaa00001"))
    results: dict[str, tuple[Any, HttpError | None]] = {}

    def remember(request_id: str, response: Any, exception: HttpError | None) -> None:
        results[request_id] = (response, exception)

    batch = service.new_batch_http_request(callback=remember)
    batch.add(service.events().insert(calendarId="primary", body=timed("new", id="bbb00001")))
    batch.add(service.events().insert(calendarId="primary", body=timed("dup", id="aaa00001")))
    stale = service.events().patch(
        calendarId="primary", eventId=existing["id"], body={"summary": "stale"}
    )
    stale.headers["If-Match"] = '"1"'
    batch.add(stale)
    batch.add(service.events().delete(calendarId="primary", eventId="nosuchid1"))
    batch.add(service.events().get(calendarId="primary", eventId=existing["id"]))
    batch.execute()

    assert results["1"][0]["id"] == "bbb00001" and results["1"][1] is None
    statuses = {k: v[1].status_code for k, v in results.items() if v[1] is not None}
    assert statuses == {"2": 409, "3": 412, "4": 404}
    assert results["5"][0]["summary"] == "existing"
    [request] = fake.requests
    assert request.path == "/batch/calendar/v3" and request.batch_parts == 5
    assert [p.operation for p in request.parts] == [
        "events.insert",
        "events.insert",
        "events.patch",
        "events.delete",
        "events.get",
    ]


def test_batch_deletes_answer_204_and_writes_to_one_event_conflict(
    fake: FakeGoogle, service: Any
) -> None:
    event = fake.insert_event(EMAIL, timed("x"))
    results: list[tuple[Any, Any]] = []
    batch = service.new_batch_http_request(callback=lambda _i, r, e: results.append((r, e)))
    batch.add(service.events().delete(calendarId="primary", eventId=event["id"]))
    batch.add(service.events().patch(calendarId="primary", eventId=event["id"], body={}))
    batch.execute()
    assert results[0] == ("", None)
    assert results[1][1].status_code == 409
    assert results[1][1].error_details[0]["reason"] == "conflict"


def test_batch_of_more_than_50_parts_is_refused(fake: FakeGoogle, service: Any) -> None:
    batch = service.new_batch_http_request()
    for i in range(51):
        batch.add(service.events().insert(calendarId="primary", body=timed(f"e{i}")))
    with pytest.raises(HttpError) as excinfo:
        batch.execute()
    assert excinfo.value.status_code == 400
    assert fake.events(EMAIL) == []


def test_batch_parts_with_an_expired_token_are_refreshed_and_resent(
    fake: FakeGoogle, service: Any
) -> None:
    fake.expire_access_tokens()
    batch = service.new_batch_http_request()
    for i in range(3):
        batch.add(service.events().insert(calendarId="primary", body=timed(f"e{i}")))
    batch.execute()
    assert len(fake.events(EMAIL)) == 3
    assert [r.operation for r in fake.requests] == ["batch", "oauth.token", "batch"]


# -- auth -------------------------------------------------------------------------------------


def test_a_401_makes_the_client_refresh_and_retry(fake: FakeGoogle) -> None:
    service = calendar_service(fake, credentials(fake, EMAIL, token="stale"))
    assert service.events().list(calendarId="primary").execute()["items"] == []
    assert [(r.operation, r.status) for r in fake.requests] == [
        ("events.list", 401),
        ("oauth.token", 200),
        ("events.list", 200),
    ]
    fake.expire_access_tokens()
    fake.reset_requests()
    service.events().list(calendarId="primary").execute()
    assert [r.operation for r in fake.requests] == ["events.list", "oauth.token", "events.list"]


def test_a_revoked_grant_gives_invalid_grant(fake: FakeGoogle, service: Any) -> None:
    fake.revoke(EMAIL)
    with pytest.raises(google.auth.exceptions.RefreshError) as excinfo:
        service.events().list(calendarId="primary").execute()
    assert "invalid_grant" in str(excinfo.value)
    assert "Token has been expired or revoked." in str(excinfo.value)


def test_missing_scopes_give_403_insufficient_permissions(fake: FakeGoogle) -> None:
    read_only = calendar_service(
        fake, credentials(fake, EMAIL, ["https://www.googleapis.com/auth/calendar.events.readonly"])
    )
    read_only.events().list(calendarId="primary").execute()
    with pytest.raises(HttpError) as write:
        read_only.events().insert(calendarId="primary", body=timed("x")).execute()
    assert write.value.status_code == 403
    assert "insufficient authentication scopes" in write.value.reason
    # the body has "details", so the client exposes those (not "errors") as error_details
    assert write.value.error_details[0]["reason"] == "ACCESS_TOKEN_SCOPE_INSUFFICIENT"
    assert b'"reason":"insufficientPermissions"' in write.value.content
    with pytest.raises(HttpError) as calendars:
        read_only.calendarList().list().execute()
    assert calendars.value.status_code == 403


def test_requests_without_a_token_are_401(fake: FakeGoogle) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", fake.port, timeout=5)
    conn.request("GET", "/calendar/v3/calendars/primary/events")
    response = conn.getresponse()
    assert response.status == 401
    assert b'"reason":"required"' in response.read()
    conn.close()


def test_calendars_of_other_accounts_are_not_found(fake: FakeGoogle, service: Any) -> None:
    fake.add_account("other@example.com", calendars=("primary", "work"))
    with pytest.raises(HttpError) as excinfo:
        service.events().list(calendarId="other@example.com").execute()
    assert error_of(excinfo) == (404, "notFound")


def test_calendar_list_pages_and_syncs_deletions(fake: FakeGoogle, service: Any) -> None:
    for name in ("work", "family", "gym", "club"):
        fake.add_calendar(EMAIL, name)
    pages, token = [], None
    request = service.calendarList().list(maxResults=2)
    while request is not None:
        answer = request.execute()
        pages.append(answer)
        request = service.calendarList().list_next(request, answer)
    assert [len(p["items"]) for p in pages] == [2, 2, 1]
    assert "nextSyncToken" in pages[-1] and all("nextSyncToken" not in p for p in pages[:-1])
    assert pages[0]["items"][0]["primary"] is True and pages[0]["items"][0]["id"] == EMAIL
    token = pages[-1]["nextSyncToken"]
    fake.remove_calendar("gym@group.calendar.google.com")
    changes = service.calendarList().list(syncToken=token).execute()
    assert changes["items"] == [
        {
            "kind": "calendar#calendarListEntry",
            "etag": changes["items"][0]["etag"],
            "id": "gym@group.calendar.google.com",
            "deleted": True,
        }
    ]
    primary = service.calendars().get(calendarId="primary").execute()
    assert primary["id"] == EMAIL and primary["timeZone"] == "Asia/Seoul"


# -- the login flow ---------------------------------------------------------------------------


@pytest.fixture
def insecure_oauth(monkeypatch: pytest.MonkeyPatch) -> None:
    # oauthlib refuses http:// token endpoints unless told this is a local test
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")


@pytest.mark.usefixtures("insecure_oauth")
def test_loopback_login_end_to_end(fake: FakeGoogle, tmp_path: Path) -> None:
    secrets = fake.write_client_secrets(tmp_path / "client.json")
    scopes = ["openid", EMAIL_SCOPE, EVENTS_SCOPE, LIST_SCOPE]
    flow = InstalledAppFlow.from_client_secrets_file(str(secrets), scopes=scopes)
    browser = register_fake_browser()
    creds = flow.run_local_server(
        host="127.0.0.1",
        port=0,
        browser=browser.name,
        authorization_prompt_message="",
        access_type="offline",
        prompt="consent",
        timeout_seconds=10,
    )
    browser.join()
    assert browser.errors == []
    assert creds.refresh_token and creds.token
    opened = browser.opened[0]
    assert opened.startswith(fake.auth_uri) and "code_challenge_method=S256" in opened
    claims = google.oauth2.id_token.verify_token(
        creds.id_token,
        google.auth.transport.requests.Request(),
        audience=fake.client_id,
        certs_url=fake.certs_url,
    )
    assert claims["email"] == EMAIL and claims["iss"] == "https://accounts.google.com"
    service = calendar_service(fake, creds)
    assert service.events().list(calendarId="primary").execute()["items"] == []


@pytest.mark.usefixtures("insecure_oauth")
def test_consent_flow_details(fake: FakeGoogle, tmp_path: Path) -> None:
    secrets = fake.write_client_secrets(tmp_path / "client.json")

    def login(scopes: list[str], **params: str) -> Any:
        flow = InstalledAppFlow.from_client_secrets_file(str(secrets), scopes=scopes)
        flow.redirect_uri = "http://127.0.0.1:9/"
        url, _ = flow.authorization_url(**params)
        location = consent(url).replace("http://", "https://")
        flow.fetch_token(authorization_response=location)
        return flow

    full = ["openid", EMAIL_SCOPE, EVENTS_SCOPE, LIST_SCOPE]
    first = login(full, access_type="offline")
    assert first.credentials.refresh_token
    again = login(full, access_type="offline")
    assert again.credentials.refresh_token is None  # only the first consent gets one
    forced = login(full, access_type="offline", prompt="consent")
    assert forced.credentials.refresh_token

    # the user unticks the calendar list: the token says so, the API answers 403
    fake.grant_scopes = {EVENTS_SCOPE}
    with pytest.raises(Warning) as changed:
        login(full, access_type="offline", prompt="consent")
    granted = changed.value.token["scope"]
    assert LIST_SCOPE not in granted and EVENTS_SCOPE in granted

    # short scope names come back as URLs, as Google answers (oauthlib calls it a change)
    fake.grant_scopes = None
    with pytest.raises(Warning):
        login(["openid", "email", EVENTS_SCOPE])


def test_token_endpoint_errors_use_googles_format(fake: FakeGoogle) -> None:
    import json
    import urllib.error
    import urllib.parse
    import urllib.request

    def post(form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        data = urllib.parse.urlencode(form).encode()
        try:
            with urllib.request.urlopen(fake.token_uri, data=data, timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    base = {"client_id": fake.client_id, "client_secret": fake.client_secret}
    assert post({**base, "grant_type": "refresh_token", "refresh_token": "nope"}) == (
        400,
        {"error": "invalid_grant", "error_description": "Token has been expired or revoked."},
    )
    status, body = post({**base, "client_secret": "wrong", "grant_type": "refresh_token"})
    assert (status, body["error"]) == (401, "invalid_client")

    import base64
    import hashlib

    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode()
    query = urllib.parse.urlencode(
        {
            "client_id": fake.client_id,
            "redirect_uri": "http://127.0.0.1:9/",
            "response_type": "code",
            "scope": EVENTS_SCOPE,
            "state": "s1",
            "code_challenge": challenge.rstrip("="),
            "code_challenge_method": "S256",
        }
    )
    location = consent(f"{fake.auth_uri}?{query}")
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert params["state"] == ["s1"] and params["scope"] == [EVENTS_SCOPE]
    code = params["code"][0]
    exchange = {
        **base,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "http://127.0.0.1:9/",
    }
    assert post({**exchange, "code_verifier": "w" * 50})[1]["error"] == "invalid_grant"
    # the failed attempt used the code up, as Google does
    status, body = post({**exchange, "code_verifier": verifier})
    assert (status, body["error"]) == (400, "invalid_grant")

    location = consent(f"{fake.auth_uri}?{query}")
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["code"][0]
    status, body = post({**exchange, "code": code, "code_verifier": verifier})
    assert status == 200 and body["scope"] == EVENTS_SCOPE and "id_token" not in body
    assert post({**exchange, "code": code, "code_verifier": verifier})[0] == 400  # used up


# -- faults -----------------------------------------------------------------------------------


def test_injected_429_surfaces_as_http_error(fake: FakeGoogle, service: Any) -> None:
    fake.faults = Faults(error_rate=1.0, statuses=(429,), only="events.list")
    with pytest.raises(HttpError) as excinfo:
        service.events().list(calendarId="primary").execute()
    assert error_of(excinfo) == (429, "rateLimitExceeded")
    assert service.events().insert(calendarId="primary", body=timed("x")).execute()["id"]


def test_403_rate_limits_come_in_both_flavours(fake: FakeGoogle, service: Any) -> None:
    fake.faults = Faults(error_rate=1.0, statuses=(403,))
    reasons = set()
    for _ in range(12):
        with pytest.raises(HttpError) as excinfo:
            service.events().list(calendarId="primary").execute()
        assert excinfo.value.status_code == 403
        reasons.add(excinfo.value.error_details[0]["reason"])
    assert reasons == {"rateLimitExceeded", "userRateLimitExceeded"}


def test_a_dropped_connection_surfaces_as_a_client_error(fake: FakeGoogle, service: Any) -> None:
    fake.faults = Faults(drop_rate=1.0, only="events.list")
    with pytest.raises(http.client.RemoteDisconnected):
        service.events().list(calendarId="primary").execute()
    # httplib2 silently re-sends once on a dropped connection before giving up
    assert [(r.operation, r.status) for r in fake.requests] == [
        ("events.list", None),
        ("events.list", None),
    ]


def test_lost_responses_after_applied_writes(fake: FakeGoogle, service: Any) -> None:
    fake.faults = Faults(drop_rate=1.0, only="events.insert")
    ids = [f"lost{i:06d}" for i in range(10)]
    for event_id in ids:
        with pytest.raises(http.client.RemoteDisconnected):
            service.events().insert(calendarId="primary", body=timed("x", id=event_id)).execute()
    fake.faults = Faults()
    stored = {e["id"] for e in fake.events(EMAIL)}
    # every response was lost, yet some of the writes were applied
    assert 0 < len(stored) < len(ids)
    # a retry with the same client id is how a client learns it was already there
    with pytest.raises(HttpError) as retry:
        service.events().insert(calendarId="primary", body=timed("x", id=min(stored))).execute()
    assert error_of(retry) == (409, "duplicate")


def test_batch_parts_draw_their_own_faults(fake: FakeGoogle, service: Any) -> None:
    fake.faults = Faults(error_rate=0.5, statuses=(500, 503))
    results: list[Any] = []
    batch = service.new_batch_http_request(callback=lambda _i, r, e: results.append(e))
    for i in range(20):
        batch.add(service.events().insert(calendarId="primary", body=timed(f"e{i}")))
    batch.execute()
    failed = [e.status_code for e in results if e is not None]
    assert failed and len(failed) < 20
    assert set(failed) <= {500, 503}
    assert len(fake.events(EMAIL)) == 20 - len(failed)


def test_slow_replies_time_out_on_the_client(fake: FakeGoogle) -> None:
    service = calendar_service(fake, timeout=0.3)
    fake.faults = Faults(delay_seconds=2.0, only="events.list")
    with pytest.raises(TimeoutError):
        service.events().list(calendarId="primary").execute()


# -- the fake itself --------------------------------------------------------------------------


def test_same_seed_same_ids_and_tokens() -> None:
    def run() -> list[str]:
        with FakeGoogle(seed=7) as server:
            server.add_account(EMAIL)
            service = calendar_service(server)
            ids = [
                service.events().insert(calendarId="primary", body=timed(f"e{i}")).execute()["id"]
                for i in range(3)
            ]
            return ids + [server.issue_tokens(EMAIL)["refresh_token"]]

    assert run() == run()


def test_concurrent_clients_see_atomic_writes(fake: FakeGoogle) -> None:
    services = [calendar_service(fake) for _ in range(4)]
    errors: list[BaseException] = []

    def work(service: Any, n: int) -> None:
        try:
            for i in range(25):
                service.events().insert(calendarId="primary", body=timed(f"{n}-{i}")).execute()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s, n)) for n, s in enumerate(services)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    events = fake.events(EMAIL)
    assert len(events) == 100 and len({e["id"] for e in events}) == 100
    assert len({e["etag"] for e in events}) == 100


def test_updated_min_lists_changes_and_expires_after_a_purge(
    fake: FakeGoogle, service: Any
) -> None:
    old = fake.insert_event(EMAIL, timed("old"))
    mark = fake.events(EMAIL)[0]["updated"]
    time.sleep(0.002)
    new = fake.insert_event(EMAIL, timed("new"))
    fake.delete_event(EMAIL, old["id"])
    listed = service.events().list(calendarId="primary", updatedMin=mark).execute()["items"]
    assert {e["id"] for e in listed} >= {new["id"], old["id"]}
    fake.purge_tombstones(older_than=timedelta(0))
    with pytest.raises(HttpError) as excinfo:
        service.events().list(calendarId="primary", updatedMin=mark).execute()
    assert error_of(excinfo) == (410, "updatedMinTooLongAgo")


def test_backdoor_edits_warn_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with FakeGoogle(seed=1) as server:
            server.add_account(EMAIL, calendars=("primary", "Work"))
            event = server.insert_event("Work", timed("x"))
            assert server.get_event("work@group.calendar.google.com", event["id"])["summary"] == "x"


def test_partial_responses_with_fields(fake: FakeGoogle, service: Any) -> None:
    fake.insert_event(EMAIL, timed("x"))
    answer = (
        service.events()
        .list(calendarId="primary", fields="items(id,etag,start/dateTime),nextSyncToken")
        .execute()
    )
    assert set(answer) == {"items", "nextSyncToken"}
    assert set(answer["items"][0]) == {"id", "etag", "start"}
    assert set(answer["items"][0]["start"]) == {"dateTime"}
    with pytest.raises(HttpError) as bad:
        service.events().list(calendarId="primary", fields="items(id").execute()
    assert bad.value.status_code == 400


def test_if_none_match_on_get_is_304_and_headers_are_logged(fake: FakeGoogle, service: Any) -> None:
    event = fake.insert_event(EMAIL, timed("x"))
    get = service.events().get(calendarId="primary", eventId=event["id"])
    get.headers["If-None-Match"] = event["etag"]
    with pytest.raises(HttpError) as excinfo:  # the client treats every status >= 300 as an error
        get.execute()
    assert excinfo.value.status_code == 304
    batch = service.new_batch_http_request()
    patch = service.events().patch(calendarId="primary", eventId=event["id"], body={"summary": "y"})
    patch.headers["If-Match"] = event["etag"]
    batch.add(patch)
    batch.execute()
    [part] = fake.requests[-1].parts
    assert part.headers["if-match"] == event["etag"]
    assert part.headers["authorization"] == "<redacted>"


def test_many_series_filter_by_time_quickly(fake: FakeGoogle, service: Any) -> None:
    for i in range(500):
        fake.insert_event(
            EMAIL,
            {
                "summary": f"weekly {i}",
                "start": {
                    "dateTime": f"2021-01-{1 + i % 28:02d}T09:00:00",
                    "timeZone": "Asia/Seoul",
                },
                "end": {"dateTime": f"2021-01-{1 + i % 28:02d}T10:00:00", "timeZone": "Asia/Seoul"},
                "recurrence": ["RRULE:FREQ=WEEKLY" if i % 2 else "RRULE:FREQ=DAILY;COUNT=10"],
            },
        )
    started = time.perf_counter()
    pages, _ = list_all(service, timeMin="2026-03-01T00:00:00Z", maxResults=2500)
    listed = time.perf_counter() - started
    started = time.perf_counter()
    expanded, _ = list_all(
        service,
        singleEvents=True,
        timeMin="2026-03-01T00:00:00Z",
        timeMax="2026-04-01T00:00:00Z",
        maxResults=2500,
    )
    singles = time.perf_counter() - started
    print(f"\n500 series: timeMin filter {listed:.2f} s, one month of instances {singles:.2f} s")
    assert sum(len(p) for p in pages) == 250  # the open-ended weekly ones
    march = [date(2026, 3, d) for d in range(1, 32)]
    expected = sum(
        sum(day.weekday() == date(2021, 1, 1 + i % 28).weekday() for day in march)
        for i in range(1, 500, 2)
    )
    assert sum(len(p) for p in expanded) == expected


def test_named_fault_reasons(fake: FakeGoogle, service: Any) -> None:
    fake.faults = Faults(error_rate=1.0, statuses=("quotaExceeded",))
    with pytest.raises(HttpError) as excinfo:
        service.events().insert(calendarId="primary", body=timed("x")).execute(num_retries=2)
    assert error_of(excinfo) == (403, "quotaExceeded")
    # the client's own retry does not retry quotaExceeded: one request only
    assert len(fake.requests) == 1


def test_move_changes_calendar_and_leaves_a_tombstone(fake: FakeGoogle, service: Any) -> None:
    work = fake.add_calendar(EMAIL, "work")
    series = fake.insert_event(EMAIL, weekly())
    first = f"{series['id']}_20260302T000000Z"
    fake.patch_event(EMAIL, first, {"summary": "special"})
    _, token = list_all(service)
    moved = (
        service.events()
        .move(calendarId="primary", eventId=series["id"], destination=work)
        .execute()
    )
    assert moved["id"] == series["id"] and moved["iCalUID"] == series["iCalUID"]
    assert moved["organizer"]["email"] == work
    changes = service.events().list(calendarId="primary", syncToken=token).execute()["items"]
    assert {e["id"]: e["status"] for e in changes} == {
        series["id"]: "cancelled",
        first: "cancelled",
    }
    there = service.events().list(calendarId=work).execute()["items"]
    assert {e["id"] for e in there} == {series["id"], first}
    with pytest.raises(HttpError) as instance:
        service.events().move(
            calendarId=work, eventId=f"{series['id']}_20260309T000000Z", destination=EMAIL
        ).execute()
    assert instance.value.status_code == 400
    # moving back revives the tombstones in the first calendar
    service.events().move(calendarId=work, eventId=series["id"], destination=EMAIL).execute()
    assert {e["id"] for e in fake.events(EMAIL)} == {series["id"], first}


def test_denied_consent_redirects_with_access_denied(fake: FakeGoogle) -> None:
    import urllib.parse

    fake.deny_consent = True
    query = urllib.parse.urlencode(
        {
            "client_id": fake.client_id,
            "redirect_uri": "http://localhost:8123/",
            "response_type": "code",
            "scope": EVENTS_SCOPE,
            "state": "abc",
        }
    )
    location = consent(f"{fake.auth_uri}?{query}")
    assert location.startswith("http://localhost:8123/?")
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert params == {"state": ["abc"], "error": ["access_denied"]}


def test_hs256_id_tokens_carry_the_account(fake: FakeGoogle) -> None:
    import jwt

    fake.oauth.id_token_signing = "HS256"
    token = fake.issue_tokens(EMAIL)["id_token"]
    claims = jwt.decode(token, fake.client_secret, algorithms=["HS256"], audience=fake.client_id)
    assert claims["email"] == EMAIL and claims["email_verified"] is True
    assert claims["sub"] == fake.account(EMAIL).sub


def test_the_fixture_points_the_settings_at_the_fake(fake_google: FakeGoogle) -> None:  # noqa: F811
    import os

    assert os.environ["ILJEONG_GOOGLE_API_ENDPOINT"] == fake_google.api_endpoint
    assert os.environ["ILJEONG_GOOGLE_TOKEN_URI"] == fake_google.token_uri
    service = calendar_service(fake_google)
    assert service.calendarList().list().execute()["items"][0]["id"] == "user@example.com"
