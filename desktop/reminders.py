"""Reminders in the running app: APScheduler jobs at each fire time → a desktop notification.

``ReminderService`` asks ``core.reminders.plan`` what is due now and what fires in the
next 36 hours, fires the due ones at once and gives each upcoming one an APScheduler
``date`` job. Jobs run on the scheduler's thread and only emit a Qt signal; the UI thread
checks that the reminder is still wanted (``core.reminders.still_due``: not fired, the
event not moved or deleted since), records it as fired and sends it. Store changes
(debounced), settings changes and a refresh every 3 hours plan again.

Notifications go through desktop-notifier (freedesktop D-Bus on Linux) running on a worker
thread with its own asyncio loop, so it works with or without the qasync loop and never
blocks the window. When it cannot deliver (no session bus, no notification server) the
``fallback`` callable shows the reminder (the tray's balloon, else the status bar).
Clicking a notification emits ``open_requested`` with the event's day.

``now`` is injectable: a job's wall-clock delay is ``fire_at - now()``, so tests with a
fixed clock see reminders fire a moment after planning.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from apscheduler.schedulers.background import BackgroundScheduler
from PySide6.QtCore import QDate, QLocale, QObject, QTime, QTimer, Signal

from core import reminders
from core.paths import resource_dir
from core.reminders import Reminder
from core.settings import Settings
from core.store import Store
from core.store.repository import Changes
from core.timeutil import utc_now

log = logging.getLogger(__name__)

LOOK_AHEAD = timedelta(hours=36)
REFRESH_EVERY = timedelta(hours=3)
DEBOUNCE_MS = 400
_REMINDER_JOB = "reminder:"
_SNOOZE_JOB = "snooze:"
#: "Snooze" on a notification shows it again this much later.
SNOOZE = timedelta(minutes=10)
_REFRESH_JOB = "reminders-refresh"
ICON = resource_dir() / "icons" / "iljeong.png"


class Notifier(Protocol):
    """Sends one notification; reports delivery (True/False) and clicks through callbacks,
    which may run on any thread."""

    def send(
        self,
        title: str,
        message: str,
        *,
        on_result: Callable[[bool], None],
        on_clicked: Callable[[], None],
        snooze: tuple[str, Callable[[], None]] | None = None,
    ) -> None: ...

    def close(self) -> None: ...


class DesktopNotifierThread:
    """desktop-notifier on a thread of its own running an asyncio loop.

    The D-Bus connection is made at the first send (reading DBUS_SESSION_BUS_ADDRESS
    then) and kept, so click signals reach ``on_clicked``.
    """

    def __init__(self, app_name: str = "iljeong", icon: Path | None = ICON) -> None:
        self._app_name = app_name
        self._icon = icon
        self._loop = asyncio.new_event_loop()
        self._notifier: Any = None
        self._thread = threading.Thread(target=self._run, name="notifications", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def _submit(self, coro: Coroutine[Any, Any, Any]) -> Future[Any]:
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def send(
        self,
        title: str,
        message: str,
        *,
        on_result: Callable[[bool], None],
        on_clicked: Callable[[], None],
        snooze: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        """``snooze``: a button's label and what pressing it does (None: no button)."""
        future = self._submit(self._send(title, message, on_clicked, snooze))

        def done(f: Future[Any]) -> None:
            ok = False
            if not f.cancelled() and f.exception() is None:
                ok = bool(f.result())
            elif not f.cancelled():
                log.warning("notification failed: %s", f.exception())
            on_result(ok)

        future.add_done_callback(done)

    async def _send(
        self,
        title: str,
        message: str,
        on_clicked: Callable[[], None],
        snooze: tuple[str, Callable[[], None]] | None,
    ) -> bool:
        from desktop_notifier import Button, DesktopNotifier, Icon

        if self._notifier is None:
            icon = Icon(path=self._icon) if self._icon is not None and self._icon.exists() else None
            self._notifier = DesktopNotifier(app_name=self._app_name, app_icon=icon)
        dispatched = asyncio.Event()
        # desktop-notifier logs and swallows failures; on_dispatched tells success apart.
        buttons = [Button(title=snooze[0], on_pressed=snooze[1])] if snooze else []
        await self._notifier.send(
            title=title,
            message=message,
            buttons=buttons,
            on_dispatched=dispatched.set,
            on_clicked=on_clicked,
        )
        return dispatched.is_set()

    def close(self) -> None:
        if not self._loop.is_running():
            return

        async def disconnect() -> None:
            backend = getattr(self._notifier, "_backend", None)
            bus = getattr(backend, "bus", None)
            if bus is not None:
                bus.disconnect()

        try:
            self._submit(disconnect()).result(2)
        except Exception:  # closing: nothing more to do
            log.debug("notification bus did not close cleanly", exc_info=True)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(2)
        if not self._loop.is_running():
            self._loop.close()


class ReminderService(QObject):
    """Schedules and sends reminders; see the module docstring."""

    #: A reminder was shown (by a notification or the fallback).
    fired = Signal(object)
    #: The user clicked a notification: show this day.
    open_requested = Signal(date)
    _job_due = Signal(object)  # from the scheduler's thread
    _replan_soon = Signal()  # from any thread (store listeners)
    _delivered = Signal(object, bool)  # from the notifier's thread
    _clicked = Signal(object)  # from the notifier's thread
    _snoozed = Signal(object)  # from the notifier's thread
    _snooze_due = Signal(object)  # from the scheduler's thread

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        now: Callable[[], datetime] = utc_now,
        notifier: Notifier | None = None,
        fallback: Callable[[str, str], None] | None = None,
        look_ahead: timedelta = LOOK_AHEAD,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.now = now
        self.look_ahead = look_ahead
        self.fallback = fallback
        self._notifier = notifier
        self._scheduler: BackgroundScheduler | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reschedule)
        self._job_due.connect(self._on_job_due)
        self._replan_soon.connect(self._debounce.start)
        self._delivered.connect(self._on_delivered)
        self._clicked.connect(self._on_clicked)
        self._snoozed.connect(self.snooze)
        self._snooze_due.connect(self._on_snooze_due)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        if self._scheduler is not None:
            return
        if self._notifier is None:
            self._notifier = DesktopNotifierThread()
        self._scheduler = BackgroundScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "misfire_grace_time": None}
        )
        self._scheduler.start()
        self._scheduler.add_job(
            self._replan_soon.emit,
            "interval",
            seconds=REFRESH_EVERY.total_seconds(),
            id=_REFRESH_JOB,
        )
        self._unsubscribe = self.store.subscribe(self._on_store_changed)
        self.reschedule()

    def stop(self) -> None:
        self._debounce.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        if self._notifier is not None:
            self._notifier.close()
            self._notifier = None

    def apply_settings(self, settings: Settings) -> None:
        """New settings (notifications off, another default lead): plan again now."""
        self.settings = settings
        self.reschedule()

    # -- planning ------------------------------------------------------------------------------

    def scheduled(self) -> list[Reminder]:
        """The reminders that have a job now (for tests and the tray)."""
        if self._scheduler is None:
            return []
        jobs = [j for j in self._scheduler.get_jobs() if j.id.startswith(_REMINDER_JOB)]
        found: list[Reminder] = [j.args[0] for j in jobs]
        return sorted(found, key=lambda r: r.fire_at)

    def reschedule(self) -> None:
        """Plan again: fire what is due, (re)create a job per upcoming reminder."""
        if self._scheduler is None:
            return
        self._debounce.stop()
        now = self.now()
        plan = reminders.plan(self.store, now, self.look_ahead, self.settings)
        for job in self._scheduler.get_jobs():
            if job.id.startswith(_REMINDER_JOB):
                job.remove()
        if plan.stale:
            reminders.mark_fired(self.store, plan.stale, now)
        for r in plan.due:
            self._deliver(r, now)
        wall = datetime.now(UTC)
        for r in plan.upcoming:
            self._scheduler.add_job(
                self._job_due.emit,
                "date",
                run_date=wall + (r.fire_at - now),
                args=[r],
                id=_REMINDER_JOB + r.key,
                replace_existing=True,
            )

    def _on_store_changed(self, changes: Changes) -> None:
        """Any thread: a chat message alone changes no reminder; the rest replans soon."""
        if changes.event_ids or changes.calendar_ids or changes.external:
            self._replan_soon.emit()

    def _on_job_due(self, reminder: Reminder) -> None:
        now = self.now()
        if reminders.still_due(self.store, reminder, now, self.settings):
            self._deliver(reminder, now)

    def snooze(self, reminder: Reminder) -> None:
        """Show ``reminder`` again ``SNOOZE`` from now (the notification's Snooze button).
        Kept in memory only: a restart forgets a snooze, never the reminder itself."""
        if self._scheduler is None:
            return
        self._scheduler.add_job(
            self._snooze_due.emit,
            "date",
            run_date=datetime.now(UTC) + SNOOZE,
            args=[reminder],
            id=_SNOOZE_JOB + reminder.key,
            replace_existing=True,
        )

    def snoozed(self) -> list[Reminder]:
        """The reminders waiting for their snooze to end (for tests)."""
        if self._scheduler is None:
            return []
        return [j.args[0] for j in self._scheduler.get_jobs() if j.id.startswith(_SNOOZE_JOB)]

    def _on_snooze_due(self, reminder: Reminder) -> None:
        now = self.now()
        if reminders.occurrence_still_there(self.store, reminder, now, self.settings):
            self._deliver(reminder, now)

    # -- delivery ------------------------------------------------------------------------------

    def _deliver(self, reminder: Reminder, now: datetime) -> None:
        reminders.mark_fired(self.store, [reminder], now)  # before sending: never twice
        title, message = self.texts(reminder, now)
        log.info("reminder due", extra={"event_id": reminder.event_id})
        if self._notifier is None:
            self._on_delivered(reminder, False)
            return
        self._notifier.send(
            title,
            message,
            on_result=lambda ok: self._delivered.emit(reminder, ok),
            on_clicked=lambda: self._clicked.emit(reminder),
            snooze=(
                self.tr("Snooze %n min", "", int(SNOOZE.total_seconds() // 60)),
                lambda: self._snoozed.emit(reminder),
            ),
        )

    def _on_delivered(self, reminder: Reminder, ok: bool) -> None:
        if not ok and self.fallback is not None:
            title, message = self.texts(reminder, self.now())
            self.fallback(title, message)
        self.fired.emit(reminder)

    def _on_clicked(self, reminder: Reminder) -> None:
        self.open_requested.emit(reminder.day)

    def texts(self, reminder: Reminder, now: datetime) -> tuple[str, str]:
        """The notification's title and body: when (and how soon), and where."""
        locale = QLocale()
        zone = self.settings.zone
        if reminder.all_day:
            when = self.tr("All day, {0}").format(_short_date(locale, reminder.day))
        else:
            start = reminder.start.astimezone(zone)
            clock = locale.toString(QTime(start.hour, start.minute), QLocale.FormatType.ShortFormat)
            left = int((reminder.start - now).total_seconds() // 60)
            if start.date() != now.astimezone(zone).date():
                clock = _short_date(locale, start.date()) + " " + clock
            if left <= 0:
                when = self.tr("{0}, now").format(clock)
            else:
                when = self.tr("{0}, in %n minute(s)", "", left).format(clock)
        message = when if not reminder.location else f"{when} · {reminder.location}"
        return reminder.title, message


def _short_date(locale: QLocale, day: date) -> str:
    return locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)
