"""The settings dialog: a real dialog offscreen over the real settings file and store."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
)
from pytestqt.qtbot import QtBot

from core.google.account import load_account
from core.model import Calendar, Event
from core.settings import Settings
from core.store import Store
from desktop.app import make_application
from desktop.main_window import MainWindow
from desktop.settings_dialog import SettingsDialog
from tests.fakes.keyring_backend import MemoryKeyring
from tests.ui.conftest import NOW

KEY = "sk-dialog-7"


@pytest.fixture(autouse=True)
def ring(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    return memory_keyring


@pytest.fixture
def make_dialog(qtbot: QtBot, store: Store) -> Callable[..., SettingsDialog]:
    make_application()

    def make(**kwargs: object) -> SettingsDialog:
        dialog = SettingsDialog(store, Settings(time_zone="Asia/Seoul"), **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return make


def press_ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pick(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_ok_writes_the_file_and_load_sees_it(
    qtbot: QtBot,
    make_dialog: Callable[..., SettingsDialog],
    store: Store,
    config_dir: Path,
    ring: MemoryKeyring,
) -> None:
    work = store.add_calendar(Calendar(name="Work"))
    dialog = make_dialog()
    dialog.duration_spin.setValue(30)
    pick(dialog.theme_combo, "dark")
    pick(dialog.calendar_combo, work.id)
    dialog.zone_combo.setCurrentText("Europe/Berlin")
    pick(dialog.provider_combo, "compatible")
    dialog.base_url_edit.setText("http://127.0.0.1:11434/v1")
    dialog.model_edit.setText("llama3.2")
    dialog.api_key_edit.setText(KEY)
    dialog.hotkey_edit.setText("<ctrl>+<shift>+k")
    dialog.reminder_spin.setValue(30)
    dialog.notifications_check.setChecked(False)
    emitted: list[Settings] = []
    dialog.settings_changed.connect(emitted.append)
    press_ok(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    data = json.loads((config_dir / "settings.json").read_text(encoding="utf-8"))
    assert data == {
        "format": 1,
        "time_zone": "Europe/Berlin",
        "default_duration": 30,
        "theme": "dark",
        "hotkey": "<ctrl>+<shift>+k",
        "default_calendar": work.id,
        "llm.provider": "compatible",
        "llm.base_url": "http://127.0.0.1:11434/v1",
        "llm.model": "llama3.2",
        "notifications": False,
        "default_reminder": 30,
    }  # untouched settings are not written: they keep following their defaults
    assert ring.values == {("iljeong", "openai"): KEY}
    loaded = Settings.load(env={})
    assert loaded.default_duration_minutes == 30 and loaded.theme == "dark"
    assert loaded.llm.enabled and loaded.llm.base_url == "http://127.0.0.1:11434/v1"
    assert loaded.llm.api_key == KEY and loaded.default_calendar == work.id
    assert len(emitted) == 1 and emitted[0].default_duration_minutes == 30
    # reopened, the form shows what was saved; an empty key field keeps the stored key
    again = make_dialog()
    assert again.duration_spin.value() == 30 and again.theme_combo.currentData() == "dark"
    assert again.zone_combo.currentText() == "Europe/Berlin"
    assert "stored in the keyring" in again.api_key_edit.placeholderText()
    assert again.changes() == {}
    press_ok(qtbot, again)
    assert ring.values == {("iljeong", "openai"): KEY}


@pytest.mark.parametrize(
    ("change", "message", "tab"),
    [
        (lambda d: d.hotkey_edit.setText("ctrl+k"), "hotkey:", "Hotkey"),
        (lambda d: d.zone_combo.setCurrentText("Mars/Base"), "unknown time zone", "General"),
        (lambda d: pick(d.provider_combo, "compatible"), "needs llm.base_url", "Assistant"),
        (lambda d: d.server_edit.setText("not a url"), "sync.server:", "Sync server"),
        (lambda d: d.api_key_edit.setText("two words"), "llm.api_key:", "Assistant"),
    ],
)
def test_a_bad_value_is_shown_inline_and_nothing_is_saved(
    qtbot: QtBot,
    make_dialog: Callable[..., SettingsDialog],
    config_dir: Path,
    ring: MemoryKeyring,
    change: Callable[[SettingsDialog], None],
    message: str,
    tab: str,
) -> None:
    dialog = make_dialog()
    dialog.duration_spin.setValue(90)  # a good change in the same save is not kept either
    change(dialog)
    emitted: list[Settings] = []
    dialog.settings_changed.connect(emitted.append)
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and not emitted
    assert dialog.error_label.isVisible() and message in dialog.error_label.text()
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == tab
    assert not (config_dir / "settings.json").exists()
    assert ring.values == {}


def test_a_damaged_settings_file_is_reported_not_overwritten(
    qtbot: QtBot, make_dialog: Callable[..., SettingsDialog], config_dir: Path
) -> None:
    dialog = make_dialog()
    config_dir.mkdir()
    (config_dir / "settings.json").write_text("{oops", encoding="utf-8")
    dialog.duration_spin.setValue(45)
    press_ok(qtbot, dialog)
    assert "not valid JSON" in dialog.error_label.text()
    assert (config_dir / "settings.json").read_text(encoding="utf-8") == "{oops"


def test_the_privacy_statement_says_what_leaves(
    make_dialog: Callable[..., SettingsDialog],
) -> None:
    dialog = make_dialog()
    assert "Nothing leaves this computer" in dialog.llm_privacy.text()
    assert not dialog.base_url_edit.isEnabled() and not dialog.api_key_edit.isEnabled()
    pick(dialog.provider_combo, "openai")
    assert "message text and today's date" in dialog.llm_privacy.text()
    assert "api.openai.com" in dialog.llm_privacy.text()
    pick(dialog.provider_combo, "compatible")
    dialog.base_url_edit.setText("http://gpu-box.lan:8080/v1")
    assert "http://gpu-box.lan:8080/v1" in dialog.llm_privacy.text()
    assert "Nothing leaves" in dialog.ocr_privacy.text()
    pick(dialog.ocr_combo, "gcv")
    assert "Google Cloud Vision" in dialog.ocr_privacy.text()
    assert dialog.gcv_key_edit.isEnabled()
    pick(dialog.ocr_combo, "openai")
    assert "http://gpu-box.lan:8080/v1" in dialog.ocr_privacy.text()


def test_every_input_has_an_accessible_name(make_dialog: Callable[..., SettingsDialog]) -> None:
    dialog = make_dialog()
    inputs = (QLineEdit, QComboBox, QAbstractSpinBox, QCheckBox, QListWidget)
    found = [
        w
        for kind in inputs
        for w in dialog.findChildren(kind)
        if not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))  # their inner editor
    ]
    assert len(found) >= 20
    assert [w for w in found if not w.accessibleName()] == []


def test_account_tab_signs_in_off_the_ui_thread(
    qtbot: QtBot, make_dialog: Callable[..., SettingsDialog]
) -> None:
    calls: list[str] = []

    def login(store: Store, on_url: Callable[[str], None]) -> object:
        on_url("http://127.0.0.1:1/auth")
        calls.append("login")
        raise RuntimeError("the browser was closed")

    dialog = make_dialog(login=login)
    assert dialog.google_label.text() == "Not connected"
    assert not dialog.disconnect_button.isEnabled()
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: not dialog.login.running)
    assert calls == ["login"]
    assert "the browser was closed" in dialog.google_label.text()
    assert "http://127.0.0.1:1/auth" in dialog.google_label.toolTip()
    assert dialog.connect_button.isEnabled()


def test_hidden_calendar_hides_its_events_in_the_month_view(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    work = store.add_calendar(Calendar(name="Work"))
    home = store.default_calendar()
    start = NOW.replace(hour=14, minute=0)
    store.add_event(Event.timed("dentist", start, start + timedelta(hours=1), calendar_id=home.id))
    store.add_event(Event.timed("review", start, start + timedelta(hours=1), calendar_id=work.id))
    window.reload_now()
    month = window.views["month"]
    assert {o.event.title for o in month.occurrences} == {"dentist", "review"}
    assert not window.settings_action.shortcut().isEmpty()  # Ctrl+, (Preferences)

    window.settings_action.trigger()
    dialog = window.findChild(SettingsDialog)
    assert isinstance(dialog, SettingsDialog)
    items = [dialog.calendar_list.item(i) for i in range(dialog.calendar_list.count())]
    by_name = {item.text(): item for item in items}
    by_name["Work"].setCheckState(Qt.CheckState.Unchecked)
    dialog.duration_spin.setValue(25)
    press_ok(qtbot, dialog)

    assert {o.event.title for o in month.occurrences} == {"dentist"}
    assert window.settings.hidden_calendars == (work.id,)
    assert window.assistant.settings.default_duration_minutes == 25
    assert Settings.load().hidden_calendars == (work.id,)
    # shown again
    window.settings_action.trigger()
    dialog = [d for d in window.findChildren(SettingsDialog) if d.isVisible()][0]
    work_item = next(
        dialog.calendar_list.item(i)
        for i in range(dialog.calendar_list.count())
        if dialog.calendar_list.item(i).text() == "Work"
    )
    assert work_item.checkState() == Qt.CheckState.Unchecked
    work_item.setCheckState(Qt.CheckState.Checked)
    press_ok(qtbot, dialog)
    assert {o.event.title for o in month.occurrences} == {"dentist", "review"}


def test_account_tab_takes_the_oauth_client_file_before_signing_in(
    qtbot: QtBot, make_dialog: Callable[..., SettingsDialog], store: Store, tmp_path: Path
) -> None:
    """A new user has no OAuth client yet: the tab checks and remembers the file first."""
    calls: list[str | None] = []

    def login(store: Store, on_url: Callable[[str], None]) -> object:
        calls.append(load_account(store).client_secrets)
        return None

    web = tmp_path / "web_client.json"
    web.write_text(json.dumps({"web": {"client_id": "x"}}), encoding="utf-8")
    dialog = make_dialog(login=login)
    dialog.client_edit.setText(str(web))
    dialog.connect_button.click()
    assert "desktop OAuth client" in dialog.google_label.text()
    assert calls == [] and load_account(store).client_secrets is None  # nothing remembered

    desktop = tmp_path / "client_secret.json"
    desktop.write_text(
        json.dumps(
            {
                "installed": {
                    "client_id": "id.apps.googleusercontent.com",
                    "client_secret": "secret",
                    "auth_uri": "http://127.0.0.1:9/auth",
                    "token_uri": "http://127.0.0.1:9/token",
                    "redirect_uris": ["http://localhost"],
                }
            }
        ),
        encoding="utf-8",
    )
    dialog.client_edit.setText(str(desktop))
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: not dialog.login.running)
    assert calls == [str(desktop)]
    assert make_dialog(login=login).client_edit.text() == str(desktop)  # shown next time
