#!/usr/bin/env python3
"""Generate tests/data/nl_heldout2.jsonl, the second held-out NL corpus.

Written from /work/shared/corpus/CONVENTIONS.md only, independently of the engine
(core/) and of the first held-out set.  Every expected date/time is computed here
with datetime/zoneinfo (and dateutil.rrule for first occurrences of recurring
events) from each case's ``now``; nothing is resolved by hand.  Weekdays written in
a message are asserted against the computed date.

Run:  python tests/data/make_heldout2.py
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

KST = ZoneInfo("Asia/Seoul")
OUT = Path(__file__).with_name("nl_heldout2.jsonl")

MO, TU, WE, TH, FR, SA, SU = range(7)
KO_WD = {"월": MO, "화": TU, "수": WE, "목": TH, "금": FR, "토": SA, "일": SU}
EN_WD = {"mon": MO, "tue": TU, "wed": WE, "thu": TH, "fri": FR, "sat": SA, "sun": SU}

NOWS = {
    # defaults from CONVENTIONS.md
    "sun": datetime(2026, 11, 22, 10, 0, tzinfo=KST),
    "sunlate": datetime(2026, 11, 22, 22, 30, tzinfo=KST),
    "mon": datetime(2026, 11, 23, 8, 30, tzinfo=KST),
    "tue": datetime(2026, 11, 24, 9, 0, tzinfo=KST),
    "wed": datetime(2026, 11, 25, 14, 0, tzinfo=KST),
    "fri": datetime(2026, 11, 27, 18, 0, tzinfo=KST),
    "dec30": datetime(2026, 12, 30, 15, 0, tzinfo=KST),
    "nov15": datetime(2026, 11, 15, 10, 0, tzinfo=KST),
    # two of our own
    "sat": datetime(2026, 11, 28, 20, 30, tzinfo=KST),   # Saturday evening
    "dec31": datetime(2026, 12, 31, 16, 0, tzinfo=KST),  # New Year's Eve (rollover)
}


# ----------------------------------------------------------------------------
# date / time arithmetic, all relative to a Ctx's now
# ----------------------------------------------------------------------------
class Ctx:
    def __init__(self, key: str):
        self.now = NOWS[key]
        self.today = self.now.date()
        self.monday = self.today - timedelta(days=self.today.weekday())

    # --- dates -------------------------------------------------------------
    def rel(self, n: int) -> date:                      # 오늘/내일/모레/N일 뒤
        return self.today + timedelta(days=n)

    def md(self, m: int, d: int) -> date:               # month+day, no year (rule 1)
        x = date(self.today.year, m, d)
        return x if x >= self.today else date(self.today.year + 1, m, d)

    def md_query(self, m: int, d: int) -> date:         # queries: nearest occurrence
        y = self.today.year
        cands = [date(y + k, m, d) for k in (-1, 0, 1)]
        return min(cands, key=lambda c: abs((c - self.today).days))

    def dom(self, d: int) -> date:                      # day of month alone (rule 2)
        if d >= self.today.day:
            return self.today.replace(day=d)
        return add_months(self.today.replace(day=1), 1).replace(day=d)

    def next_month_day(self, d: int) -> date:           # 다음달 D일
        return add_months(self.today.replace(day=1), 1).replace(day=d)

    def next_month_last(self) -> date:                  # 다음달 마지막 날
        return add_months(self.today.replace(day=1), 2) - timedelta(days=1)

    def this_wd(self, wd: int) -> date:                 # 이번 주 X요일 / this X
        d = self.monday + timedelta(days=wd)
        assert d >= self.today, "corpus does not use a passed 이번 주 X요일"
        return d

    def next_wd(self, wd: int) -> date:                 # 다음주 X요일 / next X
        return self.monday + timedelta(days=7 + wd)

    def next2_wd(self, wd: int) -> date:                # 다다음주 X요일
        return self.monday + timedelta(days=14 + wd)

    def bare_wd(self, wd: int) -> date:                 # bare weekday: 1..7 days ahead
        return self.today + timedelta(days=(wd - self.today.weekday() - 1) % 7 + 1)

    def weekend(self, nxt: bool = False) -> tuple[date, date]:
        sat = self.monday + timedelta(days=5 + (7 if nxt else 0))
        return sat, sat + timedelta(days=1)

    def week(self, k: int = 0) -> tuple[date, date]:    # calendar week Mon..next Mon
        m = self.monday + timedelta(days=7 * k)
        return m, m + timedelta(days=7)

    # --- times -------------------------------------------------------------
    def time_only(self, h: int, mi: int = 0) -> datetime:
        """A time with no date: today if still ahead of now, else tomorrow."""
        t = at(self.today, h, mi)
        return t if t > self.now else at(self.rel(1), h, mi)

    def first(self, rule: str, h: int | None = None, mi: int = 0) -> date | datetime:
        """First occurrence on/after today (timed: strictly later than now)."""
        # INTERVAL/COUNT do not move the first occurrence: drop them to find it.
        core = ";".join(p for p in rule.split(";")
                        if not p.startswith(("INTERVAL=", "COUNT=")))
        if h is None:  # all-day: today counts
            start = datetime.combine(self.today, time(0, 0))
            r = rrulestr(core, dtstart=start)
            return r.after(start, inc=True).date()
        start = datetime.combine(self.today, time(h, mi))
        r = rrulestr(core, dtstart=start)
        nxt = r.after(self.now.replace(tzinfo=None), inc=False)
        return nxt.replace(tzinfo=KST)


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return d.replace(year=d.year + y, month=m + 1)


def nth_weekday(y: int, m: int, n: int, wd: int) -> date:
    d = date(y, m, 1)
    d += timedelta(days=(wd - d.weekday()) % 7)
    return d + timedelta(days=7 * (n - 1))


def H(h: int, marker: str | None = None) -> int:
    """Clock hour per the Times rules.
    marker: 'am' (오전/아침/새벽/am), 'pm' (오후/낮/저녁/밤/pm), 'lit' (zero-padded / 24h),
    None = bare hour with the afternoon bias (1-6 PM, 7-11 as written, 12 noon)."""
    if marker == "am":
        return h
    if marker == "pm":
        return h + 12 if 1 <= h <= 11 else h
    if marker == "lit" or h >= 13:
        return h
    return h + 12 if 1 <= h <= 6 else h


def at(d: date, h: int, mi: int = 0) -> datetime:
    return datetime.combine(d, time(h, mi), tzinfo=KST)


def midnight_after(d: date) -> datetime:               # 자정 / 밤 12시 of day d
    return at(d + timedelta(days=1), 0, 0)


def range_end(start: datetime, h: int, mi: int = 0, marker: str | None = None) -> datetime:
    """End of a range on the start's day; +12 h if it would not be after the start."""
    e = at(start.date(), H(h, marker), mi)
    if e <= start:
        e += timedelta(hours=12)
    assert e > start
    return e


def day_range(d1: date, d2: date | None = None) -> list[str]:
    d2 = d2 or d1 + timedelta(days=1)
    return [iso(at(d1, 0)), iso(at(d2, 0))]


def win(d: date, h1: int, h2: int) -> list[str]:       # part-of-day query window
    return [iso(at(d, h1)), iso(at(d, 0) + timedelta(hours=h2))]


def iso(x) -> str | None:
    if x is None:
        return None
    if isinstance(x, datetime):
        return x.astimezone(KST).isoformat(timespec="seconds")
    return x.isoformat()


def chk(d, wd: int) -> None:
    """Assert that a weekday written in the message matches the computed date."""
    dd = d.date() if isinstance(d, datetime) else d
    assert dd.weekday() == wd, f"{dd} is not weekday {wd}"


# ----------------------------------------------------------------------------
# records
# ----------------------------------------------------------------------------
CASES: list[dict] = []


def add(intent, lang, now, text, title=None, start=None, end=None, all_day=False,
        location=None, rrule=None, query_range=None, notes=""):
    CASES.append(dict(
        lang=lang, now=iso(NOWS[now]), text=text, intent=intent, title=title,
        start=iso(start), end=iso(end), all_day=all_day, location=location,
        rrule=rrule, query_range=query_range, notes=notes))


def create(lang, now, text, title, start, end=None, location=None, rrule=None, notes=""):
    all_day = isinstance(start, date) and not isinstance(start, datetime)
    if end is not None:
        assert isinstance(end, datetime) != all_day
        assert end >= start if all_day else end > start
    add("create", lang, now, text, title, start, end, all_day, location, rrule, None, notes)


def reply(intent, lang, text, notes=""):
    add(intent, lang, "sun", text, notes=notes)


# ============================================================================
# CREATE (60)
# ============================================================================
c = Ctx("sun")  # Sunday 2026-11-22 10:00

d = c.rel(1)
create("ko", "sun", "낼 아침 7시 반 등산 ⛰️ (우이역 2번 출구)", "등산", at(d, H(7, "am"), 30),
       location="우이역 2번 출구", notes="낼 = +1; meeting point in parentheses")

d = c.rel(2)
create("ko", "sun", "모래 저녁 7시 아빠 생신 저녁 식사🎂", "아빠 생신 저녁 식사", at(d, H(7, "pm")),
       notes="모래 = typo of 모레 (+2)")

d = c.bare_wd(WE)
create("ko", "sun", "ㅎㅎ 수욜 6시반 풋살 ⚽ 잠실 유수지 구장", "풋살", at(d, H(6), 30),
       location="잠실 유수지 구장", notes="bare 수욜 -> next Wednesday; bare 6시반 -> 18:30; trailing venue")

d = c.md(12, 6); chk(d, SU)
create("ko", "sun", "12월 6일 일욜 오후 2시 조카 돌잔치 더링크호텔에서", "조카 돌잔치", at(d, H(2, "pm")),
       location="더링크호텔")

d = c.next_wd(TH)
create("ko", "sun", "다음주 목요일 저녁에 학부모 상담", "학부모 상담", at(d, 19),
       notes="저녁 with no clock time -> 19:00; 다음주 on Sunday = the week starting tomorrow")

d = c.bare_wd(SA); s = at(d, H(10))
create("ko", "sun", "토욜 10시 ~ 12시 아들 태권도 승급심사", "아들 태권도 승급심사", s, range_end(s, 12))

r = "FREQ=WEEKLY;BYDAY=WE"
create("ko", "sun", "매주 수요일 저녁 8시 강남 YBM에서 영어회화 수업", "영어회화 수업",
       c.first(r, H(8, "pm")), location="강남 YBM", rrule=r)

r = "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"
create("ko", "sun", "격주 토요일 오전 10시 봉사활동 @ 해피빈 보육원", "봉사활동",
       c.first(r, H(10, "am")), location="해피빈 보육원", rrule=r)

r = "FREQ=MONTHLY;BYMONTHDAY=25"
create("ko", "sun", "매달 25일 카드값 결제 💳", "카드값 결제", c.first(r), rrule=r,
       notes="all-day monthly; first occurrence 11/25")

r = "FREQ=MONTHLY;BYDAY=2SU,4SU"
create("ko", "sun", "매월 둘째, 넷째 주 일요일 동네 마트 휴무", "동네 마트 휴무", c.first(r), rrule=r,
       notes="둘째·넷째 주 일요일 = 2nd and 4th Sundays (the usual meaning for mart closing days); "
             "today 11/22 is the 4th Sunday of November and all-day rules count today")

r = "FREQ=MONTHLY;BYDAY=3TH"
create("ko", "sun", "매달 세번째 목요일 저녁 7시 반 와인 모임 🍷", "와인 모임",
       c.first(r, H(7, "pm"), 30), rrule=r, notes="3rd Thursday of November (11/19) has passed")

r = "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14"
create("ko", "sun", "매년 3월 14일 결혼기념일 💍", "결혼기념일", c.first(r), rrule=r)

r = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
create("ko", "sun", "평일 오전 7시 20분 통근 셔틀버스", "통근 셔틀버스", c.first(r, H(7, "am"), 20),
       rrule=r)

r = "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"
create("ko", "sun", "매주 월 수 밤 9시 PT 10번", "PT", c.first(r, H(9, "pm")), rrule=r,
       notes="10번 = COUNT=10")

r = "FREQ=DAILY;INTERVAL=3"
create("ko", "sun", "3일마다 화분 물주기 🌱", "화분 물주기", c.first(r), rrule=r,
       notes="all-day recurring rule with no anchor date starts today")

d = c.md(12, 24)
create("ko", "sun", "크리스마스 이브 저녁 7시 가족 외식 🎄", "가족 외식", at(d, H(7, "pm")))

d = c.md(12, 2); chk(d, WE)
create("ko", "sun", "[한빛치과] 예약 안내\n일시: 12월 2일(수) 오후 4시 30분\n장소: 한빛치과 3층\n내용: 스케일링",
       "스케일링", at(d, H(4, "pm"), 30), location="한빛치과 3층", notes="title from the 내용: line")

d = c.md(11, 26); chk(d, TH)
create("ko", "sun", "[Web발신]\n김지은님 11/26(목) 14:00 정형외과 재진 예약되었습니다. 장소: 본관 2층",
       "정형외과 재진", at(d, H(14, "lit")), location="본관 2층", notes="hospital SMS")

d = date(2026, 12, 15)
create("ko", "sun", "[KB국민은행] 고객님의 정기예금이 2026.12.15 만기 예정입니다.", "정기예금 만기", d,
       notes="bank SMS; explicit year; date only -> all-day")

d = c.md(11, 24); chk(d, TU); s = at(d, H(2, "pm"))
create("ko", "sun", "[CJ대한통운] 11월 24일(화) 오후 2시~6시 사이 택배 배송 예정입니다", "택배 배송",
       s, range_end(s, 6, marker="pm"), notes="delivery SMS; end inherits 오후")

d = c.md(12, 9); chk(d, WE); s = at(d, H(10, "am"))
create("ko", "sun", "[한솔초] 12월 9일(수) 학부모 공개수업 오전 10시~11시 30분, 장소: 본교 강당",
       "학부모 공개수업", s, range_end(s, 11, 30, "am"), location="본교 강당", notes="school SMS")

d = c.md(11, 29); chk(d, SU); s = at(d, H(8, "am"))
create("ko", "sun", "📢 [주민센터 알림]\n행사: 석촌호수 플로깅\n일시: 11/29(일) 오전 8시~10시\n장소: 석촌호수 동호 입구",
       "석촌호수 플로깅", s, range_end(s, 10, marker="am"), location="석촌호수 동호 입구",
       notes="pasted notice; title from 행사:")

d = date(2027, 1, 16); chk(d, SA)
create("ko", "sun", "[청첩장]\n행사: 준호 & 서연 결혼식\n일시: 2027년 1월 16일 (토) 낮 12시 30분\n장소: 더채플앳청담 3층 그랜드홀",
       "준호 & 서연 결혼식", at(d, H(12, "pm"), 30), location="더채플앳청담 3층 그랜드홀",
       notes="낮 12시 30분 = 12:30")

d = date(2027, 1, 14); chk(d, TH); s = at(d, H(9, "am"))
create("en", "sun", "Subject: Q1 Planning Offsite\nWhen: Thursday, January 14, 2027 9:00 AM - 5:00 PM\nWhere: Lotte Hotel, Sogong-ro 30",
       "Q1 Planning Offsite", s, at(d, H(5, "pm")), location="Lotte Hotel, Sogong-ro 30",
       notes="pasted invitation; title from the Subject line")

d = c.md(12, 5); chk(d, SA)
create("en", "sun", "You're invited! 🏠\nWhat: Housewarming party\nWhen: Saturday, December 5, 6:00 PM\nWhere: 12 Itaewon-ro 27ga-gil, Yongsan-gu",
       "Housewarming party", at(d, H(6, "pm")), location="12 Itaewon-ro 27ga-gil, Yongsan-gu")

r = "FREQ=WEEKLY;BYDAY=TU"
s = c.first(r, H(4, "pm"), 30)
create("en", "sun", "Piano lesson every Tuesday 4:30-5:15pm", "Piano lesson", s,
       range_end(s, 5, 15, "pm"), rrule=r, notes="pm on the end applies to both ends")

r = "FREQ=MONTHLY;BYDAY=-1FR"
create("en", "sun", "Book club the last Friday of every month at 7:30pm", "Book club",
       c.first(r, H(7, "pm"), 30), rrule=r)

r = "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"
s = c.first(r, H(9, "am"))
create("en", "sun", "Food bank volunteering every other Sunday 9am-1pm", "Food bank volunteering", s,
       range_end(s, 1, marker="pm"), rrule=r,
       notes="today's 9am has passed, so the first occurrence is next Sunday")

d = c.md(12, 10)
create("en", "sun", "Submit tax report by Dec 10", "Submit tax report", d, notes="deadline with a date only")

d = c.rel(10)
create("en", "sun", "Renew passport 10 days from now", "Renew passport", d)

r = "FREQ=WEEKLY;BYDAY=SA;COUNT=8"
s = c.first(r, H(10, "am"))
create("en", "sun", "Swim lessons for Jiho every Saturday 10-11am, 8 times", "Swim lessons for Jiho", s,
       range_end(s, 11, marker="am"), rrule=r)

d = c.next_wd(WE)
create("mixed", "sun", "다음주 수요일 2시 dentist 예약", "dentist 예약", at(d, H(2)),
       notes="next week's Wednesday from Sunday = 11/25; bare 2시 -> 14:00")

d = c.bare_wd(FR)
create("mixed", "sun", "Friday 7pm 팀 회식 @ 을지로 노가리골목", "팀 회식", at(d, H(7, "pm")),
       location="을지로 노가리골목")

d = c.md(12, 3); s = at(d, H(3, "pm"))
create("mixed", "sun", "12/3 3-5pm 고객사 demo in Room 402", "고객사 demo", s,
       range_end(s, 5, marker="pm"), location="Room 402")

create("ko", "sun", "9시 반 은행 들르기", "은행 들르기", c.time_only(H(9), 30),
       notes="bare 9시 반 = 09:30, already past at 10:00 -> tomorrow")

d = c.rel(2)
create("ko", "sun", "이틀 후 세시 아이 예방접종 소아과에서", "아이 예방접종", at(d, H(3)),
       location="소아과", notes="native numeral 세시 -> 15:00")

d = c.next2_wd(TU)
create("ko", "sun", "다다음주 화요일 오전 11시 비자 인터뷰 (광화문 미국대사관)", "비자 인터뷰",
       at(d, H(11, "am")), location="광화문 미국대사관", notes="다다음주 from Sunday 11/22 = week of 11/30")

d = c.dom(29); chk(d, SU)
create("ko", "sun", "29일 일요일 오후 3시 뮤지컬 위키드 블루스퀘어", "뮤지컬 위키드", at(d, H(3, "pm")),
       location="블루스퀘어")

d = c.md(12, 19); chk(d, SA)
create("ko", "sun", "12.19 토 19:30 콘서트 KSPO DOME 🎤", "콘서트", at(d, H(19, "lit"), 30),
       location="KSPO DOME")

d = c.next_month_last()
create("ko", "sun", "다음달 마지막 날 월세 계약 만료", "월세 계약 만료", d)

d1, d2 = c.md(1, 3), c.md(1, 7)
create("ko", "sun", "1월 3일 ~ 1월 7일 가족 오사카 여행 ✈️", "가족 오사카 여행", d1, d2,
       notes="January without a year on 11/22 -> next year; end inclusive")

d = c.rel(1)
create("ko", "sun", "내일부터 3일간 부산 출장", "부산 출장", d, d + timedelta(days=2))

d = c.rel(2)
create("ko", "sun", "농구 직관 🏀 낼모레 저녁 7시 잠실실내체육관", "농구 직관", at(d, H(7, "pm")),
       location="잠실실내체육관", notes="낼모레 = 내일모레 (+2)")

d = c.next_wd(SU); s = at(d, H(9))
create("ko", "sun", "다음주 일요일 9시~1시 토익 시험 📝", "토익 시험", s, range_end(s, 1),
       notes="9시~1시 -> 09:00-13:00 (end +12h); 다음주 일요일 from Sunday = 11/29")

c = Ctx("sunlate")
create("ko", "sunlate", "밤 11시 반 빨래 널기", "빨래 널기", c.time_only(H(11, "pm"), 30),
       notes="now 22:30; 23:30 still ahead -> today")

c = Ctx("nov15")
d = c.next_wd(WE)
create("ko", "nov15", "다음주 수요일 오후 7시 구청 요가 특강", "구청 요가 특강", at(d, H(7, "pm")),
       notes="now Sunday 11/15 -> next week's Wednesday is 11/18")

c = Ctx("wed")
sat, sun = c.weekend()
create("ko", "wed", "이번 주말 할머니댁에서 김장 🥬", "김장", sat, sun, location="할머니댁")

create("ko", "wed", "2시 반 택배 반품 접수", "택배 반품 접수", c.time_only(H(2), 30),
       notes="now 14:00; 14:30 still ahead -> today")

c = Ctx("mon")
sat, sun = c.weekend(nxt=True)
create("ko", "mon", "다음 주말 가평에서 캠핑 ⛺", "캠핑", sat, sun, location="가평")

s = at(c.this_wd(TH), H(4, "pm"))
create("ko", "mon", "이번 주 목요일 오후 4시부터 2시간 동안 코딩 테스트", "코딩 테스트", s,
       s + timedelta(hours=2))

c = Ctx("tue")
d = c.next_wd(TU)
create("ko", "tue", "다음주 화요일 저녁 7시 PT 상담", "PT 상담", at(d, H(7, "pm")),
       notes="now Tuesday 11/24 -> next week's Tuesday 12/01")

d = c.next_wd(SA)
create("en", "tue", "Dad's retirement dinner next Saturday 6:30pm at Bistro Seoul", "Dad's retirement dinner",
       at(d, H(6, "pm"), 30), location="Bistro Seoul", notes="next Saturday from Tuesday = 12/05")

c = Ctx("fri")
d = c.bare_wd(MO)
create("en", "fri", "Parent-teacher conference Monday 3:15pm", "Parent-teacher conference",
       at(d, H(3, "pm"), 15))

c = Ctx("sat")  # Saturday 2026-11-28 20:30
d = c.next_wd(MO)
create("ko", "sat", "담주 월욜 오전 10시 세탁기 AS 기사 방문", "세탁기 AS 기사 방문", at(d, H(10, "am")),
       notes="now Saturday; 담주 = the week starting 11/30")

create("ko", "sat", "밤 10시 반 CGV 용산에서 심야영화 🍿", "심야영화", c.time_only(H(10, "pm"), 30),
       location="CGV 용산", notes="now 20:30; 22:30 still ahead -> today")

create("ko", "sat", "7시 조깅", "조깅", c.time_only(H(7)),
       notes="bare 7시 = 07:00 (as written); past at 20:30 -> tomorrow")

c = Ctx("dec30")
d = c.md(1, 4); chk(d, MO)
create("ko", "dec30", "1월 4일 월요일 오전 9시 시무식", "시무식", at(d, H(9, "am")),
       notes="year rollover: January -> 2027")

c = Ctx("dec31")  # Thursday 2026-12-31 16:00
d = c.next_month_day(2)
create("ko", "dec31", "다음달 2일 오후 6시 신년회 🥂", "신년회", at(d, H(6, "pm")),
       notes="다음달 from December = January of next year")

create("ko", "dec31", "오늘 밤 12시 카운트다운 파티 🎉", "카운트다운 파티", midnight_after(c.today),
       notes="밤 12시 = midnight at the end of today = 2027-01-01 00:00")

d = c.next_wd(FR)
create("ko", "dec31", "다음주 금요일 저녁 7시 반 대학 동기 신년 모임 강남역", "대학 동기 신년 모임",
       at(d, H(7, "pm"), 30), location="강남역",
       notes="current week 12/28-1/3, so 다음주 금요일 = 2027-01-08")

# ============================================================================
# QUERY (15)
# ============================================================================
def query(lang, now, text, title, qr, notes=""):
    add("query", lang, now, text, title, query_range=qr, notes=notes)


c = Ctx("sun")
query("ko", "sun", "모레 오후 일정 있나?", None, win(c.rel(2), 12, 18))
query("ko", "sun", "12월에 휴가 잡아둔 거 있었나", "휴가",
      day_range(date(2026, 12, 1), date(2027, 1, 1)))
d = c.md_query(11, 20)
query("ko", "sun", "11월 20일에 무슨 일정 있었지?", None, day_range(d),
      notes="queries use the nearest occurrence: past date allowed")
query("en", "sun", "Am I free on Thursday evening?", None, win(c.bare_wd(TH), 18, 24))
query("en", "sun", "When is the piano recital?", "piano recital", None, notes="no time constraint")
query("ko", "sun", "다음 치과 예약 언제야?", "치과 예약", [iso(c.now), None],
      notes="'다음' = next one: open-ended from now")
d = c.md_query(12, 24)
query("ko", "sun", "12월 24일 저녁에 약속 있어?", "약속", win(d, 18, 24))
query("ko", "sun", "내일 오전에 회의 있던가?", "회의", win(c.rel(1), 0, 12),
      notes="a question about an event is a query")

c = Ctx("mon")
query("ko", "mon", "오늘 남은 일정 뭐야", None, [iso(c.now), iso(at(c.rel(1), 0))],
      notes="남은 starts at now")

c = Ctx("tue")
w1, w2 = c.week(1)
query("ko", "tue", "담주 일정 좀 보여줘 ㅎㅎ", None, day_range(w1, w2))

c = Ctx("wed")
sat, sun = c.weekend()
query("ko", "wed", "이번 주말에 뭐 잡혀있어?", None, day_range(sat, sun + timedelta(days=1)))
query("en", "wed", "What's on my calendar for the rest of the week?", None,
      [iso(c.now), iso(at(c.week(0)[1], 0))])

c = Ctx("fri")
query("mixed", "fri", "이번 달 남은 deadline 뭐 있지?", "deadline",
      [iso(c.now), iso(at(add_months(c.today.replace(day=1), 1), 0))])

c = Ctx("sat")
query("ko", "sat", "내일 몇 시에 교회 가야 돼?", "교회", day_range(c.rel(1)))

c = Ctx("dec31")
w1, w2 = c.week(1)
query("ko", "dec31", "다음주 뭐 있어?", None, day_range(w1, w2),
      notes="now Thu 12/31: next week = 2027-01-04 .. 2027-01-11")

# ============================================================================
# UPDATE (12)
# ============================================================================
def update(lang, now, text, title, start=None, end=None, location=None, qr=None, notes=""):
    add("update", lang, now, text, title, start, end, False, location, None, qr, notes)


c = Ctx("sun")
update("ko", "sun", "치과 예약 화요일 오후 4시로 옮겨줘", "치과 예약", at(c.bare_wd(TU), H(4, "pm")))
d = c.rel(1)
update("ko", "sun", "내일 회식 시간 저녁 8시로 바꿔줘", "회식", at(d, H(8, "pm")), qr=day_range(d))
update("ko", "sun", "요가 수업 장소 강남점 말고 역삼점으로 바꿔줘", "요가 수업", location="역삼점",
       notes="location is the new place")
d = c.md(12, 10)
update("ko", "sun", "12월 10일 워크숍 12일로 미뤄줘", "워크숍", c.dom(12), qr=day_range(d),
       notes="date-only move, keep the original time; 12일 on 11/22 -> 12/12")
update("en", "sun", "Push the design review to next Wednesday at 2pm", "design review",
       at(c.next_wd(WE), H(2, "pm")), notes="next Wednesday from Sunday = 11/25")
d = c.bare_wd(FR)
update("en", "sun", "Change the location of Friday's team lunch to Noodle Bar", "team lunch",
       location="Noodle Bar", qr=day_range(d))
d = c.rel(2)
update("ko", "sun", "모레 스터디 30분 늦춰줘", "스터디", qr=day_range(d),
       notes="relative shift (+30 min); start not computable from text")
d = c.bare_wd(SA)
update("ko", "sun", "토요일 등산 취소 말고 일요일로 바꿔줘", "등산", c.bare_wd(SU), qr=day_range(d),
       notes="취소 말고 ...로 바꿔 = move instead of cancel; date-only move keeps the time")
d = c.bare_wd(TH)
update("ko", "sun", "목요일 세미나 6시까지로 연장해줘", "세미나", end=at(d, H(6)), qr=day_range(d),
       notes="end-only change; bare 6시 -> 18:00")
d = c.rel(1)
update("mixed", "sun", "내일 standup 10시 반으로 변경", "standup", at(d, H(10), 30), qr=day_range(d))

c = Ctx("tue")
update("ko", "tue", "PT 상담 다음주 금요일로 옮겨줘", "PT 상담", c.next_wd(FR),
       notes="now Tuesday -> next week's Friday 12/04; date-only move keeps the time")

c = Ctx("dec31")
update("ko", "dec31", "신년회 1월 9일 오후 7시로 변경해줘", "신년회", at(c.md(1, 9), H(7, "pm")),
       notes="January from 12/31 -> 2027")

# ============================================================================
# DELETE (10)
# ============================================================================
def delete(lang, now, text, title, qr=None, notes=""):
    add("delete", lang, now, text, title, query_range=qr, notes=notes)


c = Ctx("sun")
delete("ko", "sun", "목요일 PT 취소해줘", "PT", day_range(c.bare_wd(TH)), notes="취소 + event = delete")
delete("ko", "sun", "12월 19일 콘서트 일정 삭제", "콘서트", day_range(c.md(12, 19)))
delete("ko", "sun", "영어회화 수업 반복 일정 전부 지워줘", "영어회화 수업", None)
delete("en", "sun", "Remove the dentist on Dec 2", "dentist", day_range(c.md(12, 2)))
delete("en", "sun", "drop tomorrow's 1:1 with Sarah", "1:1 with Sarah", day_range(c.rel(1)))
delete("ko", "sun", "2시 반 미팅 취소", "미팅", day_range(c.time_only(H(2), 30).date()),
       notes="target by clock time: 14:30 still ahead -> today")
delete("mixed", "sun", "금요일 happy hour 취소해줘", "happy hour", day_range(c.bare_wd(FR)))
delete("en", "sun", "Cancel the plumber visit", "plumber visit", None)

c = Ctx("sat")
delete("ko", "sat", "내일 교회 일정 빼줘", "교회", day_range(c.rel(1)))

c = Ctx("tue")
delete("ko", "tue", "다음주 화요일 일정 다 지워", None, day_range(c.next_wd(TU)),
       notes="now Tuesday -> 12/01; no event named")

# ============================================================================
# CONFIRM (8), CANCEL (7), OTHER (8)
# ============================================================================
for lang, t in [("ko", "넹 👍"), ("ko", "ㅇㅋㅇㅋ"), ("ko", "웅 그렇게 해줘"), ("ko", "좋습니다!"),
                ("en", "yep, go ahead"), ("en", "sounds good"), ("ko", "오키도키"), ("ko", "ㄱㄱ")]:
    reply("confirm", lang, t)

for lang, t in [("ko", "아니 됐어"), ("ko", "ㄴㄴ"), ("ko", "아뇨 등록하지 마세요"), ("ko", "취소"),
                ("en", "nope"), ("en", "never mind"), ("ko", "아 잠깐 그거 하지 마")]:
    reply("cancel", lang, t, notes="bare 취소 = cancel" if t == "취소" else "")

for lang, t, n in [
    ("ko", "오늘 미세먼지 어때?", "weather"),
    ("ko", "ㅋㅋㅋ 고마워 최고야", ""),
    ("ko", "월요일 출근하기 싫다 ㅠㅠ", "venting that names a day"),
    ("ko", "금요일 회식 진짜 가기 싫다...", "venting that names a day and an event"),
    ("ko", "내일 비 와?", "weather question naming a day"),
    ("en", "What's the weather like on Saturday?", "weather question naming a day"),
    ("ko", "너 이름이 뭐야?", ""),
    ("en", "thanks, you're a lifesaver", ""),
]:
    reply("other", lang, t, notes=n)


# ----------------------------------------------------------------------------
# checks and output
# ----------------------------------------------------------------------------
def self_check(recs: list[dict]) -> None:
    from collections import Counter

    want = {"create": 60, "query": 15, "update": 12, "delete": 10,
            "confirm": 8, "cancel": 7, "other": 8}
    got = Counter(r["intent"] for r in recs)
    assert got == want, got
    assert len({r["text"] for r in recs}) == len(recs), "duplicate text"
    dev = Path("/work/shared/corpus/nl_dev.jsonl")
    if dev.exists():
        dev_texts = {json.loads(line)["text"] for line in dev.open(encoding="utf-8")}
        assert not dev_texts & {r["text"] for r in recs}, "copied a dev text"
    dt_re = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$")
    d_re = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    # weekday written in parentheses next to a date, e.g. 12월 2일(수), 11/26(목)
    wd_paren = re.compile(r"\((월|화|수|목|금|토|일)\)")
    for r in recs:
        for k in ("start", "end"):
            v = r[k]
            if v is not None:
                assert (d_re if r["all_day"] else dt_re).match(v) or (
                    r["intent"] == "update" and d_re.match(v)), (r["id"], k, v)
        if r["query_range"] is not None:
            a, b = r["query_range"]
            assert dt_re.match(a) and (b is None or (dt_re.match(b) and b > a)), r["id"]
        if r["intent"] in ("confirm", "cancel", "other"):
            assert all(r[k] is None for k in
                       ("title", "start", "end", "location", "rrule", "query_range"))
            assert r["all_day"] is False
        if r["intent"] == "create":
            assert r["title"] and r["start"]
            m = wd_paren.search(r["text"])
            if m:
                assert date.fromisoformat(r["start"][:10]).weekday() == KO_WD[m.group(1)], r["id"]
            if r["rrule"]:
                # first occurrence must satisfy the rule
                s = r["start"]
                dts = datetime.fromisoformat(s) if "T" in s else datetime.fromisoformat(s + "T00:00")
                naive = dts.replace(tzinfo=None)
                rr = rrulestr(r["rrule"], dtstart=naive)
                core = ";".join(p for p in r["rrule"].split(";") if not p.startswith("COUNT="))
                assert rrulestr(core, dtstart=naive).after(naive, inc=True) == naive, r["id"]
                assert r["rrule"].startswith("FREQ=")
                _ = rr
        hangul = re.search(r"[가-힣]", r["text"]) is not None
        latin_word = re.search(r"[A-Za-z]{3,}", r["text"]) is not None
        if r["lang"] == "en":
            assert not hangul, r["id"]
        if r["lang"] == "mixed":
            assert hangul and latin_word, r["id"]


def main() -> None:
    recs = []
    for i, rec in enumerate(CASES, 1):
        recs.append({"id": f"nl-h2-{i:03d}", **rec})
    self_check(recs)
    with OUT.open("w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(recs)} cases to {OUT}")


if __name__ == "__main__":
    main()
