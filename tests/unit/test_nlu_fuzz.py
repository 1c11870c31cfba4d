"""Arbitrary text into the offline engine: never an exception, always a well-formed result."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.nlu import INTENTS, ParseResult, parse

SEOUL = ZoneInfo("Asia/Seoul")
NOWS = [
    datetime(2026, 11, 22, 10, 0, tzinfo=SEOUL),
    datetime(2026, 12, 31, 23, 59, tzinfo=SEOUL),
    datetime(2027, 2, 28, 0, 0, tzinfo=SEOUL),
    datetime(2028, 2, 29, 12, 0, tzinfo=SEOUL),
]
ZONES = [SEOUL, ZoneInfo("America/New_York"), ZoneInfo("UTC"), ZoneInfo("Australia/Lord_Howe")]

# Pieces that look like dates, times, ranges and recurrence, so the fuzzer reaches the
# resolvers and not only the "other" path.
PIECES = [
    "시",
    "분",
    "일",
    "월",
    "년",
    "요일",
    "주",
    "반",
    "오전",
    "오후",
    "저녁",
    "밤",
    "새벽",
    "정오",
    "자정",
    "내일",
    "모레",
    "글피",
    "다음주",
    "다다음주",
    "이번 주",
    "담주",
    "다음달",
    "매주",
    "매달",
    "매일",
    "매년",
    "격주",
    "평일",
    "마지막",
    "번째",
    "부터",
    "까지",
    "동안",
    "시간",
    "마다",
    "뒤",
    "후",
    "에서",
    "장소:",
    "일시:",
    "@",
    "~",
    "-",
    ":",
    "/",
    ".",
    "(",
    ")",
    "\n",
    " ",
    "취소",
    "바꿔줘",
    "지워줘",
    "알려줘",
    "?",
    "am",
    "pm",
    "next",
    "every",
    "from",
    "to",
    "at",
    "on",
    "the",
    "Monday",
    "Fri",
    "Dec",
    "January",
    "noon",
    "midnight",
    "tomorrow",
    "in",
    "weeks",
    "days",
    "🎉",
    "👍",
    "😵",
    "ㅋㅋ",
    "ㅇㅇ",
    "ㄴㄴ",
    "\u200d",
    "\u202e",
    "مرحبا",
    "שלום",
    "٣",
    "０",
    "１２",
]
korean_syllable = st.integers(0xAC00, 0xD7A3).map(chr)
digits = st.integers(0, 9999).map(str)
weird = st.sampled_from(["\x00", "\ufeff", "\ud7ff", "\U0001f600", "\u0301", "\t", "\r\n", "９"])
mixture = st.lists(
    st.one_of(st.sampled_from(PIECES), korean_syllable, digits, weird), max_size=30
).map("".join)


def check(result: object, text: str) -> None:
    assert isinstance(result, ParseResult), text
    assert result.intent in INTENTS, text
    for value in (result.start, result.end):
        assert value is None or isinstance(value, date), text
        if isinstance(value, datetime):
            assert value.tzinfo is not None and value.utcoffset() is not None, text
    if result.all_day:
        for value in (result.start, result.end):
            assert value is None or not isinstance(value, datetime), text
    if result.start is not None and result.end is not None:
        assert isinstance(result.start, datetime) == isinstance(result.end, datetime), text
        assert result.end >= result.start, text  # type: ignore[operator]
    if result.query_range is not None:
        start, end = result.query_range
        assert isinstance(start, datetime) and start.tzinfo is not None, text
        if end is not None:
            assert isinstance(end, datetime) and end.tzinfo is not None, text
            assert start < end, text
    if result.intent in ("confirm", "cancel", "other"):
        assert result.start is None and result.rrule is None, text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(), now=st.sampled_from(NOWS), zone=st.sampled_from(ZONES))
def test_any_text(text: str, now: datetime, zone: ZoneInfo) -> None:
    check(parse(text, now.astimezone(zone), zone), text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mixture, now=st.sampled_from(NOWS), zone=st.sampled_from(ZONES))
def test_date_like_mixtures(text: str, now: datetime, zone: ZoneInfo) -> None:
    check(parse(text, now.astimezone(zone), zone), text)


@settings(max_examples=200, deadline=None)
@given(
    month=st.integers(-1, 14),
    day=st.integers(-1, 40),
    hour=st.integers(-1, 30),
    minute=st.integers(0, 99),
    tail=st.sampled_from(["회의", "까지", "부터 3시간 동안", "~ 25시", "매주", "취소해줘", "?"]),
)
def test_out_of_range_numbers(month: int, day: int, hour: int, minute: int, tail: str) -> None:
    text = f"{month}월 {day}일 {hour}시 {minute}분 {tail}"
    check(parse(text, NOWS[0], SEOUL), text)
    check(parse(f"{month}/{day} {hour}:{minute:02d} {tail}", NOWS[1], SEOUL), text)


BAD_INPUTS = [
    "",
    " ",
    "\n\n\n",
    "내일 오후 3시 회의 " * 1000,  # ~10 000 characters
    "가" * 10_000,
    "1" * 10_000,
    "3시~" * 2_500,
    bytes(range(256)).decode("utf-8", errors="replace") * 4,
    (b"\xff\xfe\x00\x81\xc3\x28" * 50).decode("utf-8", errors="replace"),
    "🎉🎉🎉",
    "👍" * 500,
    "مرحبا، موعد غدا الساعة ٣",
    "פגישה מחר בשעה 3",
    "\u202e내일 3시 회의\u202c",
    "\x00\x01\x02",
    "9999년 99월 99일 99시",
    "0월 0일 0시",
    "2월 30일 오후 3시 회의",
    "매달 31일 관리비",
    "매년 2월 29일 기념일",
    # huge offsets must not overflow the date range (hypothesis found "2921000일뒤")
    "2921000일뒤",
    "99999999일 후 회의",
    "9999999주 뒤 회의",
    "999999달 뒤 회의",
    "9999년 뒤 회의",
    "in 99999999 days dentist",
    "99999999시간 동안 회의",
]


@pytest.mark.parametrize("text", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_inputs(text: str) -> None:
    for now in NOWS:
        check(parse(text, now, SEOUL), text[:50])
