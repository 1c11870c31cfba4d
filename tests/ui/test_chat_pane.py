"""The chat pane on a real window and store: proposals, Save/Cancel/"네", undo, history.

Korean text is set with setText (QTest.keyClicks with Hangul aborts the process) and sent
with a real Enter key or a real click.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from core.model import Event
from core.settings import Settings
from core.store import Store
from desktop.chat_pane import Bubble, ChatPane
from desktop.main_window import MainWindow
from tests.ui.conftest import NOW, SEOUL

TOMORROW = NOW.date() + timedelta(days=1)


def live_events(store: Store) -> list[Event]:
    lo = datetime(2026, 1, 1, tzinfo=SEOUL)
    return [o.event for o in store.occurrences(lo, lo + timedelta(days=730), view_zone=SEOUL)]


def type_and_enter(qtbot: QtBot, pane: ChatPane, text: str) -> None:
    pane.input.setText(text)
    qtbot.keyClick(pane.input, Qt.Key.Key_Return)


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def texts(pane: ChatPane) -> list[tuple[str, str]]:
    return [(b.role, b.text) for b in pane.bubbles]


def test_proposal_card_then_save(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pane = window.chat_pane
    assert pane.input.isEnabled() and pane.send_button.isEnabled()
    assert not pane.undo_button.isEnabled()
    type_and_enter(qtbot, pane, "내일 오후 3시 팀 미팅")
    assert pane.input.text() == ""
    assert texts(pane)[0] == ("user", "내일 오후 3시 팀 미팅")
    assert pane.bubbles[-1].role == "assistant" and "팀 미팅" in pane.bubbles[-1].text
    card = pane.card
    assert card is not None and card.isVisible()
    assert "팀 미팅" in card.lines()[0]
    assert "오후 3:00" in card.lines()[0]
    assert any("내 캘린더" in line or "캘린더" in line for line in card.lines())
    assert card.save_button.isVisible() and card.save_button.isEnabled()
    assert card.save_button.text() == "Save"
    assert card.warnings() == []
    assert live_events(store) == []  # nothing saved before the click

    window.show_view("month")
    window.go_to(date(2027, 3, 1))  # far away, to see the jump
    click(qtbot, card.save_button)
    events = live_events(store)
    assert [e.title for e in events] == ["팀 미팅"]
    assert events[0].start == datetime(2026, 11, 25, 15, tzinfo=SEOUL)
    assert pane.card is None
    assert "추가했어요" in pane.bubbles[-1].text
    assert pane.undo_button.isEnabled()
    assert window.anchor == TOMORROW
    month = window.views["month"]
    assert month.selected == TOMORROW
    qtbot.waitUntil(lambda: [o.event.title for o in month.occurrences_on(TOMORROW)] == ["팀 미팅"])


def test_week_view_jumps_to_the_saved_day(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    window.show_view("week")
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "12월 10일 오전 10시 치과")
    assert pane.card is not None
    click(qtbot, pane.card.save_button)
    assert len(live_events(store)) == 1
    first, after = window.views["week"].visible_days()
    assert first <= date(2026, 12, 10) < after
    assert window.current_name == "week"


def test_typing_ne_saves_like_the_button(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "금요일 저녁 7시 동기 모임")
    assert pane.card is not None
    type_and_enter(qtbot, pane, "네")
    assert [e.title for e in live_events(store)] == ["동기 모임"]
    assert pane.card is None
    assert window.anchor == date(2026, 11, 27)


def test_cancel_drops_the_proposal(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "내일 오후 3시 팀 미팅")
    assert pane.card is not None
    click(qtbot, pane.card.cancel_button)
    assert pane.card is None
    assert "취소" in pane.bubbles[-1].text
    assert live_events(store) == []
    assert window.chat_pane.assistant.pending() is None
    type_and_enter(qtbot, pane, "네")  # nothing left to confirm
    assert live_events(store) == []


def test_edit_puts_the_change_in_words(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "내일 오후 3시 팀 미팅")
    assert pane.card is not None
    click(qtbot, pane.card.edit_button)
    assert pane.input.hasFocus()
    assert "4시로" in pane.input.placeholderText()
    type_and_enter(qtbot, pane, "4시로, 장소는 강남역")
    card = pane.card
    assert card is not None
    assert "오후 4:00" in card.lines()[0]
    assert any("강남역" in line for line in card.lines())
    click(qtbot, card.save_button)
    (event,) = live_events(store)
    assert event.start == datetime(2026, 11, 25, 16, tzinfo=SEOUL)
    assert event.location == "강남역"


def test_undo_removes_the_saved_event(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "내일 오후 3시 팀 미팅")
    click(qtbot, pane.card.save_button)
    assert len(live_events(store)) == 1
    click(qtbot, pane.undo_button)
    assert live_events(store) == []
    assert "되돌렸어요" in pane.bubbles[-1].text
    assert not pane.undo_button.isEnabled()


def test_ctrl_z_in_the_chat_undoes(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "내일 오후 3시 팀 미팅")
    type_and_enter(qtbot, pane, "네")
    assert len(live_events(store)) == 1
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    pane.input.setFocus()
    qtbot.keyClicks(pane.input, "ab")  # the line's own undo comes first
    qtbot.keyClick(pane.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert pane.input.text() == ""
    assert len(live_events(store)) == 1
    qtbot.keyClick(pane.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert live_events(store) == []
    type_and_enter(qtbot, pane, "내일 오후 3시 팀 미팅")
    type_and_enter(qtbot, pane, "네")
    pane.messages.setFocus()
    qtbot.keyClick(pane.messages, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert live_events(store) == []


def test_history_survives_a_restart(qtbot: QtBot, store: Store, data_dir: Path) -> None:
    first = MainWindow(store, Settings(time_zone="Asia/Seoul"), now=lambda: NOW)
    qtbot.addWidget(first)
    first.show()
    type_and_enter(qtbot, first.chat_pane, "내일 오후 3시 팀 미팅")
    type_and_enter(qtbot, first.chat_pane, "네")
    type_and_enter(qtbot, first.chat_pane, "모레 오전 11시 점심 약속")
    shown = texts(first.chat_pane)
    assert len(shown) == 6
    first.close()
    store.close()

    with Store.open(data_dir) as reopened:
        second = MainWindow(reopened, Settings(time_zone="Asia/Seoul"), now=lambda: NOW)
        qtbot.addWidget(second)
        second.show()
        pane = second.chat_pane
        assert texts(pane) == shown
        assert pane.card is not None  # the proposal still waits
        assert "점심 약속" in pane.card.lines()[0]
        assert pane.undo_button.isEnabled()
        click(qtbot, pane.card.save_button)
        assert sorted(e.title for e in live_events(reopened)) == ["점심 약속", "팀 미팅"]
        second.close()


def test_duplicate_warning_on_the_card(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    cal = store.default_calendar().id
    start = datetime(2026, 11, 25, 15, tzinfo=SEOUL)
    store.add_event(Event.timed("팀 미팅", start, start + timedelta(hours=1), calendar_id=cal))
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "내일 오후 3시 팀 미팅")
    card = pane.card
    assert card is not None
    assert len(card.warnings()) == 1
    assert "이미 같은 일정" in card.warnings()[0]
    assert card.warning_labels[0].isVisible()
    click(qtbot, card.save_button)  # the first Save only repeats the warning
    assert len(live_events(store)) == 1
    assert pane.card is not None and pane.card.warnings()
    click(qtbot, pane.card.save_button)  # the second one insists
    assert len(live_events(store)) == 2


def test_overlap_warning_on_the_card(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    cal = store.default_calendar().id
    start = datetime(2026, 11, 25, 14, 30, tzinfo=SEOUL)
    store.add_event(Event.timed("치과", start, start + timedelta(hours=1), calendar_id=cal))
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "내일 오후 3시 팀 미팅")
    assert pane.card is not None
    assert any("치과" in w for w in pane.card.warnings())
    click(qtbot, pane.card.save_button)  # an overlap does not block saving
    assert len(live_events(store)) == 2


def test_choices_are_buttons(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    cal = store.default_calendar().id
    for day in (25, 26):
        start = datetime(2026, 11, day, 10, tzinfo=SEOUL)
        store.add_event(Event.timed("회의", start, start + timedelta(hours=1), calendar_id=cal))
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "회의 취소해줘")
    choices = pane.choices
    assert choices is not None and len(choices.buttons) == 2
    assert "회의" in choices.buttons[1].text()
    click(qtbot, choices.buttons[1])
    assert texts(pane)[-2] == ("user", "2")
    card = pane.card
    assert card is not None and card.save_button.text() == "Delete"
    assert not card.edit_button.isVisible()
    assert not choices.isEnabled()
    click(qtbot, card.save_button)
    assert [e.start.day for e in live_events(store)] == [25]


def test_empty_and_huge_messages(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pane = window.chat_pane
    for empty in ("", "   "):
        type_and_enter(qtbot, pane, empty)
        click(qtbot, pane.send_button)
    assert pane.bubbles == []
    assert window.chat_pane.assistant.history() == []

    huge = "내일 회의 " * 1667  # 10 002 characters
    pane.input.setText(huge[:10_000])
    click(qtbot, pane.send_button)
    assert len(pane.bubbles) == 2
    assert len(pane.bubbles[0].text) <= 2001
    if pane.card is not None:
        click(qtbot, pane.card.cancel_button)
    assert live_events(store) == []


def test_llm_path_is_marked(qtbot: QtBot, window: MainWindow) -> None:
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "내일 오후 3시 팀 미팅")
    assert pane.bubbles[-1].path == "rules" and pane.bubbles[-1].meta is None
    marked = Bubble("hello", "assistant", path="llm")
    qtbot.addWidget(marked)
    assert marked.meta is not None and marked.meta.text()


def test_shortcut_focuses_the_chat_and_keys_type_there(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.views["month"].setFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.chat_pane.input.hasFocus()
    qtbot.keyClicks(window.chat_pane.input, "T2")  # window shortcuts, but typing wins
    assert window.chat_pane.input.text() == "T2"
    assert window.current_name == "month"


def test_accessible_names(window: MainWindow) -> None:
    pane = window.chat_pane
    for widget in (pane, pane.input, pane.send_button, pane.undo_button, pane.messages):
        assert widget.accessibleName()
    pane.send("내일 오후 3시 팀 미팅")
    card = pane.card
    assert card is not None
    for widget in (card, card.save_button, card.edit_button, card.cancel_button, pane.bubbles[0]):
        assert widget.accessibleName()


def test_english_message_gets_an_english_answer(qtbot: QtBot, window: MainWindow) -> None:
    pane = window.chat_pane
    type_and_enter(qtbot, pane, "team meeting tomorrow at 3pm")
    assert pane.card is not None
    assert pane.bubbles[-1].text.startswith("Add")


def test_two_hundred_messages_load_quickly(qtbot: QtBot, store: Store) -> None:
    from core.model import ChatTurn

    for number in range(100):
        store.add_chat_turn(ChatTurn(role="user", text=f"메시지 {number} " * 5))
        store.add_chat_turn(ChatTurn(role="assistant", text=f"답장 {number} " * 12))
    began = time.perf_counter()
    win = MainWindow(store, Settings(time_zone="Asia/Seoul"), now=lambda: NOW)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    elapsed = time.perf_counter() - began
    assert len(win.chat_pane.bubbles) == 200
    assert elapsed < 3.0, elapsed
    bar = win.chat_pane.messages.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() and bar.maximum() > 0)


def test_llm_understanding_runs_off_the_ui_thread(qtbot: QtBot, store: Store) -> None:
    """With an LLM configured (the fake OpenAI server, answering slowly), the window keeps
    painting while the message is understood, and the answer arrives afterwards."""
    from PySide6.QtCore import QTimer

    from core.settings import LLMSettings
    from tests.fakes.openai_server import FakeOpenAIServer

    server = FakeOpenAIServer(
        reply={
            "intent": "create",
            "title": "기획 회의",
            "start": "2026-11-25T14:00:00+09:00",
            "end": None,
            "all_day": False,
            "location": None,
            "rrule": None,
            "query_range": None,
        },
        fault="delay",
        delay_seconds=0.8,
    ).start()
    try:
        llm = LLMSettings(
            enabled=True,
            base_url=server.base_url,
            model="fake-model",
            api_key="k",
            timeout_seconds=5,
        )
        win = MainWindow(store, Settings(time_zone="Asia/Seoul", llm=llm), now=lambda: NOW)
        qtbot.addWidget(win)
        win.show()
        pane = win.chat_pane
        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(20)
        long_text = "수요일에 기획 회의가 있는데 오후 두 시쯤 시작해서 한동안 할 것 같아요 " * 5
        type_and_enter(qtbot, pane, long_text)
        assert not pane.input.isEnabled()  # waiting for the answer
        qtbot.waitUntil(lambda: pane.input.isEnabled(), timeout=5000)
        timer.stop()
        assert server.chat_calls == 1
        assert len(ticks) >= 10  # ~0.8 s of waiting: the UI thread kept running timers
        assert pane.card is not None and "기획 회의" in pane.card.lines()[0]
        assert "language model" in pane.bubbles[-1].text or pane.bubbles[-1].path == "llm"
    finally:
        server.stop()
