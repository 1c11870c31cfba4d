"""Public holidays and lunar series in the views (real window, real store, offscreen)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot

from core.editing import Scope
from core.model import Event
from core.store import Store
from desktop.event_dialog import LUNAR_YEARLY
from desktop.main_window import MainWindow
from desktop.views import MonthView, TimeGridView
from desktop.views.agenda import AgendaView
from desktop.views.holiday_marks import holiday_name, visible_holidays
from tests.ui.conftest import SEOUL

CHUSEOK = "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15"


def test_september_2026_shows_chuseok_and_the_lunar_series_on_its_day(
    window: MainWindow, store: Store
) -> None:
    cal = store.default_calendar().id
    store.add_event(
        Event.all_day_event("엄마 생신", date(2025, 10, 6), calendar_id=cal, rrule=CHUSEOK)
    )
    store.add_event(
        Event.timed("차례", datetime(2025, 10, 6, 9, tzinfo=SEOUL), calendar_id=cal, rrule=CHUSEOK)
    )
    window.go_to(date(2026, 9, 10))
    window.show_view("month")
    window.reload_now()
    month = window.views["month"]
    assert isinstance(month, MonthView)
    # English UI (the test locale): English names; 24-26 Sep and the substitute on 5 Oct.
    assert holiday_name(month, date(2026, 9, 25)) == "Chuseok"
    assert "Alternative" in holiday_name(month, date(2026, 10, 5))
    assert holiday_name(month, date(2026, 9, 23)) == ""
    # The lunar series lands on 추석 (25 Sep 2026), not on its first date's solar day.
    assert sorted(o.event.title for o in month.cells[date(2026, 9, 25)].occurrences) == [
        "엄마 생신",
        "차례",
    ]
    assert month.cells[date(2026, 10, 6)].occurrences == []
    month.grab()  # paints the holiday names without error

    QLocale.setDefault(QLocale("ko_KR"))
    assert visible_holidays(month)[date(2026, 9, 25)] == "추석"
    month.grab()

    window.go_to(date(2026, 9, 25))
    window.show_view("week")
    week = window.views["week"]
    assert isinstance(week, TimeGridView)
    window.reload_now()
    assert holiday_name(week, date(2026, 9, 24)) == "추석 전날"
    assert "차례" in [o.event.title for o in week.occurrences_on(date(2026, 9, 25))]
    week.grab()

    window.show_view("agenda")
    agenda = window.views["agenda"]
    assert isinstance(agenda, AgendaView)
    window.reload_now()
    headings = [
        agenda.model.data(agenda.model.index(i), Qt.ItemDataRole.DisplayRole)
        for i, (kind, _) in enumerate(agenda.model.rows)
        if kind == "day"
    ]
    assert any(h.endswith("· 추석") for h in headings), headings
    # A holiday with no events still has its heading (개천절, 3 Oct 2026).
    assert any("개천절" in h for h in headings), headings
    agenda.grab()


def test_the_event_dialog_makes_and_shows_a_lunar_yearly_series(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = window.open_new_event_dialog(datetime(2026, 9, 25, 18, 0, tzinfo=SEOUL))
    dialog.title_edit.setText("제사")
    dialog.repeat_combo.setCurrentIndex(dialog.repeat_combo.findData(LUNAR_YEARLY))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [ev] = store.all_events()
    assert ev.rrule == CHUSEOK  # 25 Sep 2026 is lunar 8/15

    occ = next(
        o
        for o in store.occurrences(
            datetime(2027, 9, 1, tzinfo=SEOUL), datetime(2027, 10, 1, tzinfo=SEOUL)
        )
        if o.event.id == ev.id
    )
    assert occ.start == datetime(2027, 9, 15, 18, 0, tzinfo=SEOUL)
    window.ask_scope = lambda *_: Scope.ALL
    edit = window.open_edit_dialog(occ)
    assert edit.repeat_combo.currentText() == "every year on lunar 8/15"
    assert edit.repeat_combo.currentData() == CHUSEOK
    edit.location_edit.setText("큰집")
    qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
    again = store.get_event(ev.id)
    assert again.rrule == CHUSEOK and again.location == "큰집"
