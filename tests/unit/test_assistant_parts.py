"""The assistant's pieces that do not need the parser: wording, dates, choices, edits, the
JSON of proposals and replies, and the store additions undo relies on."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.assistant.dialog import choice_number, clean_text, compact, similar
from core.assistant.edits import EditRefused, Fields, apply_edit
from core.assistant.text import josa, range_phrase, repeat_phrase, when
from core.assistant.types import Edit, Proposal, Reply, Target
from core.model import Event, Occurrence
from core.store import Store

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = date(2026, 11, 22)
HOUR = timedelta(hours=1)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SEOUL)


# -- wording -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("팀 미팅", "을/를", "을"),
        ("회의", "을/를", "를"),
        ("회의", "이/가", "가"),
        ("수업", "은/는", "은"),
        ("서울", "으로/로", "로"),  # ㄹ takes 로
        ("강남역", "으로/로", "으로"),
        ("학교", "으로/로", "로"),
        ("3", "을/를", "을"),  # 삼
        ("2", "을/를", "를"),  # 이
        ("standup", "을/를", "을(를)"),
    ],
)
def test_korean_particles_follow_the_last_sound(word: str, pair: str, expected: str) -> None:
    assert josa(word, pair) == expected


def test_times_read_naturally_in_both_languages() -> None:
    assert (
        when(at(30, 14), at(30, 15), False, "ko", SEOUL, TODAY) == "11월 30일 (월) 오후 2:00–3:00"
    )
    assert when(at(30, 14), at(30, 15), False, "en", SEOUL, TODAY) == "Mon, Nov 30, 2:00–3:00 PM"
    assert (
        when(at(30, 11), at(30, 12, 30), False, "ko", SEOUL, TODAY)
        == "11월 30일 (월) 오전 11:00–오후 12:30"
    )
    assert (
        when(at(30, 11), at(30, 12, 30), False, "en", SEOUL, TODAY)
        == "Mon, Nov 30, 11:00 AM–12:30 PM"
    )
    assert when(at(30, 23), at(30, 0) + timedelta(days=1), False, "ko", SEOUL, TODAY).endswith(
        "오후 11:00–자정"
    )
    assert (
        when(date(2026, 12, 24), date(2026, 12, 27), True, "ko", SEOUL, TODAY)
        == "12월 24일 (목) – 12월 26일 (토) 종일"
    )
    assert when(date(2026, 11, 30), date(2026, 12, 1), True, "en", SEOUL, TODAY) == (
        "Mon, Nov 30 (all day)"
    )
    # another year is named
    assert when(date(2027, 1, 10), None, True, "ko", SEOUL, TODAY) == "2027년 1월 10일 (일) 종일"
    assert when(None, None, False, "ko", SEOUL, TODAY) == "날짜 미정"


def test_query_ranges_read_as_days_spans_or_parts_of_a_day() -> None:
    assert range_phrase(at(23, 0), at(24, 0), "ko", SEOUL, TODAY, topic=True) == (
        "11월 23일 (월)에는"
    )
    assert range_phrase(at(23, 0), at(30, 0), "en", SEOUL, TODAY, topic=False) == (
        "from Mon, Nov 23 to Sun, Nov 29"
    )
    assert range_phrase(at(25, 12), at(25, 18), "ko", SEOUL, TODAY, topic=False) == (
        "11월 25일 (수) 오후 12:00–6:00"
    )
    assert repeat_phrase("FREQ=WEEKLY;BYDAY=MO", "ko") == "매주 반복"
    assert repeat_phrase("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "en") == "every 2 weeks"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1", 1),
        ("2번", 2),
        ("3번째", 3),
        ("#2", 2),
        ("첫번째", 1),
        ("첫 번째 거", 1),
        ("두 번째요", 2),
        ("세번째 일정", 3),
        ("둘째", 2),
        ("마지막", -1),
        ("the second", 2),
        ("The second one.", 2),
        ("first", 1),
        ("2nd", 2),
        ("last one", -1),
        ("네", None),  # yes, not "4"
        ("내일 3시", None),
        ("회의", None),
    ],
)
def test_choice_answers(text: str, number: int | None) -> None:
    assert choice_number(text) == number


def test_clean_text_keeps_words_and_drops_what_cannot_be_stored() -> None:
    assert clean_text("  내일\x00 3시\u0007 회의 \n") == "내일 3시 회의"
    assert clean_text("a\ud800b") == "a?b"  # a lone surrogate cannot be UTF-8
    assert clean_text("x" * 10_000) == "x" * 2000
    assert clean_text("שלום 👋") == "שלום 👋"
    assert clean_text(None) == ""


def test_similar_titles_ignore_case_spaces_and_punctuation() -> None:
    assert similar("팀미팅", "팀 미팅")
    assert similar("Team Lunch", "team lunch!")
    assert similar("회의", "주간 회의")
    assert similar("미용실 예약", "미용실")
    assert not similar("요가", "회의")
    assert not similar("", "회의")
    assert compact("Team  Lunch!") == "teamlunch"


# -- edits ---------------------------------------------------------------------------------


def _timed(start: datetime, end: datetime) -> Fields:
    return Fields("팀 미팅", start, end, False, "", "Asia/Seoul")


def test_a_time_alone_keeps_the_day_and_the_length() -> None:
    f = _timed(at(23, 15), at(23, 16, 30))
    moved = apply_edit(f, Edit(start=at(22, 16), time_given=True), HOUR)
    assert (moved.start, moved.end) == (at(23, 16), at(23, 17, 30))


def test_a_date_alone_keeps_the_clock_time() -> None:
    f = _timed(at(25, 15), at(25, 16))
    moved = apply_edit(f, Edit(start=date(2026, 11, 23), date_given=True), HOUR)
    assert (moved.start, moved.end, moved.all_day) == (at(23, 15), at(23, 16), False)


def test_shift_end_location_title_and_all_day() -> None:
    f = _timed(at(23, 15), at(23, 16))
    assert apply_edit(f, Edit(shift=timedelta(minutes=30)), HOUR).start == at(23, 15, 30)
    assert apply_edit(f, Edit(end=at(22, 17), time_given=True), HOUR).end == at(23, 17)
    assert apply_edit(f, Edit(location="강남역"), HOUR).location == "강남역"
    assert apply_edit(f, Edit(title="팀 회식"), HOUR).title == "팀 회식"
    whole = apply_edit(f, Edit(all_day=True), HOUR)
    assert (whole.start, whole.end, whole.all_day) == (date(2026, 11, 23), date(2026, 11, 24), True)


def test_an_all_day_proposal_gets_a_time_on_its_day() -> None:
    f = Fields("팀 미팅", date(2026, 11, 23), date(2026, 11, 24), True, "", "Asia/Seoul")
    timed = apply_edit(f, Edit(start=at(22, 15), time_given=True), HOUR)
    assert (timed.start, timed.end, timed.all_day) == (at(23, 15), at(23, 16), False)


def test_a_proposal_without_a_date_takes_the_answer_as_given() -> None:
    f = Fields("팀 회식", None, None, False, "", "Asia/Seoul")
    timed = apply_edit(f, Edit(start=at(23, 19), time_given=True, date_given=True), HOUR)
    assert (timed.start, timed.end) == (at(23, 19), at(23, 20))
    day = apply_edit(f, Edit(start=date(2026, 11, 23), date_given=True), HOUR)
    assert (day.start, day.end, day.all_day) == (date(2026, 11, 23), date(2026, 11, 24), True)


def test_edits_that_make_no_sense_are_refused() -> None:
    with pytest.raises(EditRefused):  # ends before it starts
        apply_edit(_timed(at(23, 15), at(23, 16)), Edit(end=at(23, 14), date_given=True), HOUR)
    with pytest.raises(EditRefused):  # half an hour later, on an all-day event
        apply_edit(
            Fields("x", date(2026, 11, 23), date(2026, 11, 24), True, "", "Asia/Seoul"),
            Edit(shift=timedelta(minutes=30)),
            HOUR,
        )
    with pytest.raises(EditRefused) as refused:  # no start yet
        apply_edit(Fields("x", None, None, False, "", "Asia/Seoul"), Edit(shift=HOUR), HOUR)
    assert "날짜" in refused.value.text("ko") and "date" in refused.value.text("en")


# -- JSON ----------------------------------------------------------------------------------


def test_proposals_survive_json() -> None:
    target = Target("e1", "요가", at(28, 7), at(28, 8), False, "Asia/Seoul", "", "e1", at(28, 7))
    p = Proposal(
        kind="update",
        id="p1",
        title="요가",
        start=at(28, 9),
        end=at(28, 10),
        all_day=False,
        tz="Asia/Seoul",
        calendar_id="c1",
        calendar_name="내 캘린더",
        location="3층",
        targets=(target,),
        warnings=("겹쳐요",),
        question=None,
        language="ko",
    )
    again = Proposal.from_json(p.to_json())
    assert again == p
    day = p.evolve(kind="create", start=date(2026, 11, 23), end=date(2026, 11, 24), all_day=True)
    assert Proposal.from_json(day.to_json()) == day
    assert p.to_json()["target_ids"] == ["e1"]


def test_reply_json_has_what_a_front_end_needs() -> None:
    ev = Event.timed("팀 미팅", at(23, 15), calendar_id="c")
    occ = Occurrence(ev, ev.start, ev.end, ev.start)
    data = Reply("있어요", events=(occ,), choices=(Target.of(occ),)).to_json()
    assert data["events"][0]["start"] == "2026-11-23T15:00:00+09:00"
    assert data["choices"][0]["number"] == 1
    assert set(data) >= {
        "text",
        "proposal",
        "saved_event_ids",
        "deleted_event_ids",
        "events",
        "choices",
        "path",
        "can_undo",
    }


# -- store additions -----------------------------------------------------------------------


def test_put_back_restores_an_earlier_version_and_can_tombstone(store: Store) -> None:
    cal = store.default_calendar().id
    ev = store.add_event(Event.timed("요가", at(28, 7), calendar_id=cal))
    store.update_event(ev.evolve(title="필라테스"))
    store.put_back(ev)
    assert store.get_event(ev.id).title == "요가"
    assert store.get_event(ev.id).revision == 3
    store.put_back(store.get_event(ev.id).evolve(deleted=True))
    assert store.find_event(ev.id) is None
    store.put_back(store.get_event(ev.id, include_deleted=True).evolve(deleted=False))
    assert store.find_event(ev.id) is not None


def test_family_lists_a_series_and_its_changed_instances_deleted_or_not(store: Store) -> None:
    cal = store.default_calendar().id
    series = store.add_event(
        Event.timed("요가", at(21, 7), calendar_id=cal, rrule="FREQ=WEEKLY;BYDAY=SA")
    )
    occ = store.occurrences(at(28, 0), at(29, 0))[0]
    changed = store.change_occurrence(
        occ, occ.event.evolve(rrule=None, start=at(28, 9), end=at(28, 10))
    )
    store.put_back(store.get_event(changed.id).evolve(deleted=True))
    assert {e.id for e in store.family(series.id)} == {series.id, changed.id}
    # the tombstoned changed instance no longer hides the original occurrence
    assert [o.start for o in store.occurrences(at(28, 0), at(29, 0))] == [at(28, 7)]
