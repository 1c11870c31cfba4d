"""Application start: QApplication, fonts, translations, the store and the qasync loop."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from core.errors import StoreError
from core.settings import Settings
from core.store import Store
from desktop import i18n, theme

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists, as in tests), with name, font, translation."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("iljeong")
    app.setApplicationDisplayName("일정 iljeong")
    app.setOrganizationName("iljeong")
    app.setDesktopFileName("iljeong")
    font = QFont(app.font())
    font.setFamilies(theme.FONT_FAMILIES)  # Hangul through fontconfig (fonts-nanum / noto-cjk)
    app.setFont(font)
    if not hasattr(app, "_iljeong_translator"):
        app._iljeong_translator = i18n.install_translator(app)  # type: ignore[attr-defined]
    return app


def _report_store_error(exc: StoreError) -> None:
    sys.stderr.write(f"iljeong: {exc}\n")
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.critical(None, "iljeong", str(exc))


def run_app(data_dir: Path) -> int:
    """Open the store in ``data_dir``, show the main window and run until it closes."""
    import qasync

    from desktop.main_window import MainWindow

    app = make_application()
    try:
        store = Store.open(data_dir)
    except StoreError as exc:
        _report_store_error(exc)
        return 2
    try:
        window = MainWindow(store, Settings.from_env())
        window.show()
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        closed = asyncio.Event()
        app.aboutToQuit.connect(closed.set)
        with loop:
            loop.run_until_complete(closed.wait())
        return 0
    finally:
        store.close()
