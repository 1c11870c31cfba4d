"""core.reminders on a real store: leads, defaults, series, all-day, DST, the fired set."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from core import reminders
from core.model import Event
from core.settings import Settings
from core.store import Store

SEOUL = ZoneInfo("Asia/Seoul")
NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)
HORIZON = timedelta(hours=36)
SETTINGS = Settings(time_zone="Asia/Seoul", default_reminder_minutes=10)


def _add(store: Store, title: str, start: datetime, **fields: Any) -> Event:
    ev = Event.timed(title, start, calendar_id=store.default_calendar().id, **fields)
    return store.add_event(ev)


def _day(store: Store, title: str, day: date, **fields: Any) -> Event:
    ev = Event.all_day_event(title, day, calendar_id=store.default_calendar().id, **fields)
    return store.add_event(ev)


def test_default_own_and_no_reminders(store: Store) -> None:
    start = NOW + timedelta(hours=2)
    default = _add(store, "기본", start)
    own = _add(store, "둘", start, reminders=(30, 5, 30))
    _add(store, "없음", start, reminders=())
    found = reminders.compute(store, NOW, NOW + HORIZON, SETTINGS)
    got = sorted((r.title, r.minutes, r.fire_at) for r in found)
    assert got == sorted(
        [
            ("기본", 10, (start - timedelta(minutes=10)).astimezone(UTC)),
            ("둘", 5, (start - timedelta(minutes=5)).astimezone(UTC)),
            ("둘", 30, (start - timedelta(minutes=30)).astimezone(UTC)),
        ]
    )
    assert all(r.fire_at.tzinfo is UTC for r in found)
    by_title = {r.title: r for r in found}
    assert by_title["기본"].event_id == default.id
    assert by_title["둘"].event_id == own.id
    # Another default changes the default-using event only.
    other = Settings(time_zone="Asia/Seoul", default_reminder_minutes=60)
    assert {(r.title, r.minutes) for r in reminders.compute(store, NOW, NOW + HORIZON, other)} == {
        ("기본", 60),
        ("둘", 30),
        ("둘", 5),
    }


def test_recurring_series_reminds_every_occurrence(store: Store) -> None:
    first = datetime(2026, 11, 20, 9, 0, tzinfo=SEOUL)
    series = _add(store, "스탠드업", first, rrule="FREQ=DAILY", reminders=(15,))
    found = reminders.compute(store, NOW, NOW + timedelta(days=3), SETTINGS)
    # 10:00 on the 24th is after today's 08:45 reminder: the 25th, 26th, 27th remain.
    assert [r.fire_at.astimezone(SEOUL) for r in found] == [
        datetime(2026, 11, d, 8, 45, tzinfo=SEOUL) for d in (25, 26, 27)
    ]
    assert {r.series_id for r in found} == {series.id}
    assert len({r.key for r in found}) == 3


def test_all_day_counts_back_from_nine_local(store: Store) -> None:
    _day(store, "생일", date(2026, 11, 25))
    _day(store, "전날", date(2026, 11, 25), reminders=(1440,))
    morning = datetime(2026, 11, 24, 0, 0, tzinfo=SEOUL)
    found = reminders.compute(store, morning, morning + HORIZON, SETTINGS)
    got = {r.title: r.fire_at.astimezone(SEOUL) for r in found}
    assert got == {
        "생일": datetime(2026, 11, 25, 8, 50, tzinfo=SEOUL),
        "전날": datetime(2026, 11, 24, 9, 0, tzinfo=SEOUL),
    }
    assert all(r.all_day and r.day == date(2026, 11, 25) for r in found)


def test_all_day_window_excludes_fire_times_before_start(store: Store) -> None:
    _day(store, "전날", date(2026, 11, 25), reminders=(1440,))
    later = NOW + timedelta(minutes=1)
    assert reminders.compute(store, later, later + HORIZON, SETTINGS) == []


def test_dst_zone_uses_wall_clock(store: Store) -> None:
    # New York leaves DST on 2026-11-01: a daily 09:00 event keeps 09:00 local both sides.
    settings = Settings(time_zone="America/New_York", default_reminder_minutes=10)
    _add(store, "standup", datetime(2026, 10, 30, 9, 0, tzinfo=NY), rrule="FREQ=DAILY")
    lo = datetime(2026, 10, 31, 0, 0, tzinfo=NY)
    found = reminders.compute(store, lo, lo + timedelta(days=3), settings)
    local = [r.fire_at.astimezone(NY) for r in found]
    assert [(t.day, t.hour, t.minute) for t in local] == [(31, 8, 50), (1, 8, 50), (2, 8, 50)]
    # The UTC fire times differ by 25 hours across the change.
    assert found[1].fire_at - found[0].fire_at == timedelta(hours=25)


def test_plan_due_upcoming_and_fired_state_survives_new_store(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        _add(store, "곧", NOW + timedelta(minutes=5))  # default 10 → due now (missed 5 min ago)
        _add(store, "나중", NOW + timedelta(hours=3))
        p = reminders.plan(store, NOW, HORIZON, SETTINGS)
        assert [r.title for r in p.due] == ["곧"]
        assert [r.title for r in p.upcoming] == ["나중"]
        reminders.mark_fired(store, p.due, NOW)
    with Store.open(data_dir) as reopened:
        again = reminders.plan(reopened, NOW + timedelta(minutes=1), HORIZON, SETTINGS)
        assert again.due == []
        assert [r.title for r in again.upcoming] == ["나중"]


def test_missed_while_closed_policy(store: Store) -> None:
    _add(store, "시작전", NOW + timedelta(minutes=30), reminders=(60, 45))
    _add(store, "방금시작", NOW - timedelta(minutes=10), reminders=(10,))
    _add(store, "오래전", NOW - timedelta(hours=2), reminders=(10,))
    p = reminders.plan(store, NOW, HORIZON, SETTINGS)
    # Two missed leads of one occurrence fire once (the later one); the old event never.
    assert [(r.title, r.minutes) for r in p.due] == [("방금시작", 10), ("시작전", 45)]
    assert sorted((r.title, r.minutes) for r in p.stale) == [("시작전", 60), ("오래전", 10)]
    reminders.mark_fired(store, p.due + p.stale, NOW)
    assert reminders.plan(store, NOW, HORIZON, SETTINGS).due == []


def test_notifications_off_plans_nothing(store: Store) -> None:
    _add(store, "곧", NOW + timedelta(minutes=5))
    off = Settings(time_zone="Asia/Seoul", notifications=False)
    assert reminders.plan(store, NOW, HORIZON, off) == reminders.Plan([], [], [])


def test_hidden_calendar_is_silent(store: Store) -> None:
    ev = _add(store, "숨김", NOW + timedelta(hours=1))
    cal = store.get_calendar(ev.calendar_id)
    store.update_calendar(dataclasses.replace(cal, selected=False))
    assert reminders.compute(store, NOW, NOW + HORIZON, SETTINGS) == []


def test_edits_change_what_is_due(store: Store) -> None:
    ev = _add(store, "회의", NOW + timedelta(hours=2))
    p = reminders.plan(store, NOW, HORIZON, SETTINGS)
    (first,) = p.upcoming
    assert reminders.still_due(store, first, NOW, SETTINGS)
    moved = store.update_event(ev.moved_to(NOW + timedelta(hours=4)))
    assert not reminders.still_due(store, first, NOW, SETTINGS)
    (second,) = reminders.plan(store, NOW, HORIZON, SETTINGS).upcoming
    assert second.fire_at == (NOW + timedelta(hours=4, minutes=-10)).astimezone(UTC)
    # A moved event that already reminded reminds again at its new time.
    reminders.mark_fired(store, [second], NOW)
    store.update_event(moved.moved_to(NOW + timedelta(hours=5)))
    (third,) = reminders.plan(store, NOW, HORIZON, SETTINGS).upcoming
    assert third.key != second.key
    store.delete_event(ev.id)
    assert reminders.plan(store, NOW, HORIZON, SETTINGS).upcoming == []
    assert not reminders.still_due(store, third, NOW, SETTINGS)


def test_fired_keys_are_pruned(store: Store) -> None:
    _add(store, "옛날", NOW - timedelta(days=10), reminders=(10,))
    old = reminders.compute(store, NOW - timedelta(days=11), NOW, SETTINGS)
    reminders.mark_fired(store, old, NOW - timedelta(days=10))
    assert reminders.fired_keys(store) == {old[0].key}
    reminders.mark_fired(store, [], NOW)
    assert reminders.fired_keys(store) == set()


def test_next_occurrence_for_the_tray(store: Store) -> None:
    assert reminders.next_occurrence(store, NOW, SETTINGS, timedelta(days=7)) is None
    _add(store, "지난", NOW - timedelta(hours=1))
    _add(store, "다음", NOW + timedelta(hours=3))
    _day(store, "내일", date(2026, 11, 25))
    _add(store, "먼저", NOW + timedelta(hours=1), rrule="FREQ=WEEKLY")
    occ = reminders.next_occurrence(store, NOW, SETTINGS, timedelta(days=7))
    assert occ is not None and occ.event.title == "먼저"
    later = NOW + timedelta(hours=5)
    occ = reminders.next_occurrence(store, later, SETTINGS, timedelta(days=7))
    assert occ is not None and occ.event.title == "내일"
