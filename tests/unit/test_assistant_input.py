"""Bad and arbitrary input: a polite reply, no exception, nothing saved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.assistant import Assistant
from core.assistant.dialog import MAX_TEXT
from core.settings import Settings
from core.store import Store

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 22, 10, tzinfo=SEOUL)
SETTINGS = Settings(time_zone="Asia/Seoul")

BAD = [
    "",
    "   \n\t ",
    "가" * 10_000,
    "내일 오후 3시 " + "팀 미팅 " * 2500,
    "\x00\x01\x02\xff\xfe binary \x7f\x1b[31m",
    "\ud800\udfff lone surrogates",
    "🎉🎉🎉",
    "🙂",
    "مرحبا، ما هو جدولي غدا؟",
    "שלום, מה יש לי מחר",
    "\u202e내일 3시 회의\u202c",
    "!!!???...",
    "0",
    "99999999999999999999",
    "<script>alert(1)</script>",
    "'; DROP TABLE events; --",
]


@pytest.mark.parametrize("text", BAD, ids=range(len(BAD)))
def test_bad_input_gets_a_polite_reply_and_saves_nothing(store: Store, text: str) -> None:
    bot = Assistant(store, SETTINGS)
    reply = bot.handle(text, now=NOW)
    assert reply.text.strip()
    assert "Traceback" not in reply.text
    assert store.count_events() == 0
    for turn in bot.history():
        assert len(turn.text) <= MAX_TEXT + 2000  # user turns are cut; replies are short
        assert "\x00" not in turn.text
    user_turns = [t for t in bot.history() if t.role == "user"]
    assert all(len(t.text) <= MAX_TEXT for t in user_turns)
    # and a confirmation afterwards may save at most what was proposed
    bot.handle("네", now=NOW)
    assert store.count_events() <= 1


def test_empty_messages_are_not_stored(store: Store) -> None:
    bot = Assistant(store, SETTINGS)
    reply = bot.handle("  ", now=NOW)
    assert reply.error and "비어" in reply.text
    assert bot.history() == []


def test_a_huge_message_is_cut_before_it_is_stored(store: Store) -> None:
    bot = Assistant(store, SETTINGS)
    bot.handle("x" * 10_000, now=NOW)
    [user] = [t for t in bot.history() if t.role == "user"]
    assert len(user.text) == MAX_TEXT


def test_a_confirmation_with_a_broken_saved_state_starts_afresh(store: Store) -> None:
    store.set_state("assistant:default", {"pending": {"kind": "nonsense"}, "undo": "x"})
    bot = Assistant(store, SETTINGS)
    reply = bot.handle("네", now=NOW)
    assert "확인할 제안이 없어요" in reply.text
    assert store.count_events() == 0


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One store for every hypothesis example (opening a database per example is slow)."""
    with Store.open(tmp_path_factory.mktemp("hypothesis")) as opened:
        yield opened


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_arbitrary_text_never_raises_and_saves_nothing_by_itself(
    shared_store: Store, text: str
) -> None:
    bot = Assistant(shared_store, SETTINGS, conversation_id="hypothesis")
    bot.cancel()  # nothing pending, so nothing can be confirmed
    reply = bot.handle(text, now=NOW)
    assert isinstance(reply.text, str) and reply.text
    assert reply.saved_event_ids == ()
    assert shared_store.count_events() == 0
    bot.close()
