import dataclasses
import sqlite3
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.errors import DatabaseCorrupt, InvalidInput, NotFound
from core.model import Calendar, ChatTurn, Event, OutboxEntry
from core.store import Changes, Store

SEOUL = ZoneInfo("Asia/Seoul")
NOV = (datetime(2026, 11, 1, tzinfo=SEOUL), datetime(2026, 12, 1, tzinfo=SEOUL))


def _meeting(store: Store, title: str = "클라이언트 미팅", **fields: object) -> Event:
    return Event.timed(
        title,
        datetime(2026, 11, 30, 14, tzinfo=SEOUL),
        calendar_id=store.default_calendar().id,
        **fields,
    )  # type: ignore[arg-type]


def test_a_new_store_has_one_default_calendar_and_wal_mode(store: Store) -> None:
    cals = store.calendars()
    assert len(cals) == 1 and cals[0].is_default
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_events_round_trip_through_the_database(store: Store) -> None:
    ev = _meeting(
        store,
        location="서울역",
        description="자료 준비",
        reminders=(10, 60),
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    stored = store.add_event(ev)
    again = Store(store.path).get_event(ev.id)
    for field in ("title", "start", "end", "tz", "location", "description", "reminders", "rrule"):
        assert getattr(again, field) == getattr(stored, field), field
    assert again.start.tzinfo == SEOUL and again.revision == 1


def test_range_queries_use_aware_bounds_and_find_events_in_any_zone(store: Store) -> None:
    store.add_event(_meeting(store))
    utc_range = (
        datetime(2026, 11, 30, 5, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 11, 30, 6, tzinfo=ZoneInfo("UTC")),
    )
    assert [o.event.title for o in store.occurrences(*utc_range)] == ["클라이언트 미팅"]
    with pytest.raises(InvalidInput, match="time zone"):
        store.occurrences(datetime(2026, 11, 1), datetime(2026, 12, 1))  # noqa: DTZ001 - naive on purpose


def test_all_day_events_appear_on_their_dates(store: Store) -> None:
    cal = store.default_calendar().id
    store.add_event(
        Event.all_day_event("제주 여행", date(2026, 11, 27), date(2026, 11, 30), calendar_id=cal)
    )
    first = datetime(2026, 11, 26, tzinfo=SEOUL)
    days = [first + timedelta(days=n) for n in range(5)]
    assert [len(store.occurrences(d, d + timedelta(days=1))) for d in days] == [0, 1, 1, 1, 0]


def test_update_bumps_revision_and_delete_leaves_a_tombstone(store: Store) -> None:
    ev = store.add_event(_meeting(store))
    moved = store.update_event(ev.moved_to(datetime(2026, 11, 30, 16, tzinfo=SEOUL)))
    assert moved.revision == 2 and store.get_event(ev.id).start.hour == 16
    store.delete_event(ev.id)
    assert store.find_event(ev.id) is None
    assert store.get_event(ev.id, include_deleted=True).deleted
    assert store.occurrences(*NOV) == []
    with pytest.raises(NotFound):
        store.delete_event(ev.id)


def test_editing_one_instance_of_a_series(store: Store) -> None:
    series = store.add_event(_meeting(store, "주간 회의", rrule="FREQ=DAILY;COUNT=5"))
    occ = store.occurrences(
        datetime(2026, 12, 2, tzinfo=SEOUL), datetime(2026, 12, 3, tzinfo=SEOUL)
    )[0]
    store.change_occurrence(
        occ,
        occ.event.evolve(title="주간 회의 (연기)").moved_to(
            datetime(2026, 12, 2, 17, tzinfo=SEOUL)
        ),
    )
    third = store.occurrences(
        datetime(2026, 12, 1, tzinfo=SEOUL), datetime(2026, 12, 2, tzinfo=SEOUL)
    )[0]
    store.delete_occurrence(third)
    got = [
        (o.start.day, o.start.hour, o.event.title)
        for o in store.occurrences(*NOV[:1], datetime(2027, 1, 1, tzinfo=SEOUL))
    ]
    assert got == [
        (30, 14, "주간 회의"),
        (2, 17, "주간 회의 (연기)"),
        (3, 14, "주간 회의"),
        (4, 14, "주간 회의"),
    ]
    store.delete_event(series.id)
    assert store.instances_of(series.id) == []


def test_a_failed_transaction_changes_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_event(_meeting(store, "a"))
        raise RuntimeError("boom")
    assert store.count_events() == 0


def test_unknown_calendar_and_duplicate_ids_are_refused(store: Store) -> None:
    with pytest.raises(NotFound):
        store.add_event(Event.timed("x", datetime(2026, 11, 30, tzinfo=SEOUL), calendar_id="nope"))
    ev = store.add_event(_meeting(store))
    with pytest.raises(InvalidInput, match="already exists"):
        store.add_event(ev)
    assert store.count_events() == 1


def test_listeners_hear_committed_changes_only(store: Store) -> None:
    heard: list[Changes] = []
    store.subscribe(heard.append)
    with pytest.raises(RuntimeError), store.transaction():
        store.add_event(_meeting(store, "rolled back"))
        raise RuntimeError
    assert heard == []
    ev = store.add_event(_meeting(store))
    assert heard == [Changes(event_ids=frozenset({ev.id}))]


def test_writes_from_several_threads_all_land(store: Store) -> None:
    cal = store.default_calendar().id

    def worker(n: int) -> None:
        for i in range(20):
            store.add_event(
                Event.timed(
                    f"t{n}-{i}",
                    datetime(2026, 11, 1, tzinfo=SEOUL) + timedelta(hours=i),
                    calendar_id=cal,
                )
            )

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count_events() == 80


def test_chat_turns_outbox_and_state_persist(store: Store) -> None:
    store.add_chat_turn(ChatTurn(role="user", text="내일 3시 팀 미팅"))
    store.add_chat_turn(
        ChatTurn(role="assistant", text="추가할까요?", proposal={"title": "팀 미팅"})
    )
    turns = Store(store.path).chat_turns()
    assert [t.role for t in turns] == ["user", "assistant"] and turns[1].proposal == {
        "title": "팀 미팅"
    }
    store.acknowledge("google", store.pending("google"))  # the default calendar
    entry = store.enqueue(OutboxEntry("google", "event", "e1", "upsert", {"k": 1}))
    assert [e.entity_id for e in store.pending("google")] == ["e1"] and entry.seq is not None
    assert store.acknowledge("google", [entry]) == 1
    assert store.pending("google") == []
    store.set_state("google:sync_token", {"primary": "abc"})
    assert store.get_state("google:sync_token") == {"primary": "abc"}


def test_only_one_default_calendar(store: Store) -> None:
    work = store.add_calendar(Calendar(name="회사", is_default=True))
    assert store.default_calendar().id == work.id
    assert sum(c.is_default for c in store.calendars()) == 1


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "iljeong.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseCorrupt, match="not an SQLite database"):
        Store(path)
    assert path.read_bytes() == before


def test_occurrences_are_ordered_by_day_with_all_day_first(store: Store) -> None:
    cal = store.default_calendar().id
    store.add_event(
        Event.timed("이른 회의", datetime(2026, 11, 24, 8, tzinfo=SEOUL), calendar_id=cal)
    )
    store.add_event(Event.all_day_event("생일", date(2026, 11, 25), calendar_id=cal))
    store.add_event(Event.timed("점심", datetime(2026, 11, 25, 12, tzinfo=SEOUL), calendar_id=cal))
    store.add_event(Event.timed("아침", datetime(2026, 11, 25, 7, tzinfo=SEOUL), calendar_id=cal))
    assert [o.event.title for o in store.occurrences(*NOV)] == ["이른 회의", "생일", "아침", "점심"]


def test_deleting_a_changed_instance_does_not_bring_the_original_back(store: Store) -> None:
    store.add_event(_meeting(store, "스프린트", rrule="FREQ=DAILY;COUNT=3"))
    second = store.occurrences(
        datetime(2026, 12, 1, tzinfo=SEOUL), datetime(2026, 12, 2, tzinfo=SEOUL)
    )[0]
    changed = store.change_occurrence(second, second.event.evolve(title="스프린트 리뷰"))
    store.delete_event(changed.id)
    assert [
        o.start.day for o in store.occurrences(*NOV[:1], datetime(2027, 1, 1, tzinfo=SEOUL))
    ] == [30, 2]
    with pytest.raises(NotFound):
        store.delete_event(changed.id)


def test_writes_by_another_process_reach_listeners_on_poll(store: Store) -> None:
    heard: list[Changes] = []
    store.subscribe(heard.append)
    assert store.poll_external_changes() is False  # opening the store set the baseline
    other = Store(store.path)  # stands for the CLI in another process: its own connections
    other.add_event(_meeting(other, "CLI에서 추가"))
    other.close()
    assert store.poll_external_changes() is True
    assert heard == [Changes(external=True)]
    assert store.poll_external_changes() is False
    assert [o.event.title for o in store.occurrences(*NOV)] == ["CLI에서 추가"]


def test_updating_a_calendar_keeps_one_default_and_refuses_unknown_ids(store: Store) -> None:
    work = store.add_calendar(Calendar(name="회사", color="#0b8043"))
    store.update_calendar(dataclasses.replace(work, name="회사 일정", is_default=True))
    assert store.default_calendar().name == "회사 일정"
    assert sum(c.is_default for c in store.calendars()) == 1
    with pytest.raises(NotFound):
        store.update_calendar(Calendar(name="없는 캘린더"))
