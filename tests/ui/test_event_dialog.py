"""Creating, editing and deleting events through the real dialog and views."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from core.editing import Scope
from core.model import Event
from core.store import Store
from desktop.event_dialog import EventDialog
from desktop.main_window import MainWindow
from tests.ui.conftest import SEOUL


def click_ok(qtbot: QtBot, dialog: EventDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_create_event_appears_in_month(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    dialog = window.open_new_event_dialog(datetime(2026, 11, 26, 14, 0, tzinfo=SEOUL))
    assert dialog.isVisible()
    dialog.title_edit.setText("치과 검진")  # QTest.keyClicks aborts on non-Latin-1 text
    dialog.location_edit.setText("인천 연수구 갯벌로 156")
    dialog.select_reminder((10,))
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    [ev] = store.all_events()
    assert ev.title == "치과 검진"
    assert ev.start == datetime(2026, 11, 26, 14, 0, tzinfo=SEOUL)
    assert ev.end == datetime(2026, 11, 26, 15, 0, tzinfo=SEOUL)  # default duration
    assert ev.tz == "Asia/Seoul" and ev.reminders == (10,) and ev.location.startswith("인천")
    month = window.views["month"]
    qtbot.waitUntil(lambda: [o.event.title for o in month.occurrences_on(date(2026, 11, 26))] == ["치과 검진"])
    assert month.occurrences_on(date(2026, 11, 25)) == []
    # the cell of that day has the event's colour painted in it; its neighbour does not
    image = month.grab().toImage()
    colour = month.color_of(month.occurrences_on(date(2026, 11, 26))[0])

    def has_colour(day: date) -> bool:
        rect = month.cell_rect(day)
        for y in range(rect.top(), rect.bottom(), 2):
            for x in range(rect.left(), rect.right(), 2):
                if QColor(image.pixel(x, y)) == colour:
                    return True
        return False

    assert has_colour(date(2026, 11, 26))
    assert not has_colour(date(2026, 11, 25))


def test_end_before_start_is_refused(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    dialog = window.open_new_event_dialog(datetime(2026, 11, 26, 14, 0, tzinfo=SEOUL))
    qtbot.keyClicks(dialog.title_edit, "Standup")
    dialog.end_time.setTime(QTime(13, 0))
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "before start" in dialog.error_label.text()
    assert store.count_events() == 0
    dialog.end_time.setTime(QTime(15, 30))  # fixing it saves
    click_ok(qtbot, dialog)
    assert not dialog.isVisible() and store.count_events() == 1


def test_empty_title_and_bad_zone_are_refused(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    dialog = window.open_new_event_dialog(datetime(2026, 11, 26, 14, 0, tzinfo=SEOUL))
    click_ok(qtbot, dialog)
    assert "title" in dialog.error_label.text()
    qtbot.keyClicks(dialog.title_edit, "Standup")
    dialog.tz_combo.setCurrentText("Mars/Olympus")
    click_ok(qtbot, dialog)
    assert "time zone" in dialog.error_label.text()
    assert dialog.isVisible() and store.count_events() == 0


def test_all_day_end_date_is_inclusive(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    dialog = window.open_new_event_dialog(date(2026, 11, 25), all_day=True)
    assert dialog.all_day_check.isChecked() and not dialog.start_time.isVisible()
    dialog.title_edit.setText("부산 출장")
    dialog.end_date.setDate(QDate(2026, 11, 27))
    click_ok(qtbot, dialog)
    [ev] = store.all_events()
    assert ev.all_day and ev.start == date(2026, 11, 25) and ev.end == date(2026, 11, 28)
    [occ] = store.occurrences(datetime(2026, 11, 25, tzinfo=SEOUL), datetime(2026, 11, 26, tzinfo=SEOUL))
    edit = window.open_edit_dialog(occ)
    assert edit.end_date.date() == QDate(2026, 11, 27)  # shown inclusive again
    edit.reject()


def test_repeat_produces_rrule_and_custom_rule_is_kept(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    dialog = window.open_new_event_dialog(datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL))
    dialog.title_edit.setText("팀 미팅")
    dialog.repeat_combo.setCurrentIndex(dialog.repeat_combo.findData("FREQ=WEEKLY"))
    click_ok(qtbot, dialog)
    [ev] = store.all_events()
    assert ev.rrule == "FREQ=WEEKLY"

    cal = store.default_calendar().id
    custom = store.add_event(
        Event.timed("격주 회의", datetime(2026, 11, 2, 9, tzinfo=SEOUL), calendar_id=cal,
                    rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO")
    )
    occ = next(o for o in store.occurrences(datetime(2026, 11, 1, tzinfo=SEOUL), datetime(2026, 11, 30, tzinfo=SEOUL))
               if o.event.id == custom.id)
    window.ask_scope = lambda *_: Scope.ALL
    edit = window.open_edit_dialog(occ)
    assert edit.repeat_combo.currentData() == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
    edit.location_edit.setText("2층")
    click_ok(qtbot, edit)
    again = store.get_event(custom.id)
    assert again.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO" and again.location == "2층"
    assert again.start == custom.start


def _weekly(store: Store) -> Event:
    return store.add_event(
        Event.timed("필라테스", datetime(2026, 11, 5, 19, 30, tzinfo=SEOUL),
                    datetime(2026, 11, 5, 20, 20, tzinfo=SEOUL),
                    calendar_id=store.default_calendar().id, rrule="FREQ=WEEKLY")
    )


def _occ_on(store: Store, day: date):  # type: ignore[no-untyped-def]
    start = datetime(day.year, day.month, day.day, tzinfo=SEOUL)
    found = store.occurrences(start, datetime(day.year, day.month, day.day, 23, 59, tzinfo=SEOUL))
    assert len(found) == 1, found
    return found[0]


def test_edit_one_occurrence_of_a_series(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    series = _weekly(store)
    asked: list[str] = []
    window.ask_scope = lambda _parent, question: asked.append(question) or Scope.THIS  # type: ignore[func-returns-value]
    dialog = window.open_edit_dialog(_occ_on(store, date(2026, 11, 19)))
    dialog.title_edit.setText("필라테스 (보강)")
    dialog.start_time.setTime(QTime(20, 0))
    dialog.end_time.setTime(QTime(20, 50))
    click_ok(qtbot, dialog)
    assert asked
    assert _occ_on(store, date(2026, 11, 19)).event.title == "필라테스 (보강)"
    assert _occ_on(store, date(2026, 11, 19)).start == datetime(2026, 11, 19, 20, 0, tzinfo=SEOUL)
    assert _occ_on(store, date(2026, 11, 26)).event.title == "필라테스"
    assert store.get_event(series.id).rrule == "FREQ=WEEKLY"


def test_edit_all_occurrences_keeps_series_start(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    series = _weekly(store)
    window.ask_scope = lambda *_: Scope.ALL
    dialog = window.open_edit_dialog(_occ_on(store, date(2026, 11, 19)))
    dialog.start_time.setTime(QTime(18, 30))
    dialog.end_time.setTime(QTime(19, 20))
    click_ok(qtbot, dialog)
    again = store.get_event(series.id)
    assert again.start == datetime(2026, 11, 5, 18, 30, tzinfo=SEOUL)
    assert again.end == datetime(2026, 11, 5, 19, 20, tzinfo=SEOUL)
    assert _occ_on(store, date(2026, 11, 26)).start == datetime(2026, 11, 26, 18, 30, tzinfo=SEOUL)


def test_cancelled_scope_question_saves_nothing(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    series = _weekly(store)
    window.ask_scope = lambda *_: None
    dialog = window.open_edit_dialog(_occ_on(store, date(2026, 11, 19)))
    dialog.title_edit.setText("바뀜")
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert store.get_event(series.id).title == "필라테스" and store.instances_of(series.id) == []
    dialog.reject()


def test_delete_this_and_all(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    series = _weekly(store)
    window.ask_scope = lambda *_: Scope.THIS
    dialog = window.open_edit_dialog(_occ_on(store, date(2026, 11, 19)))
    assert dialog.delete_button is not None
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    day = datetime(2026, 11, 19, tzinfo=SEOUL)
    assert store.occurrences(day, datetime(2026, 11, 20, tzinfo=SEOUL)) == []
    assert _occ_on(store, date(2026, 11, 26)).event.id == series.id
    window.ask_scope = lambda *_: Scope.ALL
    dialog = window.open_edit_dialog(_occ_on(store, date(2026, 11, 26)))
    assert dialog.delete_button is not None
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert store.count_events() == 0


def test_delete_single_event(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    ev = store.add_event(
        Event.timed("치과", datetime(2026, 11, 20, 9, tzinfo=SEOUL), calendar_id=store.default_calendar().id)
    )
    dialog = window.open_edit_dialog(_occ_on(store, date(2026, 11, 20)))
    assert dialog.delete_button is not None
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert store.find_event(ev.id) is None
    month = window.views["month"]
    qtbot.waitUntil(lambda: month.occurrences_on(date(2026, 11, 20)) == [])
