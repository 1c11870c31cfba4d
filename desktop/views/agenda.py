"""Agenda: upcoming occurrences grouped by day, in a virtualized QListView.

Only the rows in the viewport are painted (QListView + delegate), so thousands of rows
cost nothing until they scroll into view.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from core.model import Occurrence
from core.store import Store
from desktop import i18n, theme
from desktop.views.base import CalendarView, Clock, local_end, local_span, local_start
from desktop.views.holiday_marks import holiday_name, visible_holidays

AGENDA_DAYS = 60
HEADER_ROW_H = 30
EVENT_ROW_H = 40

Row = tuple[str, Any]  # ("day", date) or ("event", (Occurrence, date))


class AgendaModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        kind, value = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if kind == "day":
                view = self.parent()
                holiday = holiday_name(view, value) if isinstance(view, AgendaView) else ""
                return i18n.short_day(value) + (f" · {holiday}" if holiday else "")
            occ, _day = value
            return occ.event.title
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.rows[index.row()][0] == "day":
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class AgendaDelegate(QStyledItemDelegate):
    def __init__(self, view: AgendaView) -> None:
        super().__init__(view)
        self.view = view
        self.font_day = theme.ui_font(10, bold=True)
        self.font_title = theme.ui_font(10)
        self.font_small = theme.ui_font(8.5)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802 - Qt API
        kind, _ = index.data(Qt.ItemDataRole.UserRole)
        return QSize(200, HEADER_ROW_H if kind == "day" else EVENT_ROW_H)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        kind, value = index.data(Qt.ItemDataRole.UserRole)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        painter.save()
        if kind == "day":
            day: date = value
            painter.fillRect(rect, theme.colors().today_bg if day == self.view.today() else theme.colors().outside_bg)
            painter.setFont(self.font_day)
            painter.setPen(theme.colors().today if day == self.view.today() else theme.colors().text)
            painter.drawText(rect.adjusted(12, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter, i18n.short_day(day))
            holiday = holiday_name(self.view, day)
            if holiday:  # the holiday's name after the date, in the Sunday colour
                painter.setPen(theme.colors().sunday)
                left = QFontMetrics(self.font_day).horizontalAdvance(i18n.short_day(day)) + 24
                painter.drawText(rect.adjusted(left, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter, holiday)
            painter.restore()
            return
        occ, day = value
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            painter.fillRect(rect, theme.colors().selected_bg)
        color = self.view.color_of(occ)
        painter.fillRect(QRect(rect.left() + 12, rect.top() + 8, 4, rect.height() - 16), color)
        painter.setFont(self.font_small)
        painter.setPen(theme.colors().text_muted)
        time_rect = QRect(rect.left() + 24, rect.top(), 110, rect.height())
        painter.drawText(time_rect, Qt.AlignmentFlag.AlignVCenter, self.view.time_label(occ, day))
        title = occ.event.title + (f" {theme.RECURRING_MARK}" if occ.is_recurring else "")
        if occ.event.location:
            title += f" · {occ.event.location}"
        painter.setFont(self.font_title)
        painter.setPen(theme.colors().text)
        text_rect = QRect(rect.left() + 140, rect.top(), rect.width() - 150, rect.height())
        fm = QFontMetrics(self.font_title)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(title, Qt.TextElideMode.ElideRight, text_rect.width()))
        painter.setPen(theme.colors().grid_faint)
        painter.drawLine(rect.left() + 24, rect.bottom(), rect.right(), rect.bottom())
        painter.restore()


class AgendaView(CalendarView):
    def __init__(self, store: Store, zone: ZoneInfo, now: Clock, parent: QWidget | None = None) -> None:
        super().__init__(store, zone, now, parent)
        self.model = AgendaModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(AgendaDelegate(self))
        self.list.setUniformItemSizes(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)  # lays out rows lazily
        self.list.setBatchSize(200)
        self.list.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Ctrl+F: words that must appear in the title, place or description of a row.
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.rebuild())
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Agenda view"))
        self.list.setAccessibleName(self.tr("Upcoming events"))
        self.list.setAccessibleDescription(self.tr("Enter opens the event or the day"))
        self.search.setPlaceholderText(self.tr("Search these 60 days (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search events"))
        self.list.viewport().update()  # day headings follow the locale

    def visible_days(self) -> tuple[date, date]:
        return self.anchor, self.anchor + timedelta(days=AGENDA_DAYS)

    def period_title(self) -> str:
        first, after = self.visible_days()
        return i18n.range_title(first, after - timedelta(days=1))

    def shifted(self, steps: int) -> date:
        return self.anchor + timedelta(days=30 * steps)

    def rebuild(self) -> None:
        first, after = self.visible_days()
        words = self.search.text().casefold().split()
        by_day: dict[date, list[Occurrence]] = {}
        for occ in self.occurrences:
            if words:
                event = occ.event
                haystack = f"{event.title} {event.location or ''} {event.description or ''}"
                if not all(word in haystack.casefold() for word in words):
                    continue
            a, b = local_span(occ, self.zone)
            d = max(a, first)
            while d <= b and d < after:  # a multi-day event shows under each of its days
                by_day.setdefault(d, []).append(occ)
                d += timedelta(days=1)
        for day in [] if words else visible_holidays(self):  # a holiday heads a day of its own
            by_day.setdefault(day, [])
        rows: list[Row] = []
        for day in sorted(by_day):
            rows.append(("day", day))
            rows.extend(("event", (occ, day)) for occ in by_day[day])
        self.model.set_rows(rows)

    def occurrences_on(self, day: date) -> list[Occurrence]:
        return [v[0] for k, v in self.model.rows if k == "event" and v[1] == day]

    def time_label(self, occ: Occurrence, day: date) -> str:
        all_day = self.tr("All day")
        if occ.all_day:
            return all_day
        start, end = local_start(occ, self.zone), local_end(occ, self.zone)
        if start.date() < day and end.date() > day:
            return all_day
        if start.date() < day:
            return f"– {end:%H:%M}"
        if end.date() > day:
            return f"{start:%H:%M} –"
        return f"{start:%H:%M} – {end:%H:%M}"

    def _activated(self, index: QModelIndex) -> None:
        kind, value = self.model.rows[index.row()]
        if kind == "event":
            self.edit_requested.emit(value[0])
        else:
            self.day_activated.emit(value)
