"""Create / edit one event. The core validates: an InvalidInput is shown inline, nothing saved.

All-day events show an inclusive end date (a 3-day trip reads 24–26) while the store keeps
the exclusive end (27), as Google Calendar does.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta
from functools import lru_cache

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from core import editing, lunar
from core.config import calendar_for_new_events
from core.editing import Scope
from core.errors import IljeongError, InvalidInput
from core.model import Event, Occurrence, Source
from core.settings import Settings
from core.store import Store
from core.timeutil import Clock, get_zone, utc_now
from desktop import edits, i18n, theme
from desktop.edits import AskScope

REPEATS = ("", "FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=YEARLY")
#: The repeat choice "every year on the start's lunar date" (a rule made on saving).
LUNAR_YEARLY = "LUNAR"
REMINDERS: tuple[tuple[int, ...], ...] = ((), (0,), (10,), (30,), (60,), (1440,))


@lru_cache(maxsize=1)
def zone_names() -> list[str]:
    return sorted(n for n in zoneinfo.available_timezones() if "/" in n or n == "UTC")


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class EventDialog(QDialog):
    """New event (``occurrence`` None) or edit of ``occurrence``.

    ``ask_scope`` decides "this event / all events" for a series; tests pass a function.
    """

    saved = Signal(object)  # Event
    deleted = Signal(object)  # Event

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        occurrence: Occurrence | None = None,
        start: datetime | date | None = None,
        all_day: bool = False,
        ask_scope: AskScope = edits.ask_scope_dialog,
        now: Clock = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.now = now
        self.store = store
        self.settings = settings
        self.occurrence = occurrence
        self.ask_scope = ask_scope
        self.setWindowTitle(self.tr("Edit event") if occurrence else self.tr("New event"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(440)

        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setPlaceholderText(self.tr("Title, e.g. 팀 미팅"))
        self.all_day_check = QCheckBox(self.tr("All day"), self)
        self.start_date = QDateEdit(self)
        self.start_time = QTimeEdit(self)
        self.end_date = QDateEdit(self)
        self.end_time = QTimeEdit(self)
        for edit, name in (
            (self.start_date, self.tr("Start date")), (self.end_date, self.tr("End date")),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        for edit, name in ((self.start_time, self.tr("Start time")), (self.end_time, self.tr("End time"))):
            edit.setDisplayFormat("HH:mm")
            edit.setAccessibleName(name)
        self.tz_combo = QComboBox(self)
        self.tz_combo.setEditable(True)
        self.tz_combo.addItems(zone_names())
        self.tz_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(zone_names(), self.tz_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tz_combo.setCompleter(completer)
        self.tz_combo.setAccessibleName(self.tr("Time zone"))
        self.location_edit = QLineEdit(self)
        self.location_edit.setAccessibleName(self.tr("Location"))
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setAccessibleName(self.tr("Description"))
        self.description_edit.setFixedHeight(70)
        self.repeat_combo = QComboBox(self)
        self.repeat_combo.setAccessibleName(self.tr("Repeat"))
        for label, rule in zip(
            (self.tr("Does not repeat"), self.tr("Daily"), self.tr("Weekly"), self.tr("Monthly"), self.tr("Yearly")),
            REPEATS, strict=True,
        ):
            self.repeat_combo.addItem(label, rule)
        self.repeat_combo.addItem(self.tr("Yearly (lunar date)"), LUNAR_YEARLY)
        self.calendar_combo = QComboBox(self)
        self.calendar_combo.setAccessibleName(self.tr("Calendar"))
        for cal in store.calendars():
            self.calendar_combo.addItem(cal.name, cal.id)
        self.reminder_combo = QComboBox(self)
        self._reminder_values: list[tuple[int, ...] | None] = []
        self.reminder_combo.setAccessibleName(self.tr("Reminder"))
        for label, minutes in zip(
            (self.tr("No reminder"), self.tr("At start"), self.tr("10 minutes before"),
             self.tr("30 minutes before"), self.tr("1 hour before"), self.tr("1 day before")),
            REMINDERS, strict=True,
        ):
            self.add_reminder_choice(label, minutes)
        self.error_label = QLabel(self)
        self.error_label.setAccessibleName(self.tr("Error"))
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.hide()

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Save"))
        self.button_box.accepted.connect(self.save)
        self.button_box.rejected.connect(self.reject)
        self.delete_button: QPushButton | None = None
        if occurrence is not None:
            self.delete_button = self.button_box.addButton(
                self.tr("Delete"), QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.delete_button.clicked.connect(self.delete)

        start_row = QHBoxLayout()
        start_row.addWidget(self.start_date)
        start_row.addWidget(self.start_time)
        end_row = QHBoxLayout()
        end_row.addWidget(self.end_date)
        end_row.addWidget(self.end_time)
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow("", self.all_day_check)
        form.addRow(self.tr("Start"), start_row)
        form.addRow(self.tr("End"), end_row)
        form.addRow(self.tr("Time zone"), self.tz_combo)
        form.addRow(self.tr("Location"), self.location_edit)
        form.addRow(self.tr("Description"), self.description_edit)
        form.addRow(self.tr("Repeat"), self.repeat_combo)
        form.addRow(self.tr("Calendar"), self.calendar_combo)
        form.addRow(self.tr("Reminder"), self.reminder_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)

        self.all_day_check.toggled.connect(self._all_day_toggled)
        self.start_date.dateChanged.connect(self._start_date_changed)
        self._last_start_date = self.start_date.date()
        if occurrence is not None:
            self._fill_from(occurrence)
        else:
            self._fill_new(start, all_day)
        self._last_start_date = self.start_date.date()
        self._all_day_toggled(self.all_day_check.isChecked())
        self.title_edit.setFocus()

    # -- filling -------------------------------------------------------------------------

    def _fill_new(self, start: datetime | date | None, all_day: bool) -> None:
        zone = self.settings.zone
        self.tz_combo.setCurrentText(self.settings.time_zone)
        default = calendar_for_new_events(self.store, self.settings)
        self.calendar_combo.setCurrentIndex(max(self.calendar_combo.findData(default.id), 0))
        if isinstance(start, datetime):
            begin = start.astimezone(zone)
        else:
            day = start or self.now().astimezone(zone).date()
            begin = datetime(day.year, day.month, day.day, 9, 0, tzinfo=zone)
        end = begin + self.settings.default_duration
        self.all_day_check.setChecked(all_day)
        self.start_date.setDate(_qdate(begin.date()))
        self.start_time.setTime(QTime(begin.hour, begin.minute))
        self.end_date.setDate(_qdate(end.date()))
        self.end_time.setTime(QTime(end.hour, end.minute))

    def _fill_from(self, occ: Occurrence) -> None:
        ev = occ.event
        self.title_edit.setText(ev.title)
        self.location_edit.setText(ev.location)
        self.description_edit.setPlainText(ev.description)
        self.tz_combo.setCurrentText(ev.tz if not ev.all_day else self.settings.time_zone)
        self.all_day_check.setChecked(ev.all_day)
        if ev.all_day:
            self.start_date.setDate(_qdate(occ.start))  # type: ignore[arg-type]
            self.end_date.setDate(_qdate(occ.end - timedelta(days=1)))  # type: ignore[operator]
            self.start_time.setTime(QTime(9, 0))
            self.end_time.setTime(QTime(10, 0))
        else:
            zone = get_zone(ev.tz)
            start = occ.start.astimezone(zone)  # type: ignore[union-attr]
            end = occ.end.astimezone(zone)  # type: ignore[union-attr]
            self.start_date.setDate(_qdate(start.date()))
            self.start_time.setTime(QTime(start.hour, start.minute))
            self.end_date.setDate(_qdate(end.date()))
            self.end_time.setTime(QTime(end.hour, end.minute))
        rule = ev.rrule or ""
        if ev.is_override:
            rule = ""
            self.repeat_combo.setEnabled(False)  # an instance cannot repeat on its own
        index = self.repeat_combo.findData(rule)
        if index < 0 and lunar.is_lunar(rule):  # "매년 음력 8월 15일", kept as it is
            self.repeat_combo.addItem(lunar.describe(rule, "ko" if i18n.is_korean() else "en"), rule)
            index = self.repeat_combo.count() - 1
        if index < 0:  # a custom rule (BYDAY, COUNT, ...) is kept as it is
            self.repeat_combo.addItem(self.tr("Custom: %1").replace("%1", rule), rule)
            index = self.repeat_combo.count() - 1
        self.repeat_combo.setCurrentIndex(index)
        self.calendar_combo.setCurrentIndex(max(self.calendar_combo.findData(ev.calendar_id), 0))
        reminders = ev.reminders
        if reminders is None:
            self.add_reminder_choice(self.tr("Calendar default"), None)
            self.reminder_combo.setCurrentIndex(self.reminder_combo.count() - 1)
        else:
            self.select_reminder(tuple(reminders))

    def add_reminder_choice(self, label: str, minutes: tuple[int, ...] | None) -> None:
        # the combo's item data is an index: Qt would turn a tuple into a list
        self._reminder_values.append(minutes)
        self.reminder_combo.addItem(label, len(self._reminder_values) - 1)

    def select_reminder(self, minutes: tuple[int, ...]) -> None:
        """Select the choice for ``minutes``, adding a custom one when it is not listed."""
        if minutes not in self._reminder_values:
            self.add_reminder_choice(", ".join(self.tr("%1 min").replace("%1", str(m)) for m in minutes), minutes)
        index = self._reminder_values.index(minutes)
        self.reminder_combo.setCurrentIndex(self.reminder_combo.findData(index))

    def reminder(self) -> tuple[int, ...] | None:
        return self._reminder_values[self.reminder_combo.currentData()]

    # -- form behaviour ------------------------------------------------------------------

    def _all_day_toggled(self, checked: bool) -> None:
        self.start_time.setVisible(not checked)
        self.end_time.setVisible(not checked)
        self.tz_combo.setEnabled(not checked)

    def _start_date_changed(self, new: QDate) -> None:
        """Moving the start date moves the end date with it (the length is kept)."""
        shift = self._last_start_date.daysTo(new)
        self._last_start_date = new
        if shift:
            self.end_date.setDate(self.end_date.date().addDays(shift))

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    # -- building and saving -------------------------------------------------------------

    def form_values(self) -> dict[str, object]:
        """The event fields the form describes (may raise InvalidInput for a bad zone)."""
        all_day = self.all_day_check.isChecked()
        start_day = _pydate(self.start_date.date())
        end_day = _pydate(self.end_date.date())
        tz = self.tz_combo.currentText().strip()
        if all_day:
            start: date | datetime = start_day
            end: date | datetime = end_day + timedelta(days=1)  # inclusive → exclusive
            tz = tz or self.settings.time_zone
        else:
            zone = get_zone(tz)
            st, et = self.start_time.time(), self.end_time.time()
            start = datetime(start_day.year, start_day.month, start_day.day, st.hour(), st.minute(), tzinfo=zone)
            end = datetime(end_day.year, end_day.month, end_day.day, et.hour(), et.minute(), tzinfo=zone)
        reminders = self.reminder()
        return {
            "title": self.title_edit.text(),
            "all_day": all_day,
            "start": start,
            "end": end,
            "tz": tz,
            "location": self.location_edit.text().strip(),
            "description": self.description_edit.toPlainText().strip(),
            "rrule": _repeat_rule(self.repeat_combo.currentData(), start_day),
            "calendar_id": self.calendar_combo.currentData(),
            "reminders": tuple(reminders) if reminders is not None else None,
        }

    def save(self) -> None:
        """Validate through the core and store; on InvalidInput keep the dialog open."""
        try:
            stored = self._save()
        except IljeongError as exc:
            self.show_error(str(exc))
            return
        if stored is None:  # the "this/all" question was cancelled
            return
        self.error_label.hide()
        self.saved.emit(stored)
        self.accept()

    def _save(self) -> Event | None:
        values = self.form_values()
        occ = self.occurrence
        if occ is None:
            return self.store.add_event(Event(source=Source.MANUAL, **values))  # type: ignore[arg-type]
        if not occ.is_recurring:
            return self.store.update_event(occ.event.evolve(**values))
        scope = self.ask_scope(self, self.tr("Change only this event, or all events of the series?"))
        if scope is None:
            return None
        if occ.event.is_override and scope is Scope.ALL:  # the form cannot show the series' rule
            values.pop("rrule", None)
        return editing.edit_occurrence(self.store, occ, values, scope)

    def delete(self) -> None:
        occ = self.occurrence
        if occ is None:
            return
        scope: Scope | None = Scope.THIS
        if occ.is_recurring:
            scope = self.ask_scope(self, self.tr("Delete only this event, or all events of the series?"))
            if scope is None:
                return
        try:
            removed = editing.delete_occurrence(self.store, occ, scope)
        except IljeongError as exc:
            self.show_error(str(exc))
            return
        self.deleted.emit(removed)
        self.accept()


def _repeat_rule(choice: str | None, start_day: date) -> str | None:
    """The rule of a repeat choice; "lunar yearly" takes the start's Korean lunar date."""
    if choice != LUNAR_YEARLY:
        return choice or None
    found = lunar.to_lunar(start_day)
    if found is None:
        raise InvalidInput(lunar.RANGE_NOTE)
    return lunar.yearly_rule(found.month, found.day, found.leap)
