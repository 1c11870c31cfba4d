"""Korean and English at runtime: desktop.i18n.apply_language retranslates the open window,
and the Korean .ts translates every text lupdate finds in desktop/."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "iljeong_ko.ts"
QM = ROOT / "resources" / "i18n" / "iljeong_ko.qm"
BIN = Path(sys.executable).parent


@pytest.fixture
def app() -> Iterator[QApplication]:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    yield instance
    i18n.apply_language(instance, "en")  # later tests read English


def toolbar_texts(window: MainWindow) -> list[str]:
    actions = [window.today_action, window.prev_action, window.next_action]
    actions += list(window.view_actions.values()) + [window.new_action]
    return [a.text() for a in actions]


def test_switch_korean_english_korean_at_runtime(
    qtbot: QtBot, window: MainWindow, app: QApplication
) -> None:
    assert toolbar_texts(window) == [
        "Today", "Previous", "Next", "Month", "Week", "Day", "Agenda", "New event",
    ]  # fmt: skip
    assert window.title_label.text() == "November 2026"

    i18n.apply_language(app, "ko")
    assert toolbar_texts(window) == [
        "오늘",
        "이전",
        "다음",
        "월",
        "주",
        "일",
        "일정 목록",
        "새 일정",
    ]
    assert window.title_label.text() == "2026년 11월"
    assert window.chat_pane.input.placeholderText() == "예: 내일 오후 3시 팀 미팅"
    assert window.chat_pane.send_button.text() == "보내기"
    assert window.google_status.label.text() == "Google: 연결 안 됨"
    assert window.sync_status.button.text() == "동기화: 이 기기만"
    assert window.menus["file"].title() == "파일(&F)"
    assert window.views["month"].accessibleName() == "월 보기"
    assert window.drop_area.accessibleName() == "이미지 놓기 영역"
    button = window.toolbar.widgetForAction(window.today_action)
    assert button.text() == "오늘" and button.accessibleName() == "오늘로 이동"
    assert window.today_action.toolTip() == "오늘로 이동 (T)"
    window.show_view("week")
    assert window.title_label.text() == "2026년 11월 22일 – 28일"
    assert i18n.weekday_name(window.views["week"].day_list()[0]) == "일"

    i18n.apply_language(app, "en")
    assert window.title_label.text() == "Nov 22 – 28, 2026"
    assert window.view_actions["week"].text() == "Week"
    assert window.chat_pane.input.placeholderText() == "e.g. 내일 오후 3시 팀 미팅"
    assert window.google_status.label.text() == "Google: not connected"
    assert window.menus["go"].title() == "&Go"
    assert i18n.weekday_name(window.views["week"].day_list()[0]) == "Sun"

    i18n.apply_language(app, "ko")
    assert window.view_actions["agenda"].text() == "일정 목록"
    assert window.title_label.text() == "2026년 11월 22일 – 28일"
    assert i18n.current_language() == "ko"


def test_a_hint_in_use_survives_a_language_switch(window: MainWindow, app: QApplication) -> None:
    window.chat_pane.edit()  # "What should change? …" replaces the default hint
    hint = window.chat_pane.input.placeholderText()
    i18n.apply_language(app, "ko")
    assert window.chat_pane.input.placeholderText() == hint
    i18n.apply_language(app, "en")
    window.chat_pane.send_input()  # nothing typed: no change
    assert window.chat_pane.default_hint == "e.g. 내일 오후 3시 팀 미팅"


def test_system_language_follows_the_os_locale(app: QApplication) -> None:
    locale = i18n.apply_language(app, "system")
    assert i18n.current_language() == "system"
    assert locale.language() == i18n.locale_for("system").language()
    assert i18n.locale_for("bogus").name() == i18n.locale_for("system").name()


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def _translated(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
        return False
    if message.get("numerus") == "yes":
        forms = translation.findall("numerusform")
        return bool(forms) and all((f.text or "").strip() for f in forms)
    return bool((translation.text or "").strip())


@pytest.mark.skipif(not (BIN / "pyside6-lupdate").exists(), reason="pyside6-lupdate missing")
def test_every_desktop_text_is_translated_to_korean(tmp_path: Path) -> None:
    """lupdate on today's sources into an empty .ts: every text it finds has a finished
    Korean translation in the committed .ts (run `make translations` and translate)."""
    fresh = tmp_path / "fresh_ko.ts"
    sources = sorted(str(p) for p in (ROOT / "desktop").rglob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-ts", str(fresh)],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    found = _messages(fresh)
    assert len(found) > 150
    committed = _messages(TS)
    missing = sorted(key for key in found if key not in committed)
    untranslated = sorted(
        key for key in found if key in committed and not _translated(committed[key])
    )
    assert not missing, f"not in iljeong_ko.ts (run make translations): {missing}"
    assert not untranslated, f"no Korean yet: {untranslated}"


@pytest.mark.skipif(not (BIN / "pyside6-lrelease").exists(), reason="pyside6-lrelease missing")
def test_the_compiled_qm_is_current(tmp_path: Path) -> None:
    out = tmp_path / "ko.qm"
    shutil.copy(TS, tmp_path / "ko.ts")
    done = subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(tmp_path / "ko.ts"), "-qm", str(out)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert " 0 unfinished" in done.stdout
    assert out.read_bytes() == QM.read_bytes(), "iljeong_ko.qm is stale: run make translations"
