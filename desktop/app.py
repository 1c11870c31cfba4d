"""Application start: QApplication, fonts, translations, the store and the qasync loop."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from core import logs
from core.config import ConfigError
from core.errors import StoreError
from core.settings import Settings
from core.store import Store
from desktop import i18n, theme

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

log = logging.getLogger(__name__)


def make_application(
    argv: list[str] | None = None, settings: Settings | None = None
) -> QApplication:
    """The QApplication (reused when one exists, as in tests), with name, font, language and
    colours. The language and theme settings are applied on the first call, and again
    whenever ``settings`` are given."""
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
    if app.windowIcon().isNull():
        from desktop.tray import app_icon

        app.setWindowIcon(app_icon())
    if settings is not None or not hasattr(app, "_iljeong_language"):
        chosen = settings or _startup_settings()
        i18n.apply_language(app, chosen.language)
        theme.apply_theme(app, chosen.theme)
        app._iljeong_language = chosen.language  # type: ignore[attr-defined]
    return app


def _startup_settings() -> Settings:
    """The saved settings (file, then environment); the environment alone if the file is
    damaged (the window says so later when it reads them again)."""
    try:
        return Settings.load()
    except Exception:  # noqa: BLE001 - a bad settings file must not stop the app
        log.warning("settings file unreadable at start; using defaults", exc_info=True)
        return Settings.from_env()


def _report_store_error(exc: StoreError) -> None:
    sys.stderr.write(f"iljeong: {exc}\n")
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.critical(None, "iljeong", str(exc))


def load_settings() -> Settings:
    """The saved settings (core/config.py) under the environment; a damaged settings file
    is reported and the app starts with the defaults (the file is left for the user)."""
    try:
        return Settings.load()
    except ConfigError as exc:
        log.error("settings file not used", extra={"error": str(exc)})
        sys.stderr.write(f"iljeong: {exc}\n")
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):
            QMessageBox.warning(None, "iljeong", str(exc))
        return Settings.from_env()


def install_excepthook(window: MainWindow) -> None:
    """Log unexpected errors (slots, async tasks) and say so in the window; keep running."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, exc, tb))
        window.show_unexpected_error(exc)

    sys.excepthook = hook


def run_app(data_dir: Path) -> int:
    """Open the store in ``data_dir``, show the main window and run until it closes."""
    import qasync

    from core.sync.google_lease import GoogleLease
    from core.sync.scheduler import scheduler_for
    from desktop.main_window import MainWindow
    from desktop.tray import Background, show_initially

    logs.configure()
    app = make_application()
    try:
        store = Store.open(data_dir)
    except StoreError as exc:
        log.error("store did not open", extra={"data_dir": str(data_dir)})
        _report_store_error(exc)
        return 2
    log.info("app started", extra={"data_dir": str(data_dir)})
    try:
        window = MainWindow(store, load_settings())
        install_excepthook(window)
        window.image_intake.start_services(data_dir)
        window.google_sync.start()  # does nothing until a Google account is connected
        service_sync = scheduler_for(store, on_status=window.sync_status.status_callback)
        if service_sync is not None:  # `iljeong sync --server … --token …` ran once
            window.sync_status.scheduler = service_sync
            service_sync.start()
            # With several devices, only the lease holder talks to Google.
            window.google_lease = GoogleLease(store, service_sync.client)
            window.google_sync.guard_with(window.google_lease.run_if_holder)
        # Reminders, the tray and start at login; closing to the tray when there is one.
        background = Background(window)
        background.start()
        window.background = background  # type: ignore[attr-defined]
        window.settings_listeners.append(background.apply_settings)
        if "ILJEONG_STARTUP_PROBE" in os.environ:  # tests/bench/bench_startup.py
            from desktop.startup_probe import install

            install(window, window.current_view())
        show_initially(window, background.tray, window.settings.start_minimized)
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        closed = asyncio.Event()
        app.aboutToQuit.connect(closed.set)
        with loop:
            loop.run_until_complete(closed.wait())
        return 0
    finally:
        store.close()
