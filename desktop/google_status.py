"""Google sync status for the window: one line of status, "Sync now" and "Reconnect…".

The widget only shows ``core.google.scheduler.SyncStatus`` and forwards clicks; the
scheduler runs syncs on its own threads and the browser sign-in runs on a worker thread
(it blocks until the browser answers), so the window never freezes. Status updates come
from those threads and reach the widget through a queued Qt signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from core.errors import IljeongError
from core.google import connection
from core.google.scheduler import SyncScheduler, SyncStatus
from core.store import Store

#: Runs the browser sign-in; receives the URL callback. Replaced in tests.
Login = Callable[[Store, Callable[[str], None]], object]


def browser_login(store: Store, on_url: Callable[[str], None]) -> object:
    """Re-consent in the system browser with the remembered OAuth client."""
    return connection.login(store, None, open_browser=True, on_url=on_url)


class BrowserLogin(QObject):
    """Runs the browser sign-in on a worker thread (it blocks until the browser answers);
    ``url`` and ``done`` ("" on success, else the message to show) arrive on the UI thread."""

    url = Signal(str)
    done = Signal(str)

    def __init__(self, login: Login, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._login = login
        self._thread: threading.Thread | None = None
        self.done.connect(self._finished)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, store: Store) -> bool:
        """Start a sign-in; False (nothing started) while one is running."""
        if self._thread is not None:
            return False
        login = self._login

        def work() -> None:
            try:
                login(store, self.url.emit)
            except IljeongError as exc:
                self.done.emit(str(exc))
            except Exception as exc:  # noqa: BLE001 - shown, never raised into Qt
                self.done.emit(f"{type(exc).__name__}: {exc}")
            else:
                self.done.emit("")

        self._thread = threading.Thread(target=work, name="google-login", daemon=True)
        self._thread.start()
        return True

    def _finished(self, _error: str) -> None:
        self._thread = None


class _Bridge(QObject):
    status = Signal(object)  # SyncStatus


class GoogleStatusWidget(QWidget):
    def __init__(
        self,
        store: Store,
        scheduler: SyncScheduler,
        *,
        login: Login = browser_login,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.scheduler = scheduler
        self.login = BrowserLogin(login, self)
        self._status: SyncStatus = scheduler.status

        self.label = QLabel(self)
        self.label.setObjectName("googleStatus")
        self.sync_button = QToolButton(self)
        self.sync_button.clicked.connect(self.scheduler.sync_now)
        self.reconnect_button = QToolButton(self)
        self.reconnect_button.clicked.connect(self.reconnect)
        self.retranslate()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.sync_button)
        layout.addWidget(self.reconnect_button)

        self._bridge = _Bridge(self)
        self._bridge.status.connect(self.show_status)
        self.login.url.connect(self._show_login_url)
        self.login.done.connect(self._login_finished)
        self._unlisten = scheduler.add_listener(self._bridge.status.emit)
        self.show_status(scheduler.status)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Google sync"))
        self.label.setAccessibleName(self.tr("Google sync status"))
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setAccessibleName(self.tr("Sync with Google now"))
        self.sync_button.setToolTip(self.tr("Sync with Google now (F5)"))
        self.reconnect_button.setText(self.tr("Reconnect…"))
        self.reconnect_button.setAccessibleName(self.tr("Reconnect the Google account"))
        if not self.login.running:
            self.label.setText(self.status_text(self._status))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def status_text(self, status: SyncStatus) -> str:
        """``SyncStatus.message`` in the UI language."""
        if status.state == "signed_out":
            return self.tr("Google: not connected")
        if status.state == "reconnect_needed":
            return self.tr("Google: reconnect needed — {0}").format(status.error)
        if status.state == "syncing":
            return self.tr("Google: syncing…")
        parts = []
        if status.state == "error":
            parts.append(self.tr("sync failed — {0}").format(status.error))
        elif status.last_sync_at is not None:
            parts.append(
                self.tr("synced {0}").format(f"{status.last_sync_at.astimezone():%H:%M}")
            )
        if status.pending:
            parts.append(self.tr("{0} change(s) waiting").format(status.pending))
        if status.conflicts:
            parts.append(self.tr("{0} conflict(s) to resolve").format(status.conflicts))
        return self.tr("Google: {0}").format("; ".join(parts) or self.tr("connected"))

    def show_status(self, status: SyncStatus) -> None:
        self._status = status
        self.label.setText(self.status_text(status))
        self.label.setToolTip(status.error or "")
        self.sync_button.setVisible(status.state not in ("signed_out", "reconnect_needed"))
        self.sync_button.setEnabled(status.state != "syncing")
        signing_in = self.login.running
        self.reconnect_button.setVisible(status.state == "reconnect_needed")
        self.reconnect_button.setEnabled(not signing_in)

    def reconnect(self) -> None:
        """Ask Google again (only for what is missing) without blocking the window."""
        if self.login.start(self.store):
            self.reconnect_button.setEnabled(False)
            self.label.setText(self.tr("Google: waiting for the browser…"))

    def _show_login_url(self, url: str) -> None:
        self.label.setToolTip(self.tr("If the browser did not open, visit: {0}").format(url))

    def _login_finished(self, error: str) -> None:
        if error:
            self.label.setText(self.tr("Google: {0}").format(error))
            self.reconnect_button.setEnabled(True)
            return
        self.scheduler.sync_now()

    def close_status(self) -> None:
        """Stop listening (call before the scheduler shuts down)."""
        self._unlisten()
