"""The settings dialog: a form over core/config.py (no rules of its own).

OK validates every changed value through ``config.update`` (values and combinations); on
an error the message is shown under the form, the field is focused and nothing is saved.
Only the settings the user changed are written, so untouched ones keep following their
defaults. API keys go to the keyring; an empty key field keeps the stored key. The Google
sign-in runs on a worker thread (it waits for the browser), as in desktop/google_status.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import config
from core.config import ConfigError
from core.errors import IljeongError
from core.google import connection
from core.google.account import load_account
from core.settings import Settings
from core.store import Store
from core.sync import credentials
from desktop.event_dialog import zone_names
from desktop.google_status import BrowserLogin, Login, browser_login


class SettingsDialog(QDialog):
    """Emits ``settings_changed(Settings)`` after a successful save."""

    settings_changed = Signal(object)

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        login: Login = browser_login,
        config_dir: str | Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.config_dir = config_dir
        self.login = BrowserLogin(login, self)
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.resize(620, 560)
        self.stored = config.stored_values(config_dir)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Settings sections"))
        self._fields: dict[str, QWidget] = {}
        self._build_general()
        self._build_assistant()
        self._build_images()
        self._build_account()
        self._build_sync()
        self._build_hotkey()

        self.env_note = QLabel(self)
        self.env_note.setWordWrap(True)
        self.env_note.setObjectName("settingsEnvNote")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("settingsError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #d93025;")
        self.error_label.setAccessibleName(self.tr("Settings error"))
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.env_note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.login.url.connect(self._show_login_url)
        self.login.done.connect(self._login_finished)
        self._show_env_overrides()
        self._initial = self.values()

    # -- building ------------------------------------------------------------------------

    def _page(self, title: str) -> QFormLayout:
        page = QWidget(self.tabs)
        form = QFormLayout(page)
        self.tabs.addTab(page, title)
        return form

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        widget.setAccessibleName(label)
        self._fields[key] = widget
        form.addRow(label, widget)

    def _combo(self, items: list[tuple[str, Any]], current: Any) -> QComboBox:
        combo = QComboBox(self)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo

    def _privacy_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet("color: #5f6368;")
        return label

    def _build_general(self) -> None:
        form = self._page(self.tr("General"))
        s = self.stored
        self.language_combo = self._combo(
            [(self.tr("Follow the system"), "system"), ("한국어", "ko"), ("English", "en")],
            s["language"],
        )
        self._add(form, "language", self.tr("Language"), self.language_combo)
        self.theme_combo = self._combo(
            [
                (self.tr("Follow the system"), "system"),
                (self.tr("Light"), "light"),
                (self.tr("Dark"), "dark"),
            ],
            s["theme"],
        )
        self._add(form, "theme", self.tr("Theme"), self.theme_combo)

        self.zone_combo = QComboBox(self)
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItems(zone_names())
        completer = QCompleter(zone_names(), self.zone_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone_combo.setCompleter(completer)
        self.zone_combo.setCurrentText(s["time_zone"] or self.settings.time_zone)
        self._add(form, "time_zone", self.tr("Time zone"), self.zone_combo)

        self.duration_spin = QSpinBox(self)
        self.duration_spin.setRange(5, 24 * 60)
        self.duration_spin.setSingleStep(15)
        self.duration_spin.setSuffix(self.tr(" min"))
        self.duration_spin.setValue(int(s["default_duration"]))
        self._add(form, "default_duration", self.tr("Default event length"), self.duration_spin)

        calendars = self.store.calendars()
        default = config.resolve_calendar(self.store, s["default_calendar"])
        self.calendar_combo = self._combo(
            [(self.tr("The default calendar"), None)] + [(c.name, c.id) for c in calendars],
            default.id if default else None,
        )
        self._add(form, "default_calendar", self.tr("New events go to"), self.calendar_combo)

        self.calendar_list = QListWidget(self)
        self.calendar_list.setMaximumHeight(110)
        hidden = set(s["calendars.hidden"])
        for cal in calendars:
            item = QListWidgetItem(cal.name, self.calendar_list)
            item.setData(Qt.ItemDataRole.UserRole, cal.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            shown = cal.id not in hidden
            item.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
        self._add(form, "calendars.hidden", self.tr("Calendars shown"), self.calendar_list)

        self.notifications_check = QCheckBox(self.tr("Show reminders as notifications"), self)
        self.notifications_check.setChecked(bool(s["notifications"]))
        self._add(form, "notifications", self.tr("Notifications"), self.notifications_check)
        self.reminder_spin = QSpinBox(self)
        self.reminder_spin.setRange(0, 4 * 7 * 24 * 60)
        self.reminder_spin.setSuffix(self.tr(" min before"))
        self.reminder_spin.setValue(int(s["default_reminder"]))
        self._add(form, "default_reminder", self.tr("Default reminder"), self.reminder_spin)
        self.minimized_check = QCheckBox(self.tr("Start minimized"), self)
        self.minimized_check.setChecked(bool(s["start_minimized"]))
        self._add(form, "start_minimized", self.tr("On start"), self.minimized_check)
        self.login_check = QCheckBox(self.tr("Start when I log in"), self)
        self.login_check.setChecked(bool(s["start_at_login"]))
        self._add(form, "start_at_login", self.tr("At login"), self.login_check)

    def _build_assistant(self) -> None:
        form = self._page(self.tr("Assistant"))
        s = self.stored
        self.provider_combo = self._combo(
            [
                (self.tr("Off (understand messages on this computer only)"), "off"),
                (self.tr("OpenAI"), "openai"),
                (self.tr("OpenAI-compatible server (Ollama, llama.cpp …)"), "compatible"),
            ],
            s["llm.provider"],
        )
        self._add(form, "llm.provider", self.tr("Language model"), self.provider_combo)
        self.llm_privacy = self._privacy_label()
        self.llm_privacy.setAccessibleName(self.tr("What leaves this computer (assistant)"))
        form.addRow(self.llm_privacy)
        self.base_url_edit = QLineEdit(s["llm.base_url"] or "", self)
        self.base_url_edit.setPlaceholderText("http://127.0.0.1:11434/v1")
        self._add(form, "llm.base_url", self.tr("Server URL"), self.base_url_edit)
        self.model_edit = QLineEdit(s["llm.model"], self)
        self._add(form, "llm.model", self.tr("Model"), self.model_edit)
        self.api_key_edit = self._secret_edit("openai")
        self._add(form, "llm.api_key", self.tr("API key"), self.api_key_edit)
        self.provider_combo.currentIndexChanged.connect(self._update_llm_privacy)
        self.base_url_edit.textChanged.connect(self._update_llm_privacy)
        self._update_llm_privacy()

    def _secret_edit(self, user: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        stored = config.get_secret(user)
        edit.setPlaceholderText(
            self.tr("stored in the keyring; type to replace")
            if stored
            else self.tr("kept in the system keyring, never in a file")
        )
        return edit

    def _update_llm_privacy(self) -> None:
        provider = self.provider_combo.currentData()
        url = self.base_url_edit.text().strip() or self.tr("the server above")
        texts = {
            "off": self.tr("Nothing leaves this computer: messages are understood locally."),
            "openai": self.tr(
                "When the local reading is unsure, the message text and today's date are "
                "sent to api.openai.com. Nothing else (no calendar, no images unless "
                "OpenAI vision is chosen under Images)."
            ),
            "compatible": self.tr(
                "When the local reading is unsure, the message text and today's date are "
                "sent to {0}. If that server runs on this computer, nothing leaves it."
            ).format(url),
        }
        self.llm_privacy.setText(texts.get(provider, ""))
        for widget in (self.base_url_edit,):
            widget.setEnabled(provider == "compatible")
        for widget in (self.model_edit, self.api_key_edit):
            widget.setEnabled(provider != "off")

    def _build_images(self) -> None:
        form = self._page(self.tr("Images"))
        s = self.stored
        self.ocr_combo = self._combo(
            [
                (self.tr("Tesseract on this computer"), "tesseract"),
                (self.tr("Google Cloud Vision"), "gcv"),
                (self.tr("OpenAI vision (the assistant's server)"), "openai"),
            ],
            s["ocr.backend"],
        )
        self._add(form, "ocr.backend", self.tr("Read images with"), self.ocr_combo)
        self.ocr_privacy = self._privacy_label()
        self.ocr_privacy.setAccessibleName(self.tr("What leaves this computer (images)"))
        form.addRow(self.ocr_privacy)
        self.gcv_credentials_edit = QLineEdit(s["ocr.gcv_credentials"] or "", self)
        self.gcv_credentials_edit.setPlaceholderText(self.tr("service-account JSON file"))
        self._add(
            form, "ocr.gcv_credentials", self.tr("Cloud Vision credentials"),
            self.gcv_credentials_edit,
        )  # fmt: skip
        self.gcv_key_edit = self._secret_edit("gcv")
        self._add(form, "ocr.gcv_api_key", self.tr("Cloud Vision API key"), self.gcv_key_edit)
        self.ocr_combo.currentIndexChanged.connect(self._update_ocr_privacy)
        self.provider_combo.currentIndexChanged.connect(self._update_ocr_privacy)
        self.base_url_edit.textChanged.connect(self._update_ocr_privacy)
        self._update_ocr_privacy()

    def _update_ocr_privacy(self) -> None:
        backend = self.ocr_combo.currentData()
        server = (
            self.base_url_edit.text().strip() or self.tr("the assistant's server")
            if self.provider_combo.currentData() == "compatible"
            else "api.openai.com"
        )
        texts = {
            "tesseract": self.tr("Nothing leaves this computer: images are read locally."),
            "gcv": self.tr(
                "Each image you drop or paste is sent to Google Cloud Vision "
                "(vision.googleapis.com) to read its text."
            ),
            "openai": self.tr(
                "Each image you drop or paste, with today's date, is sent to {0}."
            ).format(server),
        }
        self.ocr_privacy.setText(texts.get(backend, ""))
        gcv = backend == "gcv"
        self.gcv_credentials_edit.setEnabled(gcv)
        self.gcv_key_edit.setEnabled(gcv)

    def _build_account(self) -> None:
        form = self._page(self.tr("Account"))
        self.google_label = QLabel(self)
        self.google_label.setWordWrap(True)
        self.google_label.setAccessibleName(self.tr("Google account"))
        form.addRow(self.tr("Google"), self.google_label)
        # Google needs the user's own OAuth client (README: "Google Calendar").
        client_row = QWidget(self)
        client_layout = QHBoxLayout(client_row)
        client_layout.setContentsMargins(0, 0, 0, 0)
        self.client_edit = QLineEdit(self)
        self.client_edit.setPlaceholderText(self.tr("client_secret….json (type “Desktop app”)"))
        self.client_edit.setAccessibleName(self.tr("OAuth client file"))
        self.client_edit.setText(load_account(self.store).client_secrets or "")
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setAccessibleName(self.tr("Choose the OAuth client file"))
        browse.clicked.connect(self._choose_client)
        client_layout.addWidget(self.client_edit, 1)
        client_layout.addWidget(browse)
        form.addRow(self.tr("OAuth client"), client_row)
        row = QWidget(self)
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.connect_button = QPushButton(self.tr("Connect…"), self)
        self.connect_button.setAccessibleName(self.tr("Connect a Google account"))
        self.connect_button.clicked.connect(self.connect_google)
        self.disconnect_button = QPushButton(self.tr("Disconnect"), self)
        self.disconnect_button.setAccessibleName(self.tr("Disconnect the Google account"))
        self.disconnect_button.clicked.connect(self.disconnect_google)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.disconnect_button)
        buttons.addStretch(1)
        form.addRow(row)
        note = QLabel(
            self.tr(
                "Events sync with Google Calendar once connected; local events stay when "
                "you disconnect. The sign-in token is kept in the system keyring."
            ),
            self,
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.refresh_google()

    def refresh_google(self) -> None:
        try:
            account = connection.read_status(self.store).account
        except IljeongError as exc:
            self.google_label.setText(str(exc))
            return
        if account.email is None:
            self.google_label.setText(self.tr("Not connected"))
        elif account.status == "reconnect_needed":
            self.google_label.setText(self.tr("{0}: reconnect needed").format(account.email))
        else:
            self.google_label.setText(self.tr("Connected as {0}").format(account.email))
        self.disconnect_button.setEnabled(account.email is not None)
        self.connect_button.setEnabled(not self.login.running)

    def _choose_client(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("OAuth client file"), "", self.tr("JSON files (*.json)")
        )
        if name:
            self.client_edit.setText(name)

    def connect_google(self) -> None:
        path = self.client_edit.text().strip()
        if path and path != load_account(self.store).client_secrets:
            try:
                connection.use_client(self.store, path)
            except IljeongError as exc:
                self.google_label.setText(self.tr("Google: {0}").format(exc))
                self.client_edit.setFocus()
                return
        if self.login.start(self.store):
            self.connect_button.setEnabled(False)
            self.google_label.setText(self.tr("Waiting for the browser…"))

    def _show_login_url(self, url: str) -> None:
        self.google_label.setToolTip(self.tr("If the browser did not open, visit: {0}").format(url))

    def _login_finished(self, error: str) -> None:
        self.refresh_google()
        if error:
            self.google_label.setText(self.tr("Google: {0}").format(error))

    def disconnect_google(self) -> None:
        try:
            connection.logout(self.store)
        except IljeongError as exc:
            self.google_label.setText(str(exc))
            return
        self.refresh_google()

    def _build_sync(self) -> None:
        form = self._page(self.tr("Sync server"))
        s = self.stored
        remembered = credentials.remembered_server(self.store)
        self.server_edit = QLineEdit(s["sync.server"] or remembered or "", self)
        self.server_edit.setPlaceholderText("https://sync.example.com")
        self._add(form, "sync.server", self.tr("Server URL"), self.server_edit)
        self.token_edit = QLineEdit(self)
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(self.tr("device token from iljeong-server create-token"))
        self.token_edit.setAccessibleName(self.tr("Device token"))
        form.addRow(self.tr("Device token"), self.token_edit)
        note = QLabel(
            self.tr(
                "Your events, calendars and chat history are sent to this server to reach "
                "your other devices. The token is kept in the system keyring; the app "
                "syncs with the server from its next start."
            ),
            self,
        )
        note.setWordWrap(True)
        form.addRow(note)

    def _build_hotkey(self) -> None:
        form = self._page(self.tr("Hotkey"))
        self.hotkey_edit = QLineEdit(self.stored["hotkey"], self)
        self.hotkey_edit.setPlaceholderText("<ctrl>+<alt>+i")
        self._add(form, "hotkey", self.tr("Capture the clipboard"), self.hotkey_edit)
        note = QLabel(
            self.tr(
                "Keys in angle brackets joined by +, e.g. <ctrl>+<alt>+i, or off. On Wayland "
                "an app cannot grab keys: bind the command 'iljeong capture' in your "
                "desktop's keyboard settings instead."
            ),
            self,
        )
        note.setWordWrap(True)
        form.addRow(note)

    def _show_env_overrides(self) -> None:
        try:
            found = config.entries(read_secrets=())
        except ConfigError:
            found = []
        names = [f"{e.key.name} ({e.key.env})" for e in found if e.source == "env"]
        self.env_note.setVisible(bool(names))
        self.env_note.setText(
            self.tr("Set by environment variables, which win over this form: {0}").format(
                ", ".join(names)
            )
        )

    # -- reading the form ----------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form's values, by setting key (secrets only when typed)."""
        hidden = []
        for row in range(self.calendar_list.count()):
            item = self.calendar_list.item(row)
            if item.checkState() != Qt.CheckState.Checked:
                hidden.append(str(item.data(Qt.ItemDataRole.UserRole)))
        out: dict[str, Any] = {
            "language": self.language_combo.currentData(),
            "theme": self.theme_combo.currentData(),
            "time_zone": self.zone_combo.currentText().strip(),
            "default_duration": self.duration_spin.value(),
            "default_calendar": self.calendar_combo.currentData(),
            "calendars.hidden": hidden,
            "notifications": self.notifications_check.isChecked(),
            "default_reminder": self.reminder_spin.value(),
            "start_minimized": self.minimized_check.isChecked(),
            "start_at_login": self.login_check.isChecked(),
            "llm.provider": self.provider_combo.currentData(),
            "llm.base_url": self.base_url_edit.text().strip() or None,
            "llm.model": self.model_edit.text(),
            "ocr.backend": self.ocr_combo.currentData(),
            "ocr.gcv_credentials": self.gcv_credentials_edit.text().strip() or None,
            "sync.server": self.server_edit.text().strip() or None,
            "hotkey": self.hotkey_edit.text(),
        }
        for key, edit in (
            ("llm.api_key", self.api_key_edit),
            ("ocr.gcv_api_key", self.gcv_key_edit),
        ):
            if edit.text().strip():
                out[key] = edit.text()
        return out

    def changes(self) -> dict[str, Any]:
        """Only what the user changed since the dialog opened."""
        return {k: v for k, v in self.values().items() if self._initial.get(k) != v}

    # -- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        """Validate and store; on success emit ``settings_changed`` and close."""
        changes = self.changes()
        token = self.token_edit.text().strip()
        server = self.server_edit.text().strip()
        try:
            if token and not server:
                raise ConfigError(self.tr("sync.server: the device token needs a server URL"))
            config.update(changes, folder=self.config_dir, store=self.store)
            if token:
                url = config.check_url(server)
                credentials.save_token(url, token)
                credentials.remember_server(self.store, url)
            new = Settings.load(config_dir=self.config_dir)
        except IljeongError as exc:
            self.show_error(str(exc))
            return False
        self.settings = new
        self.error_label.hide()
        self.settings_changed.emit(new)
        self.accept()
        return True

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        name = message.replace(":", " ").split(" ", 1)[0]  # errors start with the key
        widget = self._fields.get(name)
        if widget is not None:
            for index in range(self.tabs.count()):
                page = self.tabs.widget(index)
                if page is not None and page.isAncestorOf(widget):
                    self.tabs.setCurrentIndex(index)
            widget.setFocus()
