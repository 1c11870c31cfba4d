"""The store's undo/redo journal (core/store/history.py) on a real SQLite store."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core import editing
from core.assistant import Assistant
from core.ics import import_ics
from core.model import Calendar, ChatTurn, Conflict, Event, Source
from core.nlu.engine import parse
from core.settings import Settings
from core.store import Store, history
from core.store.history import HistoryRefused
from core.vision.pipeline import ImageExtraction

SEOUL = ZoneInfo("Asia/Seoul")
AT = datetime(2026, 11, 30, 14, tzinfo=SEOUL)


def _event(store: Store, title: str = "팀 회의", **fields: object) -> Event:
    return Event.timed(title, AT, calendar_id=store.default_calendar().id, **fields)  # type: ignore[arg-type]


def _live(store: Store) -> list[str]:
    return sorted(e.title for e in store.all_events() if not e.cancelled)


def _queued(store: Store, target: str) -> dict[str, tuple[str, int]]:
    return {e.entity_id: (e.op, e.revision) for e in store.pending(target) if e.entity == "event"}


def test_a_fresh_store_has_nothing_to_undo(store: Store) -> None:
    assert not store.can_undo() and not store.can_redo()
    assert store.undo() is None and store.redo() is None
    assert store.undo_label() is None


def test_undo_and_redo_of_a_create(store: Store) -> None:
    ev = store.add_event(_event(store, source=Source.MANUAL))
    label = store.undo_label()
    assert label is not None and (label.kind, label.title, label.source) == (
        "create",
        "팀 회의",
        "manual",
    )
    assert label.describe() == "add “팀 회의”"
    done = store.undo()
    assert done is not None and done.removed_ids == (ev.id,) and not done.redone
    assert _live(store) == [] and store.get_event(ev.id, include_deleted=True).deleted
    assert not store.can_undo() and store.can_redo()
    # the tombstone goes out like any local delete, with a new revision
    assert _queued(store, "google")[ev.id] == ("delete", 2)
    assert _queued(store, "service")[ev.id] == ("delete", 2)
    again = store.redo()
    assert again is not None and again.redone and again.restored_ids == (ev.id,)
    back = store.get_event(ev.id)
    assert (back.title, back.start, back.revision) == ("팀 회의", AT, 3)
    assert _queued(store, "google")[ev.id] == ("upsert", 3)
    assert store.can_undo() and not store.can_redo()


def test_undo_of_an_edit_restores_every_field_and_redo_reapplies(store: Store) -> None:
    ev = store.add_event(_event(store, location="본사"))
    store.update_event(
        ev.evolve(title="팀 회식", location="강남역").moved_to(AT + timedelta(hours=4))
    )
    assert store.undo_label().kind == "update"  # type: ignore[union-attr]
    store.undo()
    got = store.get_event(ev.id)
    assert (got.title, got.location, got.start) == ("팀 회의", "본사", AT)
    store.redo()
    got = store.get_event(ev.id)
    assert (got.title, got.location, got.start) == ("팀 회식", "강남역", AT + timedelta(hours=4))


def test_undo_of_a_series_delete_brings_back_its_changed_instances(store: Store) -> None:
    series = store.add_event(_event(store, "주간 회의", rrule="FREQ=WEEKLY;COUNT=4"))
    occ = store.occurrences(AT + timedelta(days=7), AT + timedelta(days=8))[0]
    store.change_occurrence(
        occ, occ.event.evolve(title="주간 회의 (연기)").moved_to(occ.start + timedelta(hours=1))
    )
    editing.delete_occurrence(store, occ, editing.Scope.ALL)
    assert _live(store) == []
    label = store.undo_label()
    assert label is not None and label.kind == "delete" and label.title == "주간 회의"
    store.undo()
    assert _live(store) == ["주간 회의", "주간 회의 (연기)"]
    titles = [o.event.title for o in store.occurrences(AT, AT + timedelta(days=30))]
    assert titles == ["주간 회의", "주간 회의 (연기)", "주간 회의", "주간 회의"]
    assert store.get_event(series.id).revision == 3


def test_a_series_move_is_one_entry(store: Store) -> None:
    store.add_event(_event(store, "주간 회의", rrule="FREQ=WEEKLY;COUNT=4"))
    occ = store.occurrences(AT + timedelta(days=7), AT + timedelta(days=8))[0]
    store.change_occurrence(occ, editing.instance_event(occ).evolve(title="연기된 회의"))
    before = [(o.event.title, o.start) for o in store.occurrences(AT, AT + timedelta(days=30))]
    first = store.occurrences(AT, AT + timedelta(hours=1))[0]
    editing.move_occurrence(store, first, AT + timedelta(days=1, hours=2), editing.Scope.ALL)
    moved = [(o.event.title, o.start) for o in store.occurrences(AT, AT + timedelta(days=30))]
    assert moved != before
    label = store.undo_label()
    assert label is not None and (label.kind, label.title) == ("move", "주간 회의")
    store.undo()
    assert [(o.event.title, o.start) for o in store.occurrences(AT, AT + timedelta(days=30))] == (
        before
    )
    store.undo()  # the changed instance
    store.undo()  # the series
    assert _live(store) == [] and not store.can_undo()


def test_undo_of_a_conflict_resolution_reopens_the_conflict(store: Store) -> None:
    ev = store.add_event(_event(store, "로컬 제목"))
    conflict = Conflict(
        "event", ev.id, "google", ("title",), {"title": "로컬 제목"}, {"title": "원격 제목"}
    )
    with store.transaction(origin="google"):
        store.add_conflict(conflict)
    store.resolve_conflict(conflict.id, "remote")
    assert store.get_event(ev.id).title == "원격 제목" and store.conflicts() == []
    label = store.undo_label()
    assert label is not None and (label.kind, label.source) == ("resolve", "conflict")
    done = store.undo()
    assert done is not None and done.conflict_ids == (conflict.id,)
    assert store.get_event(ev.id).title == "로컬 제목"
    assert [c.id for c in store.conflicts()] == [conflict.id]
    assert any(e.entity == "conflict" for e in store.pending("service"))
    store.redo()
    assert store.get_event(ev.id).title == "원격 제목" and store.conflicts() == []


def _ics(count: int) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for i in range(count):
        lines += [
            "BEGIN:VEVENT",
            f"UID:bulk-{i}@test",
            f"SUMMARY:행사 {i}",
            f"DTSTART:2026{(i % 12) + 1:02d}{(i % 28) + 1:02d}T010000Z",
            "DURATION:PT1H",
            "END:VEVENT",
        ]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def test_an_ics_import_is_one_entry(store: Store, tmp_path: Path) -> None:
    kept = store.add_event(_event(store, "원래 일정"))
    path = tmp_path / "holidays.ics"
    path.write_bytes(_ics(300))
    result = import_ics(store, path)
    assert result.created == 300
    label = store.undo_label()
    assert label is not None
    assert (label.kind, label.source, label.count, label.title) == (
        "import",
        "ics",
        300,
        "holidays.ics",
    )
    assert label.describe() == "import of “holidays.ics”"
    done = store.undo()
    assert done is not None and len(done.removed_ids) == 300
    assert _live(store) == ["원래 일정"]
    store.redo()
    assert store.count_events() == 301
    store.undo()
    store.undo()  # the event added before the import
    assert store.find_event(kept.id) is None


def test_a_new_change_clears_the_redo_list(store: Store) -> None:
    ev = store.add_event(_event(store))
    store.update_event(ev.evolve(title="바뀐 제목"))
    store.undo()
    assert store.redo_label() is not None
    store.add_event(_event(store, "다른 일정"))
    assert not store.can_redo() and store.redo() is None
    assert store.get_event(ev.id).title == "팀 회의"


def test_undo_is_refused_when_a_sync_changed_the_event_since(store: Store) -> None:
    ev = store.add_event(_event(store))
    edited = store.update_event(ev.evolve(title="내 수정"))
    with store.transaction(origin="service"):  # another device edited it afterwards
        remote = store.put_back(edited.evolve(title="다른 기기 수정"))
    entries = history.count(store.engine.connect(), redo=False)
    outbox = store.pending("google")
    with pytest.raises(HistoryRefused, match="다른 기기 수정.*nothing was changed"):
        store.undo()
    got = store.get_event(ev.id)
    assert (got.title, got.revision) == ("다른 기기 수정", remote.revision)
    assert store.pending("google") == outbox
    with store.engine.connect() as conn:
        assert history.count(conn, redo=False) == entries
    assert store.undo_label().kind == "update"  # type: ignore[union-attr]


def test_sync_bookkeeping_does_not_block_undo_and_is_kept(store: Store) -> None:
    ev = store.add_event(_event(store))
    edited = store.update_event(ev.evolve(title="내 수정"))
    with store.transaction(origin="google"):  # the push stored Google's etag
        store.save_events([edited.evolve(google_event_id="g-1", google_etag='"e2"')])
    store.undo()
    got = store.get_event(ev.id)
    assert (got.title, got.google_event_id, got.google_etag) == ("팀 회의", "g-1", '"e2"')


def test_remote_and_system_changes_are_not_recorded(store: Store) -> None:
    cal = store.default_calendar().id
    with store.transaction(origin="google"):
        store.save_events([Event.timed(f"구글 {i}", AT, calendar_id=cal) for i in range(5)])
    with store.transaction(origin="service"):
        store.add_event(Event.timed("서비스", AT, calendar_id=cal))
        store.add_calendar(Calendar(name="공유"))
    with store.transaction(origin="system"):
        store.add_event(Event.timed("앱이 만든", AT, calendar_id=cal))
    store.set_state("x", 1)
    store.add_chat_turn(ChatTurn(role="user", text="안녕"))
    assert not store.can_undo()


def test_a_redo_list_survives_remote_changes(store: Store) -> None:
    ev = store.add_event(_event(store))
    store.undo()
    with store.transaction(origin="google"):
        store.add_event(Event.timed("구글", AT, calendar_id=ev.calendar_id))
    assert store.can_redo()


def test_calendar_changes_are_undoable(store: Store) -> None:
    old_default = store.default_calendar()
    work = store.add_calendar(Calendar(name="회사", color="#0b8043", is_default=True))
    assert store.default_calendar().id == work.id
    label = store.undo_label()
    assert label is not None and (label.kind, label.title) == ("calendar", "회사")
    store.undo()
    assert [c.id for c in store.calendars()] == [old_default.id]
    assert store.default_calendar().id == old_default.id


def test_the_journal_is_bounded(store: Store) -> None:
    ev = store.add_event(_event(store, "0"))
    for i in range(1, history.MAX_ENTRIES + 20):
        ev = store.update_event(ev.evolve(title=str(i)))
    with store.engine.connect() as conn:
        assert history.count(conn, redo=False) == history.MAX_ENTRIES
    while store.undo() is not None:
        pass
    assert store.get_event(ev.id).title == "19"  # older steps were forgotten


def test_nothing_recorded_when_nothing_changed(store: Store) -> None:
    ev = store.add_event(_event(store))
    store.undo()
    store.redo()
    store.update_event(store.get_event(ev.id))  # same content
    assert store.undo_label().kind == "create"  # type: ignore[union-attr]


def test_a_labelled_transaction_and_failed_transactions(store: Store) -> None:
    with store.transaction(label={"kind": "create", "source": "chat", "language": "en"}):
        store.add_event(_event(store, "a"))
        store.add_event(_event(store, "b"))
    label = store.undo_label()
    assert label is not None
    assert (label.kind, label.source, label.language, label.count) == ("create", "chat", "en", 2)
    assert label.describe() == "add 2 events"
    with pytest.raises(RuntimeError), store.transaction():
        store.add_event(_event(store, "c"))
        raise RuntimeError("boom")
    assert store.undo_label() == label
    with pytest.raises(Exception, match="transaction of their own"), store.transaction():
        store.undo()


def test_the_history_survives_reopening_the_store(data_dir: Path) -> None:
    with Store.open(data_dir) as first:
        ev = first.add_event(_event(first))
        first.update_event(ev.evolve(title="바뀐 제목"))
        first.undo()
    with Store.open(data_dir) as second:
        assert second.redo_label().kind == "update"  # type: ignore[union-attr]
        second.redo()
        assert second.get_event(ev.id).title == "바뀐 제목"
        second.undo()
        second.undo()
        assert second.find_event(ev.id) is None and not second.can_undo()


def test_listeners_hear_about_an_undo(store: Store) -> None:
    ev = store.add_event(_event(store))
    heard = []
    store.subscribe(heard.append)
    store.undo()
    assert [c.event_ids for c in heard] == [frozenset({ev.id})]


# -- one history for the chat and everything else ---------------------------------------------

NOW = datetime(2026, 11, 22, 10, tzinfo=SEOUL)


def _bot(store: Store) -> Assistant:
    return Assistant(store, Settings(time_zone="Asia/Seoul", default_duration_minutes=60))


def test_a_chat_change_is_undone_from_the_store_and_a_manual_one_from_the_chat(
    store: Store,
) -> None:
    bot = _bot(store)
    bot.handle("내일 오후 3시 팀 미팅", now=NOW)
    [created] = bot.handle("네", now=NOW).saved_event_ids
    label = store.undo_label()
    assert label is not None
    assert (label.kind, label.title, label.source, label.language) == (
        "create",
        "팀 미팅",
        "chat",
        "ko",
    )
    store.undo()  # the Edit menu
    assert store.find_event(created) is None
    store.redo()
    manual = store.add_event(_event(store, "치과"))
    assert bot.can_undo()
    reply = bot.handle("되돌려", now=NOW)
    assert reply.text == "되돌렸어요: '치과' 추가를 취소했어요." and reply.deleted_event_ids == (
        manual.id,
    )
    assert store.find_event(manual.id) is None and store.find_event(created) is not None
    reply = bot.undo(now=NOW)
    assert "'팀 미팅' 추가를 취소했어요" in reply.text and not reply.can_undo
    assert store.can_redo()


def test_a_refused_undo_is_a_chat_reply_and_changes_nothing(store: Store) -> None:
    bot = _bot(store)
    bot.handle("내일 오후 3시 팀 미팅", now=NOW)
    [created] = bot.handle("네", now=NOW).saved_event_ids
    with store.transaction(origin="service"):
        store.put_back(store.get_event(created).evolve(title="다른 기기에서 바꾼 제목"))
    reply = bot.handle("undo", now=NOW)
    assert reply.error and reply.language == "en" and "changed since" in reply.text
    assert store.get_event(created).title == "다른 기기에서 바꾼 제목"
    assert reply.can_undo  # the entry stays


def test_image_proposals_are_labelled_image(store: Store) -> None:
    bot = _bot(store)
    found = ImageExtraction(
        "초대장.png", "0" * 64, "11월 24일 검진 07:40", [parse("11월 24일 검진 07:40", NOW, SEOUL)]
    )
    bot.propose_found(found, now=NOW)
    bot.confirm(now=NOW)
    label = store.undo_label()
    assert label is not None and (label.kind, label.source) == ("create", "image")
    assert label.title == "검진"
