"""Week (7 days) and day (1 day) views: a 0–24 h time grid with an all-day strip on top.

Overlapping timed events sit side by side (``pack_columns``). Dragging an event moves it in
15-minute steps; the view only reports the wish (``move_requested``), the window asks
"this/all" for a series and calls the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QVBoxLayout, QWidget

from core.model import Occurrence
from core.store import Store
from desktop import i18n, theme
from desktop.views.base import (
    Block,
    CalendarView,
    Clock,
    Span,
    assign_lanes,
    is_long,
    local_span,
    local_start,
    pack_columns,
)
from desktop.views.holiday_marks import holiday_name

GUTTER = 56
HOUR_H = 48
SNAP_MIN = 15
HEADER_DATE_H = 40
STRIP_LINE_H = 20
SCROLL_TO_HOUR = 8
MIN_TEXT_WIDTH = 18  # narrower blocks (many overlaps) are drawn without text
TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
TOP_LEFT_WRAP = TOP_LEFT | Qt.TextFlag.TextWordWrap


@dataclass(slots=True)
class _Drag:
    block: Block
    press: QPoint
    grab_minutes: int  # where in the block it was grabbed
    active: bool = False
    column: int = 0
    top: int = 0  # minutes from midnight of the preview


class TimeGridView(CalendarView):
    def __init__(
        self, store: Store, zone: ZoneInfo, now: Clock, days: int = 7, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, zone, now, parent)
        self.days = days
        self.blocks: list[Block] = []
        self.spans: list[Span] = []
        self.strip_lanes = 0
        self.header = _Header(self)
        self.canvas = _Canvas(self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll, 1)
        self._scrolled = False
        self._now_timer = QTimer(self)
        self._now_timer.setInterval(60_000)
        self._now_timer.timeout.connect(self.canvas.update)
        self._now_timer.start()
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Week view") if self.days == 7 else self.tr("Day view"))
        self.setAccessibleDescription(
            self.tr("Double-click adds an event; drag an event to move it")
        )
        self.header.setAccessibleName(self.tr("All-day events"))
        self.canvas.setAccessibleName(self.tr("Time grid"))
        self.scroll.setAccessibleName(self.tr("Hours"))
        self.header.update()
        self.canvas.update()

    # -- range ---------------------------------------------------------------------------

    def first_day(self) -> date:
        if self.days == 7:
            return self.anchor - timedelta(days=(self.anchor.weekday() + 1) % 7)
        return self.anchor

    def visible_days(self) -> tuple[date, date]:
        first = self.first_day()
        return first, first + timedelta(days=self.days)

    def day_list(self) -> list[date]:
        first = self.first_day()
        return [first + timedelta(days=i) for i in range(self.days)]

    def period_title(self) -> str:
        if self.days == 1:
            return i18n.day_title(self.anchor)
        first, after = self.visible_days()
        return i18n.range_title(first, after - timedelta(days=1))

    def shifted(self, steps: int) -> date:
        return self.anchor + timedelta(days=steps * self.days)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._scrolled:
            self._scrolled = True
            QTimer.singleShot(0, self.scroll_to_morning)

    def scroll_to_morning(self) -> None:
        self.scroll.verticalScrollBar().setValue(SCROLL_TO_HOUR * HOUR_H - HOUR_H // 4)

    # -- data ----------------------------------------------------------------------------

    def rebuild(self) -> None:
        first, after = self.visible_days()
        zone = self.zone
        long_items: list[tuple[Occurrence, int, int, bool, bool]] = []
        per_column: list[list[Block]] = [[] for _ in range(self.days)]
        for occ in self.occurrences:
            a, b = local_span(occ, zone)
            lo, hi = max(a, first), min(b, after - timedelta(days=1))
            if lo > hi:
                continue
            if is_long(occ, zone):
                long_items.append((occ, (lo - first).days, (hi - first).days, a < lo, b > hi))
                continue
            start = local_start(occ, zone)
            end = occ.end.astimezone(zone)  # type: ignore[union-attr]
            day = lo
            while day <= hi:  # a night event is cut at midnight into pieces
                midnight = datetime.combine(day, time(0), zone)
                top = 0 if start < midnight else start.hour * 60 + start.minute
                next_mid = datetime.combine(day + timedelta(days=1), time(0), zone)
                bottom = 24 * 60 if end >= next_mid else end.hour * 60 + end.minute
                bottom = max(bottom, top + SNAP_MIN)  # short events stay clickable
                per_column[(day - first).days].append(Block(occ, (day - first).days, top, bottom))
                day += timedelta(days=1)
        self.spans, taken = assign_lanes(long_items, self.days)
        self.strip_lanes = max((max(t) + 1 for t in taken if t), default=0)
        self.blocks = [blk for col in per_column for blk in pack_columns(col)]
        self.header.updateGeometry()
        self.header.setFixedHeight(self.header.sizeHint().height())
        self.header.update()
        self.canvas.update()

    def update(self) -> None:  # type: ignore[override]
        super().update()
        self.header.update()
        self.canvas.update()

    def occurrences_on(self, day: date) -> list[Occurrence]:
        """Every occurrence shown on ``day`` in this view (timed and all-day)."""
        first, _ = self.visible_days()
        column = (day - first).days
        found = [s.occ for s in self.spans if s.first <= column <= s.last]
        found += [b.occ for b in self.blocks if b.column == column]
        return found

    # -- geometry shared by header and canvas --------------------------------------------

    def column_width(self) -> float:
        return max(self.canvas.width() - GUTTER, 1) / self.days

    def column_x(self, column: int) -> int:
        return GUTTER + round(column * self.column_width())

    def block_rect(self, blk: Block) -> QRect:
        x0 = self.column_x(blk.column)
        x1 = self.column_x(blk.column + 1)
        width = (x1 - x0 - 6) / blk.lanes
        left = x0 + 1 + round(blk.lane * width)
        top = round(blk.top * HOUR_H / 60)
        bottom = round(blk.bottom * HOUR_H / 60)
        return QRect(left, top + 1, max(round(width) - 1, 4), max(bottom - top - 2, 6))

    def block_at(self, pos: QPoint) -> Block | None:
        for blk in reversed(self.blocks):
            if self.block_rect(blk).contains(pos):
                return blk
        return None

    def column_at(self, x: float) -> int:
        return min(max(int((x - GUTTER) / self.column_width()), 0), self.days - 1)

    def minutes_at(self, y: float) -> int:
        return min(max(int(y * 60 / HOUR_H), 0), 24 * 60 - 1)

    def time_at(self, pos: QPoint) -> datetime:
        """The slot under ``pos`` in the canvas, floored to 15 minutes."""
        minutes = self.minutes_at(pos.y()) // SNAP_MIN * SNAP_MIN
        day = self.first_day() + timedelta(days=self.column_at(pos.x()))
        return datetime.combine(day, time(minutes // 60, minutes % 60), self.zone)


class _Header(QWidget):
    """Day names, dates and the all-day strip; its columns line up with the canvas."""

    def __init__(self, view: TimeGridView) -> None:
        super().__init__(view)
        self.view = view
        self.setAccessibleName(self.tr("All-day events"))
        self._hits: list[tuple[QRect, Occurrence]] = []
        self.font_date = theme.ui_font(9)
        self.font_num = theme.ui_font(14)
        self.font_small = theme.ui_font(8.5)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        lanes = max(self.view.strip_lanes, 1)
        return QSize(400, HEADER_DATE_H + lanes * STRIP_LINE_H + 6)

    def _x(self, column: int) -> int:
        return self.view.column_x(column)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        view = self.view
        p = QPainter(self)
        p.fillRect(self.rect(), theme.colors().background)
        today = view.today()
        self._hits = []
        for column, day in enumerate(view.day_list()):
            x0, x1 = self._x(column), self._x(column + 1)
            if day == today:
                p.fillRect(QRect(x0, 0, x1 - x0, self.height()), theme.colors().today_bg)
            holiday = holiday_name(view, day)  # a holiday reads like a Sunday, named in the header
            sunday, saturday = day.weekday() == 6 or bool(holiday), day.weekday() == 5
            color = theme.colors().today if day == today else (
                theme.colors().sunday if sunday else theme.colors().saturday if saturday else theme.colors().text_muted
            )
            p.setPen(color)
            p.setFont(self.font_date)
            head = i18n.weekday_name(day) + (f" · {holiday}" if holiday else "")
            head = QFontMetrics(self.font_date).elidedText(head, Qt.TextElideMode.ElideRight, x1 - x0 - 4)
            p.drawText(QRect(x0, 2, x1 - x0, 16), Qt.AlignmentFlag.AlignCenter, head)
            p.setFont(self.font_num)
            p.drawText(QRect(x0, 17, x1 - x0, 22), Qt.AlignmentFlag.AlignCenter, str(day.day))
        p.setFont(self.font_small)
        p.setPen(theme.colors().text_muted)
        p.drawText(
            QRect(0, HEADER_DATE_H, GUTTER - 4, STRIP_LINE_H),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self.tr("all-day"),
        )
        fm = QFontMetrics(self.font_small)
        for span in view.spans:
            x0, x1 = self._x(span.first), self._x(span.last + 1)
            rect = QRect(x0 + 2, HEADER_DATE_H + span.lane * STRIP_LINE_H, x1 - x0 - 5, STRIP_LINE_H - 3)
            color = view.color_of(span.occ)
            p.fillRect(rect, color)
            p.setPen(theme.text_on(color))
            title = span.occ.event.title + (f" {theme.RECURRING_MARK}" if span.occ.is_recurring else "")
            if span.cut_left:
                title = "◂ " + title
            text_rect = rect.adjusted(5, 0, -4, 0)
            p.drawText(
                text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                fm.elidedText(title, Qt.TextElideMode.ElideRight, text_rect.width()),
            )
            self._hits.append((rect, span.occ))
        p.setPen(QPen(theme.colors().grid, 1))
        p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        for column in range(view.days + 1):
            x = self._x(column)
            p.drawLine(x, HEADER_DATE_H, x, self.height())
        p.end()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        pos = event.position().toPoint()
        for rect, occ in self._hits:
            if rect.contains(pos):
                self.view.edit_requested.emit(occ)
                return
        if pos.x() > GUTTER and pos.y() >= HEADER_DATE_H:
            day = self.view.first_day() + timedelta(days=self.view.column_at(pos.x()))
            self.view.new_event_requested.emit(day, True)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        pos = event.position().toPoint()
        if pos.x() > GUTTER and pos.y() < HEADER_DATE_H:
            day = self.view.first_day() + timedelta(days=self.view.column_at(pos.x()))
            self.view.selected = day
            self.view.day_selected.emit(day)
            if self.view.days > 1:
                self.view.day_activated.emit(day)


class _Canvas(QWidget):
    """The scrolled 24-hour grid with the timed events."""

    def __init__(self, view: TimeGridView) -> None:
        super().__init__(view)
        self.view = view
        self.setAccessibleName(self.tr("Time grid"))
        self.setMinimumHeight(24 * HOUR_H + 1)
        self.setMouseTracking(False)
        self.drag: _Drag | None = None
        self.font_hour = theme.ui_font(8)
        self.font_title = theme.ui_font(8.5, bold=True)
        self.font_time = theme.ui_font(8)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(800, 24 * HOUR_H + 1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        view = self.view
        p = QPainter(self)
        clip = event.rect()
        p.fillRect(clip, theme.colors().background)
        days = view.day_list()
        today = view.today()
        if today in days:
            column = days.index(today)
            x0, x1 = view.column_x(column), view.column_x(column + 1)
            p.fillRect(QRect(x0, 0, x1 - x0, self.height()), theme.colors().today_tint)
        # hour lines and labels
        p.setFont(self.font_hour)
        for hour in range(24):
            y = hour * HOUR_H
            if y > clip.bottom() + HOUR_H or y + HOUR_H < clip.top() - HOUR_H:
                continue
            p.setPen(QPen(theme.colors().grid, 1))
            p.drawLine(GUTTER - 6, y, self.width(), y)
            p.setPen(QPen(theme.colors().grid_faint, 1))
            p.drawLine(GUTTER, y + HOUR_H // 2, self.width(), y + HOUR_H // 2)
            if hour:
                p.setPen(theme.colors().text_muted)
                p.drawText(
                    QRect(0, y - 8, GUTTER - 10, 16),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    f"{hour:02d}:00",
                )
        p.setPen(QPen(theme.colors().grid, 1))
        for column in range(view.days + 1):
            x = view.column_x(column)
            p.drawLine(x, 0, x, self.height())
        # events
        fm_title = QFontMetrics(self.font_title)
        fm_time = QFontMetrics(self.font_time)
        dragged = self.drag.block if self.drag and self.drag.active else None
        for blk in view.blocks:
            rect = view.block_rect(blk)
            if not rect.intersects(clip):
                continue
            self._paint_block(p, rect, blk, fm_title, fm_time, faded=blk is dragged)
        if self.drag and self.drag.active:
            blk = self.drag.block
            ghost = Block(blk.occ, self.drag.column, self.drag.top, self.drag.top + blk.bottom - blk.top)
            self._paint_block(p, view.block_rect(ghost), ghost, fm_title, fm_time, faded=False, ghost=True)
        # current time
        if today in days:
            now = view.now().astimezone(view.zone)
            y = round((now.hour * 60 + now.minute) * HOUR_H / 60)
            column = days.index(today)
            x0, x1 = view.column_x(column), view.column_x(column + 1)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(QPen(theme.colors().now_line, 2))
            p.drawLine(x0, y, x1, y)
            p.setBrush(theme.colors().now_line)
            p.drawEllipse(QRectF(x0 - 5, y - 5, 10, 10))
        p.end()

    def _paint_block(
        self, p: QPainter, rect: QRect, blk: Block, fm_title: QFontMetrics, fm_time: QFontMetrics,
        *, faded: bool, ghost: bool = False,
    ) -> None:
        view = self.view
        color = view.color_of(blk.occ)
        fill = theme.soft(color, 0.9 if faded else 0.72)
        p.fillRect(rect, fill)
        p.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), theme.soft(color, 0.5) if faded else color)
        if rect.width() < MIN_TEXT_WIDTH:
            return
        occ = blk.occ
        if ghost:  # the preview while dragging shows where it would land
            times = f"{_hhmm(blk.top)}–{_hhmm(blk.bottom)}"
        else:
            end = occ.end.astimezone(view.zone)  # type: ignore[union-attr]
            times = f"{local_start(occ, view.zone):%H:%M}–{end:%H:%M}"
        title = occ.event.title + (f" {theme.RECURRING_MARK}" if occ.is_recurring else "")
        inner = rect.adjusted(6, 2, -3, -2)
        p.save()
        p.setClipRect(rect)
        p.setPen(theme.colors().text_dim if faded else theme.colors().text)
        p.setFont(self.font_title)
        if rect.height() < 34:  # one line: "title, 14:00"
            text = f"{title}  {times}"
            p.drawText(inner, TOP_LEFT,
                       fm_title.elidedText(text, Qt.TextElideMode.ElideRight, inner.width()))
        else:
            flags = TOP_LEFT_WRAP
            title_h = min(fm_title.height() * 2, max(inner.height() - fm_time.height(), fm_title.height()))
            p.drawText(QRect(inner.left(), inner.top(), inner.width(), title_h), flags, title)
            p.setFont(self.font_time)
            p.setPen(theme.colors().text_muted)
            used = fm_title.boundingRect(QRect(0, 0, inner.width(), title_h), flags, title).height()
            line = times
            if occ.event.location:
                line += f"  {occ.event.location}"
            p.drawText(QRect(inner.left(), inner.top() + used, inner.width(), fm_time.height()),
                       Qt.AlignmentFlag.AlignLeft,
                       fm_time.elidedText(line, Qt.TextElideMode.ElideRight, inner.width()))
        p.restore()

    # -- mouse ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        blk = self.view.block_at(pos)
        day = self.view.first_day() + timedelta(days=self.view.column_at(pos.x()))
        self.view.selected = day
        self.view.day_selected.emit(day)
        if blk is not None:
            grab = self.view.minutes_at(pos.y()) - blk.top
            self.drag = _Drag(blk, pos, grab, column=blk.column, top=blk.top)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        drag = self.drag
        if drag is None:
            return
        pos = event.position().toPoint()
        if not drag.active:
            if (pos - drag.press).manhattanLength() < QApplication.startDragDistance():
                return
            drag.active = True
        minutes = self.view.minutes_at(pos.y()) - drag.grab_minutes
        top = round(minutes / SNAP_MIN) * SNAP_MIN
        length = drag.block.bottom - drag.block.top
        drag.top = min(max(top, 0), 24 * 60 - min(length, 24 * 60 - SNAP_MIN))
        drag.column = self.view.column_at(pos.x())
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        drag, self.drag = self.drag, None
        if drag is None or not drag.active:
            return
        self.update()
        blk = drag.block
        delta = timedelta(days=drag.column - blk.column, minutes=drag.top - blk.top)
        if not delta:
            return
        start = local_start(blk.occ, self.view.zone)
        # wall-clock arithmetic in the view zone: 09:00 stays 09:00 across a DST change
        self.view.move_requested.emit(blk.occ, start + delta)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.drag = None
        pos = event.position().toPoint()
        blk = self.view.block_at(pos)
        if blk is not None:
            self.view.edit_requested.emit(blk.occ)
        else:
            self.view.new_event_requested.emit(self.view.time_at(pos), False)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
