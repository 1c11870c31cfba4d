"""The offline engine on messages written for these tests (not from the shared corpus).

Each case states only the fields it is about; values follow ../shared/corpus/CONVENTIONS.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.nlu import parse

SEOUL = ZoneInfo("Asia/Seoul")
SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=SEOUL)
TUESDAY = datetime(2026, 11, 24, 9, 0, tzinfo=SEOUL)
YEAR_END = datetime(2026, 12, 30, 15, 0, tzinfo=SEOUL)


def check(text: str, now: datetime = SUNDAY, **expected: Any) -> None:
    got = parse(text, now, SEOUL)
    fields = got.to_full_json()
    for key, value in expected.items():
        assert fields[key] == value, f"{text!r}: {key} = {fields[key]!r}, expected {value!r}\n{fields}"


CREATES: list[tuple[str, dict[str, Any]]] = [
    # titles are what is left, whatever the event is
    ("내일 오후 4시 보드게임 카페", {"title": "보드게임 카페", "start": "2026-11-23T16:00:00+09:00"}),
    ("모레 2시 반 도자기 공방 체험", {"title": "도자기 공방 체험", "start": "2026-11-24T14:30:00+09:00"}),
    ("11월 28일 분기 스프린트 회고", {"title": "분기 스프린트 회고", "start": "2026-11-28", "all_day": True}),
    # typos, slang, noise
    ("모래 오후 3시 미용실", {"title": "미용실", "start": "2026-11-24T15:00:00+09:00"}),
    ("담주 월욜 9시 출근 ㅠㅠ", {"title": "출근", "start": "2026-11-23T09:00:00+09:00"}),
    ("금욜 저녁 7시 삼겹살 ㄱㄱ 🍖", {"title": "삼겹살", "start": "2026-11-27T19:00:00+09:00"}),
    ("ㅋㅋㅋ낼저녁7시반 곱창", {"title": "곱창", "start": "2026-11-23T19:30:00+09:00"}),
    # times: native numerals, minutes, 24 h, special times, English forms
    ("오후 세시에 커피챗", {"start": "2026-11-22T15:00:00+09:00", "title": "커피챗"}),
    ("14시 30분 팀 미팅", {"start": "2026-11-22T14:30:00+09:00"}),
    ("새벽 2시 축구 경기 보기", {"start": "2026-11-23T02:00:00+09:00", "title": "축구 경기 보기"}),
    ("next monday 3pm coffee with Dana", {"start": "2026-11-23T15:00:00+09:00", "title": "coffee with Dana"}),
    ("dentist on the 29th at 2:30", {"start": "2026-11-29T14:30:00+09:00", "title": "dentist"}),
    ("Call with investors in 3 days at 10am", {"start": "2026-11-25T10:00:00+09:00"}),
    # ranges and durations
    ("오늘 오후 5시~7시 필라테스", {"start": "2026-11-22T17:00:00+09:00", "end": "2026-11-22T19:00:00+09:00"}),
    ("11월 25일 14:00-15:30 코드리뷰", {"end": "2026-11-25T15:30:00+09:00"}),
    ("12월 5일 오전 10시부터 2시간 워크숍", {"end": "2026-12-05T12:00:00+09:00", "title": "워크숍"}),
    ("tomorrow 9-10am standup", {"start": "2026-11-23T09:00:00+09:00", "end": "2026-11-23T10:00:00+09:00"}),
    ("모레 아침 7시 수영 강습 1시간", {"end": "2026-11-24T08:00:00+09:00", "title": "수영 강습"}),
    # dates: weeks, months, rollover, multi-day
    ("다다음주 수요일 오후 2시 PT", {"start": "2026-12-02T14:00:00+09:00", "title": "PT"}),
    ("2주 후 토요일 캠핑", {"start": "2026-12-06", "all_day": True}),
    ("내년 1월 3일 가족 여행", {"start": "2027-01-03", "all_day": True}),
    ("다음달 마지막 날 월세 이체", {"start": "2026-12-31", "all_day": True, "title": "월세 이체"}),
    ("12월 첫째 주 토요일 오후 1시 결혼식", {"start": "2026-12-05T13:00:00+09:00"}),
    ("12/24~12/26 제주도", {"start": "2026-12-24", "end": "2026-12-26", "all_day": True, "title": "제주도"}),
    ("다음달 15일부터 3일간 부산 출장", {"start": "2026-12-15", "end": "2026-12-17", "title": "부산 출장"}),
    ("Team offsite Jan 12-14", {"start": "2027-01-12", "end": "2027-01-14", "all_day": True}),
    ("12월 12일 하루 종일 김장", {"start": "2026-12-12", "all_day": True, "title": "김장"}),
    # recurrence
    ("매주 월수금 저녁 8시 헬스", {"rrule": "FREQ=WEEKLY;BYDAY=MO,WE,FR", "start": "2026-11-23T20:00:00+09:00"}),
    ("매달 마지막 금요일 저녁 6시 팀 회식", {"rrule": "FREQ=MONTHLY;BYDAY=-1FR", "start": "2026-11-27T18:00:00+09:00"}),
    ("매년 3월 15일 엄마 생신", {"rrule": "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15", "start": "2027-03-15"}),
    ("3일마다 화분 물주기", {"rrule": "FREQ=DAILY;INTERVAL=3", "start": "2026-11-22", "all_day": True}),
    ("매주 화요일 오후 7시 영어 회화 10회", {"rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=10", "title": "영어 회화"}),
    ("Gym every Tue and Thu at 7am", {"rrule": "FREQ=WEEKLY;BYDAY=TU,TH", "start": "2026-11-24T07:00:00+09:00"}),
    ("Pay rent on the 1st of every month", {"rrule": "FREQ=MONTHLY;BYMONTHDAY=1", "start": "2026-12-01"}),
    ("Weekly team sync every Monday 10-11am", {"title": "Weekly team sync", "end": "2026-11-23T11:00:00+09:00"}),
    ("매주 목요일 저녁 7시 독서 모임 12월 말까지",
     {"rrule": "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231T145959Z", "title": "독서 모임", "start": "2026-11-26T19:00:00+09:00"}),
    ("1시간 후 회의", {"start": "2026-11-22T11:00:00+09:00", "title": "회의"}),
    ("30분 뒤에 전화하기", {"start": "2026-11-22T10:30:00+09:00", "title": "전화하기"}),
    ("12월 25일 크리스마스 파티", {"start": "2026-12-25", "title": "크리스마스 파티"}),
    ("크리스마스 이브 저녁 가족 모임", {"start": "2026-12-24T19:00:00+09:00", "title": "가족 모임"}),
    ("12.20 일 오후 5시 홍대 공연", {"start": "2026-12-20T17:00:00+09:00", "title": "홍대 공연"}),
    ("이번주 금요일 오후 6시 반 회식 장소는 강남 고기집", {"location": "강남 고기집", "title": "회식"}),
    ("다음 주에 회의 잡아줘", {"start": None, "date_given": False, "title": "회의"}),
    ("Reminder: submit taxes by April 15", {"title": "submit taxes", "start": "2027-04-15"}),
    # locations
    ("내일 저녁 6시에 회사 앞에서 친구 만나기", {"location": "회사 앞", "title": "친구 만나기"}),
    ("12월 7일 오후 2시 ~ 4시 30분 세미나 (본관 301호)", {"location": "본관 301호", "title": "세미나"}),
    ("다음주 목요일 저녁 7시 반 강남역 2번 출구에서 대학 동기 모임",
     {"location": "강남역 2번 출구", "title": "대학 동기 모임", "start": "2026-11-26T19:30:00+09:00"}),
    ("12월 31일 밤 11시 카운트다운 파티 @ 한강", {"location": "한강", "title": "카운트다운 파티"}),
    ("Dinner with Jake on Saturday at 7:30pm at Olive Garden",
     {"location": "Olive Garden", "title": "Dinner with Jake", "start": "2026-11-28T19:30:00+09:00"}),
    ("Board meeting on Dec 15 from 2pm to 5pm in Room 301", {"location": "Room 301", "title": "Board meeting"}),
    ("12월 12일 오후 1시 결혼식 (더채플앳청담)", {"location": "더채플앳청담", "title": "결혼식"}),
    # pasted invitations and notices
    ("<송년회 안내>\n일시: 12월 19일(토) 저녁 6시 30분\n장소: 을지로 노가리골목\n회비: 3만원",
     {"title": "송년회", "start": "2026-12-19T18:30:00+09:00", "location": "을지로 노가리골목"}),
    ("When: Thursday, December 10, 2026 3:00 PM - 4:00 PM\nWhere: Zoom\nWhat: Quarterly planning",
     {"title": "Quarterly planning", "start": "2026-12-10T15:00:00+09:00", "location": "Zoom"}),
    ("Join us for the holiday party!\nDate: December 18\nTime: 6:30pm\nLocation: Rooftop Bar",
     {"title": "holiday party", "start": "2026-12-18T18:30:00+09:00", "location": "Rooftop Bar"}),
    ("[서울대병원] 홍길동님 12/2(수) 오전 9:30 내과 진료 예약입니다. 30분 전 도착 바랍니다.",
     {"title": "서울대병원 내과 진료", "start": "2026-12-02T09:30:00+09:00", "end": None}),
    ("결혼식 초대\n신랑 김철수 신부 이영희\n2026년 12월 12일 토요일 오후 12시 30분\n더베일리하우스 3층 그랜드홀",
     {"start": "2026-12-12T12:30:00+09:00", "location": "더베일리하우스 3층 그랜드홀"}),
]


@pytest.mark.parametrize(("text", "expected"), CREATES, ids=[c[0][:30] for c in CREATES])
def test_create(text: str, expected: dict[str, Any]) -> None:
    check(text, intent="create", **expected)


def test_week_arithmetic_depends_on_today() -> None:
    check("이번 주 금요일 오후 7시 영화", TUESDAY, start="2026-11-27T19:00:00+09:00")
    check("다음주 금요일 영화", TUESDAY, start="2026-12-04")
    check("다음주 금요일 영화", SUNDAY, start="2026-11-27")
    check("Budget review next Friday 10am", TUESDAY, start="2026-12-04T10:00:00+09:00")


def test_year_rollover() -> None:
    check("1월 5일 오전 10시 신년 하례식", YEAR_END, start="2027-01-05T10:00:00+09:00")
    check("다음달 3일 동창회", YEAR_END, start="2027-01-03")
    check("11월 20일 세미나", SUNDAY, start="2027-11-20")  # already past this year


def test_time_without_date_is_today_or_tomorrow() -> None:
    check("오전 8시 헬스", start="2026-11-23T08:00:00+09:00")
    check("11시에 은행", start="2026-11-22T11:00:00+09:00")
    check("점심에 병원", start="2026-11-22T12:00:00+09:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("내일 2시 회의 있던가?", {"title": "회의", "query_range": ["2026-11-23T00:00:00+09:00", "2026-11-24T00:00:00+09:00"]}),
        ("오늘 남은 일정 뭐야", {"title": None, "query_range": ["2026-11-22T10:00:00+09:00", "2026-11-23T00:00:00+09:00"]}),
        ("Am I free Friday afternoon?", {"query_range": ["2026-11-27T12:00:00+09:00", "2026-11-27T18:00:00+09:00"]}),
        ("12월에 약속 몇 개 있어?", {"title": "약속", "query_range": ["2026-12-01T00:00:00+09:00", "2027-01-01T00:00:00+09:00"]}),
        ("치과 예약 언제였지?", {"title": "치과 예약", "query_range": None}),
        ("다음 회의 언제야?", {"title": "회의", "query_range": ["2026-11-22T10:00:00+09:00", None]}),
    ],
)
def test_query(text: str, expected: dict[str, Any]) -> None:
    check(text, intent="query", **expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("내일 회의 3시로 옮겨줘", {"title": "회의", "start": "2026-11-23T15:00:00+09:00"}),
        ("토요일 결혼식 일요일로 바꿔줘", {"title": "결혼식", "start": "2026-11-29"}),
        ("회의 30분 늦춰줘", {"title": "회의", "shift_minutes": 30}),
        ("점심 약속 1시간 당겨줘", {"title": "점심 약속", "shift_minutes": -60}),
        ("Push the dentist to next Tuesday", {"title": "dentist", "start": "2026-11-24"}),
        ("4시로", {"title": None, "start": "2026-11-22T16:00:00+09:00", "time_given": True, "date_given": False}),
        ("5시까지", {"end": "2026-11-22T17:00:00+09:00"}),
        ("장소는 강남역", {"location": "강남역"}),
        ("제목은 팀 회식으로 바꿔줘", {"new_title": "팀 회식"}),
        ("아니 4시로 해줘", {"title": None, "start": "2026-11-22T16:00:00+09:00"}),
        ("응 근데 장소는 판교로", {"location": "판교"}),
        ("Make it 5pm instead", {"title": None, "start": "2026-11-22T17:00:00+09:00"}),
        ("하루 미뤄줘", {"shift_minutes": 1440}),
        ("Move the 3pm meeting to Thursday", {"title": "meeting", "start": "2026-11-26", "target_start": "2026-11-22T15:00:00+09:00"}),
    ],
)
def test_update(text: str, expected: dict[str, Any]) -> None:
    check(text, intent="update", **expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("방금 추가한 일정 지워", {"last_created": True, "title": None}),
        ("모레 스터디 취소", {"title": "스터디", "query_range": ["2026-11-24T00:00:00+09:00", "2026-11-25T00:00:00+09:00"]}),
        ("Delete all events tomorrow", {"title": None, "everything": True}),
        ("매주 수요일 독서 모임 다 지워줘", {"title": "독서 모임", "whole_series": True, "query_range": None}),
    ],
)
def test_delete(text: str, expected: dict[str, Any]) -> None:
    check(text, intent="delete", **expected)


@pytest.mark.parametrize("text", ["웅", "오케이", "👍", "넵!", "ㅇㅋㅇㅋ", "좋아요~", "yep", "sounds good", "ok thanks"])
def test_confirm(text: str) -> None:
    check(text, intent="confirm", title=None, start=None)


@pytest.mark.parametrize("text", ["ㄴㄴ", "아냐 됐어", "nope", "취소", "never mind", "저장하지 마", "🙅"])
def test_cancel(text: str) -> None:
    check(text, intent="cancel", title=None, start=None)


def test_insisting_on_a_duplicate_is_a_confirmation() -> None:
    check("그래도 추가해줘", intent="confirm", insist=True)


@pytest.mark.parametrize(
    "text", ["배고프다", "회의 준비 너무 귀찮다 ㅠㅠ", "ㅋㅋㅋㅋㅋ", "내일 날씨 어때?", "", "   ", "🎉🎉", "مرحبا", "\x00\x01\x02"]
)
def test_other(text: str) -> None:
    check(text, intent="other", title=None, start=None, all_day=False)


def test_cancel_with_an_event_is_a_delete() -> None:
    check("내일 요가 취소해줘", intent="delete", title="요가")
    check("취소 말고 내일 요가 5시로 바꿔줘", intent="update", start="2026-11-23T17:00:00+09:00")


def test_other_time_zone() -> None:
    ny = ZoneInfo("America/New_York")
    got = parse("tomorrow 9am standup", datetime(2026, 11, 22, 10, 0, tzinfo=ny), ny)
    assert got.start == datetime(2026, 11, 23, 9, 0, tzinfo=ny)
    assert got.to_json()["start"] == "2026-11-23T09:00:00-05:00"
