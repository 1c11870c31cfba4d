"""Words of the date/time grammar (Korean and English). Only temporal and structural
vocabulary lives here: nothing in this module names kinds of events."""

from __future__ import annotations

import re

WEEKDAYS_KO = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
WEEKDAYS_EN = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "weds": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

MONTHS_EN = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

# Native Korean hour words (세시 = 3 o'clock) and counters (이틀 = two days).
NATIVE_HOURS = {
    "열한": 11,
    "열두": 12,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "한": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "열": 10,
}
NATIVE_DAYS = {
    "하루": 1,
    "이틀": 2,
    "사흘": 3,
    "나흘": 4,
    "닷새": 5,
    "엿새": 6,
    "이레": 7,
    "여드레": 8,
    "아흐레": 9,
    "열흘": 10,
    "보름": 15,
}
NATIVE_COUNTS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6}
ENGLISH_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
ORDINALS = {
    "첫": 1,
    "첫째": 1,
    "첫번째": 1,
    "첫 번째": 1,
    "둘째": 2,
    "두번째": 2,
    "두 번째": 2,
    "셋째": 3,
    "세번째": 3,
    "세 번째": 3,
    "넷째": 4,
    "네번째": 4,
    "네 번째": 4,
    "다섯째": 5,
    "다섯번째": 5,
    "마지막": -1,
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
}

# Relative day words → offset from today.
RELATIVE_DAYS = {
    "오늘": 0,
    "금일": 0,
    "당일": 0,
    "내일": 1,
    "명일": 1,
    "익일": 1,
    "내일모레": 2,
    "모레": 2,
    "글피": 3,
    "그글피": 4,
    "어제": -1,
    "어저께": -1,
    "그제": -2,
    "그저께": -2,
    "엊그제": -2,
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "the day after tomorrow": 2,
    "day after tomorrow": 2,
}
WEEK_WORDS = {
    "이번주": 0,
    "금주": 0,
    "이주": 0,
    "다음주": 1,
    "차주": 1,
    "다다음주": 2,
    "지난주": -1,
    "저번주": -1,
    "전주": -1,
}
MONTH_WORDS = {
    "이번달": 0,
    "이달": 0,
    "금월": 0,
    "다음달": 1,
    "내달": 1,
    "익월": 1,
    "다다음달": 2,
    "지난달": -1,
    "저번달": -1,
    "전달": -1,
}
YEAR_WORDS = {"올해": 0, "금년": 0, "내년": 1, "명년": 1, "내후년": 2, "작년": -1, "지난해": -1}

# Fixed-date named days (solar). Lunar holidays need the lunar calendar (later issue).
NAMED_DAYS = {
    "크리스마스 이브": (12, 24),
    "크리스마스이브": (12, 24),
    "christmas eve": (12, 24),
    "크리스마스": (12, 25),
    "성탄절": (12, 25),
    "christmas": (12, 25),
    "신정": (1, 1),
    "새해 첫날": (1, 1),
    "new year's day": (1, 1),
    "new years day": (1, 1),
    "삼일절": (3, 1),
    "제헌절": (7, 17),
    "어린이날": (5, 5),
    "현충일": (6, 6),
    "광복절": (8, 15),
    "개천절": (10, 3),
    "한글날": (10, 9),
    "발렌타인데이": (2, 14),
    "화이트데이": (3, 14),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "할로윈": (10, 31),
}

# Part-of-day words: as a marker before a clock time they set AM/PM; alone they are a
# window (queries) or a default time (creates: 점심 12:00, 저녁 19:00).
PART_WINDOWS = {  # [start hour, end hour)
    "새벽": (0, 6),
    "아침": (5, 12),
    "오전": (0, 12),
    "morning": (0, 12),
    "점심": (11, 14),
    "lunch": (11, 14),
    "lunchtime": (11, 14),
    "낮": (12, 18),
    "오후": (12, 18),
    "afternoon": (12, 18),
    "저녁": (18, 24),
    "밤": (18, 24),
    "evening": (18, 24),
    "night": (18, 24),
    "tonight": (18, 24),
}
PART_DEFAULT_TIMES = {
    "점심": 12,
    "lunch": 12,
    "lunchtime": 12,
    "저녁": 19,
    "evening": 19,
    "tonight": 19,
    "dinner": 19,
}


def alternation(words: object) -> str:
    """A regex alternation of the given words, longest first (so 내일모레 beats 내일)."""
    items = sorted((str(w) for w in words), key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in items)
