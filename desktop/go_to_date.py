"""Ctrl+G: a small dialog that picks a date and brings it into view."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class GoToDateDialog(QDialog):
    """A typed date (yyyy-MM-dd) or a click in the month; Enter goes there."""

    date_chosen = Signal(object)  # date

    def __init__(self, current: date, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.date_edit = QDateEdit(_qdate(current), self)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setSelectedDate(_qdate(current))
        self.date_edit.dateChanged.connect(self.calendar.setSelectedDate)
        self.calendar.selectionChanged.connect(
            lambda: self.date_edit.setDate(self.calendar.selectedDate())
        )
        self.calendar.activated.connect(lambda _d: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.today_button = QPushButton(self)
        self.buttons.addButton(self.today_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.today_button.clicked.connect(lambda: self.date_edit.setDate(_qdate(self.today)))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        self.form = form
        form.addRow("", self.date_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.calendar)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.date_edit.setFocus()
        self.date_edit.selectAll()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Go to date"))
        self.setAccessibleName(self.tr("Go to date"))
        label = self.form.labelForField(self.date_edit)
        if label is not None:
            label.setProperty("text", self.tr("Date"))
        self.date_edit.setAccessibleName(self.tr("Date"))
        self.calendar.setAccessibleName(self.tr("Month calendar"))
        # QCalendarWidget leaves its own parts unnamed
        for child, name in (
            ("qt_calendar_prevmonth", self.tr("Previous month")),
            ("qt_calendar_nextmonth", self.tr("Next month")),
            ("qt_calendar_calendarview", self.tr("Days of the month")),
        ):
            part = self.calendar.findChild(QWidget, child)
            if part is not None:
                part.setAccessibleName(name)
        self.today_button.setText(self.tr("Today"))
        self.today_button.setAccessibleName(self.tr("Today"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def chosen(self) -> date:
        q = self.date_edit.date()
        return date(q.year(), q.month(), q.day())

    def accept(self) -> None:
        self.date_chosen.emit(self.chosen())
        super().accept()
