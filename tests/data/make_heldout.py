"""Writes tests/data/nl_heldout.jsonl: held-out NL messages labelled per CONVENTIONS.md.

Run: python tests/data/make_heldout.py

Every date in a label is computed here with datetime/zoneinfo/dateutil from the case's
`now` (rules of ../shared/corpus/CONVENTIONS.md), never typed by hand; weekdays written in
a message are asserted against the computed date. The messages were written without
looking at the offline engine, to measure how well it generalises; none is a copy of
nl_dev.jsonl (checked below when the dev corpus is present).
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from dateutil.rrule import rrulestr

KST = __import__("zoneinfo").ZoneInfo("Asia/Seoul")
HERE = Path(__file__).resolve().parent
OUT = HERE / "nl_heldout.jsonl"
DEV = HERE.parents[2] / "shared" / "corpus" / "nl_dev.jsonl"

MO, TU, WE, TH, FR, SA, SU = range(7)

# The reference times (all +09:00).
SUN = datetime(2026, 11, 22, 10, 0, tzinfo=KST)  # the default now
SUN_LATE = datetime(2026, 11, 22, 22, 30, tzinfo=KST)
MON = datetime(2026, 11, 23, 8, 30, tzinfo=KST)
TUE = datetime(2026, 11, 24, 9, 0, tzinfo=KST)
WED = datetime(2026, 11, 25, 14, 0, tzinfo=KST)
FRI = datetime(2026, 11, 27, 18, 0, tzinfo=KST)
ROLL = datetime(2026, 12, 30, 15, 0, tzinfo=KST)  # Wednesday, year rollover
THU_DEC = datetime(2026, 12, 17, 11, 0, tzinfo=KST)  # Thursday mid-December
JAN_END = datetime(2027, 1, 29, 21, 0, tzinfo=KST)  # Friday night at the end of January


# -- date rules ----------------------------------------------------------------------------
def today(now: datetime) -> date:
    return now.date()


def plus(now: datetime, days: int) -> date:
    return today(now) + timedelta(days=days)


def month_day(now: datetime, month: int, day: int, weekday: int | None = None) -> date:
    """Rule 1: the first occurrence on or after today (this year, else next year)."""
    d = date(now.year, month, day)
    if d < today(now):
        d = date(now.year + 1, month, day)
    if weekday is not None:
        assert d.weekday() == weekday, (d, weekday)
    return d


def day_of_month(now: datetime, day: int) -> date:
    """Rule 2: this month if the day is today or later, otherwise next month."""
    t = today(now)
    if day >= t.day:
        return date(t.year, t.month, day)
    y, m = next_month(now)
    return date(y, m, day)


def next_month(now: datetime) -> tuple[int, int]:
    return (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)


def monday_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def this_week(now: datetime, weekday: int) -> date:
    return monday_of(today(now)) + timedelta(days=weekday)


def next_week(now: datetime, weekday: int, weeks: int = 1) -> date:
    return monday_of(today(now)) + timedelta(days=7 * weeks + weekday)


def bare_weekday(now: datetime, weekday: int) -> date:
    """Rule 5: the next occurrence strictly after today (1-7 days ahead)."""
    ahead = (weekday - today(now).weekday() - 1) % 7 + 1
    return today(now) + timedelta(days=ahead)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month]
    matching = [d for d in days if d.weekday() == weekday]
    return matching[n - 1] if n > 0 else matching[n]


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def at(d: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute), KST)


def no_date(now: datetime, hour: int, minute: int = 0) -> datetime:
    """Time rule 6: today if still later than now, otherwise tomorrow."""
    candidate = at(today(now), hour, minute)
    return candidate if candidate > now else at(plus(now, 1), hour, minute)


def first_occurrence(rule: str, now: datetime, clock: time | None) -> date | datetime:
    """The first matching day on or after today whose time is later than now (all-day:
    today counts). COUNT and INTERVAL do not move the first occurrence."""
    parts = [p for p in rule.split(";") if not p.startswith(("COUNT=", "INTERVAL="))]
    plain = ";".join(parts)
    if clock is None:
        start = datetime.combine(today(now), time(0))
        found = rrulestr(plain, dtstart=start).after(start, inc=True)
        assert found is not None
        return found.date()
    start = datetime.combine(today(now), clock)
    naive_now = now.replace(tzinfo=None)
    found = rrulestr(plain, dtstart=start).after(naive_now, inc=False)
    assert found is not None
    return found.replace(tzinfo=KST)


# -- ranges --------------------------------------------------------------------------------
def day_range(d: date, days: int = 1) -> list[datetime | None]:
    return [at(d, 0), at(d + timedelta(days=days), 0)]


def week_range(monday: date) -> list[datetime | None]:
    assert monday.weekday() == MO
    return [at(monday, 0), at(monday + timedelta(days=7), 0)]


def month_range(year: int, month: int) -> list[datetime | None]:
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return [at(date(year, month, 1), 0), at(end, 0)]


def part_of_day(d: date, start_hour: int, end_hour: int) -> list[datetime | None]:
    end = at(d, 0) + timedelta(hours=end_hour)
    return [at(d, start_hour), end]


# -- records -------------------------------------------------------------------------------
@dataclass
class Case:
    lang: str
    now: datetime
    text: str
    intent: str
    title: str | None = None
    start: date | datetime | None = None
    end: date | datetime | None = None
    all_day: bool = False
    location: str | None = None
    rrule: str | None = None
    query_range: list[datetime | None] | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def fmt(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        assert value.utcoffset() == timedelta(hours=9)
        return value.isoformat(timespec="seconds")
    return value.isoformat()


CASES: list[Case] = []


def create(
    lang: str,
    now: datetime,
    text: str,
    title: str | None,
    start: date | datetime,
    *,
    end: date | datetime | None = None,
    location: str | None = None,
    rrule: str | None = None,
    notes: str = "",
) -> None:
    all_day = not isinstance(start, datetime)
    if end is not None:
        assert isinstance(end, datetime) != all_day
        assert end >= start  # type: ignore[operator]
    CASES.append(
        Case(lang, now, text, "create", title, start, end, all_day, location, rrule, None, notes)
    )


def recurring(
    lang: str,
    now: datetime,
    text: str,
    title: str,
    rule: str,
    clock: time | None,
    *,
    end_after: timedelta | None = None,
    location: str | None = None,
    notes: str = "",
) -> None:
    start = first_occurrence(rule, now, clock)
    end = None if end_after is None else start + end_after  # type: ignore[operator]
    create(lang, now, text, title, start, end=end, location=location, rrule=rule, notes=notes)


def query(
    lang: str,
    now: datetime,
    text: str,
    query_range: list[datetime | None] | None,
    title: str | None = None,
    notes: str = "",
) -> None:
    CASES.append(Case(lang, now, text, "query", title, query_range=query_range, notes=notes))


def update(
    lang: str,
    now: datetime,
    text: str,
    title: str | None,
    *,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    location: str | None = None,
    query_range: list[datetime | None] | None = None,
    notes: str = "",
) -> None:
    CASES.append(
        Case(
            lang, now, text, "update", title, start, end, False, location, None, query_range, notes
        )
    )


def delete(
    lang: str,
    now: datetime,
    text: str,
    title: str | None,
    query_range: list[datetime | None] | None,
    notes: str = "",
) -> None:
    CASES.append(Case(lang, now, text, "delete", title, query_range=query_range, notes=notes))


def bare(intent: str, lang: str, text: str, now: datetime = SUN, notes: str = "") -> None:
    CASES.append(Case(lang, now, text, intent, notes=notes))


# == creates ===============================================================================
create("ko", SUN, "낼 아침 7시 필라테스 🧘‍♀️", "필라테스", at(plus(SUN, 1), 7))
create(
    "ko",
    SUN,
    "목요일 저녁 7시 반 스터디 강남역 스타벅스에서",
    "스터디",
    at(bare_weekday(SUN, TH), 19, 30),
    location="강남역 스타벅스",
)
create(
    "ko",
    SUN,
    "12월 19일 토요일 낮 12시 사촌언니 결혼식 더케이호텔 서울",
    "사촌언니 결혼식",
    at(month_day(SUN, 12, 19, SA), 12),
    location="더케이호텔 서울",
    notes="trailing venue without a particle",
)
recurring("ko", SUN, "수요일마다 오후 4시 과외", "과외", "FREQ=WEEKLY;BYDAY=WE", time(16))
recurring(
    "ko", SUN, "매달 마지막 금요일 저녁 6시 팀 회식", "팀 회식", "FREQ=MONTHLY;BYDAY=-1FR", time(18)
)
recurring(
    "ko",
    SUN,
    "매년 3월 14일 결혼기념일 💍",
    "결혼기념일",
    "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14",
    None,
)
recurring(
    "ko",
    SUN,
    "3일마다 화분 물 주기",
    "화분 물 주기",
    "FREQ=DAILY;INTERVAL=3",
    None,
    notes="recurring all-day rule with no anchor date starts today",
)
recurring(
    "ko",
    SUN,
    "매주 월수금 오전 7시 수영 강습 10번",
    "수영 강습",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=10",
    time(7),
)
create(
    "ko",
    SUN,
    "12월 첫번째 토요일 오후 3시 동아리 정기모임 학생회관 302호",
    "동아리 정기모임",
    at(nth_weekday(2026, 12, SA, 1), 15),
    location="학생회관 302호",
)
recurring(
    "en",
    SUN,
    "Pilates every Tue and Thu 7:30am, 8 times",
    "Pilates",
    "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8",
    time(7, 30),
)
create(
    "ko",
    SUN,
    "📢 팀 송년회 안내\n일시: 12월 18일(금) 저녁 7시~10시\n장소: 을지로 노가리골목 만선호프\n회비: 3만원",
    "팀 송년회",
    at(month_day(SUN, 12, 18, FR), 19),
    end=at(month_day(SUN, 12, 18, FR), 22),
    location="을지로 노가리골목 만선호프",
    notes="title from the header line; 10시 inherits 저녁",
)
create(
    "en",
    SUN,
    "You're invited!\nWhat: Jisoo's baby shower\nWhen: Saturday, December 12, 2-5pm\nWhere: 24 Itaewon-ro, Yongsan-gu",
    "Jisoo's baby shower",
    at(month_day(SUN, 12, 12, SA), 14),
    end=at(month_day(SUN, 12, 12, SA), 17),
    location="24 Itaewon-ro, Yongsan-gu",
)
create(
    "ko", SUN, "토욜 6시 홍대에서 고기 ㄱㄱ", "고기", at(bare_weekday(SUN, SA), 18), location="홍대"
)
create(
    "ko",
    SUN,
    "모레 점심 을지로에서 평양냉면 🍜",
    "평양냉면",
    at(plus(SUN, 2), 12),
    location="을지로",
)
create("ko", SUN, "미용실 예약 11/25 11시", "미용실 예약", at(month_day(SUN, 11, 25), 11))
create(
    "ko",
    SUN,
    "낼 오휴 3시 세미나 발표",
    "세미나 발표",
    at(plus(SUN, 1), 15),
    notes="typo 오휴 for 오후; a bare 3 is 15:00 anyway",
)
create(
    "ko",
    TUE,
    "이번주 토욜 아침 9시 북한산 등산",
    "북한산 등산",
    at(this_week(TUE, SA), 9),
    notes="the place is part of the event name: location null",
)
create(
    "ko",
    SUN,
    "12월 31일 밤 11시 카운트다운 파티 @ 친구네",
    "카운트다운 파티",
    at(month_day(SUN, 12, 31), 23),
    location="친구네",
)
create(
    "ko",
    ROLL,
    "다음달 두번째 수요일 2시 분기 리뷰",
    "분기 리뷰",
    at(nth_weekday(*next_month(ROLL), WE, 2), 14),
    notes="next month from December = January 2027",
)
create("ko", ROLL, "1/3 오후 2시 할머니댁 방문", "할머니댁 방문", at(month_day(ROLL, 1, 3), 14))
create("ko", ROLL, "내일모레 새벽 5시 정동진 해돋이", "정동진 해돋이", at(plus(ROLL, 2), 5))
recurring(
    "ko",
    ROLL,
    "매주 금요일 6시 풋살",
    "풋살",
    "FREQ=WEEKLY;BYDAY=FR",
    time(18),
    notes="first occurrence crosses into 2027",
)
create(
    "ko",
    ROLL,
    "다음주 화요일 오전 10시 건강검진 예약",
    "건강검진 예약",
    at(next_week(ROLL, TU), 10),
)
create("ko", ROLL, "1월 마지막 날 월세 이체", "월세 이체", last_day(2027, 1))
create("ko", FRI, "내일부터 3일간 부산 출장", "부산 출장", plus(FRI, 1), end=plus(FRI, 3))
create("ko", FRI, "오늘 밤 9시 넷플릭스 파티", "넷플릭스 파티", at(today(FRI), 21))
create(
    "ko",
    FRI,
    "일요일 오후 1시~3시 조카 돌잔치 (강남 더채플)",
    "조카 돌잔치",
    at(bare_weekday(FRI, SU), 13),
    end=at(bare_weekday(FRI, SU), 15),
    location="강남 더채플",
)
create("ko", MON, "오늘 9시 반 주간회의", "주간회의", at(today(MON), 9, 30))
create("ko", MON, "목욜 PT 6시 반", "PT", at(bare_weekday(MON, TH), 18, 30))
create(
    "ko",
    WED,
    "금요일까지 보고서 제출",
    "보고서 제출",
    bare_weekday(WED, FR),
    notes="a deadline with only a date is all-day",
)
create(
    "ko",
    WED,
    "12월 7일~9일 제주 워크샵",
    "제주 워크샵",
    month_day(WED, 12, 7),
    end=month_day(WED, 12, 9),
)
create(
    "en",
    SUN,
    "Ski trip to Pyeongchang from Jan 15 to Jan 17",
    "Ski trip to Pyeongchang",
    month_day(SUN, 1, 15),
    end=month_day(SUN, 1, 17),
    notes="the place is part of the name",
)
create("en", SUN, "Haircut Saturday 11am", "Haircut", at(bare_weekday(SUN, SA), 11))
create(
    "en",
    SUN,
    "Flight to Tokyo Dec 20 at 07:40",
    "Flight to Tokyo",
    at(month_day(SUN, 12, 20), 7, 40),
)
create(
    "en",
    SUN,
    "dinner w/ Sarah thursday 7pm @ Mingles",
    "dinner w/ Sarah",
    at(bare_weekday(SUN, TH), 19),
    location="Mingles",
)
recurring(
    "en",
    SUN,
    "Book club on the first Saturday of every month at 3pm",
    "Book club",
    "FREQ=MONTHLY;BYDAY=1SA",
    time(15),
)
recurring(
    "en", SUN, "Pay rent on the 25th of every month", "Pay rent", "FREQ=MONTHLY;BYMONTHDAY=25", None
)
recurring(
    "en",
    SUN,
    "Team retro every other Wednesday at 4",
    "Team retro",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
    time(16),
)
create(
    "en",
    SUN,
    "Doctor's appointment 3 days from now at 10:15",
    "Doctor's appointment",
    at(plus(SUN, 3), 10, 15),
)
create(
    "mixed",
    SUN,
    "다음주 수요일 3pm 디자인 리뷰 @ 회의실 B",
    "디자인 리뷰",
    at(next_week(SUN, WE), 15),
    location="회의실 B",
)
create(
    "mixed",
    SUN,
    "12/3 lunch 약속 with 민수 at 12:30",
    "lunch 약속 with 민수",
    at(month_day(SUN, 12, 3), 12, 30),
)
create(
    "ko",
    SUN,
    "다음 주말 캠핑 가평",
    "캠핑",
    next_week(SUN, SA),
    end=next_week(SUN, SU),
    location="가평",
    notes="trailing place without a particle",
)
create(
    "ko",
    SUN,
    "11월 28일 오후 2시부터 2시간 동안 영어 과외",
    "영어 과외",
    at(month_day(SUN, 11, 28), 14),
    end=at(month_day(SUN, 11, 28), 16),
)
create(
    "ko",
    SUN,
    "모래 10시 반에 보험 상담 ☕ 스벅",
    "보험 상담",
    at(plus(SUN, 2), 10, 30),
    location="스벅",
    notes="typo 모래 = 모레; trailing venue",
)
create(
    "ko",
    SUN,
    "12월 둘째주 일요일 오전 11시 교회 바자회",
    "교회 바자회",
    at(nth_weekday(2026, 12, SU, 2), 11),
    notes="second Sunday = Sunday of the second week here",
)
create(
    "ko",
    SUN,
    "크리스마스 이브 저녁 8시 홈파티 우리집",
    "홈파티",
    at(month_day(SUN, 12, 24), 20),
    location="우리집",
)
create("ko", SUN, "크리스마스에 부모님 댁 방문", "부모님 댁 방문", month_day(SUN, 12, 25))
create(
    "ko",
    SUN_LATE,
    "11시 반 온라인 강의 라이브",
    "온라인 강의 라이브",
    no_date(SUN_LATE, 11, 30),
    notes="bare 11 is AM; 11:30 today has passed at 22:30 -> tomorrow",
)
create("ko", SUN_LATE, "내일 아침 6시 반 골프 라운딩", "골프 라운딩", at(plus(SUN_LATE, 1), 6, 30))
create("ko", SUN, "세시 반 은행 업무", "은행 업무", no_date(SUN, 15, 30))
create("ko", SUN, "다섯시에 소개팅 이태원", "소개팅", no_date(SUN, 17), location="이태원")
create(
    "ko",
    SUN,
    "12.11 (금) 19:00 대학 동아리 OB 모임 / 장소 미정",
    "대학 동아리 OB 모임",
    at(month_day(SUN, 12, 11, FR), 19),
    notes="장소 미정 -> location null",
)
create(
    "ko",
    SUN,
    "안녕하세요 여러분 😊\n다음 달 정기 봉사활동 일정 공유드립니다.\n\n"
    "- 일시: 12월 6일 일요일 오전 10시 ~ 오후 1시\n- 장소: 마포구 푸드뱅크 (합정역 7번 출구)\n"
    "- 준비물: 편한 복장, 장갑\n\n참석 여부는 이번 주 금요일까지 댓글로 남겨주세요!",
    "정기 봉사활동",
    at(month_day(SUN, 12, 6, SU), 10),
    end=at(month_day(SUN, 12, 6, SU), 13),
    location="마포구 푸드뱅크 (합정역 7번 출구)",
    notes="long pasted notice; the RSVP deadline is not the event",
)
create(
    "ko",
    SUN,
    "[연세바른정형외과] 김민지님, 12월 2일(수) 오전 9시 40분 도수치료 예약이 확인되었습니다. 문의 02-555-1234",
    "도수치료",
    at(month_day(SUN, 12, 2, WE), 9, 40),
    notes="clinic SMS; a longer title naming the clinic is fine (lenient)",
)
create(
    "ko",
    SUN,
    "[헤어살롱 루미] 11/29(일) 15:00 커트+펌 예약 완료되었습니다. 늦으시면 연락 부탁드려요~",
    "커트+펌",
    at(month_day(SUN, 11, 29, SU), 15),
    notes="salon SMS",
)
create("ko", SUN, "동생 생일 12월 9일", "동생 생일", month_day(SUN, 12, 9))
create(
    "ko",
    SUN,
    "다다음주 목요일 오후 4시 반 인턴 면접 (판교 알파돔타워 3층)",
    "인턴 면접",
    at(next_week(SUN, TH, 2), 16, 30),
    location="판교 알파돔타워 3층",
)
create(
    "ko",
    MON,
    "오늘 오후 1시부터 4시까지 워크샵 본관 대강당",
    "워크샵",
    at(today(MON), 13),
    end=at(today(MON), 16),
    location="본관 대강당",
)
create("ko", TUE, "다음주 금요일 종강파티 🎉", "종강파티", next_week(TUE, FR))
create(
    "ko",
    TUE,
    "목요일 오전 10시 30분 잔금 치르기 (은행 본점)",
    "잔금 치르기",
    at(bare_weekday(TUE, TH), 10, 30),
    location="은행 본점",
)
create(
    "ko",
    WED,
    "이번 주 일요일 저녁 교회 청년부 모임",
    "교회 청년부 모임",
    at(this_week(WED, SU), 19),
    notes="저녁 with no clock time = 19:00",
)
create("ko", SUN, "낼모레 2시 치과 ㅠㅠ", "치과", at(plus(SUN, 2), 14), notes="낼모레 = 내일모레")
create(
    "en",
    SUN,
    "meet jay tmrw 3pm starbucks gangnam",
    "meet jay",
    at(plus(SUN, 1), 15),
    location="starbucks gangnam",
    notes="tmrw = tomorrow; trailing venue",
)
create(
    "en",
    SUN,
    "Parent-teacher meeting on Dec 3rd, 4:30pm, Room 204",
    "Parent-teacher meeting",
    at(month_day(SUN, 12, 3), 16, 30),
    location="Room 204",
)
create("en", SUN, "project deadline 12/15", "project deadline", month_day(SUN, 12, 15))
recurring(
    "ko",
    SUN,
    "매주 일요일 밤 10시 주간 회고 글쓰기",
    "주간 회고 글쓰기",
    "FREQ=WEEKLY;BYDAY=SU",
    time(22),
    notes="today (Sunday) 22:00 is still ahead of now",
)
recurring(
    "ko",
    MON,
    "평일마다 아침 8시 출근 셔틀",
    "출근 셔틀",
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    time(8),
    notes="Monday 08:00 has passed at 08:30 -> Tuesday",
)
recurring(
    "ko",
    SUN,
    "매월 15일 오전 10시 카드값 확인",
    "카드값 확인",
    "FREQ=MONTHLY;BYMONTHDAY=15",
    time(10),
)
recurring(
    "ko",
    SUN,
    "2주에 한 번 화요일 저녁 7시 독서모임",
    "독서모임",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    time(19),
    notes="2주에 한 번 = every other week",
)
create(
    "ko",
    SUN,
    "12월 20일 일요일 오후 3시 30분 뮤지컬 관람 블루스퀘어",
    "뮤지컬 관람",
    at(month_day(SUN, 12, 20, SU), 15, 30),
    location="블루스퀘어",
)
create("ko", SUN, "오늘 저녁 7시 어머니 생신 식사", "어머니 생신 식사", at(today(SUN), 19))
create(
    "en",
    SUN,
    "Coffee chat with the new hire Monday 10:30",
    "Coffee chat with the new hire",
    at(bare_weekday(SUN, MO), 10, 30),
)
create(
    "en",
    ROLL,
    "New Year's brunch January 1st 11am",
    "New Year's brunch",
    at(month_day(ROLL, 1, 1), 11),
)
create(
    "ko",
    JAN_END,
    "다음달 마지막 날 오후 6시 분기 마감 회의",
    "분기 마감 회의",
    at(last_day(*next_month(JAN_END)), 18),
)
create(
    "ko",
    JAN_END,
    "2일 오전 10시 반 치과 스케일링",
    "치과 스케일링",
    at(day_of_month(JAN_END, 2), 10, 30),
    notes="day 2 has passed in January -> February 2",
)
create(
    "ko",
    THU_DEC,
    "주말에 엄마랑 김장 🥬",
    "엄마랑 김장",
    this_week(THU_DEC, SA),
    end=this_week(THU_DEC, SU),
    notes="주말 alone on a Thursday = this week's weekend",
)
create(
    "ko",
    THU_DEC,
    "토요일 1시~5시 과외 2타임 (대치동)",
    "과외 2타임",
    at(bare_weekday(THU_DEC, SA), 13),
    end=at(bare_weekday(THU_DEC, SA), 17),
    location="대치동",
)
recurring(
    "ko",
    THU_DEC,
    "다음주부터 매주 화요일 저녁 8시 기타 레슨 4번",
    "기타 레슨",
    "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
    time(20),
    notes="다음주부터: the first Tuesday is also the next one here (12/22)",
)
create(
    "mixed",
    THU_DEC,
    "금요일 6:30pm 연말 dinner @ 성수동 Onion",
    "연말 dinner",
    at(bare_weekday(THU_DEC, FR), 18, 30),
    location="성수동 Onion",
)
create(
    "ko",
    THU_DEC,
    "12/24 ~ 12/27 도쿄 여행 ✈️",
    "도쿄 여행",
    month_day(THU_DEC, 12, 24),
    end=month_day(THU_DEC, 12, 27),
)
create(
    "ko",
    SUN,
    "내일 2시 반부터 1시간 동안 고객사 화상회의",
    "고객사 화상회의",
    at(plus(SUN, 1), 14, 30),
    end=at(plus(SUN, 1), 15, 30),
)

# == queries ===============================================================================
query("ko", TUE, "이번주 토요일 뭐 있더라", day_range(this_week(TUE, SA)))
query("ko", SUN, "다음주 일정 좀 알려줘~", week_range(next_week(SUN, MO)))
query("ko", SUN, "12월에 잡힌 약속 다 보여줘", month_range(2026, 12), title="약속")
query("ko", SUN, "내일 오후 비어?", part_of_day(plus(SUN, 1), 12, 18))
query("ko", SUN, "동창회 언제였지?", None, title="동창회")
query("en", SUN, "What's on my calendar for Friday?", day_range(bare_weekday(SUN, FR)))
query("en", SUN, "Am I free tomorrow evening?", part_of_day(plus(SUN, 1), 18, 24))
query("en", SUN, "When is the dentist?", None, title="dentist")
query("ko", FRI, "이번 주말에 약속 있나?", day_range(this_week(FRI, SA), 2), title="약속")
query(
    "ko",
    WED,
    "이번 주 남은 일정 뭐야?",
    [WED, at(next_week(WED, MO), 0)],
    notes="남은 starts at now",
)
query(
    "ko",
    SUN,
    "11월 10일에 뭐 했더라",
    day_range(date(2026, 11, 10)),
    notes="queries take the nearest occurrence: a past date is fine",
)
query("ko", ROLL, "내년 1월 일정 있어?", month_range(2027, 1))
query("mixed", SUN, "내일 meeting 몇 시였지?", day_range(plus(SUN, 1)), title="meeting")
query("ko", SUN, "오늘 저녁에 뭐 있어?", part_of_day(today(SUN), 18, 24))
query("ko", SUN, "다음 회의 언제야?", [SUN, None], title="회의", notes="next = open-ended from now")

# == updates ===============================================================================
update(
    "ko",
    SUN,
    "토요일 등산 일요일로 미뤄줘",
    "등산",
    start=bare_weekday(SUN, SU),
    query_range=day_range(bare_weekday(SUN, SA)),
    notes="bare date: keep the time",
)
update(
    "ko",
    SUN,
    "내일 PT 7시로 바꿔줘",
    "PT",
    start=at(plus(SUN, 1), 7),
    query_range=day_range(plus(SUN, 1)),
)
update("ko", SUN, "과외 장소 스터디카페로 변경", "과외", location="스터디카페")
update(
    "ko",
    SUN,
    "목요일 회의 30분 늦춰줘",
    "회의",
    query_range=day_range(bare_weekday(SUN, TH)),
    notes="relative shift +30 min: start null",
)
update(
    "ko",
    SUN,
    "12월 19일 결혼식 장소 라마다호텔로 수정해줘",
    "결혼식",
    location="라마다호텔",
    query_range=day_range(month_day(SUN, 12, 19)),
)
update(
    "en",
    SUN,
    "Change the location of Friday's lunch to Hannam-dong",
    "lunch",
    location="Hannam-dong",
    query_range=day_range(bare_weekday(SUN, FR)),
)
update(
    "ko",
    SUN,
    "오늘 스터디 밤 10시까지로 연장해줘",
    "스터디",
    end=at(today(SUN), 22),
    query_range=day_range(today(SUN)),
    notes="end-only change",
)
update(
    "ko",
    SUN,
    "치과 예약 취소 말고 다음주 수요일로 바꿔줘",
    "치과 예약",
    start=next_week(SUN, WE),
    notes="취소 말고 ... 바꿔줘 is an update; bare date keeps the time",
)
update(
    "en",
    TUE,
    "Move Thursday's 1:1 to Friday 2pm",
    "1:1",
    start=at(bare_weekday(TUE, FR), 14),
    query_range=day_range(bare_weekday(TUE, TH)),
)

# == deletes ===============================================================================
delete("ko", SUN, "금요일 회식 취소됐어 지워줘", "회식", day_range(bare_weekday(SUN, FR)))
delete("ko", TUE, "이번주 토요일 필라테스 취소해줘", "필라테스", day_range(this_week(TUE, SA)))
delete("en", SUN, "remove the yoga class on Sunday", "yoga class", day_range(bare_weekday(SUN, SU)))
delete(
    "ko", SUN, "내일 일정 다 날려줘", None, day_range(plus(SUN, 1)), notes="everything on that day"
)
delete("en", SUN, "Cancel Thursday's standup", "standup", day_range(bare_weekday(SUN, TH)))
delete("ko", SUN, "매주 화요일 과외 일정 전부 삭제", "과외", None, notes="the whole series")
delete("ko", SUN, "11월 30일 출장 빼줘", "출장", day_range(month_day(SUN, 11, 30)))

# == confirm / cancel / other ==============================================================
for text, lang in [
    ("웅", "ko"),
    ("오케이", "ko"),
    ("👍", "ko"),
    ("ㅇㅋㅇㅋ", "ko"),
    ("넹", "ko"),
    ("콜", "ko"),
    ("yep", "en"),
    ("sounds good", "en"),
    ("그래 그렇게 해줘", "ko"),
    ("좋아요!", "ko"),
    ("ok 👌", "en"),
]:
    bare("confirm", lang, text)
for text, lang in [
    ("ㄴㄴ", "ko"),
    ("아냐", "ko"),
    ("nope", "en"),
    ("아니 됐어", "ko"),
    ("취소", "ko"),
    ("no thanks", "en"),
    ("싫어", "ko"),
    ("never mind", "en"),
    ("하지 마", "ko"),
]:
    bare("cancel", lang, text)
for text, lang in [
    ("ㅋㅋㅋㅋㅋ", "ko"),
    ("오늘 너무 피곤하다 😵", "ko"),
    ("점심 뭐 먹지", "ko"),
    ("회식 너무 가기 싫어", "ko"),
    ("thanks!", "en"),
    ("what can you do?", "en"),
    ("내일 비 와?", "ko"),
    ("주말 잘 보내세요~", "ko"),
    ("what's the weather like tomorrow?", "en"),
]:
    bare("other", lang, text)


def main() -> None:
    dev_texts: set[str] = set()
    if DEV.exists():
        dev_texts = {
            json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()
        }
    seen: set[str] = set()
    lines = []
    for n, case in enumerate(CASES, 1):
        assert case.text not in dev_texts, f"copied from nl_dev: {case.text!r}"
        assert case.text not in seen, f"duplicate: {case.text!r}"
        seen.add(case.text)
        record = {
            "id": f"nl-h-{n:03d}",
            "lang": case.lang,
            "now": case.now.isoformat(timespec="seconds"),
            "text": case.text,
            "intent": case.intent,
            "title": case.title,
            "start": fmt(case.start),
            "end": fmt(case.end),
            "all_day": case.all_day,
            "location": case.location,
            "rrule": case.rrule,
            "query_range": None if case.query_range is None else [fmt(v) for v in case.query_range],
            "notes": case.notes,
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} cases to {OUT}")


if __name__ == "__main__":
    main()
