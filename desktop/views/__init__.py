"""Calendar views painted with QPainter (month, week/day time grid) and a virtualized agenda."""

from desktop.views.agenda import AgendaView
from desktop.views.base import CalendarView
from desktop.views.month import MonthView
from desktop.views.timegrid import TimeGridView

__all__ = ["AgendaView", "CalendarView", "MonthView", "TimeGridView"]
