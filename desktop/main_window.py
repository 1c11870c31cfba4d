"""The main window: toolbar, calendar views on the left, chat pane and image drop on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core import editing
from core.assistant import Assistant
from core.editing import Scope
from core.errors import IljeongError
from core.google.scheduler import SyncScheduler
from core.model import EventTime, Occurrence
from core.settings import Settings
from core.store import Changes, Store
from core.sync.google_lease import GoogleLease
from core.timeutil import utc_now
from desktop import edits, history_text, i18n, theme
from desktop.chat_pane import ChatPane
from desktop.edits import AskScope
from desktop.event_dialog import EventDialog
from desktop.go_to_date import GoToDateDialog
from desktop.google_status import GoogleStatusWidget
from desktop.image_bubble import ImageBubble
from desktop.image_intake import ImageIntake
from desktop.settings_dialog import SettingsDialog
from desktop.shortcuts_help import ShortcutsHelp
from desktop.side_panes import DropArea
from desktop.sync_status import SyncStatusWidget
from desktop.views import AgendaView, CalendarView, MonthView, TimeGridView

VIEW_NAMES = ("month", "week", "day", "agenda")
EXTERNAL_POLL_MS = 2000
#: The menu bar: attribute names of actions ("-" a separator, "views" the four views). Names
#: that do not exist (yet) are skipped, so actions other parts add appear once they exist.
MENU_LAYOUT: dict[str, tuple[str, ...]] = {
    "file": ("new_action", "-", "settings_action", "-", "quit_action"),
    "edit": ("undo_action", "redo_action", "-", "paste_image_action"),
    "view": ("views", "-", "refresh_action"),
    "go": ("today_action", "prev_action", "next_action", "go_to_date_action", "find_action",
           "-", "focus_chat_action"),
    "help": ("help_action",),
}



class _StoreBridge(QObject):
    """Carries store notifications (maybe from a worker thread) onto the UI thread."""

    changed = Signal()


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        now: Callable[[], datetime] = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings or Settings.from_env()
        self.zone = self.settings.zone
        self.now = now
        self.ask_scope: AskScope = edits.ask_scope_dialog  # tests replace it
        self.anchor: date = now().astimezone(self.zone).date()
        self.setStyleSheet(theme.main_window_style())
        self.resize(1280, 800)

        self.views: dict[str, CalendarView] = {
            "month": MonthView(store, self.zone, now),
            "week": TimeGridView(store, self.zone, now, days=7),
            "day": TimeGridView(store, self.zone, now, days=1),
            "agenda": AgendaView(store, self.zone, now),
        }
        self.stack = QStackedWidget(self)
        for view in self.views.values():
            self.stack.addWidget(view)
            view.edit_requested.connect(self.open_edit_dialog)
            view.new_event_requested.connect(self._new_event_at)
            view.move_requested.connect(self.move_occurrence)
            view.day_selected.connect(self._day_selected)
            view.day_activated.connect(self._day_activated)
        self._stale: set[str] = set(VIEW_NAMES)

        self.assistant = Assistant(store, self.settings)
        self.chat_pane = ChatPane(self.assistant, now, self)
        self.chat_pane.date_requested.connect(self.show_date)
        self.drop_area = DropArea(self)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 6, 6, 6)
        side_layout.addWidget(self.chat_pane, 3)
        side_layout.addWidget(self.drop_area, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([890, 390])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._build_toolbar()
        self._bridge = _StoreBridge(self)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)  # coalesces a burst of commits into one query
        self._reload_timer.timeout.connect(self.reload_now)
        self._bridge.changed.connect(self._reload_timer.start)
        self._unsubscribe: Callable[[], None] | None = store.subscribe(self._on_store_changed)
        self._build_history_actions()  # Edit ▸ Undo / Redo: the store's one history
        self._build_settings_action()  # File ▸ Settings… (Ctrl+,)
        # Writes by other processes (the CLI, later the sync service) show up within 2 s.
        self._external_timer = QTimer(self)
        self._external_timer.setInterval(EXTERNAL_POLL_MS)
        self._external_timer.timeout.connect(self._poll_external)
        self._external_timer.start()
        self.dialogs: list[EventDialog] = []
        # Drop anywhere, Ctrl+V, Ctrl+Shift+V: images go to the chat (desktop/image_intake.py).
        self.image_intake = ImageIntake(
            self, self.chat_pane, settings=self.settings, data_dir=store.path.parent, now=now
        )
        self.drop_area.files_chosen.connect(self.image_intake.add_files)
        # Google sync status in the status bar; the scheduler runs only once the app starts
        # it (desktop/app.py), so windows made by tests and screenshots stay offline.
        self.google_sync = SyncScheduler(store)
        self.google_status = GoogleStatusWidget(store, self.google_sync, parent=self)
        self.statusBar().addPermanentWidget(self.google_status)
        # The sync service (other devices): status, conflicts to settle. Its scheduler is
        # attached by the app when `iljeong sync` has connected this device once.
        self.sync_status = SyncStatusWidget(store, None, parent=self)
        self.google_lease: GoogleLease | None = None
        # Parts the app starts outside the window (reminders, tray, autostart) that follow
        # the settings too; called after the window applied them.
        self.settings_listeners: list[Callable[[Settings], None]] = []
        self.statusBar().addPermanentWidget(self.sync_status)
        self.show_view("month")
        self._build_menus()
        self.retranslate()
        theme.notifier().changed.connect(self.apply_theme_colors)

    # -- toolbar and shortcuts -----------------------------------------------------------

    def _build_toolbar(self) -> None:
        """Actions and the toolbar; their texts are set in ``retranslate``."""
        bar = QToolBar(self)
        bar.setObjectName("navigationBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.addToolBar(bar)
        self.toolbar = bar

        def action(group: str, *keys: QKeySequence | QKeySequence.StandardKey | str) -> QAction:
            made = QAction(self)
            made.setProperty("helpGroup", group)  # desktop/shortcuts_help.py groups by it
            made.setShortcuts([k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys])
            self.addAction(made)  # shortcuts work even with the menu bar hidden
            return made

        self.today_action = action("navigation", "T")
        self.today_action.triggered.connect(self.go_today)
        self.prev_action = action(
            "navigation", QKeySequence(Qt.Key.Key_Left), QKeySequence(Qt.Key.Key_PageUp)
        )
        self.prev_action.setIconText("‹")
        self.prev_action.triggered.connect(lambda: self.go(-1))
        self.next_action = action(
            "navigation", QKeySequence(Qt.Key.Key_Right), QKeySequence(Qt.Key.Key_PageDown)
        )
        self.next_action.setIconText("›")
        self.next_action.triggered.connect(lambda: self.go(1))
        for nav in (self.today_action, self.prev_action, self.next_action):
            bar.addAction(nav)
        self.go_to_date_action = action("navigation", "Ctrl+G")
        self.go_to_date_action.triggered.connect(lambda: self.open_go_to_date())
        self.find_action = action("navigation", QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.find_events)

        self.title_label = QLabel(self)
        self.title_label.setObjectName("periodTitle")
        bar.addWidget(self.title_label)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)

        group = QActionGroup(self)
        group.setExclusive(True)
        self.view_actions: dict[str, QAction] = {}
        for number, name in enumerate(VIEW_NAMES, start=1):
            view_action = action("views", str(number), f"Ctrl+{number}")
            view_action.setCheckable(True)
            view_action.triggered.connect(lambda _checked=False, n=name: self.show_view(n))
            group.addAction(view_action)
            bar.addAction(view_action)
            self.view_actions[name] = view_action

        bar.addSeparator()
        self.new_action = action("events", QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(lambda: self.open_new_event_dialog())
        bar.addAction(self.new_action)
        bar.widgetForAction(self.new_action).setObjectName("newEvent")

        self.focus_chat_action = action("chat", "Ctrl+L")
        self.focus_chat_action.triggered.connect(lambda: self.chat_pane.focus_input())
        self.refresh_action = action("app", "F5", "Ctrl+R")
        self.refresh_action.triggered.connect(self.sync_now)
        self.help_action = action("app", "F1", "Ctrl+/")
        self.help_action.triggered.connect(lambda: self.show_shortcuts_help())
        self.quit_action = action("app", "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.quit_app)

    def _build_menus(self) -> None:
        """File / Edit / View / Go / Help. Actions other parts add later (``settings_action``,
        ``undo_action``, ``redo_action`` …) are looked up by name each time a menu opens."""
        self.paste_image_action = self.image_intake.capture_action
        self.paste_image_action.setProperty("helpGroup", "chat")
        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        for key in MENU_LAYOUT:
            menu = bar.addMenu("")
            menu.setObjectName(f"{key}Menu")
            menu.aboutToShow.connect(lambda k=key: self._fill_menu(k))
            self.menus[key] = menu
            self._fill_menu(key)

    def _fill_menu(self, key: str) -> None:
        menu = self.menus[key]
        menu.clear()
        previous_was_action = False
        for name in MENU_LAYOUT[key]:
            if name == "-":
                if previous_was_action:
                    menu.addSeparator()
                previous_was_action = False
                continue
            if name == "views":
                found: list[QAction] = list(self.view_actions.values())
            else:
                candidate = getattr(self, name, None)
                found = [candidate] if isinstance(candidate, QAction) else []
            for item in found:
                menu.addAction(item)
                if item not in self.actions():
                    self.addAction(item)
                previous_was_action = True
        if menu.actions() and menu.actions()[-1].isSeparator():
            menu.removeAction(menu.actions()[-1])

    def shortcut_actions(self) -> list[QAction]:
        """Every action of the window with a keyboard shortcut (for the help sheet)."""
        for key in getattr(self, "menus", {}):
            self._fill_menu(key)  # actions added by name since the menus were built
        seen: list[QAction] = []
        for item in [*self.actions(), *self.findChildren(QAction)]:
            if item not in seen and any(not k.isEmpty() for k in item.shortcuts()):
                seen.append(item)
        return seen

    # -- texts, colours ------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every text of the window in the current language (also on ``LanguageChange``)."""
        self.setWindowTitle(self.tr("iljeong 일정"))
        self.setAccessibleName(self.tr("iljeong main window"))
        self.stack.setAccessibleName(self.tr("Calendar"))
        self.toolbar.setWindowTitle(self.tr("Navigation"))
        self.toolbar.setAccessibleName(self.tr("Navigation"))
        self.title_label.setAccessibleName(self.tr("Period"))
        describe = self._describe_action
        describe(self.today_action, self.tr("Today"), self.tr("Go to today"))
        describe(self.prev_action, self.tr("Previous"), self.tr("Previous period"))
        describe(self.next_action, self.tr("Next"), self.tr("Next period"))
        describe(self.go_to_date_action, self.tr("Go to date…"))
        describe(self.find_action, self.tr("Find events"), self.tr("Search the agenda"))
        labels = (self.tr("Month"), self.tr("Week"), self.tr("Day"), self.tr("Agenda"))
        for name, label in zip(VIEW_NAMES, labels, strict=True):
            describe(self.view_actions[name], label, self.tr("{0} view").format(label))
        describe(self.new_action, self.tr("New event"))
        describe(self.focus_chat_action, self.tr("Chat"), self.tr("Write to the assistant"))
        describe(self.refresh_action, self.tr("Sync now"), self.tr("Sync and reload now"))
        describe(self.help_action, self.tr("Keyboard shortcuts"))
        describe(self.quit_action, self.tr("Quit"))
        if hasattr(self, "settings_action"):
            describe(self.settings_action, self.tr("Settings…"))
        if hasattr(self, "paste_image_action"):
            describe(
                self.paste_image_action,
                self.tr("Paste image"),
                self.tr("Read the image on the clipboard"),
            )
        titles = {
            "file": self.tr("&File"),
            "edit": self.tr("&Edit"),
            "view": self.tr("&View"),
            "go": self.tr("&Go"),
            "help": self.tr("&Help"),
        }
        for key, menu in getattr(self, "menus", {}).items():
            menu.setTitle(titles[key])
            menu.menuAction().setText(titles[key])
        if hasattr(self, "undo_action"):
            self.update_history_actions()
        self.title_label.setText(self.current_view().period_title())

    def _describe_action(self, action: QAction, text: str, tip: str | None = None) -> None:
        """Text, tooltip with the shortcut, and the toolbar button's accessible name."""
        action.setText(text)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or text} ({keys})" if keys else tip or text)
        button = self.toolbar.widgetForAction(action)
        if button is not None:
            button.setAccessibleName(tip or text)
            button.setToolTip(action.toolTip())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "toolbar"):
            self.retranslate()
        super().changeEvent(event)

    def apply_theme_colors(self) -> None:
        """The palette changed (desktop/theme.py): style sheets anew, views repaint."""
        self.setStyleSheet(theme.main_window_style())
        self.chat_pane.setStyleSheet(theme.chat_style())
        for bubble in self.findChildren(ImageBubble):
            bubble.setStyleSheet(theme.image_bubble_style())
        for view in self.views.values():
            view.update()

    # -- app actions ---------------------------------------------------------------------

    def sync_now(self) -> None:
        """F5: reload the view, and ask Google and the sync service for a round now."""
        self.reload_now()
        self.google_sync.sync_now()
        if self.sync_status.scheduler is not None:
            self.sync_status.scheduler.poke()
        self.statusBar().showMessage(self.tr("Syncing…"), 3000)

    def show_shortcuts_help(self) -> ShortcutsHelp:
        dialog = ShortcutsHelp(self)
        dialog.show()
        dialog.raise_()
        self.shortcuts_help = dialog
        return dialog

    def open_go_to_date(self) -> GoToDateDialog:
        dialog = GoToDateDialog(self.anchor, self.now().astimezone(self.zone).date(), self)
        dialog.date_chosen.connect(self.go_to)
        dialog.open()
        self.go_to_date_dialog = dialog
        return dialog

    def find_events(self) -> None:
        """Ctrl+F: the agenda with its search field focused."""
        self.show_view("agenda")
        search = self.views["agenda"].search  # type: ignore[attr-defined]
        search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        search.selectAll()

    def quit_app(self) -> None:
        """Ctrl+Q: close the window (its clean-up runs) and end the app."""
        self.close()
        app = QCoreApplication.instance()
        if app is not None:
            app.quit()

    # -- settings (desktop/settings_dialog.py over core/config.py) ----------------------

    def _build_settings_action(self) -> None:
        for view in self.views.values():  # before the first query: hidden calendars stay out
            view.hidden_calendars = frozenset(self.settings.hidden_calendars)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        self.settings_action.setShortcuts(keys or [QKeySequence("Ctrl+,")])
        self.settings_action.setProperty("helpGroup", "app")
        self.settings_action.triggered.connect(lambda: self.open_settings_dialog())
        self.addAction(self.settings_action)

    def open_settings_dialog(self) -> SettingsDialog:
        dialog = SettingsDialog(self.store, self.settings, parent=self)
        dialog.settings_changed.connect(self.apply_settings)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal, never a nested exec()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings now: zone, hidden calendars, the assistant, images, look."""
        old, self.settings = self.settings, settings
        self.zone = settings.zone
        hidden = frozenset(settings.hidden_calendars)
        for view in self.views.values():
            view.zone = settings.zone
            view.hidden_calendars = hidden
        self.assistant.use_settings(settings)
        self.image_intake.use_settings(settings)
        app = QCoreApplication.instance()
        if isinstance(app, QApplication):
            if settings.language != old.language:
                i18n.apply_language(app, settings.language)
            if settings.theme != old.theme:
                theme.apply_theme(app, settings.theme)
        self._stale = set(VIEW_NAMES)
        self._show_anchor()
        for listener in self.settings_listeners:
            listener(settings)

    # -- navigation ----------------------------------------------------------------------

    @property
    def current_name(self) -> str:
        return next(n for n, v in self.views.items() if v is self.stack.currentWidget())

    def current_view(self) -> CalendarView:
        view = self.stack.currentWidget()
        assert isinstance(view, CalendarView)
        return view

    def show_view(self, name: str) -> None:
        view = self.views[name]
        self.stack.setCurrentWidget(view)
        self.view_actions[name].setChecked(True)
        self._show_anchor()

    def go(self, steps: int) -> None:
        self.anchor = self.current_view().shifted(steps)
        self._show_anchor()

    def go_today(self) -> None:
        self.anchor = self.now().astimezone(self.zone).date()
        self._show_anchor()

    def go_to(self, day: date) -> None:
        self.anchor = day
        self._show_anchor()

    def show_date(self, day: date) -> None:
        """Bring ``day`` into the current view and select it (the chat saved something there)."""
        self.go_to(day)

    def _show_anchor(self) -> None:
        name = self.current_name
        view = self.views[name]
        if name in self._stale:
            view.anchor = view.selected = self.anchor
            self._stale.discard(name)
            view.reload()
        else:
            view.set_anchor(self.anchor)
        self.title_label.setText(view.period_title())

    def _day_selected(self, day: date) -> None:
        self.anchor = day

    def _day_activated(self, day: date) -> None:
        self.anchor = day
        self.show_view("day")

    # -- undo / redo (core/store/history.py: every change, whatever made it) -------------

    def _build_history_actions(self) -> None:
        self.undo_action = QAction(self)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction(self)
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(self.redo)
        for made in (self.undo_action, self.redo_action):
            made.setProperty("helpGroup", "events")
            self.addAction(made)  # Ctrl+Z / Ctrl+Shift+Z anywhere; a line edit's own wins
        self._bridge.changed.connect(self.update_history_actions)

    def update_history_actions(self) -> None:
        """Texts ("Undo add “검진”") and enabled states from the store's history."""
        try:
            undo, redo = self.store.undo_label(), self.store.redo_label()
        except IljeongError:
            undo = redo = None
        for made, label, bare, pattern in (
            (self.undo_action, undo, self.tr("Undo"), self.tr("Undo {0}")),
            (self.redo_action, redo, self.tr("Redo"), self.tr("Redo {0}")),
        ):
            made.setEnabled(label is not None)
            made.setText(bare if label is None else pattern.format(history_text.describe(label)))
            keys = made.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            made.setToolTip(f"{made.text()} ({keys})")
        self.chat_pane.undo_button.setEnabled(undo is not None)

    def undo(self) -> None:
        """Undo the last change; with the chat focused, the chat answers it (a bubble)."""
        focus = self.focusWidget()
        if focus is not None and self.chat_pane.isAncestorOf(focus):
            self.chat_pane.undo()
        else:
            self._history_step(redo=False)
        self.update_history_actions()

    def redo(self) -> None:
        self._history_step(redo=True)
        self.update_history_actions()

    def _history_step(self, *, redo: bool) -> None:
        try:
            result = self.store.redo() if redo else self.store.undo()
        except IljeongError as exc:  # changed since on another device, locked …
            self.statusBar().showMessage(str(exc), 10_000)
            return
        if result is not None:
            what = history_text.describe(result.label)
            done = self.tr("Redone: {0}") if redo else self.tr("Undone: {0}")
            self.statusBar().showMessage(done.format(what), 5000)
            # Show where it happened: the first event the step brought back or changed.
            shown = [e for e in result.events if not (e.deleted or e.cancelled)]
            if shown:
                self._focus_on(shown[0].start)

    # -- store changes -------------------------------------------------------------------

    def _on_store_changed(self, changes: Changes) -> None:
        """Runs on whichever thread committed; only emits (queued to the UI thread)."""
        if changes.event_ids or changes.calendar_ids or changes.external or not changes.chat:
            self._bridge.changed.emit()  # a chat message alone changes nothing on the calendar

    def show_unexpected_error(self, exc: BaseException) -> None:
        self.statusBar().showMessage(
            self.tr("Something went wrong: {0} (details in the log)").format(exc), 15_000
        )

    def _poll_external(self) -> None:
        try:
            self.store.poll_external_changes()
        except IljeongError as exc:
            self.statusBar().showMessage(str(exc), 10_000)

    def reload_now(self) -> None:
        """Re-query the visible view now; the hidden ones reload when next shown."""
        self._stale = set(VIEW_NAMES) - {self.current_name}
        self.current_view().reload()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self._external_timer.stop()
        self.image_intake.shutdown()
        self.google_status.close_status()
        self.google_sync.shutdown(wait=False)  # a sync in backoff must not hold up closing
        self.sync_status.close_status()
        if self.google_lease is not None:
            self.google_lease.release()  # the next device takes over Google at once
        if self.sync_status.scheduler is not None:
            self.sync_status.scheduler.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
            self.assistant.close()
        super().closeEvent(event)

    # -- editing -------------------------------------------------------------------------

    def _track(self, dialog: EventDialog) -> EventDialog:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self.dialogs.remove(dialog))
        dialog.saved.connect(lambda ev: self._focus_on(ev.start))
        dialog.open()  # window-modal, never a nested exec()
        return dialog

    def open_new_event_dialog(
        self, start: datetime | date | None = None, all_day: bool = False
    ) -> EventDialog:
        if start is None:
            start = self.anchor
        dialog = EventDialog(
            self.store,
            self.settings,
            start=start,
            all_day=all_day,
            ask_scope=self.ask_scope,
            now=self.now,
            parent=self,
        )
        return self._track(dialog)

    def open_edit_dialog(self, occ: Occurrence) -> EventDialog:
        dialog = EventDialog(
            self.store,
            self.settings,
            occurrence=occ,
            ask_scope=self.ask_scope,
            now=self.now,
            parent=self,
        )
        return self._track(dialog)

    def _new_event_at(self, start: datetime | date, all_day: bool) -> None:
        self.open_new_event_dialog(start, all_day)

    def _focus_on(self, start: EventTime) -> None:
        """After saving, make sure the saved event's day is in view."""
        day = start.astimezone(self.zone).date() if isinstance(start, datetime) else start
        first, after = self.current_view().visible_days()
        if not first <= day < after:
            self.go_to(day)

    def move_occurrence(self, occ: Occurrence, new_start: EventTime) -> None:
        """Drag-and-drop result: move the event (asking this/all for a series)."""
        scope = Scope.THIS
        if occ.is_recurring:
            chosen = self.ask_scope(
                self, self.tr("Move only this event, or all events of the series?")
            )
            if chosen is None:
                self.current_view().update()
                return
            scope = chosen
        try:
            editing.move_occurrence(self.store, occ, new_start, scope)
        except IljeongError as exc:
            QMessageBox.warning(self, self.tr("Cannot move the event"), str(exc))
