"""The store's sync bookkeeping: the coalescing outbox, merge bases, conflicts, the
portable event form."""

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.errors import InvalidInput, NotFound
from core.model import ChatTurn, Conflict, Event, SyncBase
from core.store import Store, codec

SEOUL = ZoneInfo("Asia/Seoul")


def _event(store: Store, title: str = "팀 회의", **fields: object) -> Event:
    return Event.timed(
        title,
        datetime(2026, 11, 30, 14, tzinfo=SEOUL),
        calendar_id=store.default_calendar().id,
        **fields,
    )  # type: ignore[arg-type]


def _queued(store: Store, target: str) -> list[tuple[str, str, str]]:
    """What is queued for ``target`` besides the default calendar (queued when created)."""
    default = store.default_calendar().id
    return [(e.entity, e.entity_id, e.op) for e in store.pending(target) if e.entity_id != default]


def test_a_local_change_is_queued_once_per_target_and_coalesces(store: Store) -> None:
    ev = store.add_event(_event(store))
    for target in ("google", "service"):
        assert _queued(store, target) == [("event", ev.id, "upsert")]
    first = store.pending("google")[-1]
    store.update_event(ev.evolve(title="팀 회의 (변경)"))
    second = [e for e in store.pending("google") if e.entity == "event"]
    assert len(second) == 1 and second[0].seq == first.seq
    assert second[0].revision == first.revision + 1
    store.delete_event(ev.id)
    assert _queued(store, "service") == [("event", ev.id, "delete")]


def test_acknowledging_a_stale_read_keeps_the_newer_change(store: Store) -> None:
    store.acknowledge("google", store.pending("google"))  # the default calendar
    store.acknowledge("service", store.pending("service"))
    ev = store.add_event(_event(store))
    read = store.pending("google")
    store.update_event(ev.evolve(location="강남역"))  # made while the push was in flight
    assert store.acknowledge("google", read) == 0
    assert store.outbox_size("google") == 1
    assert store.acknowledge("google", store.pending("google")) == 1
    assert store.outbox_size("google") == 0 and store.outbox_size("service") == 1


def test_changes_from_a_target_are_not_sent_back_to_it(store: Store) -> None:
    with store.transaction(origin="google"):
        ev = store.save_event(_event(store, "구글에서 온 일정"))
    assert _queued(store, "google") == []
    assert _queued(store, "service") == [("event", ev.id, "upsert")]
    with store.transaction(origin="service"):
        store.update_event(ev.evolve(title="서비스에서 고침"))
    assert _queued(store, "google") == [("event", ev.id, "upsert")]


def test_chat_turns_and_calendars_are_queued(store: Store) -> None:
    turn = store.add_chat_turn(ChatTurn(role="user", text="내일 3시 미팅"))
    assert _queued(store, "google") == []
    assert _queued(store, "service") == [("chat_turn", turn.id, "upsert")]
    cal = store.default_calendar()
    store.update_calendar(dataclasses.replace(cal, name="업무"))
    assert ("calendar", cal.id, "upsert") in [
        (e.entity, e.entity_id, e.op) for e in store.pending("google")
    ]


def test_a_rolled_back_transaction_queues_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_event(_event(store))
        raise RuntimeError("boom")
    assert _queued(store, "google") == [] and _queued(store, "service") == []


def test_deleting_a_series_queues_its_changed_instances(store: Store) -> None:
    series = store.add_event(_event(store, "주간 회의", rrule="FREQ=WEEKLY;COUNT=4"))
    moved = store.add_event(
        _event(store, "주간 회의").evolve(
            recurring_event_id=series.id,
            original_start=datetime(2026, 12, 7, 14, tzinfo=SEOUL),
            start=datetime(2026, 12, 7, 16, tzinfo=SEOUL),
            end=datetime(2026, 12, 7, 17, tzinfo=SEOUL),
        )
    )
    store.acknowledge("service", store.pending("service"))
    store.delete_event(series.id)
    assert sorted(_queued(store, "service")) == sorted(
        [("event", series.id, "delete"), ("event", moved.id, "delete")]
    )


def test_sync_bases_round_trip(store: Store) -> None:
    ev = store.add_event(_event(store))
    base = SyncBase("google", "event", ev.id, codec.event_to_dict(ev), "g123", '"etag-1"')
    store.set_base(base)
    store.set_base(SyncBase("google", "event", ev.id, base.data, "g123", '"etag-2"'))
    got = store.get_base("google", "event", ev.id)
    assert got is not None and got.version == '"etag-2"' and got.data == base.data
    assert [b.entity_id for b in store.bases("google")] == [ev.id]
    store.delete_base("google", "event", ev.id)
    assert store.get_base("google", "event", ev.id) is None


@pytest.mark.parametrize("keep, title", [("remote", "원격 제목"), ("local", "로컬 제목")])
def test_resolving_a_conflict_writes_the_kept_side(store: Store, keep: str, title: str) -> None:
    ev = store.add_event(_event(store, "로컬 제목"))
    conflict = store.add_conflict(
        Conflict(
            "event", ev.id, "google", ("title",), {"title": "로컬 제목"}, {"title": "원격 제목"}
        )
    )
    assert [c.id for c in store.conflicts()] == [conflict.id]
    assert ("conflict", conflict.id, "upsert") in _queued(store, "service")
    store.acknowledge("google", store.pending("google"))
    saved = store.resolve_conflict(conflict.id, keep)  # type: ignore[arg-type]
    assert saved.title == title and store.get_event(ev.id).title == title
    assert store.conflicts() == [] and store.get_conflict(conflict.id).resolution == keep
    assert _queued(store, "google") == [("event", ev.id, "upsert")]
    assert store.get_event(ev.id).revision == saved.revision
    with pytest.raises(InvalidInput):
        store.resolve_conflict(conflict.id, keep)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        store.resolve_conflict("nope", "local")


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {
            "rrule": "FREQ=MONTHLY;BYDAY=-1FR",
            "exdates": (datetime(2026, 12, 25, 14, tzinfo=SEOUL),),
        },
        {"location": "서울역", "reminders": (10,), "description": "자료"},
    ],
)
def test_the_portable_form_round_trips(store: Store, fields: dict[str, object]) -> None:
    ev = _event(store, **fields)
    back = codec.event_from_dict(codec.event_to_dict(ev))
    assert codec.event_to_dict(back) == codec.event_to_dict(ev)
    allday = Event(
        title="연차",
        start=date(2026, 12, 24),
        end=date(2026, 12, 26),
        all_day=True,
        calendar_id=ev.calendar_id,
    )
    assert codec.event_from_dict(codec.event_to_dict(allday)).end == date(2026, 12, 26)


def test_a_malformed_portable_event_is_refused(store: Store) -> None:
    data = codec.event_to_dict(_event(store))
    with pytest.raises(InvalidInput):
        codec.event_from_dict({**data, "start_ts": "soon"})
    with pytest.raises(InvalidInput):
        codec.event_from_dict({k: v for k, v in data.items() if k != "title"})


def test_bulk_saves_match_single_saves_and_queue_every_event(store: Store) -> None:
    first = store.add_event(_event(store, "기존 일정"))
    created = store.get_event(first.id).created_at
    fresh = [_event(store, f"새 일정 {n}") for n in range(30)]
    with store.transaction(origin="google"):
        saved = store.save_events([first.evolve(title="바뀐 일정"), *fresh])
    assert len(saved) == 31 and saved[0].revision == first.revision + 1
    assert store.get_event(first.id).title == "바뀐 일정"
    assert store.get_event(first.id).created_at == created
    assert all(s.revision == 1 for s in saved[1:]) and store.count_events() == 31
    queued = {e.entity_id: e for e in store.pending("service") if e.entity == "event"}
    assert set(queued) == {s.id for s in saved}
    assert queued[first.id].revision == first.revision + 1
    assert _queued(store, "google") == [("event", first.id, "upsert")]  # from add_event only
    store.delete_event(fresh[0].id)
    got = store.get_events([first.id, fresh[0].id, "missing"])
    assert set(got) == {first.id}
    assert set(store.get_events([fresh[0].id], include_deleted=True)) == {fresh[0].id}
    store.set_bases(
        [
            SyncBase("google", "event", s.id, codec.event_to_dict(s), f"g{n}")
            for n, s in enumerate(saved)
        ]
    )
    assert len(store.bases("google")) == 31


def test_bulk_save_refuses_an_unknown_calendar_and_changes_nothing(store: Store) -> None:
    stray = _event(store).evolve(calendar_id="no-such-calendar")
    with pytest.raises(NotFound):
        store.save_events([_event(store, "좋은 일정"), stray])
    assert store.count_events() == 0
