"""The chat dialog end to end: real parser, real SQLite store (see core/assistant/dialog.py).

Every message is said on Sunday 2026-11-22 10:00 KST (CONVENTIONS.md), so 내일 is Monday
11/23 and 토요일 is 11/28.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.assistant import Assistant, Proposal, Reply
from core.model import Event, Source
from core.settings import Settings
from core.store import Store

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 22, 10, tzinfo=SEOUL)
SETTINGS = Settings(time_zone="Asia/Seoul", default_duration_minutes=60)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SEOUL)


@pytest.fixture
def bot(store: Store) -> Iterator[Assistant]:
    assistant = Assistant(store, SETTINGS)
    yield assistant
    assistant.close()


def say(bot: Assistant, text: str, now: datetime = NOW) -> Reply:
    return bot.handle(text, now=now)


def live(store: Store) -> list[Event]:
    return [e for e in store.all_events() if not e.cancelled]


def add(
    store: Store, title: str, start: datetime, end: datetime | None = None, **kw: object
) -> Event:
    cal = store.default_calendar().id
    return store.add_event(Event.timed(title, start, end, calendar_id=cal, **kw))  # type: ignore[arg-type]


def proposal(reply: Reply) -> Proposal:
    assert reply.proposal is not None, reply.text
    return reply.proposal


def day_of(store: Store, day: date) -> list[tuple[str, object, object]]:
    lo = datetime(day.year, day.month, day.day, tzinfo=SEOUL)
    return [(o.event.title, o.start, o.end) for o in store.occurrences(lo, lo + timedelta(days=1))]


# -- create, confirm, cancel ---------------------------------------------------------------


def test_a_create_message_proposes_and_only_a_confirmation_saves(
    bot: Assistant, store: Store
) -> None:
    reply = say(bot, "내일 오후 3시 팀 미팅")
    p = proposal(reply)
    assert p.kind == "create"
    assert (p.title, p.start, p.end, p.all_day) == ("팀 미팅", at(23, 15), at(23, 16), False)
    assert p.calendar_id == store.default_calendar().id and p.calendar_name
    assert p.question is None and p.warnings == ()
    assert "11월 23일 (월) 오후 3:00–4:00" in reply.text
    assert reply.language == "ko" and reply.path == "rules"
    assert live(store) == []

    done = say(bot, "네")
    [ev] = live(store)
    assert done.saved_event_ids == (ev.id,)
    assert (ev.title, ev.start, ev.end, ev.tz) == ("팀 미팅", at(23, 15), at(23, 16), "Asia/Seoul")
    assert ev.source is Source.CHAT
    asked = [t for t in bot.history() if t.role == "user" and t.text == "내일 오후 3시 팀 미팅"]
    assert ev.source_ref == asked[0].id
    assert "추가했어요" in done.text and done.can_undo
    assert bot.pending() is None


def test_location_and_default_duration_from_settings(store: Store) -> None:
    bot = Assistant(store, Settings(time_zone="Asia/Seoul", default_duration_minutes=30))
    p = proposal(bot.handle("내일 오후 3시 강남역에서 팀 미팅", now=NOW))
    assert (p.start, p.end, p.location) == (at(23, 15), at(23, 15, 30), "강남역")


def test_cancel_drops_the_proposal(bot: Assistant, store: Store) -> None:
    say(bot, "내일 오후 3시 팀 미팅")
    reply = say(bot, "취소")
    assert reply.proposal is None and "취소" in reply.text
    assert bot.pending() is None
    after = say(bot, "네")
    assert "확인할 제안이 없어요" in after.text
    assert live(store) == []


def test_the_buttons_save_and_cancel(bot: Assistant, store: Store) -> None:
    say(bot, "내일 오후 3시 팀 미팅")
    assert bot.cancel().proposal is None
    assert bot.confirm(now=NOW).saved_event_ids == ()
    say(bot, "내일 오후 3시 팀 미팅")
    saved = bot.confirm(now=NOW)
    assert len(saved.saved_event_ids) == 1 and len(live(store)) == 1


@pytest.mark.parametrize(
    ("edit", "start", "end", "field", "value"),
    [
        ("4시로", at(23, 16), at(23, 17), None, None),
        ("4시로 바꿔줘", at(23, 16), at(23, 17), None, None),
        ("장소는 강남역", at(23, 15), at(23, 16), "location", "강남역"),
        ("30분 늦춰줘", at(23, 15, 30), at(23, 16, 30), None, None),
        ("제목은 팀 회식", at(23, 15), at(23, 16), "title", "팀 회식"),
        ("5시까지", at(23, 15), at(23, 17), None, None),
    ],
)
def test_an_edit_changes_the_pending_proposal(
    bot: Assistant,
    store: Store,
    edit: str,
    start: datetime,
    end: datetime,
    field: str | None,
    value: str | None,
) -> None:
    say(bot, "내일 오후 3시 팀 미팅")
    reply = say(bot, edit)
    p = proposal(reply)
    assert p.kind == "create"
    assert (p.start, p.end) == (start, end), reply.text
    if field is not None:
        assert getattr(p, field) == value
    assert live(store) == []
    say(bot, "네")
    [ev] = live(store)
    assert (ev.start, ev.end) == (start, end)


def test_edit_to_another_day_keeps_the_time(bot: Assistant) -> None:
    p = proposal(say(bot, "수요일 오후 3시 팀 미팅"))
    assert p.start == at(25, 15)
    p = proposal(say(bot, "내일로"))
    assert (p.start, p.end) == (at(23, 15), at(23, 16))


def test_edits_accumulate_and_survive_a_new_assistant(store: Store) -> None:
    first = Assistant(store, SETTINGS)
    first.handle("내일 오후 3시 팀 미팅", now=NOW)
    first.handle("4시로", now=NOW)
    second = Assistant(store, SETTINGS)
    p = proposal(second.handle("장소는 강남역", now=NOW))
    assert (p.start, p.location) == (at(23, 16), "강남역")


# -- a missing time asks one question ------------------------------------------------------


def test_no_date_and_no_time_asks_when_and_the_answer_fills_it(
    bot: Assistant, store: Store
) -> None:
    p = proposal(say(bot, "팀 회식 잡아줘"))
    assert p.title == "팀 회식" and p.start is None
    assert p.question_kind == "when" and p.question and "언제" in p.question
    again = say(bot, "네")  # cannot save without a date
    assert "날짜" in again.text and live(store) == []
    p = proposal(say(bot, "내일 저녁 7시"))
    assert (p.start, p.end, p.question) == (at(23, 19), at(23, 20), None)
    say(bot, "네")
    [ev] = live(store)
    assert (ev.title, ev.start) == ("팀 회식", at(23, 19))


@pytest.mark.parametrize(
    ("answer", "start"), [("3시", at(23, 15)), ("오후 2시 반", at(23, 14, 30))]
)
def test_a_date_without_a_time_asks_the_time(
    bot: Assistant, store: Store, answer: str, start: datetime
) -> None:
    p = proposal(say(bot, "내일 팀 미팅"))
    assert (p.start, p.end, p.all_day) == (date(2026, 11, 23), date(2026, 11, 24), True)
    assert p.question_kind == "time" and p.question and "몇 시" in p.question
    p = proposal(say(bot, answer))
    assert (p.start, p.all_day, p.question) == (start, False, None)
    assert p.end == start + timedelta(hours=1)
    say(bot, "네")
    [ev] = live(store)
    assert (ev.title, ev.start, ev.all_day) == ("팀 미팅", start, False)


def test_all_day_answers_keep_it_all_day(bot: Assistant, store: Store) -> None:
    say(bot, "내일 팀 미팅")
    p = proposal(say(bot, "종일"))
    assert (p.all_day, p.question, p.start) == (True, None, date(2026, 11, 23))
    say(bot, "네")
    [ev] = live(store)
    assert (ev.all_day, ev.start, ev.end) == (True, date(2026, 11, 23), date(2026, 11, 24))


def test_yes_to_the_time_question_saves_an_all_day_event(bot: Assistant, store: Store) -> None:
    say(bot, "12월 5일 과제 마감")
    say(bot, "네")
    [ev] = live(store)
    assert (ev.all_day, ev.start) == (True, date(2026, 12, 5))


def test_date_ranges_ask_nothing(bot: Assistant) -> None:
    p = proposal(say(bot, "12월 24일부터 26일까지 가족 여행"))
    assert (p.start, p.end, p.all_day) == (date(2026, 12, 24), date(2026, 12, 27), True)
    assert p.question is None


# -- English -------------------------------------------------------------------------------


def test_english_messages_get_english_replies(bot: Assistant, store: Store) -> None:
    reply = say(bot, "team dinner tomorrow at 7pm")
    p = proposal(reply)
    assert reply.language == "en" and p.language == "en"
    assert (p.title, p.start) == ("team dinner", at(23, 19))
    assert "Mon, Nov 23, 7:00–8:00 PM" in reply.text
    done = say(bot, "yes")
    assert done.language == "en" and done.text.startswith("Added")
    assert len(live(store)) == 1


def test_a_confirmation_uses_the_language_of_the_proposal(bot: Assistant) -> None:
    say(bot, "team dinner tomorrow at 7pm")
    assert say(bot, "네").language == "en"


# -- queries -------------------------------------------------------------------------------


def test_a_day_query_lists_its_events(bot: Assistant, store: Store) -> None:
    add(store, "치과", at(23, 17))
    add(store, "팀 미팅", at(23, 10), location="3층")
    add(store, "요가", at(24, 7))
    reply = say(bot, "내일 뭐 있어?")
    assert [o.event.title for o in reply.events] == ["팀 미팅", "치과"]
    assert "팀 미팅" in reply.text and "오전 10:00" in reply.text and "3층" in reply.text
    assert reply.proposal is None


def test_a_query_filters_by_title_and_expands_series(bot: Assistant, store: Store) -> None:
    add(store, "점심 약속", at(5, 12, month=12))
    add(store, "회의", at(5, 15, month=12))
    reply = say(bot, "12월 5일에 약속 있어?")
    assert [o.event.title for o in reply.events] == ["점심 약속"]
    add(store, "주간 회의", at(16, 9), rrule="FREQ=WEEKLY;BYDAY=MO")
    week = say(bot, "What do I have next week?")
    assert [(o.event.title, o.start) for o in week.events] == [("주간 회의", at(23, 9))]
    assert week.language == "en"


def test_an_empty_day_says_so(bot: Assistant) -> None:
    reply = say(bot, "내일 뭐 있어?")
    assert reply.events == () and "없어요" in reply.text


def test_open_ended_and_titled_queries_find_the_next_one(bot: Assistant, store: Store) -> None:
    add(store, "team meeting", at(24, 15))
    add(store, "team meeting", at(26, 15))
    reply = say(bot, "When's my next meeting?")
    assert [o.start for o in reply.events] == [at(24, 15)]
    add(store, "미용실 예약", at(17, 11))  # only in the past
    past = say(bot, "미용실 예약 언제지?")
    assert [o.start for o in past.events] == [at(17, 11)]
    assert "지난" in past.text
    add(store, "미용실 예약", at(3, 11, month=12))
    future = say(bot, "미용실 예약 언제지?")
    assert [o.start for o in future.events] == [at(3, 11, month=12)]


# -- update and delete ---------------------------------------------------------------------


def test_update_proposes_and_changes_only_on_confirmation(bot: Assistant, store: Store) -> None:
    meeting = add(store, "미팅", at(22, 15))
    add(store, "미팅", at(23, 15))  # another day: not the target
    p = proposal(say(bot, "3시 미팅 4시로 옮겨줘"))
    assert p.kind == "update" and p.target_ids == (meeting.id,)
    assert (p.start, p.end) == (at(22, 16), at(22, 17))
    assert store.get_event(meeting.id).start == at(22, 15)
    done = say(bot, "네")
    assert done.updated_event_ids == (meeting.id,)
    assert store.get_event(meeting.id).start == at(22, 16)


def test_update_keeps_the_day_when_only_a_time_is_given(bot: Assistant, store: Store) -> None:
    dentist = add(store, "치과", at(23, 15))
    say(bot, "내일 치과 오후 5시로 변경")
    say(bot, "네")
    assert (store.get_event(dentist.id).start, store.get_event(dentist.id).end) == (
        at(23, 17),
        at(23, 18),
    )


def test_update_place_and_date_only_moves(bot: Assistant, store: Store) -> None:
    dinner = add(store, "회식", at(27, 19))
    say(bot, "회식 장소 을지로로 변경해줘")
    say(bot, "네")
    assert store.get_event(dinner.id).location == "을지로"
    reunion = add(store, "동창회", at(25, 18))
    p = proposal(say(bot, "동창회 다음주 토요일로 미뤄줘"))
    assert (p.start, p.end) == (at(28, 18), at(28, 19))
    say(bot, "네")
    assert store.get_event(reunion.id).start == at(28, 18)


def test_a_missing_target_is_reported(bot: Assistant, store: Store) -> None:
    reply = say(bot, "내일 회의 취소해줘")
    assert reply.proposal is None and "없어요" in reply.text
    reply = say(bot, "요가 7시로 옮겨줘")
    assert reply.proposal is None and "찾지 못했어요" in reply.text


def test_several_matches_ask_which_one_and_a_number_picks(bot: Assistant, store: Store) -> None:
    first = add(store, "회의", at(23, 10))
    second = add(store, "회의", at(23, 14))
    reply = say(bot, "내일 회의 취소해줘")
    assert reply.proposal is None
    assert [c.event_id for c in reply.choices] == [first.id, second.id]
    assert "1." in reply.text and "2." in reply.text
    p = proposal(say(bot, "2"))
    assert p.kind == "delete" and p.target_ids == (second.id,)
    say(bot, "네")
    assert [e.id for e in live(store)] == [first.id]


@pytest.mark.parametrize(("answer", "index"), [("첫번째", 0), ("the second", 1), ("마지막", 1)])
def test_ordinal_answers_pick_too(bot: Assistant, store: Store, answer: str, index: int) -> None:
    events = [add(store, "회의", at(23, 10)), add(store, "회의", at(23, 14))]
    say(bot, "내일 회의 4시로 옮겨줘")
    p = proposal(say(bot, answer))
    assert p.target_ids == (events[index].id,)
    assert p.start == at(23, 16)


def test_delete_everything_on_a_day(bot: Assistant, store: Store) -> None:
    add(store, "회의", at(5, 10, month=12))
    add(store, "점심", at(5, 12, month=12))
    keep = add(store, "요가", at(6, 7, month=12))
    p = proposal(say(bot, "12월 5일 일정 전부 지워줘"))
    assert p.kind == "delete" and len(p.targets) == 2
    done = say(bot, "네")
    assert len(done.deleted_event_ids) == 2
    assert [e.id for e in live(store)] == [keep.id]


def test_deleting_one_occurrence_of_a_series_keeps_the_others(bot: Assistant, store: Store) -> None:
    yoga = add(store, "요가", at(21, 7), rrule="FREQ=WEEKLY;BYDAY=SA")
    p = proposal(say(bot, "토요일 요가 삭제"))
    assert p.kind == "delete" and not p.whole_series
    assert p.targets[0].series_id == yoga.id and p.targets[0].start == at(28, 7)
    say(bot, "네")
    assert day_of(store, date(2026, 11, 28)) == []
    assert day_of(store, date(2026, 12, 5)) == [("요가", at(5, 7, month=12), at(5, 8, month=12))]


def test_whole_series_delete(bot: Assistant, store: Store) -> None:
    add(store, "수영", at(18, 19), rrule="FREQ=WEEKLY;BYDAY=WE")
    p = proposal(say(bot, "매주 수요일 수영 일정 다 없애줘"))
    assert p.whole_series
    say(bot, "네")
    assert live(store) == []


def test_updating_one_occurrence_changes_that_one_only(bot: Assistant, store: Store) -> None:
    add(store, "요가", at(21, 7), rrule="FREQ=WEEKLY;BYDAY=SA")
    say(bot, "토요일 요가 9시로 바꿔줘")
    say(bot, "네")
    assert day_of(store, date(2026, 11, 28)) == [("요가", at(28, 9), at(28, 10))]
    assert day_of(store, date(2026, 12, 5)) == [("요가", at(5, 7, month=12), at(5, 8, month=12))]
    say(bot, "되돌려")
    assert day_of(store, date(2026, 11, 28)) == [("요가", at(28, 7), at(28, 8))]


def test_the_one_just_added(bot: Assistant, store: Store) -> None:
    add(store, "팀 미팅", at(24, 15))  # not made by the chat
    say(bot, "내일 오후 3시 팀 미팅")
    created = say(bot, "네").saved_event_ids
    p = proposal(say(bot, "방금 등록한 거 지워"))
    assert p.kind == "delete" and p.target_ids == created
    say(bot, "네")
    assert [e.title for e in live(store)] == ["팀 미팅"]
    assert live(store)[0].start == at(24, 15)


# -- duplicates and overlaps ---------------------------------------------------------------


def test_a_duplicate_is_named_and_needs_a_second_yes(bot: Assistant, store: Store) -> None:
    existing = add(store, "팀 미팅", at(23, 15))
    p = proposal(say(bot, "내일 오후 3시 팀미팅"))
    assert p.duplicate_of == existing.id
    assert any("이미 같은 일정" in w for w in p.warnings)
    first = say(bot, "네")
    assert first.saved_event_ids == () and "한 번 더" in first.text
    assert len(live(store)) == 1
    second = say(bot, "네")
    assert len(second.saved_event_ids) == 1 and len(live(store)) == 2


def test_insisting_saves_a_duplicate_at_once(bot: Assistant, store: Store) -> None:
    add(store, "팀 미팅", at(23, 15))
    say(bot, "내일 오후 3시 팀 미팅")
    reply = say(bot, "그래도 추가해")
    assert len(reply.saved_event_ids) == 1 and len(live(store)) == 2


def test_a_duplicate_made_after_proposing_is_caught_at_confirmation(
    bot: Assistant, store: Store
) -> None:
    say(bot, "내일 오후 3시 팀 미팅")
    add(store, "팀 미팅", at(23, 15))  # e.g. from another device meanwhile
    assert bot.confirm(now=NOW).saved_event_ids == ()
    assert len(live(store)) == 1


def test_overlapping_events_are_listed(bot: Assistant, store: Store) -> None:
    add(store, "주간 회의", at(23, 14, 30), at(23, 15, 30))
    add(store, "점심", at(23, 12))  # does not overlap
    p = proposal(say(bot, "내일 오후 3시 팀 미팅"))
    [warning] = p.warnings
    assert "주간 회의" in warning and "점심" not in warning
    assert p.duplicate_of is None
    assert len(say(bot, "네").saved_event_ids) == 1  # a warning, not a block


def test_day_questions_name_public_holidays(bot: Assistant, store: Store) -> None:
    christmas_eve = datetime(2026, 12, 24, 10, tzinfo=SEOUL)
    reply = bot.handle("내일 뭐 있어?", now=christmas_eve)
    assert "일정이 없어요" in reply.text and "공휴일: 12월 25일 (금) 기독탄신일" in reply.text
    add(store, "가족 모임", datetime(2026, 9, 25, 12, tzinfo=SEOUL))
    week = bot.handle("what's on next week?", now=datetime(2026, 9, 17, 9, tzinfo=SEOUL))
    assert "가족 모임" in week.text
    assert "Holidays: Thu, Sep 24 The day preceding Chuseok; Fri, Sep 25 Chuseok" in week.text
    assert "Holiday" not in bot.handle("when is 가족 모임?", now=christmas_eve).text


# -- undo ----------------------------------------------------------------------------------


def test_undo_of_create_update_and_delete(bot: Assistant, store: Store) -> None:
    say(bot, "내일 오후 3시 팀 미팅")
    [created] = say(bot, "네").saved_event_ids
    say(bot, "팀 미팅 4시로 옮겨줘")
    say(bot, "네")
    assert store.get_event(created).start == at(23, 16)
    say(bot, "팀 미팅 삭제해줘")
    say(bot, "네")
    assert live(store) == []

    back = say(bot, "되돌려")  # the delete
    assert "되돌렸어요" in back.text
    assert store.get_event(created).start == at(23, 16)
    bot.undo()  # the update
    assert store.get_event(created).start == at(23, 15)
    last = bot.undo()  # the create
    assert live(store) == [] and not last.can_undo
    assert "되돌릴 작업이 없어요" in bot.undo().text


def test_redo_in_the_chat_makes_the_undone_change_again(bot: Assistant, store: Store) -> None:
    say(bot, "내일 오후 3시 팀 미팅")
    [created] = say(bot, "네").saved_event_ids
    say(bot, "되돌려")
    assert live(store) == []
    again = say(bot, "다시 실행")
    assert again.text.startswith("다시 했어요") and "팀 미팅" in again.text
    assert again.saved_event_ids == (created,)  # the same event, not a copy
    assert [e.id for e in live(store)] == [created]
    assert "다시 할 작업이 없어요" in say(bot, "재실행").text
    bot.handle("undo", now=NOW)
    assert bot.handle("redo", now=NOW).text.startswith("Redone: added")


def test_undo_in_english_and_across_processes(store: Store, data_dir: Path) -> None:
    bot = Assistant(store, SETTINGS)
    bot.handle("team dinner tomorrow at 7pm", now=NOW)
    bot.handle("yes", now=NOW)
    with Store.open(data_dir) as other:
        reply = Assistant(other, SETTINGS).handle("undo", now=NOW)
        assert reply.language == "en" and reply.text.startswith("Undone")
    assert live(store) == []


# -- persistence and idempotence -----------------------------------------------------------


def test_a_new_assistant_continues_the_conversation(store: Store, data_dir: Path) -> None:
    Assistant(store, SETTINGS).handle("내일 오후 3시 팀 미팅", now=NOW)
    with Store.open(data_dir) as reopened:
        again = Assistant(reopened, SETTINGS)
        pending = again.pending()
        assert pending is not None and pending.title == "팀 미팅"
        assert len(again.handle("네", now=NOW).saved_event_ids) == 1
    third = Assistant(store, SETTINGS).handle("네", now=NOW)
    assert third.saved_event_ids == () and "확인할 제안이 없어요" in third.text
    assert len(live(store)) == 1


def test_confirming_twice_saves_once(bot: Assistant, store: Store) -> None:
    say(bot, "내일 오후 3시 팀 미팅")
    assert len(bot.confirm(now=NOW).saved_event_ids) == 1
    assert bot.confirm(now=NOW).saved_event_ids == ()
    assert say(bot, "네").saved_event_ids == ()
    assert len(live(store)) == 1


def test_history_keeps_both_sides_with_intents_and_proposals(bot: Assistant) -> None:
    say(bot, "내일 오후 3시 팀 미팅")
    say(bot, "네")
    turns = bot.history()
    assert [t.role for t in turns] == ["user", "assistant", "user", "assistant"]
    assert turns[0].intent is not None and turns[0].intent["intent"] == "create"
    assert turns[1].proposal is not None and turns[1].proposal["title"] == "팀 미팅"
    assert turns[2].intent is not None and turns[2].intent["intent"] == "confirm"


def test_conversations_are_separate(store: Store) -> None:
    Assistant(store, SETTINGS, conversation_id="a").handle("내일 오후 3시 팀 미팅", now=NOW)
    other = Assistant(store, SETTINGS, conversation_id="b")
    assert other.pending() is None
    assert other.handle("네", now=NOW).saved_event_ids == ()


# -- replies without a proposal ------------------------------------------------------------


def test_confirm_cancel_and_small_talk_with_nothing_pending(bot: Assistant, store: Store) -> None:
    assert "확인할 제안이 없어요" in say(bot, "네").text
    assert "취소할 제안이 없어요" in say(bot, "아니").text
    assert "nothing to confirm" in say(bot, "yes").text
    help_text = say(bot, "날씨 어때").text
    assert "추가" in help_text and "예:" in help_text
    assert "I can add" in say(bot, "tell me a joke").text
    assert live(store) == []


def test_small_talk_while_a_question_is_open_repeats_the_question(bot: Assistant) -> None:
    say(bot, "내일 팀 미팅")
    reply = say(bot, "날씨 어때")
    assert reply.proposal is not None and "몇 시" in reply.text


# -- more dialog cases ---------------------------------------------------------------------


def test_english_answers_to_the_time_question(bot: Assistant, store: Store) -> None:
    p = proposal(say(bot, "team meeting tomorrow"))
    assert p.question_kind == "time" and p.question and "What time" in p.question
    p = proposal(say(bot, "at 3pm"))
    assert (p.start, p.all_day) == (at(23, 15), False)
    say(bot, "cancel")
    say(bot, "team meeting tomorrow")
    p = proposal(say(bot, "all day"))
    assert (p.all_day, p.question) == (True, None)


def test_insisting_in_english(bot: Assistant, store: Store) -> None:
    add(store, "team meeting", at(23, 15))
    say(bot, "team meeting tomorrow at 3pm")
    assert len(say(bot, "add it anyway").saved_event_ids) == 1


def test_english_delete_flow(bot: Assistant, store: Store) -> None:
    add(store, "dentist appointment", at(23, 11))
    reply = say(bot, "Cancel my dentist appointment tomorrow")
    assert proposal(reply).kind == "delete" and reply.text.startswith("Delete “dentist")
    done = say(bot, "ok")
    assert done.text.startswith("Deleted") and live(store) == []
    assert say(bot, "undo").text.startswith("Undone") and len(live(store)) == 1


def test_choices_wait_for_a_number_and_go_away_otherwise(bot: Assistant, store: Store) -> None:
    add(store, "회의", at(23, 10))
    add(store, "회의", at(23, 14))
    say(bot, "내일 회의 취소해줘")
    assert "번호" in say(bot, "네").text  # a yes is not an answer
    out_of_range = say(bot, "5")
    assert "1–2" in out_of_range.text and len(out_of_range.choices) == 2
    assert bot.pending() is None
    assert say(bot, "취소").text.startswith("알겠어요")
    assert say(bot, "1").proposal is None  # nothing to pick from any more
    say(bot, "내일 회의 취소해줘")
    say(bot, "날씨 어때")  # moved on
    assert say(bot, "2").proposal is None
    assert len(live(store)) == 2


def test_a_stale_copy_of_the_proposal_cannot_save_twice(bot: Assistant, store: Store) -> None:
    """As if another process read the pending proposal before this one saved it."""
    say(bot, "내일 오후 3시 팀 미팅")
    stale = store.get_state("assistant:default")
    assert len(bot.confirm(now=NOW).saved_event_ids) == 1
    store.set_state("assistant:default", stale)
    again = bot.confirm(now=NOW)
    assert again.saved_event_ids == () and "이미 저장했어요" in again.text
    assert len(live(store)) == 1
    assert bot.pending() is None


def test_update_of_an_event_deleted_meanwhile_says_so(bot: Assistant, store: Store) -> None:
    dentist = add(store, "치과", at(23, 15))
    say(bot, "내일 치과 오후 5시로 변경")
    store.delete_event(dentist.id)
    reply = say(bot, "네")
    assert reply.error and "없어요" in reply.text
    assert bot.pending() is None


def test_whole_series_update_moves_every_occurrence(bot: Assistant, store: Store) -> None:
    add(store, "요가", at(21, 7), rrule="FREQ=WEEKLY;BYDAY=SA")
    p = proposal(say(bot, "매주 요가 전부 9시로 바꿔줘"))
    assert p.whole_series and (p.start, p.end) == (at(28, 9), at(28, 10))
    say(bot, "네")
    assert day_of(store, date(2026, 11, 28)) == [("요가", at(28, 9), at(28, 10))]
    assert day_of(store, date(2026, 12, 5)) == [("요가", at(5, 9, month=12), at(5, 10, month=12))]
    say(bot, "되돌려")
    assert day_of(store, date(2026, 12, 5)) == [("요가", at(5, 7, month=12), at(5, 8, month=12))]


@pytest.mark.parametrize(
    ("edit", "start", "end", "field", "value"),
    [
        ("change it to 4pm", at(23, 16), at(23, 17), None, None),
        ("make it 4pm", at(23, 16), at(23, 17), None, None),
        ("30 minutes later", at(23, 15, 30), at(23, 16, 30), None, None),
        ("until 5pm", at(23, 15), at(23, 17), None, None),
        ("at Gangnam Station", at(23, 15), at(23, 16), "location", "Gangnam Station"),
        ("rename it to team dinner", at(23, 15), at(23, 16), "title", "team dinner"),
    ],
)
def test_english_edits_of_the_pending_proposal(
    bot: Assistant, edit: str, start: datetime, end: datetime, field: str | None, value: str | None
) -> None:
    say(bot, "team meeting tomorrow at 3pm")
    reply = say(bot, edit)
    p = proposal(reply)
    assert p.kind == "create" and p.language == "en"
    assert (p.start, p.end) == (start, end), reply.text
    if field is not None:
        assert getattr(p, field) == value
