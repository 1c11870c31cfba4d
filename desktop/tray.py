"""The tray icon (where the desktop has a tray) and how the window starts and closes.

With a tray: a menu (Show/Hide window, New event, Settings… when the window has a
``settings_action``, Quit), a tooltip naming the next event, a click toggles the window;
closing the window by its title bar hides it to the tray (reminders go on) and Quit
really quits (``MainWindow.quit_app``: its clean-up runs). Only a close the user made
(``QCloseEvent.spontaneous()``) is turned into hiding, so ``window.close()`` from code
still closes. Without a tray (offscreen, a desktop with no status area) nothing changes:
closing the window quits.

``show_initially`` applies ``Settings.start_minimized``: hidden in the tray when there is
one, else minimized. ``Background`` bundles what runs behind the window (reminders, the
tray, the autostart entry); ``run_app`` starts it, the settings dialog calls its
``apply_settings``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from core import autostart
from core.errors import IljeongError
from core.reminders import next_occurrence
from core.settings import Settings
from core.store.repository import Changes
from desktop.reminders import ICON, Notifier, ReminderService

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

TOOLTIP_REFRESH_MS = 60_000
START_DELAY_MS = 300


def app_icon() -> QIcon:
    """The app's icon (resources/icons/iljeong.png, with the SVG when Qt can read it)."""
    icon = QIcon()
    svg = ICON.with_suffix(".svg")
    if svg.exists():
        icon.addFile(str(svg))
    if ICON.exists():
        icon.addFile(str(ICON))
    return icon


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def bring_to_front(window: QWidget) -> None:
    """Show the window (from the tray or minimized), raise it and give it focus."""
    if window.isMinimized():
        window.showNormal()
    else:
        window.show()
    window.raise_()
    window.activateWindow()


class _Bridge(QObject):
    changed = Signal()


class Tray(QObject):
    """The tray icon and its menu for one main window."""

    def __init__(self, window: MainWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.quitting = False
        self.told_about_tray = False
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.menu = QMenu()
        self.toggle_action = QAction(self.tr("Show window"), self)
        self.toggle_action.triggered.connect(self.toggle_window)
        self.menu.addAction(self.toggle_action)
        self.new_action = QAction(self.tr("New event"), self)
        self.new_action.triggered.connect(self._new_event)
        self.menu.addAction(self.new_action)
        self.settings_action: QAction | None = None
        if getattr(window, "settings_action", None) is not None:
            self.settings_action = QAction(self.tr("Settings…"), self)
            self.settings_action.triggered.connect(self._open_settings)
            self.menu.addAction(self.settings_action)
        self.menu.addSeparator()
        self.quit_action = QAction(self.tr("Quit"), self)
        self.quit_action.triggered.connect(self.quit)
        self.menu.addAction(self.quit_action)
        self.menu.aboutToShow.connect(self._update_toggle_text)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)

        self._bridge = _Bridge(self)
        self._tooltip_timer = QTimer(self)
        self._tooltip_timer.setInterval(TOOLTIP_REFRESH_MS)
        self._tooltip_timer.timeout.connect(self.refresh_tooltip)
        self._bridge.changed.connect(self.refresh_tooltip)
        self._unsubscribe: Callable[[], None] | None = window.store.subscribe(
            self._on_store_changed
        )
        window.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Dialogs opened from the tray while the window is hidden must not end the app.
            app.setQuitOnLastWindowClosed(False)
            app.aboutToQuit.connect(self.close)
        self.refresh_tooltip()
        self._tooltip_timer.start()
        self.icon.show()

    # -- window ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            watched is self.window
            and event.type() == QEvent.Type.Close
            and not self.quitting
            and event.spontaneous()
            and self.icon.isVisible()
        ):
            event.ignore()
            self.hide_to_tray()
            return True
        return super().eventFilter(watched, event)

    def hide_to_tray(self) -> None:
        self.window.hide()
        if not self.told_about_tray:
            self.told_about_tray = True
            self.show_message(
                self.tr("iljeong is still running"),
                self.tr("Reminders go on. Quit from the tray menu."),
            )

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.hide()
        else:
            bring_to_front(self.window)

    def _update_toggle_text(self) -> None:
        visible = self.window.isVisible() and not self.window.isMinimized()
        self.toggle_action.setText(self.tr("Hide window") if visible else self.tr("Show window"))

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()

    def _new_event(self) -> None:
        bring_to_front(self.window)
        self.window.open_new_event_dialog()

    def _open_settings(self) -> None:
        bring_to_front(self.window)
        action = getattr(self.window, "settings_action", None)
        if isinstance(action, QAction):
            action.trigger()

    def quit(self) -> None:
        """Really quit: the window's own Quit (clean-up, then the app ends)."""
        self.quitting = True
        self.window.quit_app()

    def close(self) -> None:
        self._tooltip_timer.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.icon.hide()

    # -- messages and tooltip ----------------------------------------------------------------

    def show_message(self, title: str, message: str) -> None:
        self.icon.showMessage(title, message, app_icon(), 10_000)

    def _on_store_changed(self, changes: Changes) -> None:
        if changes.event_ids or changes.calendar_ids or changes.external:
            self._bridge.changed.emit()

    def refresh_tooltip(self) -> None:
        self.icon.setToolTip(self.tooltip_text())

    def tooltip_text(self) -> str:
        now: datetime = self.window.now()
        occ = next_occurrence(self.window.store, now, self.window.settings, timedelta(days=7))
        if occ is None:
            return self.tr("iljeong — nothing in the next 7 days")
        zone = self.window.settings.zone
        if isinstance(occ.start, datetime):
            when = occ.start.astimezone(zone).strftime("%m-%d %H:%M")
        else:
            when = occ.start.strftime("%m-%d")
        return self.tr("iljeong — next: {0} ({1})").format(occ.event.title, when)


def create_tray(window: MainWindow) -> Tray | None:
    """A tray for ``window`` when the desktop has a tray, else None."""
    if not tray_available():
        return None
    return Tray(window, window)


def show_initially(window: QWidget, tray: Tray | None, start_minimized: bool) -> None:
    """Show the window at start, or keep it in the tray / minimized when asked."""
    if not start_minimized:
        window.show()
    elif tray is None:
        window.showMinimized()
    # else: in the tray only; the tray icon brings it up


class Background(QObject):
    """What keeps working behind the window: reminders, the tray, start at login.

    ``run_app`` starts it (test windows and screenshots stay quiet); the settings dialog
    calls ``apply_settings`` after a change so reminders and the autostart entry follow.
    """

    def __init__(
        self,
        window: MainWindow,
        *,
        with_tray: bool = True,
        notifier: Notifier | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.tray = create_tray(window) if with_tray else None
        self.reminders = ReminderService(
            window.store,
            window.settings,
            now=window.now,
            notifier=notifier,
            fallback=self._show_fallback,
            parent=self,
        )
        self.reminders.open_requested.connect(self._open_day)
        self._stopped = False
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def start(self) -> None:
        """Apply start at login now; plan reminders just after the window first paints
        (planning reads a month of occurrences: ~40-90 ms with 10 000 events)."""
        self._apply_autostart(self.window.settings.start_at_login)
        QTimer.singleShot(START_DELAY_MS, self, self._start_reminders)

    def _start_reminders(self) -> None:
        if not self._stopped:
            self.reminders.start()

    def stop(self) -> None:
        self._stopped = True
        self.reminders.stop()
        if self.tray is not None:
            self.tray.close()

    def apply_settings(self, settings: Settings) -> None:
        self.reminders.apply_settings(settings)
        self._apply_autostart(settings.start_at_login)

    def _apply_autostart(self, enabled: bool) -> None:
        try:
            autostart.apply(enabled, command=autostart.command_for_this_process())
        except IljeongError as exc:
            self.window.statusBar().showMessage(str(exc), 15_000)

    def _show_fallback(self, title: str, message: str) -> None:
        """No desktop notification could be sent: the tray's balloon, else the status bar."""
        if self.tray is not None:
            self.tray.show_message(title, message)
        self.window.statusBar().showMessage(
            self.tr("Reminder: {0} — {1}").format(title, message), 120_000
        )

    def _open_day(self, day: date) -> None:
        bring_to_front(self.window)
        self.window.show_date(day)
