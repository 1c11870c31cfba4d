"""The date/time grammar: finds temporal phrases in normalised text as typed spans.

A `Scanner` runs patterns in a fixed order (recurrence, dates, times, durations, parts
of day); every match claims its characters so later patterns cannot reuse them. Single
phrases are then combined by what stands between them ("~", "부터", "to" …) into ranges.
Nothing is resolved against a clock here; that is `resolve.py`'s job.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from core.nlu.lexicon import (
    ENGLISH_NUMBERS,
    MONTH_WORDS,
    MONTHS_EN,
    NAMED_DAYS,
    NATIVE_COUNTS,
    NATIVE_DAYS,
    NATIVE_HOURS,
    ORDINALS,
    RELATIVE_DAYS,
    RRULE_DAYS,
    WEEK_WORDS,
    WEEKDAYS_EN,
    WEEKDAYS_KO,
    YEAR_WORDS,
    alternation,
)

Span = tuple[int, int]


@dataclass(slots=True)
class DateRef:
    """A calendar date as said. ``kind`` decides which fields matter:

    ymd, md (month+day, no year), d (day of month), rel (days from today), weekday
    (``week`` None = bare "금요일"), week, weekend, month (grain), year (grain),
    nth (nth weekday of a month), lastday (last day of a month), monthday (day of a month
    given relatively: 다음달 3일)."""

    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    offset: int = 0
    weekday: int | None = None
    week: int | None = None
    month_offset: int | None = None
    year_offset: int | None = None
    nth: int | None = None
    named: bool = False  # 크리스마스: a name that may also be part of the title
    leap: bool = False  # kind "lunar": a leap month (윤달)
    span: Span = (0, 0)


@dataclass(slots=True)
class ClockTime:
    hour: int
    minute: int = 0
    marker: str | None = None  # "am" | "pm"
    marker_word: str | None = None
    literal: bool = False  # zero-padded or 24-hour: read as written
    special: str | None = None  # "noon" | "midnight"
    span: Span = (0, 0)


@dataclass(slots=True)
class Recurrence:
    freq: str
    interval: int = 1
    byday: list[str] = field(default_factory=list)
    bymonthday: int | None = None
    bymonth: int | None = None
    count: int | None = None
    lunar: bool = False  # a yearly lunar date (RFC 7529 RSCALE rule; see core/lunar.py)
    leap: bool = False
    span: Span = (0, 0)


@dataclass(slots=True)
class Part:
    word: str
    span: Span = (0, 0)


@dataclass(slots=True)
class Duration:
    delta: timedelta
    span: Span = (0, 0)
    days: int | None = None  # "3일간": a count of calendar days


@dataclass(slots=True)
class Found:
    """Everything temporal found in one text, plus the claimed-character mask."""

    text: str
    used: list[bool]
    dates: list[DateRef] = field(default_factory=list)
    times: list[ClockTime] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    recurrences: list[Recurrence] = field(default_factory=list)
    counts: list[tuple[int, Span]] = field(default_factory=list)
    weekday_checks: list[Span] = field(default_factory=list)
    moments: list[tuple[timedelta, Span]] = field(default_factory=list)  # "30분 뒤"
    #: ranges as pairs of indexes into dates / times
    date_ranges: list[tuple[DateRef, DateRef]] = field(default_factory=list)
    time_ranges: list[tuple[ClockTime, ClockTime]] = field(default_factory=list)
    datetime_range: tuple[DateRef, ClockTime, DateRef, ClockTime] | None = None
    open_ended: bool = False  # "from now on", "이후", "남은"
    all_day: bool = False  # "하루 종일", "all day"

    def forget_within(self, regions: tuple[Span, ...]) -> None:
        """Drop what was found inside ``regions`` (its words stay claimed)."""

        def inside(span: Span) -> bool:
            return any(a <= span[0] and span[1] <= b for a, b in regions)

        if not regions:
            return
        self.dates = [d for d in self.dates if not inside(d.span)]
        self.times = [t for t in self.times if not inside(t.span)]
        self.parts = [p for p in self.parts if not inside(p.span)]
        self.durations = [d for d in self.durations if not inside(d.span)]
        self.recurrences = [r for r in self.recurrences if not inside(r.span)]
        self.moments = [m for m in self.moments if not inside(m[1])]
        self.counts = [c for c in self.counts if not inside(c[1])]
        self.date_ranges = [r for r in self.date_ranges if not inside(r[0].span)]
        self.time_ranges = [r for r in self.time_ranges if not inside(r[0].span)]
        if self.datetime_range and inside(self.datetime_range[0].span):
            self.datetime_range = None

    def masked(self) -> str:
        return "".join("\x00" if u else c for c, u in zip(self.text, self.used, strict=True))

    def free(self, span: Span) -> bool:
        return not any(self.used[span[0] : span[1]])

    def claim(self, span: Span) -> None:
        for i in range(span[0], span[1]):
            self.used[i] = True

    def release(self, span: Span) -> None:
        for i in range(span[0], span[1]):
            self.used[i] = False


# -- patterns -------------------------------------------------------------------------------

_I = re.IGNORECASE
_KO_MARK = r"오전|오후|아침|낮|점심|저녁|밤|새벽"
_SINO = r"[이삼사오]?십[일이삼사오육칠팔구]?|[일이삼사오육칠팔구]"
_EN_AMPM = r"(?:[ap]\.?\s?m\b\.?|[ap]\b(?!\.?\s*[a-z]))"
_NATIVE_HOUR = alternation(NATIVE_HOURS)
_WD_KO = "[월화수목금토일]"
_WD_EN = alternation(WEEKDAYS_EN)
_MON_EN = alternation(MONTHS_EN)
_ORD = alternation(ORDINALS)
_EN_NUM = alternation(ENGLISH_NUMBERS)
_ORD_SUFFIX = r"(?:st|nd|rd|th)"

_KO_DAY_TOKEN = rf"(?:{_WD_KO}{{2,4}}|{_WD_KO})(?:요일)?(?!(?!마다)[가-힣])"
_KO_DAY_LIST = rf"{_KO_DAY_TOKEN}(?:\s*(?:,|/|·|와|과|랑|하고|및|그리고)?\s*{_KO_DAY_TOKEN})*"
_EN_DAY = rf"(?:{_WD_EN})s?\b\.?"
_EN_DAY_LIST = rf"{_EN_DAY}(?:\s*(?:,|and|&|/|or)\s*{_EN_DAY})*"


def _c(pattern: str, flags: int = _I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


P_RELATIVE_WORD = _c(rf"(?<![가-힣A-Za-z])(?P<w>{alternation(RELATIVE_DAYS)})(?:'s)?(?![A-Za-z])")
P_REL_COUNT_KO = _c(
    rf"(?<![\d.])(?P<n>\d{{1,5}}|{alternation(NATIVE_COUNTS)})\s*(?P<u>일|주일|주|달|개월|년)\s*"
    r"(?P<dir>뒤|후|있다가|지나서|이전|전|이후)(?:에)?"
)
P_REL_NATIVE_KO = _c(rf"(?P<w>{alternation(NATIVE_DAYS)}|일주일)\s*(?P<dir>뒤|후|전|있다가)(?:에)?")
P_REL_EN = _c(
    rf"\bin\s+(?P<n>\d{{1,5}}|{_EN_NUM})\s+(?P<u>days?|weeks?|months?|years?)\b"
    rf"|\b(?P<n2>\d{{1,5}}|{_EN_NUM})\s+(?P<u2>days?|weeks?|months?|years?)\s+(?:from\s+(?:now|today)|later|(?P<ago>ago))\b"
)
P_REL_MOMENT = _c(
    rf"(?<![\d.])(?P<n>\d{{1,5}}|{alternation(NATIVE_COUNTS)})\s*(?P<u>시간|분)\s*(?P<half>반\s*)?(?:뒤|후|있다가|지나서)(?:에)?"
    rf"|\bin\s+(?P<n2>\d{{1,5}}|{_EN_NUM}|half\s+an)\s+(?P<u2>hours?|minutes?|mins?|hour)\b"
)
P_YMD = _c(
    r"(?<![\d.])(?P<y>\d{4})\s*(?:[-./]|년)\s*(?P<m>\d{1,2})\s*(?:[-./]|월)\s*(?P<d>\d{1,2})(?:\s*일)?(?![\d:])"
)
P_MDY = _c(r"(?<![\d./])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])")
P_MD_KO = _c(r"(?<![\d.])(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일")
P_MD_NUM = _c(
    r"(?:\bon\s+)?(?<![\d./:])(?P<m>\d{1,2})\s?[/.]\s?(?P<d>\d{1,2})(?![\d:/]|\.\d|\s*(?:시간|%|kg|km))"
)
P_MD_EN = _c(
    rf"\b(?:on\s+)?(?P<mon>{_MON_EN})\.?\s+(?P<d>\d{{1,2}}){_ORD_SUFFIX}?\b"
    rf"(?:\s*(?:-|–|~|to|through|thru|until)\s*(?P<d2>\d{{1,2}}){_ORD_SUFFIX}?\b)?"
    r"(?:,?\s*(?P<y>\d{4}))?"
)
P_DM_EN = _c(
    rf"\b(?:on\s+)?(?:the\s+)?(?P<d>\d{{1,2}}){_ORD_SUFFIX}?\s+(?:of\s+)?(?P<mon>{_MON_EN})\b\.?"
    r"(?:,?\s*(?P<y>\d{4}))?"
)
P_THE_DAY_EN = _c(rf"\b(?:on\s+)?the\s+(?P<d>\d{{1,2}}){_ORD_SUFFIX}\b")
P_NAMED = _c(rf"(?P<w>{alternation(NAMED_DAYS)})")
P_NTH_KO = _c(
    r"(?:(?P<y>\d{4})\s*년\s*)?"
    rf"(?:(?P<mw>{alternation(MONTH_WORDS)})|(?P<m>\d{{1,2}})\s*월)\s*(?:의\s*)?"
    rf"(?P<o>{_ORD})\s*(?:주\s*)?(?:의\s*)?(?P<wd>{_WD_KO})요일"
)
P_NTH_EN = _c(
    rf"\b(?:the\s+)?(?P<o>{_ORD})\s+(?P<wd>{_WD_EN})\s+(?:of|in)\s+"
    rf"(?:(?P<mon>{_MON_EN})|(?P<mod>this|next)\s+month)\b"
)
P_LASTDAY_KO = _c(
    rf"(?:(?P<y>\d{{4}})\s*년\s*)?(?:(?P<mw>{alternation(MONTH_WORDS)})|(?P<m>\d{{1,2}})\s*월)\s*(?:마지막\s*날|말일|말(?=까지|에|\s|$))"
)
P_MONTH_DAY_KO = _c(rf"(?P<mw>{alternation(MONTH_WORDS)})\s*(?P<d>\d{{1,2}})\s*일")
P_YEAR_DATE_KO = _c(
    rf"(?P<yw>{alternation(YEAR_WORDS)})\s*(?:(?P<m>\d{{1,2}})\s*월(?:\s*(?P<d>\d{{1,2}})\s*일)?)?"
)
P_WEEKEND_KO = _c(r"(?:(?P<w>이번|다음|다다음|지난|저번)\s*)?주말")
P_WEEKEND_EN = _c(r"\b(?:(?P<w>this|next|last|the)\s+)?weekend\b")
P_WEEKDAY_KO = _c(
    rf"(?:(?P<wk>{alternation(WEEK_WORDS)})\s*|(?P<last>지난|저번)\s+|이번\s+)?(?P<wd>{_WD_KO})요일"
)
P_WEEKDAY_EN = _c(
    rf"\b(?:(?P<mod>this|next|coming|last|on|this\s+coming)\s+)?(?P<wd>{_WD_EN})\b\.?(?:'s)?"
)
P_WEEK_KO = _c(rf"(?P<wk>{alternation(WEEK_WORDS)})(?!\s*말)")
P_WEEK_EN = _c(r"\b(?P<mod>this|next|last|the\s+following|the)\s+week\b")
P_MONTH_KO = _c(rf"(?P<mw>{alternation(MONTH_WORDS)})")
P_MONTH_NUM_KO = _c(
    r"(?<![\d.])(?:(?P<y>\d{4})\s*년\s*)?(?P<m>\d{1,2})\s*월(?![가-힣])|(?<![\d.])(?P<m2>\d{1,2})\s*월(?=\s|$|에|엔|의|은|는|중|달|일정|초|말)"
)
P_MONTH_EN = _c(rf"\b(?:(?P<mod>this|next|last)\s+month\b|(?:in\s+)?(?P<mon>{_MON_EN})\b(?!\s*\d))")
P_YEAR_EN = _c(r"\b(?P<mod>this|next|last)\s+year\b")
P_DAY_ONLY = _c(
    r"(?<![\d.])(?P<d>\d{1,2})\s*일(?!\s*(?:간|동안|마다|뒤|후|전|째|에\s*한))(?![가-힣])"
    r"|(?<![\d.])(?P<d2>\d{1,2})\s*일(?=에|엔|부터|까지|로|날|은|는|도|의|이나|쯤|경|요)"
)
P_WEEKDAY_CHECK = _c(rf"\(\s*{_WD_KO}(?:요일)?\s*\)|\(\s*(?:{_WD_EN})\s*\)")
P_BARE_DAY_BEFORE_RANGE = _c(r"(?<![\d.:/])(?P<d>\d{1,2})\s*(?=(?:~|-|–)\s*\d{1,2}\s*일)")

# Times
P_TIME_KO = _c(
    rf"(?:(?P<mk>{_KO_MARK})\s*)?(?:(?<![\d.])(?P<h>\d{{1,2}})|(?<![가-힣])(?P<nh>{_NATIVE_HOUR})|(?<=[전후침낮심녁밤벽])(?P<nh2>{_NATIVE_HOUR}))"
    rf"\s*시(?!간|즌|청|장|험|계|각)(?:\s*(?P<half>반)|\s*(?P<min>\d{{1,2}}|{_SINO})\s*분(?P<before>\s*전)?(?:\s*(?:\d{{1,2}}|{_SINO})\s*초)?)?"
)
P_TIME_COLON = _c(
    rf"(?:\b(?:at|by|around|@)\s*)?(?:(?P<mk>{_KO_MARK})\s*)?(?<![\d:.])(?P<h>\d{{1,2}}):(?P<min>\d{{2}})(?::\d{{2}})?(?![\d:])(?:\s*(?P<ap>{_EN_AMPM}))?"
)
P_TIME_AMPM = _c(
    rf"(?:\b(?:at|by|around|@)\s*)?(?<![\d:.])(?P<h>\d{{1,2}})(?:\s*시)?\s*(?P<ap>{_EN_AMPM})(?![a-z])"
)
P_TIME_RANGE_EN = _c(
    rf"(?:\bfrom\s+)?(?<![\d:./])(?P<h1>\d{{1,2}})(?::(?P<m1>\d{{2}}))?\s*(?P<ap1>{_EN_AMPM})?\s*"
    rf"(?:-|–|~|to|until|till)\s*(?P<h2>\d{{1,2}})(?::(?P<m2>\d{{2}}))?\s*(?P<ap2>{_EN_AMPM})"
    rf"|\bfrom\s+(?P<h3>\d{{1,2}})(?::(?P<m3>\d{{2}}))?\s*(?:-|–|to|until|till)\s*(?P<h4>\d{{1,2}})(?::(?P<m4>\d{{2}}))?\b"
)
P_TIME_AT_EN = _c(
    r"\b(?:at|@|around|by)\s*(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\b"
    r"(?!\s*(?:[/.]\d|%|st\b|nd\b|rd\b|th\b|days?|weeks?|months?|hours?|hrs?|mins?|minutes?|people|번|명))"
)
P_TIME_TO_EN = _c(
    r"\b(?:to|until|till)\s+(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\b"
    r"(?!\s*(?:[/.]\d|%|st\b|nd\b|rd\b|th\b|days?|weeks?|months?|hours?|hrs?|mins?|minutes?|people|번|명))"
)
P_ALL_DAY = _c(r"하루\s*종일|온종일|종일|\ball[\s-]day\b|\bthe\s+whole\s+day\b")
P_TIME_OCLOCK = _c(r"(?<![\d:.])(?P<h>\d{1,2})\s*o'?clock\b")
P_TIME_SPECIAL = _c(
    r"(?:\b(?:at|by|around)\s+)?(?<![A-Za-z])(?P<sp>정오|자정|noon|midnight|midday)\b"
)
P_BARE_HOUR_BEFORE_RANGE = _c(
    rf"(?:(?P<mk>{_KO_MARK})\s*)?(?<![\d:./])(?P<h>\d{{1,2}})\s*(?=(?:~|-|–)\s*(?:(?:{_KO_MARK})\s*)?\d{{1,2}}\s*(?:시|:))"
)

# Durations
P_DURATION_KO = _c(
    rf"(?:(?<![\d.])(?P<h>\d{{1,5}}(?:\.\d{{1,5}})?|{alternation(NATIVE_COUNTS)})\s*시간(?:\s*(?P<half>반)|\s*(?P<m>\d{{1,2}})\s*분)?"
    r"|(?<![\d:.])(?P<mo>\d{1,3})\s*분(?!기|\s*전)"
    r")(?:\s*(?:동안|정도|짜리|소요|간)(?![가-힣]))?"
)
P_DURATION_EN = _c(
    rf"\b(?:for\s+)?(?P<n>\d{{1,5}}(?:\.\d{{1,5}})?|{_EN_NUM}|half\s+an?)\s*(?P<u>hours?|hrs?|h|minutes?|mins?|m)\b(?P<half>\s+and\s+a\s+half)?"
)
P_DAYS_KO = _c(
    rf"(?:(?P<n>\d{{1,5}})\s*박\s*)?(?P<d>\d{{1,5}}|{alternation(NATIVE_DAYS)})\s*(?:일\s*)?(?:간|동안)(?![가-힣])"
    r"|(?P<n2>\d{1,5})\s*박\s*(?P<d2>\d{1,5})\s*일"
)
P_DAYS_EN = _c(rf"\bfor\s+(?P<d>\d{{1,5}}|{_EN_NUM})\s+days\b")

# Recurrence
P_DAILY = _c(
    r"매일(?:\s*매일)?|날마다|매일같이|\bevery\s*day\b|\bdaily\b|\beach\s+day\b|\bevery\s+single\s+day\b"
)
P_WEEKDAYS = _c(
    r"(?:매주\s*)?(?:평일|주중)(?:\s*(?:마다|매일))?|\bevery\s+(?:week|work\s*)day\b|\bon\s+weekdays\b"
    r"|\bweekdays\b|\bmon(?:day)?\s*(?:-|–|to|through|thru)\s*fri(?:day)?\b"
)
P_WEEKENDS = _c(r"주말마다|매주\s*주말|\bevery\s+weekend\b|\bon\s+weekends\b")
P_WEEKLY_KO = _c(
    rf"(?P<every>매주|격주|(?P<n>\d{{1,5}})\s*주\s*(?:마다|에\s*한\s*번)|(?:매\s*)?(?P<n2>두|세)\s*주\s*마다)\s*(?P<days>{_KO_DAY_LIST})?"
    rf"|(?P<days2>{_KO_DAY_LIST})\s*마다"
)
P_WEEKLY_EN = _c(
    rf"\bevery\s+(?P<other>other\s+)?(?P<days>{_EN_DAY_LIST})"
    rf"|\bevery\s+(?P<n>\d{{1,5}}|{_EN_NUM})\s+weeks?(?:\s+on\s+(?P<days2>{_EN_DAY_LIST}))?"
    rf"|\b(?P<plain>every\s+(?P<other2>other\s+)?week|weekly|biweekly|fortnightly)\b(?:\s+on\s+(?P<days3>{_EN_DAY_LIST}))?"
    rf"|\b(?:on\s+)?(?P<plural>(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)(?:\s*(?:,|and|&|/)\s*(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays))*)\b"
)
P_MONTHLY_KO = _c(
    rf"(?:매달|매월|달마다|다달이)\s*(?:(?P<d>\d{{1,2}})\s*일|(?P<last>마지막\s*날|말일)|(?P<o>{_ORD})\s*(?:주\s*)?(?P<wd>{_WD_KO})요일)?"
)
P_MONTHLY_EN = _c(
    rf"\b(?:the\s+)?(?P<o>{_ORD})\s+(?P<wd>{_WD_EN})\s+of\s+(?:every|each|the)\s+month\b"
    rf"|\b(?:every|each)\s+month\s+on\s+the\s+(?P<d>\d{{1,2}}){_ORD_SUFFIX}?\b"
    rf"|\bmonthly\s+on\s+the\s+(?P<d2>\d{{1,2}}){_ORD_SUFFIX}?\b"
    rf"|\b(?:on\s+)?the\s+(?P<d3>\d{{1,2}}){_ORD_SUFFIX}?\s+of\s+(?:every|each)\s+month\b"
    rf"|\b(?:every\s+month|monthly)\b"
)
# Lunar dates: "(매년) 음력 (윤)8월 15일", "음 8/15", "8월 15일(음력)", "lunar 8/15";
# with a year ("2027년 음력 3월 15일") one date, without one a yearly lunar series.
P_LUNAR = _c(
    r"(?:(?P<every>매년|매해|해마다)\s*)?(?:(?P<y>\d{4})\s*년\s*)?"
    r"(?:(?<![가-힣])음력(?:으로)?|(?<![가-힣])음\.?(?=\s*(?:윤\s*)?\d{1,2}\s*[/.월]))\s*"
    r"(?P<leap>윤\s*(?:달\s*)?)?(?P<m>\d{1,2})\s*(?:월\s*(?P<d>\d{1,2})\s*일|[/.]\s*(?P<d2>\d{1,2})(?!\d))"
    r"|(?:(?P<every2>매년|매해|해마다)\s*)?(?:(?P<y2>\d{4})\s*년\s*)?"
    r"(?P<m3>\d{1,2})\s*(?:월\s*(?P<d3>\d{1,2})\s*일|/\s*(?P<d4>\d{1,2}))\s*\(\s*음(?:력)?\s*\)"
    r"|\b(?P<every3>(?:every\s+year|yearly|annually)\s+on\s+)?(?:the\s+)?lunar\s+(?:date\s+)?"
    r"(?P<eleap>leap\s+)?(?P<em>\d{1,2})\s*/\s*(?P<ed>\d{1,2})\b(?!/)"
)
P_YEARLY_KO = _c(r"(?:매년|매해|해마다)\s*(?:(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일)?")
P_YEARLY_EN = _c(
    rf"\b(?:every\s+year|yearly|annually)\b(?:\s+on\s+(?P<mon>{_MON_EN})\s+(?P<d>\d{{1,2}}){_ORD_SUFFIX}?)?"
    rf"|\bevery\s+(?P<mon2>{_MON_EN})\s+(?P<d2>\d{{1,2}}){_ORD_SUFFIX}?\b"
)
P_EVERY_N_DAYS = _c(
    rf"(?P<n>\d{{1,5}})\s*일\s*(?:마다|에\s*한\s*번)|(?P<w>{alternation(NATIVE_DAYS)})\s*(?:마다|에\s*한\s*번)"
    rf"|\bevery\s+(?P<n2>\d{{1,5}}|{_EN_NUM}|other)\s+days?\b"
)
P_COUNT = _c(
    r"(?:총\s*)?(?<![\d.])(?P<n>\d{1,5})\s*(?:번|회)(?:\s*만)?(?!\s*(?:출구|방|게이트|홀|트랙|테이블|길|째|버스|선|국도|지))"
    rf"|\b(?:for\s+)?(?P<n2>\d{{1,5}}|{_EN_NUM})\s+times\b"
)
P_OPEN_ENDED = _c(
    r"남은|남아\s*있는|앞으로|이후로?|\brest\s+of\b|\bremaining\b|\bupcoming\b|\bfrom\s+now\b"
)


# -- helpers ---------------------------------------------------------------------------------


def _num(value: str | None, table: dict[str, int] | None = None) -> int | None:
    if value is None:
        return None
    value = value.strip().lower()
    if value.isdigit():
        return int(value)
    for words in (table, NATIVE_COUNTS, ENGLISH_NUMBERS, NATIVE_DAYS):
        if words and value in words:
            return words[value]
    return None


def _ko_weekdays(days: str) -> list[int]:
    return [WEEKDAYS_KO[ch] for ch in re.sub(r"요일", "", days) if ch in WEEKDAYS_KO]


def _en_weekdays(days: str) -> list[int]:
    out = []
    for word in re.findall(r"[a-z]+", days.lower()):
        word = word[:-1] if word.endswith("s") and word[:-1] in WEEKDAYS_EN else word
        if word in WEEKDAYS_EN:
            out.append(WEEKDAYS_EN[word])
    return out


def _byday(days: list[int], prefix: str = "") -> list[str]:
    seen: list[str] = []
    for d in sorted(set(days)):
        seen.append(f"{prefix}{RRULE_DAYS[d]}")
    return seen


def _ordinal(word: str) -> int:
    key = re.sub(r"\s+", " ", word.strip().lower())
    return ORDINALS.get(key, ORDINALS.get(key.replace(" ", ""), 1))


def _marker_of(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower().replace(".", "").replace(" ", "")
    if w in ("오전", "아침", "새벽") or w.startswith("a"):
        return "am"
    return "pm"


# -- the scanner -----------------------------------------------------------------------------

Handler = Callable[[re.Match[str], Found], bool]


def _scan(found: Found, pattern: re.Pattern[str], handler: Handler) -> None:
    masked = found.masked()
    for m in pattern.finditer(masked):
        if m.end() > m.start() and found.free(m.span()) and handler(m, found):
            found.claim(m.span())


def _add_date(found: Found, ref: DateRef, m: re.Match[str]) -> bool:
    ref.span = m.span()
    found.dates.append(ref)
    return True


def _recurrence(found: Found, rec: Recurrence, m: re.Match[str]) -> bool:
    rec.span = m.span()
    found.recurrences.append(rec)
    return True


def _h_relative_word(m: re.Match[str], f: Found) -> bool:
    word = re.sub(r"\s+", " ", m["w"].lower())
    key = next((k for k in RELATIVE_DAYS if re.sub(r"\s+", "", k) == word.replace(" ", "")), word)
    if key not in RELATIVE_DAYS:
        return False
    if key == "tonight":
        f.parts.append(Part("tonight", m.span()))
    return _add_date(f, DateRef("rel", offset=RELATIVE_DAYS[key]), m)


_UNIT_DAYS = {"일": 1, "주": 7, "주일": 7}


def _h_rel_count_ko(m: re.Match[str], f: Found) -> bool:
    n = _num(m["n"])
    if n is None:
        return False
    sign = -1 if m["dir"] in ("전", "이전") else 1
    unit = m["u"]
    if unit in ("달", "개월"):
        return _add_date(f, DateRef("rel_month", offset=sign * n), m)
    if unit == "년":
        return _add_date(f, DateRef("rel_month", offset=sign * 12 * n), m)
    return _add_date(f, DateRef("rel", offset=sign * n * _UNIT_DAYS[unit]), m)


def _h_rel_native_ko(m: re.Match[str], f: Found) -> bool:
    n = 7 if m["w"] == "일주일" else NATIVE_DAYS[m["w"]]
    return _add_date(f, DateRef("rel", offset=(-n if m["dir"] == "전" else n)), m)


def _h_rel_en(m: re.Match[str], f: Found) -> bool:
    n = _num(m["n"] or m["n2"])
    unit = (m["u"] or m["u2"] or "").lower().rstrip("s")
    if n is None:
        return False
    if m["ago"]:
        n = -n
    if unit == "month":
        return _add_date(f, DateRef("rel_month", offset=n), m)
    if unit == "year":
        return _add_date(f, DateRef("rel_month", offset=12 * n), m)
    return _add_date(f, DateRef("rel", offset=n * (7 if unit == "week" else 1)), m)


def _h_rel_moment(m: re.Match[str], f: Found) -> bool:
    raw = (m["n"] or m["n2"] or "").lower()
    n = 0.5 if raw.startswith("half") else _num(raw)
    if not n:
        return False
    unit = m["u"] or m["u2"] or ""
    hours = unit.startswith(("시간", "hour"))
    delta = timedelta(hours=n) if hours else timedelta(minutes=n)
    if m["half"]:
        delta += timedelta(minutes=30)
    f.moments.append((delta, m.span()))
    return True


def _valid_md(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _h_ymd(m: re.Match[str], f: Found) -> bool:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    return _valid_md(mo, d) and _add_date(f, DateRef("ymd", year=y, month=mo, day=d), m)


def _h_mdy(m: re.Match[str], f: Found) -> bool:
    y = int(m["y"])
    y = y + 2000 if y < 100 else y
    mo, d = int(m["m"]), int(m["d"])
    return _valid_md(mo, d) and _add_date(f, DateRef("ymd", year=y, month=mo, day=d), m)


def _h_md(m: re.Match[str], f: Found) -> bool:
    mo, d = int(m["m"]), int(m["d"])
    return _valid_md(mo, d) and _add_date(f, DateRef("md", month=mo, day=d), m)


def _h_md_en(m: re.Match[str], f: Found) -> bool:
    mon = m["mon"].lower().rstrip(".")
    if mon == "may" and not m["d"]:
        return False
    mo, d = MONTHS_EN[mon], int(m["d"])
    if not _valid_md(mo, d):
        return False
    year = int(m["y"]) if m.groupdict().get("y") else None
    first = DateRef("ymd" if year else "md", year=year, month=mo, day=d, span=m.span())
    f.dates.append(first)
    if m.groupdict().get("d2"):
        last = DateRef(
            "ymd" if year else "md", year=year, month=mo, day=int(m["d2"]), span=m.span()
        )
        f.dates.append(last)
        f.date_ranges.append((first, last))
    return True


def _h_the_day(m: re.Match[str], f: Found) -> bool:
    d = int(m["d"])
    return 1 <= d <= 31 and _add_date(f, DateRef("d", day=d), m)


def _h_named(m: re.Match[str], f: Found) -> bool:
    key = next(k for k in NAMED_DAYS if re.sub(r"\s+", "", k) == re.sub(r"\s+", "", m["w"].lower()))
    mo, d = NAMED_DAYS[key]
    return _add_date(f, DateRef("md", month=mo, day=d, named=True), m)


def _month_of(m: re.Match[str]) -> tuple[int | None, int | None]:
    """(explicit month, month offset) of a match with groups m / mw / mon / mod."""
    g = m.groupdict()
    if g.get("m"):
        return int(g["m"]), None
    if g.get("mw"):
        return None, MONTH_WORDS[re.sub(r"\s+", "", g["mw"])]
    if g.get("mon"):
        return MONTHS_EN[g["mon"].lower().rstrip(".")], None
    if g.get("mod"):
        return None, {"this": 0, "next": 1, "last": -1}[g["mod"].lower()]
    return None, 0


def _h_nth(m: re.Match[str], f: Found) -> bool:
    month, offset = _month_of(m)
    wd = m["wd"]
    weekday = WEEKDAYS_KO[wd] if wd in WEEKDAYS_KO else WEEKDAYS_EN[wd.lower()]
    year = int(m["y"]) if m.groupdict().get("y") else None
    return _add_date(
        f,
        DateRef(
            "nth",
            year=year,
            month=month,
            month_offset=offset,
            weekday=weekday,
            nth=_ordinal(m["o"]),
        ),
        m,
    )


def _h_lastday(m: re.Match[str], f: Found) -> bool:
    month, offset = _month_of(m)
    year = int(m["y"]) if m["y"] else None
    return _add_date(f, DateRef("lastday", year=year, month=month, month_offset=offset), m)


def _h_month_day(m: re.Match[str], f: Found) -> bool:
    return _add_date(f, DateRef("monthday", day=int(m["d"]), month_offset=MONTH_WORDS[m["mw"]]), m)


def _h_year_date(m: re.Match[str], f: Found) -> bool:
    offset = YEAR_WORDS[m["yw"]]
    if m["d"]:
        return _add_date(
            f, DateRef("ymd_rel", month=int(m["m"]), day=int(m["d"]), year_offset=offset), m
        )
    if m["m"]:
        return _add_date(f, DateRef("month", month=int(m["m"]), year_offset=offset), m)
    return _add_date(f, DateRef("year", year_offset=offset), m)


def _h_weekend(m: re.Match[str], f: Found) -> bool:
    w = (m["w"] or "").lower()
    week = {"다음": 1, "next": 1, "다다음": 2, "지난": -1, "저번": -1, "last": -1}.get(w, 0)
    return _add_date(f, DateRef("weekend", week=week), m)


def _h_weekday_ko(m: re.Match[str], f: Found) -> bool:
    week = WEEK_WORDS[m["wk"]] if m["wk"] else 0 if m.group(0).startswith("이번") else None
    past = -1 if m["last"] else 0
    return _add_date(f, DateRef("weekday", weekday=WEEKDAYS_KO[m["wd"]], week=week, offset=past), m)


def _h_weekday_en(m: re.Match[str], f: Found) -> bool:
    word = m["wd"].lower()
    original = f.text[m.start("wd") : m.end("wd")]
    if word in ("sat", "sun", "wed") and not original[0].isupper():
        return False  # "sat", "sun", "wed" are words too
    mod = (m["mod"] or "").lower()
    week = {"this": 0, "next": 1, "last": -1}.get(mod.split()[0] if mod else "")
    return _add_date(f, DateRef("weekday", weekday=WEEKDAYS_EN[word], week=week), m)


def _h_week(m: re.Match[str], f: Found) -> bool:
    g = m.groupdict()
    if g.get("wk"):
        week = WEEK_WORDS[g["wk"]]
    else:
        week = {"this": 0, "the": 0, "next": 1, "last": -1}.get(g["mod"].lower().split()[-1], 1)
    return _add_date(f, DateRef("week", week=week), m)


def _h_month_word(m: re.Match[str], f: Found) -> bool:
    return _add_date(f, DateRef("month", month_offset=MONTH_WORDS[m["mw"]]), m)


def _h_month_num(m: re.Match[str], f: Found) -> bool:
    month = int(m["m"] or m["m2"])
    if not 1 <= month <= 12:
        return False
    year = int(m["y"]) if m["y"] else None
    return _add_date(f, DateRef("month", month=month, year=year), m)


def _h_month_en(m: re.Match[str], f: Found) -> bool:
    if m["mon"]:
        mon = m["mon"].lower()
        original = f.text[m.start("mon") : m.end("mon")]
        if (
            mon in ("may", "mar", "jan", "jun", "dec", "aug", "sep", "oct")
            and not original[0].isupper()
        ):
            return False
        return _add_date(f, DateRef("month", month=MONTHS_EN[mon]), m)
    month, offset = _month_of(m)
    return _add_date(f, DateRef("month", month=month, month_offset=offset), m)


def _h_year_en(m: re.Match[str], f: Found) -> bool:
    return _add_date(
        f, DateRef("year", year_offset={"this": 0, "next": 1, "last": -1}[m["mod"].lower()]), m
    )


def _h_day_only(m: re.Match[str], f: Found) -> bool:
    d = int(m["d"] or m["d2"])
    return 1 <= d <= 31 and _add_date(f, DateRef("d", day=d), m)


def _h_weekday_check(m: re.Match[str], f: Found) -> bool:
    f.weekday_checks.append(m.span())
    return True


# times


def _clock(
    f: Found,
    m: re.Match[str],
    hour: int,
    minute: int = 0,
    *,
    marker_word: str | None = None,
    ampm: str | None = None,
    literal: bool = False,
    span: Span | None = None,
) -> ClockTime | None:
    if not (0 <= hour <= 24 and 0 <= minute <= 59):
        return None
    marker = _marker_of(ampm) if ampm else _marker_of(marker_word)
    t = ClockTime(
        hour, minute, marker, marker_word, literal or hour >= 13 or hour == 0, span=span or m.span()
    )
    f.times.append(t)
    return t


def _sino(value: str | None) -> int:
    """A digit string or a Sino-Korean numeral up to 59 (이십삼 = 23)."""
    if not value:
        return 0
    if value.isdigit():
        return int(value)
    digits = "일이삼사오육칠팔구"
    if "십" in value:
        tens, _, ones = value.partition("십")
        return (digits.index(tens) + 1 if tens else 1) * 10 + (
            digits.index(ones) + 1 if ones else 0
        )
    return digits.index(value) + 1


def _h_time_ko(m: re.Match[str], f: Found) -> bool:
    hour = int(m["h"]) if m["h"] else NATIVE_HOURS[m["nh"] or m["nh2"]]
    minute = 30 if m["half"] else _sino(m["min"])
    if m["before"]:  # "네시 십오분 전" = 3:45
        hour, minute = divmod((hour * 60 - minute) % (24 * 60), 60)
    literal = bool(m["h"]) and len(m["h"]) == 2 and m["h"].startswith("0")
    return _clock(f, m, hour, minute, marker_word=m["mk"], literal=literal) is not None


def _h_time_colon(m: re.Match[str], f: Found) -> bool:
    literal = m["h"].startswith("0") and len(m["h"]) == 2
    return (
        _clock(f, m, int(m["h"]), int(m["min"]), marker_word=m["mk"], ampm=m["ap"], literal=literal)
        is not None
    )


def _h_time_ampm(m: re.Match[str], f: Found) -> bool:
    return _clock(f, m, int(m["h"]), ampm=m["ap"]) is not None


def _h_time_at(m: re.Match[str], f: Found) -> bool:
    literal = m["h"].startswith("0") and len(m["h"]) == 2
    return _clock(f, m, int(m["h"]), int(m["min"] or 0), literal=literal) is not None


def _h_time_special(m: re.Match[str], f: Found) -> bool:
    sp = m["sp"].lower()
    t = ClockTime(
        12 if sp in ("정오", "noon", "midday") else 0,
        special="noon" if sp in ("정오", "noon", "midday") else "midnight",
        literal=True,
        span=m.span(),
    )
    f.times.append(t)
    return True


def _h_time_range_en(m: re.Match[str], f: Found) -> bool:
    if m["h3"]:
        a = ClockTime(int(m["h3"]), int(m["m3"] or 0), span=m.span())
        b = ClockTime(int(m["h4"]), int(m["m4"] or 0), span=m.span())
    else:
        end_marker = _marker_of(m["ap2"])
        a = ClockTime(
            int(m["h1"]), int(m["m1"] or 0), _marker_of(m["ap1"]) or end_marker, span=m.span()
        )
        b = ClockTime(int(m["h2"]), int(m["m2"] or 0), end_marker, span=m.span())
    if not all(0 <= t.hour <= 24 and 0 <= t.minute < 60 for t in (a, b)):
        return False
    for t in (a, b):
        t.literal = t.hour >= 13
    f.times.extend((a, b))
    f.time_ranges.append((a, b))
    return True


def _h_bare_hour(m: re.Match[str], f: Found) -> bool:
    return _clock(f, m, int(m["h"]), marker_word=m["mk"]) is not None


def _h_bare_day(m: re.Match[str], f: Found) -> bool:
    return _add_date(f, DateRef("d", day=int(m["d"])), m)


# durations


def _h_duration_ko(m: re.Match[str], f: Found) -> bool:
    if m["mo"]:
        delta = timedelta(minutes=int(m["mo"]))
    else:
        hours = float(m["h"]) if m["h"][0].isdigit() else float(NATIVE_COUNTS[m["h"]])
        delta = timedelta(hours=hours, minutes=30 if m["half"] else int(m["m"] or 0))
    if delta <= timedelta(0):
        return False
    f.durations.append(Duration(delta, m.span()))
    return True


def _h_duration_en(m: re.Match[str], f: Found) -> bool:
    raw = m["n"].lower()
    unit = m["u"].lower()
    if unit in ("h", "m") and not raw[0].isdigit():
        return False
    value = (
        0.5
        if raw.startswith("half")
        else float(raw)
        if raw[0].isdigit()
        else float(ENGLISH_NUMBERS[raw])
    )
    if m["half"]:
        value += 0.5
    delta = timedelta(hours=value) if unit.startswith("h") else timedelta(minutes=value)
    if delta <= timedelta(0):
        return False
    f.durations.append(Duration(delta, m.span()))
    return True


def _h_days(m: re.Match[str], f: Found) -> bool:
    raw = m.groupdict().get("d") or m.groupdict().get("d2")
    n = _num(raw)
    if not n or n > 366:
        return False
    f.durations.append(Duration(timedelta(days=n), m.span(), days=n))
    return True


# recurrence


def _h_daily(m: re.Match[str], f: Found) -> bool:
    return _recurrence(f, Recurrence("DAILY"), m)


def _h_weekdays(m: re.Match[str], f: Found) -> bool:
    return _recurrence(f, Recurrence("WEEKLY", byday=_byday([0, 1, 2, 3, 4])), m)


def _h_weekends(m: re.Match[str], f: Found) -> bool:
    return _recurrence(f, Recurrence("WEEKLY", byday=_byday([5, 6])), m)


def _h_weekly_ko(m: re.Match[str], f: Found) -> bool:
    days = _ko_weekdays(m["days"] or m["days2"] or "")
    every = m["every"] or ""
    interval = 2 if every == "격주" else _num(m["n"] or m["n2"]) or 1
    return _recurrence(f, Recurrence("WEEKLY", interval=interval, byday=_byday(days)), m)


def _h_weekly_en(m: re.Match[str], f: Found) -> bool:
    days = _en_weekdays(m["days"] or m["days2"] or m["days3"] or m["plural"] or "")
    interval = (
        2
        if (m["other"] or m["other2"] or (m["plain"] or "").lower() in ("biweekly", "fortnightly"))
        else _num(m["n"]) or 1
    )
    if m["days"] and not days:
        return False
    return _recurrence(f, Recurrence("WEEKLY", interval=interval, byday=_byday(days)), m)


def _h_monthly_ko(m: re.Match[str], f: Found) -> bool:
    rec = Recurrence("MONTHLY")
    if m["d"]:
        rec.bymonthday = int(m["d"])
    elif m["last"]:
        rec.bymonthday = -1
    elif m["wd"]:
        n = _ordinal(m["o"])
        rec.byday = [f"{n}{RRULE_DAYS[WEEKDAYS_KO[m['wd']]]}"]
    return _recurrence(f, rec, m)


def _h_monthly_en(m: re.Match[str], f: Found) -> bool:
    rec = Recurrence("MONTHLY")
    day = m["d"] or m["d2"] or m["d3"]
    if day:
        rec.bymonthday = int(day)
    elif m["wd"]:
        rec.byday = [f"{_ordinal(m['o'])}{RRULE_DAYS[WEEKDAYS_EN[m['wd'].lower()]]}"]
    return _recurrence(f, rec, m)


def _h_lunar(m: re.Match[str], f: Found) -> bool:
    g = m.groupdict()
    month = int(g["m"] or g["m3"] or g["em"])
    day = int(g["d"] or g["d2"] or g["d3"] or g["d4"] or g["ed"])
    leap = bool(g["leap"] or g["eleap"])
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return False
    year = g["y"] or g["y2"]
    if year:
        return _add_date(f, DateRef("lunar", year=int(year), month=month, day=day, leap=leap), m)
    rec = Recurrence("YEARLY", bymonth=month, bymonthday=day, lunar=True, leap=leap)
    return _recurrence(f, rec, m)


def _h_yearly(m: re.Match[str], f: Found) -> bool:
    g = m.groupdict()
    rec = Recurrence("YEARLY")
    if g.get("m") and g.get("d"):
        rec.bymonth, rec.bymonthday = int(g["m"]), int(g["d"])
    mon = g.get("mon") or g.get("mon2")
    if mon:
        rec.bymonth, rec.bymonthday = MONTHS_EN[mon.lower()], int(g.get("d") or g.get("d2") or 1)
    return _recurrence(f, rec, m)


def _h_every_n_days(m: re.Match[str], f: Found) -> bool:
    raw = m["n"] or m["n2"]
    n = 2 if raw and raw.lower() == "other" else _num(raw) if raw else NATIVE_DAYS.get(m["w"] or "")
    if not n:
        return False
    return _recurrence(f, Recurrence("DAILY", interval=n), m)


def _h_count(m: re.Match[str], f: Found) -> bool:
    n = _num(m["n"] or m["n2"])
    if not n or not f.recurrences:
        return False
    f.counts.append((n, m.span()))
    return True


def _h_all_day(m: re.Match[str], f: Found) -> bool:
    f.all_day = True
    return True


def _h_open(m: re.Match[str], f: Found) -> bool:
    f.open_ended = True
    return True


# The order matters: longer and more specific phrases first.
_STEPS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (P_ALL_DAY, _h_all_day),
    (P_LUNAR, _h_lunar),
    (P_DAILY, _h_daily),
    (P_WEEKENDS, _h_weekends),
    (P_WEEKDAYS, _h_weekdays),
    (P_MONTHLY_KO, _h_monthly_ko),
    (P_MONTHLY_EN, _h_monthly_en),
    (P_YEARLY_KO, _h_yearly),
    (P_YEARLY_EN, _h_yearly),
    (P_EVERY_N_DAYS, _h_every_n_days),
    (P_WEEKLY_KO, _h_weekly_ko),
    (P_WEEKLY_EN, _h_weekly_en),
    (P_DAYS_KO, _h_days),
    (P_DAYS_EN, _h_days),
    (P_REL_MOMENT, _h_rel_moment),
    (P_REL_COUNT_KO, _h_rel_count_ko),
    (P_REL_NATIVE_KO, _h_rel_native_ko),
    (P_REL_EN, _h_rel_en),
    (P_YMD, _h_ymd),
    (P_MDY, _h_mdy),
    (P_NTH_KO, _h_nth),
    (P_NTH_EN, _h_nth),
    (P_LASTDAY_KO, _h_lastday),
    (P_MONTH_DAY_KO, _h_month_day),
    (P_YEAR_DATE_KO, _h_year_date),
    (P_MD_KO, _h_md),
    (P_MD_EN, _h_md_en),
    (P_DM_EN, _h_md_en),
    (P_NAMED, _h_named),
    (P_RELATIVE_WORD, _h_relative_word),
    (P_WEEKEND_KO, _h_weekend),
    (P_WEEKEND_EN, _h_weekend),
    (P_WEEKDAY_KO, _h_weekday_ko),
    (P_WEEKDAY_EN, _h_weekday_en),
    (P_WEEK_KO, _h_week),
    (P_WEEK_EN, _h_week),
    (P_MONTH_KO, _h_month_word),
    (P_YEAR_EN, _h_year_en),
    (P_WEEKDAY_CHECK, _h_weekday_check),
    # times before bare numeric dates, so "4:30" and "3.5시간" stay what they are
    (P_TIME_RANGE_EN, _h_time_range_en),
    (P_TIME_COLON, _h_time_colon),
    (P_TIME_AMPM, _h_time_ampm),
    (P_TIME_KO, _h_time_ko),
    (P_TIME_SPECIAL, _h_time_special),
    (P_TIME_OCLOCK, _h_time_at),
    (P_BARE_HOUR_BEFORE_RANGE, _h_bare_hour),
    (P_DURATION_KO, _h_duration_ko),
    (P_DURATION_EN, _h_duration_en),
    (P_TIME_AT_EN, _h_time_at),
    (P_TIME_TO_EN, _h_time_at),
    (P_MD_NUM, _h_md),
    (P_BARE_DAY_BEFORE_RANGE, _h_bare_day),
    (P_DAY_ONLY, _h_day_only),
    (P_MONTH_NUM_KO, _h_month_num),
    (P_MONTH_EN, _h_month_en),
    (P_THE_DAY_EN, _h_the_day),
    (P_COUNT, _h_count),
    (P_OPEN_ENDED, _h_open),
)

_CONNECTOR = re.compile(r"^\s*(?:부터|에서|~|-|–|—|to|until|till|thru|through)\s*$", _I)
_TIGHT = re.compile(r"^[\s,]*(?:에|에는|엔|the|at|on|,)?\s*$", _I)


def find_temporal(text: str, claimed: tuple[Span, ...] = ()) -> Found:
    """Every temporal phrase in ``text`` (already normalised), with ranges paired up.

    ``claimed`` spans are not read (labels and lines that are not about time)."""
    found = Found(text=text, used=[False] * len(text))
    for span in claimed:
        found.claim(span)
    for pattern, handler in _STEPS:
        _scan(found, pattern, handler)
    _drop_redundant_weekdays(found)
    _pair_ranges(found)
    return found


def _gap(text: str, a: Span, b: Span) -> str:
    return text[a[1] : b[0]] if a[1] <= b[0] else "\x00"


_SHORT_WEEKDAY_AFTER_DATE = re.compile(r"(?<=\x00)\s*\(?[월화수목금토일]\)?(?![가-힣])")


def _drop_redundant_weekdays(found: Found) -> None:
    """ "Thursday, December 10" / "12월 13일(일)" / "12.20 토": the weekday only confirms the
    date; "12월 25일 크리스마스 파티": the holiday name is part of the title."""
    for m in _SHORT_WEEKDAY_AFTER_DATE.finditer(found.masked()):
        found.weekday_checks.append(m.span())
        found.claim(m.span())
    explicit = [
        d
        for d in found.dates
        if d.kind in ("ymd", "md", "d", "monthday", "ymd_rel") and not d.named
    ]
    if explicit:
        for named in [d for d in found.dates if d.named]:
            found.dates.remove(named)
            found.release(named.span)
    for wd in [d for d in found.dates if d.kind == "weekday" and d.week is None]:
        for d in explicit:
            gap = (
                _gap(found.text, wd.span, d.span)
                if wd.span < d.span
                else _gap(found.text, d.span, wd.span)
            )
            if re.fullmatch(r"[\s,()]*(?:on\s+)?(?:the\s+)?", gap, _I):
                found.dates.remove(wd)
                break


def _pair_ranges(found: Found) -> None:
    """Join "A ~ B" into ranges: date–date, time–time, date time – date time."""
    text = found.text
    paired_times = {id(t) for pair in found.time_ranges for t in pair}
    paired_dates = {id(d) for pair in found.date_ranges for d in pair}
    dates = sorted(found.dates, key=lambda d: d.span)
    times = sorted((t for t in found.times if id(t) not in paired_times), key=lambda t: t.span)
    # date time ~ date time
    starts = [t.span[0] for t in times]

    def time_after(d: DateRef) -> ClockTime | None:
        """The clock time written right after a date ("12/28 18:00")."""
        i = bisect.bisect_left(starts, d.span[1])
        if i < len(times) and _TIGHT.match(_gap(text, d.span, times[i].span)):
            return times[i]
        return None

    for d1, d2 in zip(dates, dates[1:], strict=False):
        t1, t2 = time_after(d1), time_after(d2)
        if t1 and t2 and t1 is not t2 and _CONNECTOR.match(_gap(text, t1.span, d2.span)):
            found.datetime_range = (d1, t1, d2, t2)
            paired_times.update((id(t1), id(t2)))
            paired_dates.update((id(d1), id(d2)))
            break
    for a, b in zip(times, times[1:], strict=False):
        if id(a) in paired_times or id(b) in paired_times:
            continue
        if _CONNECTOR.match(_gap(text, a.span, b.span)):
            found.time_ranges.append((a, b))
            paired_times.update((id(a), id(b)))
    for first, last in zip(dates, dates[1:], strict=False):
        if id(first) in paired_dates or id(last) in paired_dates:
            continue
        if _CONNECTOR.match(_gap(text, first.span, last.span)) and first.kind not in (
            "week",
            "month",
            "year",
        ):
            found.date_ranges.append((first, last))
            paired_dates.update((id(first), id(last)))


def find_parts(found: Found) -> None:
    """Free-standing parts of day ("점심에", "금요일 저녁", "this afternoon", "in the morning").

    Only where they clearly qualify a date or are followed by a particle; elsewhere the word
    may name the event ("점심 약속")."""
    pattern = re.compile(
        r"(?:(?<=\x00)|(?<=\x00\s)|^)(?P<w>오전|오후|아침|낮|점심|저녁|밤|새벽|morning|afternoon|evening|night)(?![가-힣A-Za-z])"
        r"|(?<![가-힣])(?P<w2>오전|오후|아침|낮|점심|저녁|밤|새벽)(?=\s*(?:에|때|쯤|중|시간|에는|엔)(?![가-힣]))"
        r"|\b(?:this|in\s+the|tomorrow|today)\s+(?P<w3>morning|afternoon|evening|night)\b"
        r"|\b(?P<w4>tonight)\b|\bat\s+(?P<w5>lunch(?:time)?|night)\b",
        _I,
    )
    masked = found.masked()
    for m in pattern.finditer(masked):
        word = next(g for g in (m["w"], m["w2"], m["w3"], m["w4"], m["w5"]) if g)
        span = m.span("w") if m["w"] else m.span("w2") if m["w2"] else m.span()
        if found.free(span):
            found.parts.append(Part(word.lower(), span))
            found.claim(span)
