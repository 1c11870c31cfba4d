"""Colours and fonts shared by the painted views."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

# Families tried in order; fontconfig falls back further for glyphs a family lacks.
FONT_FAMILIES = [
    "Noto Sans CJK KR",
    "NanumGothic",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "DejaVu Sans",
    "sans-serif",
]

GRID = QColor("#dadce0")
GRID_FAINT = QColor("#eef0f2")
TEXT = QColor("#202124")
TEXT_DIM = QColor("#9aa0a6")
TEXT_MUTED = QColor("#5f6368")
TODAY = QColor("#1a73e8")
TODAY_BG = QColor("#e8f0fe")
SELECTED_BG = QColor("#f1f3f4")
OUTSIDE_BG = QColor("#fafafa")
SUNDAY = QColor("#d93025")
SATURDAY = QColor("#1a73e8")
NOW_LINE = QColor("#ea4335")
BACKGROUND = QColor("#ffffff")
DEFAULT_EVENT = QColor("#4285f4")

RECURRING_MARK = "↻"


def ui_font(point_size: float | None = None, *, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setFamilies(FONT_FAMILIES)
    if point_size is not None:
        font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def event_color(hex_color: str | None) -> QColor:
    color = QColor(hex_color or "")
    return color if color.isValid() else QColor(DEFAULT_EVENT)


def soft(color: QColor, amount: float = 0.78) -> QColor:
    """The colour mixed with white: a light fill that keeps dark text readable."""
    return QColor(_soft_rgb(color.rgb(), amount))


@lru_cache(maxsize=512)
def _soft_rgb(rgb: int, amount: float) -> int:
    r, g, b = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    r = round(r + (255 - r) * amount)
    g = round(g + (255 - g) * amount)
    b = round(b + (255 - b) * amount)
    return 0xFF000000 | (r << 16) | (g << 8) | b


def text_on(color: QColor) -> QColor:
    """Black or white, whichever reads better on ``color``."""
    luminance = 0.299 * color.red() + 0.587 * color.green() + 0.114 * color.blue()
    return QColor("#202124") if luminance > 160 else QColor("#ffffff")
