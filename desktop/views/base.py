"""The common part of every calendar view: range, store query, colours, signals.

A view asks the store only for its visible range, and only when the range or the data
changes (``reload``); painting reads the buckets computed then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from core.model import Occurrence
from core.store import Store
from desktop import theme

Clock = Callable[[], datetime]


def day_start(d: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(d, time(0), zone)


def local_span(occ: Occurrence, zone: ZoneInfo) -> tuple[date, date]:
    """First and last (inclusive) day on which ``occ`` shows in ``zone``."""
    if occ.all_day:
        first: date = occ.start  # type: ignore[assignment]
        end: date = occ.end  # type: ignore[assignment]
        return first, max(first, end - timedelta(days=1))
    start = occ.start.astimezone(zone)  # type: ignore[union-attr]
    end_dt = occ.end.astimezone(zone)  # type: ignore[union-attr]
    last = end_dt.date()
    if end_dt > start and end_dt.time() == time(0):
        last -= timedelta(days=1)  # ends at midnight: not shown on the next day
    return start.date(), max(start.date(), last)


def local_start(occ: Occurrence, zone: ZoneInfo) -> datetime:
    return occ.start.astimezone(zone)  # type: ignore[union-attr]


def local_end(occ: Occurrence, zone: ZoneInfo) -> datetime:
    return occ.end.astimezone(zone)  # type: ignore[union-attr]


def is_long(occ: Occurrence, zone: ZoneInfo) -> bool:
    """All-day or lasting 24 h or more: shown as a bar (month) or in the all-day strip."""
    if occ.all_day:
        return True
    return (occ.end - occ.start) >= timedelta(hours=24)  # type: ignore[operator]


@dataclass(frozen=True, slots=True)
class Span:
    """A bar over columns ``first``..``last`` (inclusive) of one row, in ``lane``."""

    occ: Occurrence
    first: int
    last: int
    lane: int
    cut_left: bool  # the event began before this row
    cut_right: bool  # and goes on after it


def assign_lanes(
    items: Iterable[tuple[Occurrence, int, int, bool, bool]], columns: int
) -> tuple[list[Span], list[set[int]]]:
    """Greedy lane packing of bars (longest first), as Google/Outlook month views do.

    Returns the spans and, per column, the set of lanes taken.
    """
    ordered = sorted(items, key=lambda it: (it[1], -(it[2] - it[1]), it[0].event.title))
    taken: list[set[int]] = [set() for _ in range(columns)]
    spans: list[Span] = []
    for occ, first, last, cut_left, cut_right in ordered:
        lane = 0
        while any(lane in taken[c] for c in range(first, last + 1)):
            lane += 1
        for c in range(first, last + 1):
            taken[c].add(lane)
        spans.append(Span(occ, first, last, lane, cut_left, cut_right))
    return spans, taken


@dataclass(frozen=True, slots=True)
class Block:
    """A timed event's piece on one day column, in minutes from midnight."""

    occ: Occurrence
    column: int
    top: int
    bottom: int
    lane: int = 0
    lanes: int = 1


def pack_columns(blocks: Sequence[Block]) -> list[Block]:
    """Side-by-side layout of overlapping blocks of one day column."""
    ordered = sorted(blocks, key=lambda b: (b.top, -b.bottom, b.occ.event.title))
    result: list[Block] = []
    cluster: list[tuple[Block, int]] = []
    lane_ends: list[int] = []
    cluster_end = -1

    def flush() -> None:
        lanes = len(lane_ends)
        for blk, lane in cluster:
            result.append(
                Block(blk.occ, blk.column, blk.top, blk.bottom, lane=lane, lanes=lanes)
            )

    for blk in ordered:
        if cluster and blk.top >= cluster_end:
            flush()
            cluster, lane_ends, cluster_end = [], [], -1
        for lane, end in enumerate(lane_ends):
            if end <= blk.top:
                lane_ends[lane] = blk.bottom
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(blk.bottom)
        cluster.append((blk, lane))
        cluster_end = max(cluster_end, blk.bottom)
    if cluster:
        flush()
    return result


class CalendarView(QWidget):
    """Base of the views. Subclasses define the range, the layout and the painting."""

    edit_requested = Signal(object)  # Occurrence
    new_event_requested = Signal(object, bool)  # datetime | date, all_day
    move_requested = Signal(object, object)  # Occurrence, new start (datetime | date)
    day_selected = Signal(object)  # date
    day_activated = Signal(object)  # date: "show me this day"

    def __init__(
        self, store: Store, zone: ZoneInfo, now: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.zone = zone
        self.now = now
        self.anchor: date = now().astimezone(zone).date()
        self.selected: date = self.anchor
        self.occurrences: list[Occurrence] = []
        #: Calendars whose events are left out (the "calendars shown" setting).
        self.hidden_calendars: frozenset[str] = frozenset()
        self._colors: dict[str, QColor] = {}
        self.query_count = 0  # how often the store was asked (tests, bench)

    # -- language ------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Texts in the current language; painted titles and weekday names follow the
        default QLocale (desktop/i18n.py) at the next paint."""
        self.update()

    # -- range ---------------------------------------------------------------------------

    def visible_days(self) -> tuple[date, date]:
        """First day shown and the day after the last one."""
        raise NotImplementedError

    def period_title(self) -> str:
        raise NotImplementedError

    def shifted(self, steps: int) -> date:
        """The anchor ``steps`` periods away (negative: back)."""
        raise NotImplementedError

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    def set_anchor(self, anchor: date) -> None:
        old = self.visible_days()
        self.anchor = anchor
        self.selected = anchor
        if self.visible_days() != old or not self.query_count:
            self.reload()
        else:
            self.update()

    # -- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Query the store for the visible range and rebuild the layout."""
        first, after = self.visible_days()
        self.occurrences = self.store.occurrences(
            day_start(first, self.zone), day_start(after, self.zone), view_zone=self.zone
        )
        if self.hidden_calendars:
            hidden = self.hidden_calendars
            self.occurrences = [o for o in self.occurrences if o.event.calendar_id not in hidden]
        self.query_count += 1
        self._colors = {c.id: theme.event_color(c.color) for c in self.store.calendars()}
        self.rebuild()
        self.update()

    def rebuild(self) -> None:
        """Recompute buckets/layout from ``self.occurrences``."""

    def color_of(self, occ: Occurrence) -> QColor:
        return self._colors.get(occ.event.calendar_id) or QColor(theme.colors().default_event)
