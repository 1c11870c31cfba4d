"""Several devices (each its own SQLite store) syncing through the real service on a real
PostgreSQL: online and offline edits, conflicts, lost answers, the tombstone window."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from core.model import ChatTurn, Event
from core.service import protocol
from core.sync.engine import SyncReport
from core.timeutil import utc_now
from tests.fakes.service_server import RunningService, SyncDevice, running_service, sync_device

SEOUL = ZoneInfo("Asia/Seoul")
_emails = itertools.count(1)


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service() as svc:
        yield svc


@pytest.fixture
def devices(service: RunningService, tmp_path: Path) -> Iterator[list[SyncDevice]]:
    """Three devices of one new user."""
    email = f"user{next(_emails)}@example.com"
    made = [sync_device(service, tmp_path, service.token(email), n) for n in ("a", "b", "c")]
    yield made
    for device in made:
        device.close()


def add_event(device: SyncDevice, title: str, hour: int = 10, **fields: object) -> Event:
    return device.store.add_event(
        Event.timed(
            title,
            datetime(2026, 11, 30, hour, tzinfo=SEOUL),
            calendar_id=device.store.default_calendar().id,
            **fields,
        )
    )


def edit(device: SyncDevice, event_id: str, **changes: object) -> Event:
    return device.store.update_event(device.store.get_event(event_id).evolve(**changes))


def entity_rows(service: RunningService, kind: str = "event") -> int:
    with service.db.admin_tx() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM entities WHERE kind = :k"), {"k": kind}
            ).scalar_one()
        )


def test_two_devices_share_events_and_calendar(devices: list[SyncDevice]) -> None:
    a, b, _ = devices
    first = add_event(a, "치과")
    a.sync()
    b_own = add_event(b, "회의", hour=14)  # made offline before b ever synced
    b.sync()
    a.sync()
    assert a.live() == b.live() == {first.id: ("치과", ""), b_own.id: ("회의", "")}
    # b's own default calendar handed its events to the account's calendar and went.
    assert [c.id for c in a.store.calendars()] == [c.id for c in b.store.calendars()]
    assert b.store.get_event(b_own.id).calendar_id == a.store.default_calendar().id
    assert a.store.outbox_size("service") == b.store.outbox_size("service") == 0


def test_offline_edits_of_different_fields_merge(devices: list[SyncDevice]) -> None:
    a, b, _ = devices
    ev = add_event(a, "팀 회의")
    a.sync()
    b.sync()
    edit(a, ev.id, title="팀 회의 (연기)")
    edit(b, ev.id, location="강남역")
    moved = a.store.get_event(ev.id).moved_to(datetime(2026, 12, 1, 9, tzinfo=SEOUL))
    a.store.update_event(moved)
    a.sync()
    b.sync()
    a.sync()
    for device in (a, b):
        got = device.store.get_event(ev.id)
        assert (got.title, got.location) == ("팀 회의 (연기)", "강남역")
        assert got.start == datetime(2026, 12, 1, 9, tzinfo=SEOUL)
        assert device.store.conflicts() == []


def test_same_field_conflict_is_kept_and_resolved_everywhere(devices: list[SyncDevice]) -> None:
    a, b, c = devices
    ev = add_event(a, "저녁 약속")
    for device in (a, b, c):
        device.sync()
    edit(a, ev.id, title="저녁 약속 7시")
    edit(b, ev.id, title="저녁 약속 8시")
    edit(b, ev.id, location="홍대")  # a field only b changed: applies despite the conflict
    assert a.sync().conflicts == 0
    report = b.sync()
    assert report.conflicts == 1
    a.sync()
    c.sync()
    for device in (a, b, c):
        got = device.store.get_event(ev.id)
        assert (got.title, got.location) == ("저녁 약속 7시", "홍대")  # first arrival kept
        [conflict] = device.store.conflicts()
        assert conflict.fields == ("title",)
        assert conflict.local == {"title": "저녁 약속 8시"}  # the edit that lost
        assert conflict.remote == {"title": "저녁 약속 7시"}
    c.store.resolve_conflict(conflict.id, "local")  # decided on a third device
    c.sync()
    a.sync()
    b.sync()
    for device in (a, b, c):
        assert device.store.get_event(ev.id).title == "저녁 약속 8시"
        assert device.store.conflicts() == []
        [settled] = device.store.conflicts(include_resolved=True)
        assert settled.resolution == "local"


def test_equal_edits_never_conflict(devices: list[SyncDevice]) -> None:
    a, b, _ = devices
    ev = add_event(a, "스프린트 리뷰")
    a.sync()
    b.sync()
    edit(a, ev.id, location="3층 회의실")
    edit(b, ev.id, location="3층 회의실")
    a.sync()
    assert b.sync().conflicts == 0
    assert a.store.conflicts() == b.store.conflicts() == []


def test_three_devices_offline_then_converge(devices: list[SyncDevice]) -> None:
    a, b, c = devices
    shared = [add_event(a, f"일정 {i}", hour=8 + i) for i in range(4)]
    for device in (a, b, c):
        device.sync()
    # All three go offline and change things.
    edit(a, shared[0].id, title="일정 0 수정(a)")
    a.store.delete_event(shared[1].id)
    edit(b, shared[2].id, location="부산")
    b_new = add_event(b, "b가 만든 일정", hour=18)
    edit(c, shared[3].id, title="일정 3 수정(c)")
    edit(c, shared[1].id, location="대구")  # edits what a deleted meanwhile
    c_new = add_event(c, "c가 만든 일정", hour=19)
    for device in (a, c, b, a, c, b):  # back online one after another, twice round
        device.sync()
    assert a.live() == b.live() == c.live()
    live = a.live()
    assert live[shared[0].id][0] == "일정 0 수정(a)"
    assert live[shared[2].id][1] == "부산"
    assert live[shared[3].id][0] == "일정 3 수정(c)"
    assert b_new.id in live and c_new.id in live
    # The edit of the deleted event is not lost: the row stays deleted and the edit is
    # kept as a conflict the user can act on.
    assert shared[1].id not in live
    [conflict] = a.store.conflicts()
    assert conflict.entity_id == shared[1].id
    assert conflict.local["location"] == "대구" and conflict.remote == {"deleted": True}
    assert [x.id for x in b.store.conflicts()] == [x.id for x in c.store.conflicts()]


def test_delete_against_a_newer_edit_is_a_conflict(devices: list[SyncDevice]) -> None:
    a, b, _ = devices
    ev = add_event(a, "취소될까?")
    a.sync()
    b.sync()
    edit(a, ev.id, title="취소 안 됨")
    a.sync()
    b.store.delete_event(ev.id)  # b has not seen a's edit
    assert b.sync().conflicts == 1
    assert b.live()[ev.id] == ("취소 안 됨", "")  # the service kept the row; b got it back
    [conflict] = b.store.conflicts()
    assert conflict.fields == ("deleted",)
    b.store.resolve_conflict(conflict.id, "local")  # delete after all
    b.sync()
    a.sync()
    assert ev.id not in a.live() and ev.id not in b.live()


def test_lost_push_answer_is_retried_without_duplicates(
    devices: list[SyncDevice], service: RunningService
) -> None:
    a, b, _ = devices
    before = entity_rows(service)
    made = [add_event(a, f"반복 {i}", hour=9 + i) for i in range(3)]
    a.transport.drop = 1
    with pytest.raises(Exception, match="connection lost|cannot reach"):
        a.sync()
    assert a.transport.dropped == 1
    assert a.store.outbox_size("service") >= 3  # nothing acknowledged without an answer
    edit(a, made[0].id, title="반복 0 (재시도 사이 수정)")  # a change made before the retry
    a.sync()
    a.sync()
    b.sync()
    assert entity_rows(service) == before + 3
    assert b.live() == a.live()
    assert b.live()[made[0].id][0] == "반복 0 (재시도 사이 수정)"
    assert a.store.outbox_size("service") == 0
    assert a.store.get_state("service:inflight") is None


def test_device_offline_past_the_tombstone_window_resyncs(
    devices: list[SyncDevice], service: RunningService
) -> None:
    a, _, c = devices
    gone, kept, changed = (
        add_event(a, t, hour=h)
        for t, h in (("지울 일정", 8), ("남는 일정", 9), ("c가 고칠 일정", 10))
    )
    a.sync()
    c.sync()
    a.store.delete_event(gone.id)
    fresh = add_event(a, "새 일정", hour=11)
    a.sync()
    edit(c, changed.id, location="c의 장소")  # c is offline with a pending edit
    with service.db.admin_tx() as conn:  # a month passes: tombstones are purged
        assert protocol.purge_tombstones(conn, utc_now() + timedelta(days=1)) >= 1
    report = c.sync()
    assert report.resynced
    assert gone.id not in c.live()  # its tombstone was purged; the resync removed it
    assert c.live()[fresh.id] == ("새 일정", "")
    assert c.live()[kept.id] == ("남는 일정", "")
    a.sync()
    assert a.live()[changed.id] == ("c가 고칠 일정", "c의 장소")  # the outbox survived
    assert a.live() == c.live()
    assert not c.sync().resynced  # a second round is an ordinary one


def test_chat_history_syncs(devices: list[SyncDevice]) -> None:
    a, b, _ = devices
    a.store.add_chat_turn(ChatTurn(role="user", text="내일 3시 회의 잡아줘"))
    a.store.add_chat_turn(ChatTurn(role="assistant", text="내일 15:00 회의, 저장할까요?"))
    a.sync()
    b.sync()
    assert [t.text for t in b.store.chat_turns()] == [t.text for t in a.store.chat_turns()]
    assert len(b.store.chat_turns()) == 2


def test_users_never_see_each_other(service: RunningService, tmp_path: Path) -> None:
    alice = sync_device(service, tmp_path, service.token("alice@example.com"), "alice")
    mallory = sync_device(service, tmp_path, service.token("mallory@example.com"), "mallory")
    try:
        secret = add_event(alice, "비밀 일정")
        alice.sync()
        # Mallory writes an event with the same id: it is hers alone.
        mallory.store.add_event(
            Event.timed(
                "mallory",
                datetime(2026, 11, 30, 10, tzinfo=SEOUL),
                id=secret.id,
                calendar_id=mallory.store.default_calendar().id,
            )
        )
        mallory.sync()
        alice.sync()
        assert set(mallory.live()) == {secret.id}
        assert mallory.live()[secret.id][0] == "mallory"
        assert alice.live()[secret.id][0] == "비밀 일정"
        assert alice.store.conflicts() == mallory.store.conflicts() == []
        assert len(mallory.store.calendars()) == 1
    finally:
        alice.close()
        mallory.close()


def test_a_refused_batch_is_split_and_never_blocks_the_queue(devices: list[SyncDevice]) -> None:
    a, b, _ = devices
    a.sync()
    made = [add_event(a, f"묶음 {i}", hour=8 + i) for i in range(3)]
    # A stored batch the server cannot take (as if written by another version).
    inflight = a.engine._prepare_batch(SyncReport())
    assert inflight is not None
    inflight["mutations"][1]["kind"] = "bogus"
    a.store.set_state("service:inflight", inflight)
    report = a.sync()
    assert report.rejected == 0  # retried in smaller batches, rebuilt from the outbox
    b.sync()
    assert {e.id for e in made} <= set(b.live())
    # A single change the server refuses is recorded and leaves the queue.
    lone = add_event(a, "거절될 일정", hour=20)
    inflight = a.engine._prepare_batch(SyncReport())
    assert inflight is not None
    inflight["mutations"][0]["kind"] = "bogus"
    a.store.set_state("service:inflight", inflight)
    report = a.sync()
    assert report.rejected == 1 and report.rejections[0]["id"] == lone.id
    assert a.store.outbox_size("service") == 0
    assert a.store.get_state("service:rejected")[-1]["id"] == lone.id
    edit(a, lone.id, title="다시 보냄")  # a later change queues it again and it goes
    a.sync()
    b.sync()
    assert b.live()[lone.id][0] == "다시 보냄"
