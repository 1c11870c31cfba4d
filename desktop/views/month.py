"""Month view: a 6×7 grid, Sunday first (as Korean wall calendars are).

Long events (all-day, or 24 h and more) are bars across days, packed into lanes per week;
other timed events are "14:00 title" lines in the free lanes of their day. A day whose
items do not fit shows "+N more". Buckets are built in ``rebuild`` (once per data or
range change), never while painting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.model import Occurrence
from desktop import i18n, theme
from desktop.views.base import CalendarView, Clock, assign_lanes, local_span, local_start
from desktop.views.holiday_marks import holiday_name

LEFT_MIDDLE = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
ROWS = 6
COLS = 7
HEADER_H = 26
DAY_LABEL_H = 22
LINE_H = 19


@dataclass(slots=True)
class DayCell:
    """What one day shows: lane → (occurrence, is_bar), plus every occurrence of the day."""

    day: date
    lanes: dict[int, tuple[Occurrence, bool]] = field(default_factory=dict)
    occurrences: list[Occurrence] = field(default_factory=list)


def grid_start(anchor: date) -> date:
    first = anchor.replace(day=1)
    return first - timedelta(days=(first.weekday() + 1) % 7)  # back to Sunday


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class MonthView(CalendarView):
    def __init__(self, store, zone: ZoneInfo, now: Clock, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(store, zone, now, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)
        self.cells: dict[date, DayCell] = {}
        self._bars: list[tuple[int, object]] = []
        self._labels: dict[int, str] = {}
        self._hits: list[tuple[QRect, Occurrence]] = []
        # Elided labels by (text, width): a repaint (hover, expose) reuses them; a data
        # change or resize starts afresh.
        self._elided: dict[tuple[str, int], str] = {}
        self._more: list[tuple[QRect, date]] = []
        self.font_small = theme.ui_font(8.5)
        self.font_day = theme.ui_font(9)
        self.font_day_bold = theme.ui_font(9, bold=True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Month view"))
        self.setAccessibleDescription(
            self.tr("Arrow keys or Page Up/Down change the month; double-click adds an event")
        )
        self.update()

    # -- range ---------------------------------------------------------------------------

    def visible_days(self) -> tuple[date, date]:
        first = grid_start(self.anchor)
        return first, first + timedelta(days=ROWS * COLS)

    def period_title(self) -> str:
        return i18n.month_title(self.anchor)

    def shifted(self, steps: int) -> date:
        moved = add_months(self.anchor, steps)
        return moved  # the first of the month: a neutral selection

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(7 * 120, HEADER_H + 6 * 110)

    # -- data ----------------------------------------------------------------------------

    def rebuild(self) -> None:
        # Hot path (thousands of occurrences): plain loops, no per-day helper calls.
        self._elided.clear()
        first, after = self.visible_days()
        one_day = timedelta(days=1)
        last_day = after - one_day
        days = [first + timedelta(days=i) for i in range(ROWS * COLS)]
        cells = self.cells = {d: DayCell(d) for d in days}
        self._labels: dict[int, str] = {}
        zone = self.zone
        bars_by_week: list[list[tuple[Occurrence, int, int, bool, bool]]] = [[] for _ in range(ROWS)]
        singles: list[tuple[date, Occurrence]] = []
        for occ in self.occurrences:
            if occ.event.all_day:
                a: date = occ.start  # type: ignore[assignment]
                b: date = occ.end - one_day  # type: ignore[operator]
                if b < a:
                    b = a
                long_event = True
            else:
                s_dt = occ.start.astimezone(zone)  # type: ignore[union-attr]
                e_dt = occ.end.astimezone(zone)  # type: ignore[union-attr]
                a, b = s_dt.date(), e_dt.date()
                if b != a and e_dt.hour == 0 and e_dt.minute == 0 and e_dt > s_dt:
                    b -= one_day  # ends at midnight: not shown on the next day
                long_event = b != a
            lo = a if a > first else first
            hi = b if b < last_day else last_day
            if lo > hi:
                continue
            if lo == hi and not long_event:
                cells[lo].occurrences.append(occ)
                singles.append((lo, occ))
                continue
            d = lo
            while d <= hi:
                cells[d].occurrences.append(occ)
                d += one_day
            week = (lo - first).days // 7
            last_week = (hi - first).days // 7
            for w in range(week, last_week + 1):
                row_first = first + timedelta(days=7 * w)
                c0 = max((lo - row_first).days, 0)
                c1 = min((hi - row_first).days, 6)
                bars_by_week[w].append(
                    (occ, c0, c1, a < row_first + timedelta(days=c0), b > row_first + timedelta(days=c1))
                )
        self._bars = []
        for w, items in enumerate(bars_by_week):
            spans, _taken = assign_lanes(items, COLS)
            row_first = first + timedelta(days=7 * w)
            for span in spans:
                self._bars.append((w, span))
                for c in range(span.first, span.last + 1):
                    cells[row_first + timedelta(days=c)].lanes[span.lane] = (span.occ, True)
        next_free: dict[date, int] = {}
        for d, occ in singles:  # occurrences arrive sorted, so lines keep time order
            lanes = cells[d].lanes
            lane = next_free.get(d, 0)
            while lane in lanes:
                lane += 1
            lanes[lane] = (occ, False)
            next_free[d] = lane + 1

    def _line_text(self, occ: Occurrence) -> str:
        """ "14:00 title ↻", built once per occurrence per rebuild (strftime is slow)."""
        key = id(occ)
        text = self._labels.get(key)
        if text is None:
            start = local_start(occ, self.zone)
            text = f"{start.hour:02d}:{start.minute:02d} {self._label(occ)}"
            self._labels[key] = text
        return text

    def occurrences_on(self, day: date) -> list[Occurrence]:
        """Every occurrence shown on ``day`` (empty if the day is not in the grid)."""
        cell = self.cells.get(day)
        return list(cell.occurrences) if cell else []

    # -- geometry ------------------------------------------------------------------------

    def _cell_size(self) -> tuple[float, float]:
        return self.width() / COLS, (self.height() - HEADER_H) / ROWS

    def cell_rect(self, day: date) -> QRect:
        first, _ = self.visible_days()
        index = (day - first).days
        cw, ch = self._cell_size()
        row, col = divmod(index, COLS)
        x0, x1 = round(col * cw), round((col + 1) * cw)
        y0, y1 = round(HEADER_H + row * ch), round(HEADER_H + (row + 1) * ch)
        return QRect(x0, y0, x1 - x0, y1 - y0)

    def day_at(self, pos: QPoint) -> date | None:
        if pos.y() < HEADER_H or pos.x() < 0 or pos.x() >= self.width():
            return None
        cw, ch = self._cell_size()
        col = min(int(pos.x() / cw), COLS - 1)
        row = min(int((pos.y() - HEADER_H) / ch), ROWS - 1)
        return self.visible_days()[0] + timedelta(days=row * COLS + col)

    def occurrence_at(self, pos: QPoint) -> Occurrence | None:
        for rect, occ in reversed(self._hits):
            if rect.contains(pos):
                return occ
        return None

    def visible_lanes(self) -> int:
        _, ch = self._cell_size()
        return max(int((ch - DAY_LABEL_H - 2) // LINE_H), 1)

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillRect(self.rect(), theme.colors().background)
        self._hits = []
        self._more = []
        first, _ = self.visible_days()
        today = self.today()
        korean = i18n.is_korean()
        cw, ch = self._cell_size()
        # weekday header, Sunday first
        p.setFont(self.font_day)
        for col in range(COLS):
            weekday = (col + 6) % 7  # col 0 = Sunday = weekday 6
            p.setPen(theme.colors().sunday if col == 0 else theme.colors().saturday if col == 6 else theme.colors().text_muted)
            rect = QRect(round(col * cw), 0, round(cw), HEADER_H)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, i18n.weekday_name(weekday, korean))
        lanes_fit = self.visible_lanes()
        fm_small = QFontMetrics(self.font_small)
        for index in range(ROWS * COLS):
            day = first + timedelta(days=index)
            rect = self.cell_rect(day)
            outside = day.month != self.anchor.month
            if day == self.selected and not outside:
                p.fillRect(rect, theme.colors().selected_bg)
            elif outside:
                p.fillRect(rect, theme.colors().outside_bg)
            self._paint_day_label(p, rect, day, today, outside)
            cell = self.cells.get(day)
            if not cell or not cell.lanes:
                continue
            top_lane = max(cell.lanes) + 1
            shown = lanes_fit if top_lane <= lanes_fit else lanes_fit - 1
            for lane, (occ, is_bar) in cell.lanes.items():
                if lane >= shown:
                    continue
                y = rect.top() + DAY_LABEL_H + lane * LINE_H
                item = QRect(rect.left() + 2, y, rect.width() - 4, LINE_H - 2)
                if is_bar:
                    self._paint_bar_piece(p, item, rect, occ, day, fm_small, outside)
                else:
                    self._paint_line(p, item, occ, fm_small, outside)
                self._hits.append((item, occ))
            hidden = sum(1 for lane in cell.lanes if lane >= shown)
            if hidden:
                y = rect.top() + DAY_LABEL_H + shown * LINE_H
                more = QRect(rect.left() + 4, y, rect.width() - 8, LINE_H - 2)
                p.setFont(self.font_small)
                p.setPen(theme.colors().text_muted)
                text = self.tr("+%n more", "", hidden)
                p.drawText(more, LEFT_MIDDLE, text)
                self._more.append((more, day))
        # grid lines last, so fills never cover them
        p.setPen(QPen(theme.colors().grid, 1))
        for col in range(1, COLS):
            x = round(col * cw)
            p.drawLine(x, HEADER_H, x, self.height())
        for row in range(ROWS):
            y = round(HEADER_H + row * ch)
            p.drawLine(0, y, self.width(), y)
        p.end()

    def _paint_day_label(self, p: QPainter, rect: QRect, day: date, today: date, outside: bool) -> None:
        holiday = holiday_name(self, day)
        label = str(day.day)
        if day.day == 1 and not i18n.is_korean():
            label = f"{i18n.EN_MONTHS[day.month - 1][:3]} {day.day}"
        elif day.day == 1:
            label = f"{day.month}월 {day.day}일"
        label_rect = QRect(rect.left() + 4, rect.top() + 2, rect.width() - 8, DAY_LABEL_H - 4)
        if holiday:  # the holiday's name at the right of the label row, in the Sunday colour
            p.setFont(self.font_small)
            p.setPen(theme.colors().text_dim if outside else theme.colors().sunday)
            left = QFontMetrics(self.font_day_bold).horizontalAdvance(label) + 16
            name_rect = QRect(rect.left() + left, rect.top() + 2, rect.width() - left - 4, DAY_LABEL_H - 4)
            elided = QFontMetrics(self.font_small).elidedText(
                holiday, Qt.TextElideMode.ElideRight, name_rect.width()
            )
            p.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, elided)
        if day == today:
            p.setFont(self.font_day_bold)
            width = max(QFontMetrics(self.font_day_bold).horizontalAdvance(label) + 10, DAY_LABEL_H - 4)
            badge = QRectF(label_rect.left() - 1, label_rect.top(), width, DAY_LABEL_H - 4)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.colors().today)
            p.drawRoundedRect(badge, 9, 9)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            p.setPen(theme.colors().background)
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
            return
        p.setFont(self.font_day)
        col = (day.weekday() + 1) % 7
        color = theme.colors().sunday if col == 0 else theme.colors().saturday if col == 6 else theme.colors().text
        if holiday:
            color = theme.colors().sunday
        if outside:
            color = theme.colors().text_dim
        p.setPen(color)
        p.drawText(label_rect, LEFT_MIDDLE, label)

    def _label(self, occ: Occurrence) -> str:
        return f"{occ.event.title} {theme.RECURRING_MARK}" if occ.is_recurring else occ.event.title

    def _paint_bar_piece(
        self, p: QPainter, item: QRect, cell: QRect, occ: Occurrence, day: date,
        fm: QFontMetrics, outside: bool,
    ) -> None:
        first_day, last_day = local_span(occ, self.zone)
        starts_here = day == first_day or (day.weekday() == 6)  # Sunday begins a row
        ends_here = day == last_day or day.weekday() == 5
        left = item.left() if starts_here else cell.left()
        right = item.right() if ends_here else cell.right() + 1
        piece = QRect(left, item.top(), right - left + 1, item.height())
        color = self.color_of(occ)
        if outside:
            color = theme.soft(color, 0.35)
        p.fillRect(piece, color)
        if starts_here:
            p.setFont(self.font_small)
            p.setPen(theme.text_on(color))
            days_left = min((last_day - day).days, 6 - (day.weekday() + 1) % 7)
            width = round(self._cell_size()[0] * (days_left + 1)) - 10
            text_rect = QRect(piece.left() + 5, piece.top(), max(width, 10), piece.height())
            p.save()
            p.setClipRect(QRect(piece.left(), piece.top(), width + 8, piece.height()))
            p.drawText(
                text_rect, LEFT_MIDDLE,
                self._elide(fm, self._label(occ), text_rect.width()),
            )
            p.restore()

    def _paint_line(self, p: QPainter, item: QRect, occ: Occurrence, fm: QFontMetrics, outside: bool) -> None:
        color = self.color_of(occ)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(theme.soft(color, 0.5) if outside else color)
        p.drawEllipse(QRectF(item.left() + 3, item.center().y() - 2.5, 6, 6))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setFont(self.font_small)
        p.setPen(theme.colors().text_dim if outside else theme.colors().text)
        text = self._line_text(occ)
        rect = item.adjusted(13, 0, 0, 0)
        p.drawText(
            rect, LEFT_MIDDLE,
            self._elide(fm, text, rect.width()),
        )

    def _elide(self, fm: QFontMetrics, text: str, width: int) -> str:
        key = (text, width)
        found = self._elided.get(key)
        if found is None:
            if len(self._elided) > 5000:
                self._elided.clear()
            found = self._elided[key] = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return found

    # -- mouse ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position().toPoint()
        for rect, day in self._more:
            if rect.contains(pos):
                self.day_activated.emit(day)
                return None
        day = self.day_at(pos)
        if day is not None:
            self.selected = day
            self.day_selected.emit(day)
            self.update()
        return None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mouseDoubleClickEvent(event)
        pos = event.position().toPoint()
        occ = self.occurrence_at(pos)
        if occ is not None:
            self.edit_requested.emit(occ)
            return None
        day = self.day_at(pos)
        if day is not None:
            self.new_event_requested.emit(day, False)
        return None
