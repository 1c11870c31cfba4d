"""Dark mode: apply_theme switches the app palette, the window's style sheets and the
painted views; "system" follows the OS colour scheme signal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop import theme
from desktop.main_window import MainWindow


@pytest.fixture
def app() -> Iterator[QApplication]:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    yield instance
    theme.apply_theme(instance, "light")
    theme.apply_theme(instance, "system")  # offscreen reports no scheme: light


def pixel(widget: QWidget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def dark(color: QColor) -> bool:
    return color.lightness() < 70


def test_dark_then_light(qtbot: QtBot, window: MainWindow, app: QApplication) -> None:
    month = window.views["month"]
    assert not dark(pixel(month, 5, 60))  # a cell's background, light to begin with

    theme.apply_theme(app, "dark")
    assert theme.is_dark() and theme.colors() is theme.DARK
    assert dark(app.palette().color(QPalette.ColorRole.Window))
    assert app.style().name().lower() == "fusion"
    assert pixel(month, 5, 60) in (theme.DARK.background, theme.DARK.outside_bg)
    assert "#202124" in window.styleSheet()  # the dark window background
    assert theme.DARK.surface.name() in window.chat_pane.styleSheet()
    window.show_view("week")
    canvas = window.views["week"].canvas
    assert dark(pixel(canvas, canvas.width() - 30, 30))
    assert theme.DARK.text == theme.TEXT  # the old constant names follow the palette

    theme.apply_theme(app, "light")
    assert not theme.is_dark()
    assert not dark(app.palette().color(QPalette.ColorRole.Window))
    assert pixel(canvas, canvas.width() - 30, 30) in (QColor("#ffffff"), theme.LIGHT.today_tint)
    assert "#ffffff" in window.styleSheet()


def test_system_follows_the_os_scheme(window: MainWindow, app: QApplication) -> None:
    theme.apply_theme(app, "system")
    assert theme.current_mode() == "system"
    hints = app.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # what the platform sends on a change
    assert theme.is_dark()
    assert dark(pixel(window.views["month"], 5, 60))
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not theme.is_dark()
    # a fixed choice ignores the OS
    theme.apply_theme(app, "light")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not theme.is_dark()


def test_soft_fills_mix_with_the_background(app: QApplication) -> None:
    blue = QColor("#1a73e8")
    theme.apply_theme(app, "light")
    light_fill = theme.soft(blue, 0.72)
    theme.apply_theme(app, "dark")
    dark_fill = theme.soft(blue, 0.72)
    assert light_fill.lightness() > 200 and dark_fill.lightness() < 80
    assert theme.event_color(None) == theme.DARK.default_event
    assert theme.event_color("#0b8043") == QColor("#0b8043")
