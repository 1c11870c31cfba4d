"""Colours, fonts and style sheets: a light and a dark palette, following the OS by default.

Painting code reads the current palette through ``colors()`` (a frozen dataclass), never
module constants, so a switch (``apply_theme``) repaints in the new colours. The old
constant names (``theme.TEXT``, ``theme.GRID`` …) still resolve, through the module's
``__getattr__``, to the current palette's colour.

``apply_theme(app, mode)`` takes "system" (follow ``QStyleHints.colorScheme`` and its
``colorSchemeChanged`` signal), "light" or "dark". Dark uses the Fusion style with a dark
``QPalette`` (native styles ignore palettes); the window's own style sheets are built from
the palette here (``main_window_style``, ``chat_style``, ``image_bubble_style``). Widgets
that hold style sheets or paint listen to ``notifier().changed``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
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

RECURRING_MARK = "↻"
MODES = ("system", "light", "dark")


@dataclass(frozen=True, slots=True, eq=False)
class Palette:
    """Every colour the window paints or styles with."""

    name: str
    dark: bool
    # painted views
    background: QColor
    grid: QColor
    grid_faint: QColor
    text: QColor
    text_dim: QColor
    text_muted: QColor
    today: QColor
    today_bg: QColor
    today_tint: QColor
    selected_bg: QColor
    outside_bg: QColor
    sunday: QColor
    saturday: QColor
    now_line: QColor
    default_event: QColor
    # widgets (style sheets)
    surface: QColor  # the chat pane
    card: QColor  # bubbles, cards, buttons
    border: QColor
    accent: QColor
    on_accent: QColor
    accent_soft: QColor
    accent_disabled: QColor
    line_text: QColor
    meta_text: QColor
    warning_bg: QColor
    warning_text: QColor
    warning_border: QColor
    error: QColor
    error_text: QColor
    drop_border: QColor
    drop_bg: QColor


def _palette(name: str, dark: bool, **hexes: str) -> Palette:
    return Palette(name=name, dark=dark, **{k: QColor(v) for k, v in hexes.items()})


LIGHT = _palette(
    "light",
    False,
    background="#ffffff",
    grid="#dadce0",
    grid_faint="#eef0f2",
    text="#202124",
    text_dim="#9aa0a6",
    text_muted="#5f6368",
    today="#1a73e8",
    today_bg="#e8f0fe",
    today_tint="#f3f7fe",
    selected_bg="#f1f3f4",
    outside_bg="#fafafa",
    sunday="#d93025",
    saturday="#1a73e8",
    now_line="#ea4335",
    default_event="#4285f4",
    surface="#f8f9fa",
    card="#ffffff",
    border="#dadce0",
    accent="#1a73e8",
    on_accent="#ffffff",
    accent_soft="#e8f0fe",
    accent_disabled="#aecbfa",
    line_text="#3c4043",
    meta_text="#80868b",
    warning_bg="#fef7e0",
    warning_text="#8a4b00",
    warning_border="#f9ab00",
    error="#d93025",
    error_text="#b3261e",
    drop_border="#c4c7c5",
    drop_bg="#fbfbfb",
)

DARK = _palette(
    "dark",
    True,
    background="#202124",
    grid="#3c4043",
    grid_faint="#2c2d30",
    text="#e8eaed",
    text_dim="#80868b",
    text_muted="#9aa0a6",
    today="#8ab4f8",
    today_bg="#2b3446",
    today_tint="#262b35",
    selected_bg="#303134",
    outside_bg="#1b1c1e",
    sunday="#f28b82",
    saturday="#8ab4f8",
    now_line="#f28b82",
    default_event="#4285f4",
    surface="#292a2d",
    card="#303134",
    border="#5f6368",
    accent="#8ab4f8",
    on_accent="#202124",
    accent_soft="#394457",
    accent_disabled="#3c4a61",
    line_text="#bdc1c6",
    meta_text="#9aa0a6",
    warning_bg="#3d3214",
    warning_text="#fdd663",
    warning_border="#a8791b",
    error="#f28b82",
    error_text="#f6aea9",
    drop_border="#5f6368",
    drop_bg="#242528",
)

_current: Palette = LIGHT

# The old module constants, now the current palette's colours (theme.TEXT, theme.GRID …).
_LEGACY = {f.name.upper(): f.name for f in fields(Palette) if f.name not in ("name", "dark")}


def __getattr__(name: str) -> QColor:
    attribute = _LEGACY.get(name)
    if attribute is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    color: QColor = getattr(_current, attribute)
    return color


def colors() -> Palette:
    """The palette in use now (read it when painting, not once at import)."""
    return _current


def is_dark() -> bool:
    return _current.dark


class _Notifier(QObject):
    changed = Signal()


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    """``notifier().changed`` is emitted after the palette switched."""
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


# -- switching ---------------------------------------------------------------------------


class _State:
    mode = "system"
    connected = False
    base_style: str | None = None
    base_palette: QPalette | None = None
    styled_dark = False


def current_mode() -> str:
    return _State.mode


def apply_theme(app: QApplication, mode: str = "system") -> Palette:
    """Use ``mode`` ("system", "light" or "dark") now and, for "system", on every OS change."""
    _State.mode = mode if mode in MODES else "system"
    hints = app.styleHints()
    if not _State.connected:
        hints.colorSchemeChanged.connect(_scheme_changed)
        _State.connected = True
    if _State.mode == "system":
        dark = hints.colorScheme() == Qt.ColorScheme.Dark
    else:
        dark = _State.mode == "dark"
    return _use(app, dark)


def _scheme_changed(scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if _State.mode == "system" and isinstance(app, QApplication):
        _use(app, scheme == Qt.ColorScheme.Dark)


def _use(app: QApplication, dark: bool) -> Palette:
    global _current
    if _State.base_style is None:
        _State.base_style = app.style().name()
        _State.base_palette = QPalette(app.palette())
    if dark:
        app.setStyle("Fusion")  # native styles (GTK, Windows) ignore a dark palette
        app.setPalette(dark_qpalette())
        _State.styled_dark = True
    elif _State.styled_dark:  # back from dark: the style and palette the app started with
        app.setStyle(_State.base_style)
        if _State.base_palette is not None:
            app.setPalette(_State.base_palette)
        _State.styled_dark = False
    _current = DARK if dark else LIGHT
    notifier().changed.emit()
    for widget in app.allWidgets():
        widget.update()
    return _current


def dark_qpalette() -> QPalette:
    """Fusion's widgets in the dark palette's colours."""
    c = DARK
    pal = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    pal.setColor(role.Window, c.surface)
    pal.setColor(role.WindowText, c.text)
    pal.setColor(role.Base, c.background)
    pal.setColor(role.AlternateBase, c.card)
    pal.setColor(role.ToolTipBase, c.card)
    pal.setColor(role.ToolTipText, c.text)
    pal.setColor(role.PlaceholderText, c.text_dim)
    pal.setColor(role.Text, c.text)
    pal.setColor(role.Button, c.card)
    pal.setColor(role.ButtonText, c.text)
    pal.setColor(role.BrightText, QColor("#ffffff"))
    pal.setColor(role.Light, QColor("#4a4d51"))
    pal.setColor(role.Midlight, QColor("#3c4043"))
    pal.setColor(role.Mid, QColor("#2d2f31"))
    pal.setColor(role.Dark, QColor("#17181a"))
    pal.setColor(role.Shadow, QColor("#000000"))
    pal.setColor(role.Highlight, c.accent)
    pal.setColor(role.HighlightedText, c.on_accent)
    pal.setColor(role.Link, c.accent)
    pal.setColor(role.LinkVisited, QColor("#c58af9"))
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(group.Disabled, r, c.text_dim)
    return pal


# -- style sheets --------------------------------------------------------------------------


def main_window_style(c: Palette | None = None) -> str:
    c = c or _current
    return f"""
QMainWindow {{ background: {c.background.name()}; }}
QToolBar {{ border: none; border-bottom: 1px solid {c.grid.name()}; padding: 4px 8px;
           spacing: 6px; background: {c.background.name()}; }}
QToolBar QToolButton {{ padding: 4px 10px; border: 1px solid {c.border.name()};
                       border-radius: 4px; background: {c.card.name()};
                       color: {c.text.name()}; }}
QToolBar QToolButton:checked {{ background: {c.accent_soft.name()};
                               border-color: {c.accent.name()}; color: {c.accent.name()}; }}
QToolBar QToolButton#newEvent {{ background: {c.accent.name()}; color: {c.on_accent.name()};
                                border-color: {c.accent.name()}; }}
QLabel#periodTitle {{ font-size: 15pt; padding: 0 12px; color: {c.text.name()}; }}
QFrame#dropArea {{ border: 2px dashed {c.drop_border.name()}; border-radius: 6px;
                  background: {c.drop_bg.name()}; }}
QLabel#dropNotice {{ color: {c.meta_text.name()}; }}
"""


def chat_style(c: Palette | None = None) -> str:
    c = c or _current
    return f"""
QFrame#chatPane {{ background: {c.surface.name()}; border: 1px solid {c.border.name()};
                  border-radius: 6px; }}
QLabel#paneTitle {{ font-weight: bold; font-size: 11pt; color: {c.text.name()}; }}
QScrollArea#chatMessages {{ background: transparent; border: none; }}
QWidget#chatMessagesInner {{ background: transparent; }}
QFrame#userBubble {{ background: {c.accent.name()}; border-radius: 10px; }}
QFrame#userBubble QLabel {{ color: {c.on_accent.name()}; }}
QFrame#assistantBubble {{ background: {c.card.name()}; border: 1px solid {c.border.name()};
                         border-radius: 10px; }}
QFrame#assistantBubble QLabel {{ color: {c.text.name()}; }}
QFrame#assistantBubble[error="true"] {{ border-color: {c.error.name()}; }}
QFrame#assistantBubble[error="true"] QLabel#bubbleText {{ color: {c.error_text.name()}; }}
QLabel#bubbleMeta {{ color: {c.meta_text.name()}; font-size: 8pt; }}
QFrame#proposalCard {{ background: {c.card.name()}; border: 1px solid {c.accent.name()};
                      border-radius: 8px; }}
QLabel#cardHeading {{ color: {c.accent.name()}; font-weight: bold; font-size: 9pt; }}
QLabel#cardTitle {{ font-weight: bold; color: {c.text.name()}; }}
QLabel#cardLine {{ color: {c.line_text.name()}; }}
QLabel#cardWarning {{ background: {c.warning_bg.name()}; color: {c.warning_text.name()};
                     border: 1px solid {c.warning_border.name()}; border-radius: 4px;
                     padding: 3px 6px; }}
QPushButton#cardSave {{ background: {c.accent.name()}; color: {c.on_accent.name()};
                       border: 1px solid {c.accent.name()}; border-radius: 4px;
                       padding: 4px 12px; }}
QPushButton#cardSave:disabled {{ background: {c.accent_disabled.name()};
                                border-color: {c.accent_disabled.name()}; }}
QPushButton#cardEdit, QPushButton#cardCancel, QPushButton#choiceButton {{
    background: {c.card.name()}; color: {c.text.name()}; border: 1px solid {c.border.name()};
    border-radius: 4px; padding: 4px 12px; }}
QPushButton#choiceButton {{ text-align: left; }}
"""


def image_bubble_style(c: Palette | None = None) -> str:
    c = c or _current
    return f"""
QFrame#imageBubble {{ background: {c.accent_soft.name()}; border: 1px solid {c.accent.name()};
                     border-radius: 10px; }}
QLabel#imageThumb {{ background: {c.card.name()}; border: 1px solid {c.border.name()};
                    color: {c.meta_text.name()}; }}
QLabel#imageName {{ color: {c.text.name()}; font-weight: bold; }}
QLabel#imageStatus {{ color: {c.line_text.name()}; }}
QFrame#imageBubble[state="failed"] {{ border-color: {c.error.name()}; }}
QFrame#imageBubble[state="cancelled"] {{ border-color: {c.text_dim.name()}; }}
QPushButton#imageCancel {{ background: {c.card.name()}; color: {c.text.name()};
                          border: 1px solid {c.border.name()}; border-radius: 4px;
                          padding: 3px 10px; }}
QProgressBar#imageProgress {{ max-height: 6px; border: none; background: {c.accent_soft.name()};
                             border-radius: 3px; }}
QProgressBar#imageProgress::chunk {{ background: {c.accent.name()}; border-radius: 3px; }}
"""


def error_style(c: Palette | None = None) -> str:
    return f"color: {(c or _current).error_text.name()};"


# -- fonts and derived colours -------------------------------------------------------------


def ui_font(point_size: float | None = None, *, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setFamilies(FONT_FAMILIES)
    if point_size is not None:
        font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def event_color(hex_color: str | None) -> QColor:
    color = QColor(hex_color or "")
    return color if color.isValid() else QColor(_current.default_event)


def soft(color: QColor, amount: float = 0.78) -> QColor:
    """The colour mixed with the background (white, or dark grey in dark mode): a fill that
    keeps the palette's text readable."""
    return QColor(_soft_rgb(color.rgb(), amount, _current.background.rgb()))


@lru_cache(maxsize=1024)
def _soft_rgb(rgb: int, amount: float, base: int) -> int:
    r, g, b = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    br, bg, bb = (base >> 16) & 0xFF, (base >> 8) & 0xFF, base & 0xFF
    r = round(r + (br - r) * amount)
    g = round(g + (bg - g) * amount)
    b = round(b + (bb - b) * amount)
    return 0xFF000000 | (r << 16) | (g << 8) | b


def text_on(color: QColor) -> QColor:
    """Black or white, whichever reads better on ``color``."""
    luminance = 0.299 * color.red() + 0.587 * color.green() + 0.114 * color.blue()
    return QColor("#202124") if luminance > 160 else QColor("#ffffff")


def system_is_dark() -> bool:
    """What the OS asks for now (Unknown counts as light)."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
