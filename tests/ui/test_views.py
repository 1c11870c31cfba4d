"""Month and week views place events on the right days; dragging moves them in the store."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from core.editing import Scope
from core.model import Event
from core.store import Store
from desktop.main_window import MainWindow
from desktop.views import MonthView, TimeGridView
from desktop.views.timegrid import HOUR_H
from tests.ui.conftest import SEOUL


def seed(store: Store) -> tuple[Event, Event]:
    cal = store.default_calendar().id
    weekly = store.add_event(
        Event.timed("팀 미팅", datetime(2026, 11, 2, 10, tzinfo=SEOUL), datetime(2026, 11, 2, 11, tzinfo=SEOUL),
                    calendar_id=cal, rrule="FREQ=WEEKLY")
    )
    trip = store.add_event(
        Event.all_day_event("부산 출장", date(2026, 11, 25), date(2026, 11, 28), calendar_id=cal)
    )
    return weekly, trip


def titles(view: MonthView | TimeGridView, day: date) -> list[str]:
    return [o.event.title for o in view.occurrences_on(day)]


def test_recurring_and_all_day_in_month(window: MainWindow, store: Store) -> None:
    seed(store)
    window.reload_now()
    month = window.views["month"]
    assert isinstance(month, MonthView)
    mondays = [date(2026, 11, 2) + timedelta(weeks=i) for i in range(6)]  # through Dec 7 (in the grid)
    for monday in mondays:
        assert titles(month, monday) == ["팀 미팅"], monday
    assert titles(month, date(2026, 10, 26)) == []  # before the series begins
    for day in (date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)):
        assert titles(month, day) == ["부산 출장"]
    assert titles(month, date(2026, 11, 28)) == []  # the stored end is exclusive
    assert titles(month, date(2026, 11, 24)) == []
    # the trip is one bar in one lane across the three days
    lanes = {month.cells[d].lanes.get(0) for d in (date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27))}
    assert len(lanes) == 1 and next(iter(lanes))[1] is True
    queries = month.query_count
    month.grab()
    month.grab()
    assert month.query_count == queries  # painting reads the buckets, never the store


def test_recurring_and_all_day_in_week(window: MainWindow, store: Store) -> None:
    seed(store)
    window.show_view("week")
    week = window.views["week"]
    assert isinstance(week, TimeGridView)
    assert titles(week, date(2026, 11, 23)) == ["팀 미팅"]
    for day in (date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)):
        assert titles(week, day) == ["부산 출장"]
    assert titles(week, date(2026, 11, 28)) == []
    [span] = week.spans
    assert (span.first, span.last) == (3, 5)
    [block] = week.blocks
    assert (block.column, block.top, block.bottom) == (1, 600, 660)
    week.grab()  # paints without error


def test_overlapping_events_side_by_side(window: MainWindow, store: Store) -> None:
    cal = store.default_calendar().id
    for title, hour in (("a", 15), ("b", 15), ("c", 17)):
        start = datetime(2026, 11, 25, hour, 30 if title == "b" else 0, tzinfo=SEOUL)
        store.add_event(Event.timed(title, start, calendar_id=cal))
    window.show_view("week")
    week = window.views["week"]
    assert isinstance(week, TimeGridView)
    lanes = {b.occ.event.title: (b.lane, b.lanes) for b in week.blocks}
    assert lanes == {"a": (0, 2), "b": (1, 2), "c": (0, 1)}
    rect_a = week.block_rect(next(b for b in week.blocks if b.occ.event.title == "a"))
    rect_b = week.block_rect(next(b for b in week.blocks if b.occ.event.title == "b"))
    assert rect_a.right() < rect_b.left()


def _drag(qtbot: QtBot, week: TimeGridView, start: QPoint, end: QPoint) -> None:
    canvas = week.canvas
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    steps = 6
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        QTest.mouseMove(canvas, point)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_drag_moves_event(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    ev = store.add_event(
        Event.timed("치과", datetime(2026, 11, 24, 10, tzinfo=SEOUL), datetime(2026, 11, 24, 11, tzinfo=SEOUL),
                    calendar_id=store.default_calendar().id)
    )
    window.show_view("week")
    week = window.views["week"]
    assert isinstance(week, TimeGridView)
    [block] = week.blocks
    rect = week.block_rect(block)
    start = QPoint(rect.center().x(), rect.top() + 10)
    # one day to the right, 1 h 15 min later
    end = start + QPoint(round(week.column_width()), HOUR_H + HOUR_H // 4)
    _drag(qtbot, week, start, end)
    moved = store.get_event(ev.id)
    assert moved.start == datetime(2026, 11, 25, 11, 15, tzinfo=SEOUL)
    assert moved.end == datetime(2026, 11, 25, 12, 15, tzinfo=SEOUL)
    qtbot.waitUntil(lambda: titles(week, date(2026, 11, 25)) == ["치과"])


def test_small_jitter_is_a_click_not_a_move(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    ev = store.add_event(
        Event.timed("치과", datetime(2026, 11, 24, 10, tzinfo=SEOUL), calendar_id=store.default_calendar().id)
    )
    window.show_view("week")
    week = window.views["week"]
    assert isinstance(week, TimeGridView)
    rect = week.block_rect(week.blocks[0])
    _drag(qtbot, week, rect.center(), rect.center() + QPoint(1, 1))
    assert store.get_event(ev.id).revision == 1


def test_drag_one_occurrence_of_a_series(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    weekly, _trip = seed(store)
    asked: list[str] = []
    window.ask_scope = lambda _p, q: asked.append(q) or Scope.THIS  # type: ignore[func-returns-value]
    window.show_view("week")
    week = window.views["week"]
    assert isinstance(week, TimeGridView)
    [block] = week.blocks  # Monday Nov 23, 10:00
    rect = week.block_rect(block)
    start = QPoint(rect.center().x(), rect.top() + 5)
    _drag(qtbot, week, start, start + QPoint(0, 2 * HOUR_H))
    assert asked
    assert store.get_event(weekly.id).start == datetime(2026, 11, 2, 10, tzinfo=SEOUL)
    [override] = store.instances_of(weekly.id)
    assert override.start == datetime(2026, 11, 23, 12, tzinfo=SEOUL)
    assert override.original_start == datetime(2026, 11, 23, 10, tzinfo=SEOUL)
    # the next week is untouched
    nxt = store.occurrences(datetime(2026, 11, 30, tzinfo=SEOUL), datetime(2026, 12, 1, tzinfo=SEOUL))
    assert [o.start for o in nxt] == [datetime(2026, 11, 30, 10, tzinfo=SEOUL)]


def test_drag_all_occurrences_of_a_series(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    weekly, _trip = seed(store)
    window.ask_scope = lambda *_: Scope.ALL
    window.show_view("week")
    week = window.views["week"]
    assert isinstance(week, TimeGridView)
    rect = week.block_rect(week.blocks[0])
    start = QPoint(rect.center().x(), rect.top() + 5)
    _drag(qtbot, week, start, start + QPoint(round(week.column_width()), -HOUR_H))  # Tue 09:00
    series = store.get_event(weekly.id)
    assert series.start == datetime(2026, 11, 3, 9, tzinfo=SEOUL)
    assert store.instances_of(weekly.id) == []


def test_double_click_empty_slot_opens_new_event(qtbot: QtBot, window: MainWindow) -> None:
    window.show_view("day")
    day = window.views["day"]
    assert isinstance(day, TimeGridView)
    point = QPoint(day.column_x(0) + 30, 14 * HOUR_H + HOUR_H // 2 + 3)  # 14:30-ish
    QTest.mouseDClick(day.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    [dialog] = window.dialogs
    assert dialog.start_date.date().toPython() == date(2026, 11, 24)
    assert dialog.start_time.time().toString("HH:mm") == "14:30"
    dialog.reject()


def test_double_click_month_day_and_event(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    seed(store)
    window.reload_now()
    month = window.views["month"]
    assert isinstance(month, MonthView)
    month.grab()
    empty = month.cell_rect(date(2026, 11, 12))
    QTest.mouseDClick(month, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty.center())
    [dialog] = window.dialogs
    assert dialog.start_date.date().toPython() == date(2026, 11, 12)
    dialog.reject()
    hit_rect, occ = next((r, o) for r, o in month._hits if o.event.title == "부산 출장")
    QTest.mouseDClick(month, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, hit_rect.center())
    [dialog] = window.dialogs
    assert dialog.occurrence is not None and dialog.occurrence.event.title == "부산 출장"
    assert dialog.title_edit.text() == "부산 출장"
    dialog.reject()
