"""The offline engine: normalise → replies → labels → time phrases → intent → slots → resolve.

Every step is general grammar (see temporal.py, slots.py, intent.py); the result follows
../shared/corpus/CONVENTIONS.md field by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.nlu import intent as intents
from core.nlu.lexicon import (
    ENGLISH_NUMBERS,
    NATIVE_COUNTS,
    NATIVE_DAYS,
    PART_DEFAULT_TIMES,
    PART_WINDOWS,
)
from core.nlu.normalize import clean, normalize
from core.nlu.resolve import (
    Days,
    at,
    clock,
    first_occurrence,
    range_end,
    resolve_days,
    rrule_value,
    time_without_date,
)
from core.nlu.result import EventPoint, Language, ParseResult, QueryRange, nothing
from core.nlu.slots import find_location, header_title, label_title, title_of
from core.nlu.temporal import (
    ClockTime,
    DateRef,
    Recurrence,
    Span,
    find_parts,
    find_temporal,
)
from core.timeutil import get_zone, local_zone_name

_I = re.IGNORECASE

# -- invitation labels ------------------------------------------------------------------------

_LABEL = re.compile(
    r"^[ \t]*[-•*·▶■□○●◆◇※>]?[ \t]*(?P<label>[가-힣A-Za-z][가-힣A-Za-z ]{0,11}?)[ \t]*[:：][ \t]*(?P<value>.*)$",
    re.M,
)
_DATE_LABEL = re.compile(r"일시|일자|날짜|시간|기간|언제|때|when|date|time|period|day", _I)
_PLACE_LABEL = re.compile(r"장소|위치|주소|where|location|venue|place|address", _I)
_TITLE_LABEL = re.compile(
    r"행사|내용|제목|모임|회의|과정|강의|공연|프로그램|주제|what|title|event|subject|name", _I
)


@dataclass(slots=True)
class _Invitation:
    claimed: tuple[Span, ...] = ()
    title: str | None = None
    header: str | None = None
    labelled: bool = False
    blind: tuple[Span, ...] = ()


def _read_labels(text: str) -> _Invitation:
    """Label lines ("일시: …", "Where: …"): dates are read from date labels only, titles
    from title labels, other labels (문의:, 회비:) are ignored entirely."""
    inv = _Invitation()
    claimed: list[Span] = []
    matches = list(_LABEL.finditer(text))
    if not matches:
        return inv
    inv.labelled = True
    for m in matches:
        label = m["label"].strip()
        if _PLACE_LABEL.search(label):
            continue  # slots.find_location reads it
        if _DATE_LABEL.search(label):
            claimed.append((m.start(), m.start("value")))
        elif _TITLE_LABEL.search(label) and inv.title is None and m["value"].strip():
            inv.title = m["value"].strip()
            claimed.append(m.span())
        elif len(matches) > 1:
            claimed.append(m.span())  # 문의:, 회비:, 준비물: …
        else:
            claimed.append((m.start(), m.start("value")))  # "Reminder: …": only the label
    first_line = text.split("\n", 1)[0]
    if "\n" in text and not _LABEL.match(first_line):
        inv.header = header_title(first_line)
        claimed.append((0, len(first_line)))
    has_date_label = any(_DATE_LABEL.search(m["label"]) for m in matches)
    label_lines = {m.start() for m in matches}
    offset = 0
    blind: list[Span] = []
    for line in text.split("\n"):
        span = (offset, offset + len(line))
        offset += len(line) + 1
        if span[0] in label_lines or span[0] == 0:
            continue
        if _NOTICE_LINE.search(line):
            claimed.append(span)  # greetings, "please reply by Friday": not the event
        elif has_date_label:
            blind.append(span)  # dates here are not the event's ("다음 달 … 공유드립니다")
    inv.claimed = tuple(claimed)
    inv.blind = tuple(blind)
    return inv


_NOTICE_LINE = re.compile(
    r"^\s*(?:안녕하세요|안녕|hello|hi|dear|감사합니다|thank\s+you|thanks)\b"
    r"|(?:주세요|바랍니다|부탁드립니다|부탁드려요|주시기\s*바랍니다|감사합니다)[!.~\s]*$|\bplease\s+(?:rsvp|reply|let)\b",
    re.IGNORECASE,
)


# -- update: which phrases are the new values -------------------------------------------------

# "5시로" marks a new value; "5시로 확정되었습니다" (a booking notice) states the event.
_NEW_MARK_KO = re.compile(
    r"^\s*(?:으로|로)(?![가-힣]{2})(?!\s*(?:확정|예약|접수|완료|결정|정해|잡혔|잡혀|예정))"
)
_NEW_MARK_END_KO = re.compile(r"^\s*(?:까지)\s*(?:으로|로)?")
_END_WORDS = re.compile(
    r"끝나는\s*시간|종료\s*시간|끝나는|끝|종료|마치는|마감\s*시간|\bend(?:s|ing)?\b|\bfinish(?:es)?\b|\buntil\b",
    _I,
)
_SHIFT = re.compile(
    r"(?P<amount>(?:\d{1,5}(?:\.\d{1,5})?|한|두|세|네|다섯|여섯)\s*시간(?:\s*반|\s*\d{1,5}\s*분)?|\d{1,5}\s*분|하루|이틀|사흘|나흘|\d{1,5}\s*일|일주일|\d{1,5}\s*주|"
    r"(?:an?|one|two|three|\d{1,5})\s+(?:hours?|minutes?|mins?|days?|weeks?)|half\s+an\s+hour)"
    r"\s*(?:씩\s*)?(?P<dir1>뒤로|앞으로|늦게|일찍|빨리|earlier|later|back|forward|ahead)?\s*(?:더\s*)?"
    r"(?P<verb>(?:당겨|앞당겨|땡겨|늦춰|미뤄|연기|밀어|연장|줄여)[가-힣]*|earlier|later|back|forward|ahead)?",
    _I,
)
_SHIFT_VERB_BEFORE = re.compile(
    r"\b(?:push|move|delay|postpone|bring|shift|extend)\b[^0-9]*?(?:back\s+|forward\s+|up\s+)?by\s*$|\b(?:push|delay|postpone)\b\s*(?:it\s+)?(?:back\s+)?$",
    _I,
)
_NEW_TITLE = re.compile(
    r"(?:제목|이름|타이틀)\s*(?:은|는|을|를|이|가)?\s*[\"“']?(?P<v>[^\"”'\n]+?)[\"”']?\s*(?:으로|로)?\s*(?:바꿔|변경|수정|해|정정)?\s*(?:줘|주세요|요)?\s*$"
    r"|\brename\s+(?:it|this|that)?\s*(?:to|as)\s+(?P<v2>.+)$|\b(?:title|call\s+it)\s*(?:to|:)?\s+(?P<v3>.+)$",
    _I,
)
_LAST_CREATED = re.compile(
    r"방금|아까|마지막으로|최근에?\s*(?:등록|추가|만든)|\bjust\s+(?:added|created|made)\b|\blast\s+one\b|\bthe\s+one\s+i\s+(?:just\s+)?added\b",
    _I,
)
_EVERYTHING = re.compile(r"전부|모두|(?<![가-힣])다(?![가-힣])|전체|싹|\ball\b|\beverything\b", _I)
_NEXT_SEARCH = re.compile(
    r"(?<![가-힣])다음\s+(?=[가-힣A-Za-z])|\bnext\s+(?!week|month|year|weekend|mon|tue|wed|thu|fri|sat|sun)\w|\bupcoming\b|곧|앞으로",
    _I,
)


_LEADING_REPLY = re.compile(
    r"^(?:(?:아니|아니요|아뇨|아냐|네|응|웅|예|음(?![\s.]*(?:윤\s*)?\d{1,2}\s*[/.월]\s*\d)|어|ㅇㅇ|yes|no|ok|okay|yeah|nope|hmm)[\s,.!~]+)+(?:근데|그런데|그리고|대신|but|and|actually)?\s*(?=\S)",
    _I,
)


def parse(text: str, now: datetime | None = None, zone: ZoneInfo | None = None) -> ParseResult:
    """Understand one message. ``now`` is aware (default: the current time); ``zone`` is the
    user's zone (default: the settings zone)."""
    zone = zone or get_zone(local_zone_name())
    now = now.astimezone(zone) if now is not None else datetime.now(zone)
    raw = clean(text if isinstance(text, str) else "")
    language = intents.language_of(raw)
    reply = intents.classify_reply(raw)
    if reply is not None:
        return nothing(reply[0], language).evolve(insist=reply[1])
    norm = _LEADING_REPLY.sub("", normalize(raw), count=1)
    if not re.search(r"[가-힣A-Za-z0-9]", norm):
        return nothing("other", language, confidence=0.9 if not norm else 0.7)
    try:
        return _Parse(norm, now, zone, language).run()
    except (OverflowError, ValueError):
        # a date far outside the calendar ("2921000일 뒤"): not an event we can place
        return nothing("other", language, confidence=0.3)


class _Parse:
    def __init__(self, text: str, now: datetime, zone: ZoneInfo, language: Language) -> None:
        self.text = text
        self.now = now
        self.zone = zone
        self.today = now.date()
        self.language = language
        self.invitation = _read_labels(text)
        self.shift: timedelta | None = None
        shift_spans = self._find_shift()
        self.found = find_temporal(text, self.invitation.claimed + shift_spans)
        self.found.forget_within(self.invitation.blind)
        find_parts(self.found)

    # -- orchestration --------------------------------------------------------------------

    def run(self) -> ParseResult:
        f = self.found
        has_time = bool(f.dates or f.times or f.recurrences or f.parts or f.moments)
        said = self._said()
        command = intents.command_of(said)
        if command in ("update", "delete"):
            intent = command
        elif intents.is_query(said, has_time):
            intent = "query"
        elif command is None and intents.is_opinion(said):
            return nothing("other", self._lang(), confidence=0.6)
        elif command is None and self._has_new_value_marker():
            intent = "update"
        elif (
            command is None
            and not self.invitation.labelled
            and (intents.is_remark(said) or intents.has_question_word(said))
        ):
            return nothing("other", self._lang(), confidence=0.55)
        elif command == "create" or has_time or self.invitation.labelled:
            intent = "create"
        elif (
            self.shift is not None
            or (_NEW_TITLE.search(self.text) and not intents.has_question_word(said))
            or re.match(r"^\s*(?:장소|위치)", self.text)
            or self._only_a_place()
        ):
            intent = "update"
        else:
            return nothing("other", self._lang(), confidence=0.8 if len(self.text) < 40 else 0.4)
        if intent == "create" and self._is_bare_edit():
            intent = "update"
        handler = {
            "create": self._create,
            "query": self._query,
            "update": self._update,
            "delete": self._delete,
        }
        return handler[intent]()

    def _lang(self) -> Language:
        return self.language

    def _only_a_place(self) -> bool:
        """ "at Gangnam Station", "강남역에서": a new place for the pending proposal."""
        probe = replace(self.found, used=list(self.found.used))  # look, do not claim
        if find_location(probe) is None:
            return False
        rest = re.sub(r"[\x00\s]+", " ", probe.masked()).strip(" .!?~")
        return (
            re.fullmatch(r"(?:(?:instead|please|then|으로|로|해\s*줘|요)\s*)*", rest, _I)
            is not None
        )

    def _said(self) -> str:
        """The text without label names ("When:" is not a question)."""
        if not self.invitation.labelled:
            return self.text
        return _LABEL.sub(lambda m: m["value"], self.text)

    def _has_new_value_marker(self) -> bool:
        """ "… 5시로", "… 다음주 토요일로": a time phrase marked as the new value."""
        f = self.found
        spans = [d.span for d in f.dates] + [t.span for t in f.times]
        return any(_NEW_MARK_KO.match(f.text[span[1] :]) for span in spans)

    def _is_bare_edit(self) -> bool:
        """ "4시로", "5시까지", "내일로": only new values, no name → edit the pending proposal.

        A bare time with no marker ("3시") stays a create without a title."""
        f = self.found
        if not (f.dates or f.times) or f.recurrences:
            return False
        rest = re.sub(r"[\x00\s]+", " ", f.masked()).strip()
        return bool(
            re.fullmatch(
                r"(?:으로|로|까지|까지로)(?:요)?(?:\s*(?:해\s*줘|해\s*주세요|해|바꿔\s*줘|변경|요))?"
                r"|(?:until|till|to|ending\s+at|ends?\s+at|finish(?:es)?\s+at)(?:\s+instead)?",
                rest,
                flags=_I,
            )
        )

    # -- shared pieces --------------------------------------------------------------------

    def _find_shift(self) -> tuple[Span, ...]:
        for m in _SHIFT.finditer(self.text):
            direction = (m["dir1"] or "") + " " + (m["verb"] or "")
            before = self.text[: m.start()]
            if not direction.strip() and not _SHIFT_VERB_BEFORE.search(before):
                continue
            amount = _amount(m["amount"])
            if amount is None:
                continue
            backwards = re.search(
                r"당겨|앞당|땡겨|앞으로|일찍|빨리|줄여|earlier|forward|ahead|bring",
                direction + before[-20:],
                _I,
            )
            self.shift = -amount if backwards else amount
            return (m.span(),)
        return ()

    def _days(self, ref: DateRef, mode: str = "future") -> Days | None:
        return resolve_days(ref, self.today, "future" if mode == "future" else "nearest")

    def _timed(self) -> tuple[ClockTime, ClockTime | None] | None:
        f = self.found
        if f.time_ranges:
            a, b = sorted(f.time_ranges, key=lambda p: p[0].span)[0]
            return a, b
        if f.times:
            return sorted(f.times, key=lambda t: t.span)[0], None
        return None

    def _part_default(self) -> ClockTime | None:
        for part in self.found.parts:
            hour = PART_DEFAULT_TIMES.get(part.word)
            if hour is not None:
                return ClockTime(hour, 0, literal=True, span=part.span)
        return None

    def _location(self, *, update: bool = False) -> str | None:
        return find_location(self.found, update=update)

    def _title(self, intent: str) -> str | None:
        if self.invitation.title:
            return label_title(self.invitation.title)
        title = title_of(self.found, intent)
        if not title and self.invitation.header:
            return self.invitation.header
        return title

    def _range_for(self, days: Days) -> QueryRange:
        start = datetime.combine(days.first, time(0), self.zone)
        end = datetime.combine(days.last + timedelta(days=1), time(0), self.zone)
        return start, end

    # -- create ---------------------------------------------------------------------------

    def _create(self) -> ParseResult:
        f = self.found
        location = self._location()
        timed = None if f.all_day else self._timed()
        part_time = None if timed or f.all_day else self._part_default()
        if part_time is None:
            self._release_parts()
        self._settle_recurrences()
        title = self._title("create")
        start: EventPoint | None = None
        end: EventPoint | None = None
        all_day = False
        rrule = None
        dates = sorted(f.dates, key=lambda d: d.span)
        date_given = any(d.kind not in ("week", "month", "year") for d in dates)
        time_given = timed is not None or part_time is not None

        if f.moments and not dates and timed is None:
            start = (self.now + f.moments[0][0]).replace(second=0, microsecond=0)
            end = self._duration_end(start)
            time_given = date_given = True
        elif f.datetime_range is not None:
            d1, t1, d2, t2 = f.datetime_range
            days1, days2 = self._days(d1), self._days(d2)
            if days1 and days2:
                start = at(days1.first, t1, self.zone)
                end = at(days2.first, t2, self.zone, inherit=t1)
                if end <= start:
                    end = None
        elif f.recurrences:
            start, end, all_day, rrule = self._recurring(f.recurrences, dates, timed, part_time)
        else:
            first_day, last_day = self._create_days(dates)
            if timed is not None or part_time is not None:
                t, t_end = timed if timed is not None else (part_time, None)
                assert t is not None
                if first_day is None:
                    start = time_without_date(t, self.now, self.zone)
                else:
                    start = at(first_day, t, self.zone)
                if t_end is not None:
                    end = range_end(start, start.date(), t_end, self.zone, t)
                elif last_day is not None and first_day is not None and last_day > first_day:
                    end = at(last_day, t, self.zone)
                else:
                    end = self._duration_end(start)
            elif first_day is not None:
                all_day = True
                start = first_day
                end = last_day if last_day and last_day > first_day else None
        confidence = (
            0.9 if title and (start is not None) else 0.5 if start is not None or title else 0.3
        )
        if title and re.search(r"\d", title):
            confidence = min(confidence, 0.55)
        return ParseResult(
            intent="create",
            title=title,
            start=start,
            end=end,
            all_day=all_day,
            location=location,
            rrule=rrule,
            language=self._lang(),
            date_given=date_given,
            time_given=time_given,
            confidence=confidence,
        )

    def _settle_recurrences(self) -> None:
        """Keep the most specific rule; a bare "weekly" beside "every Monday" is part of the name."""
        recs = self.found.recurrences
        if len(recs) < 2:
            return
        recs.sort(key=lambda r: (not (r.byday or r.bymonthday or r.bymonth), r.span))
        for extra in recs[1:]:
            if extra.freq == recs[0].freq and not (
                extra.byday or extra.bymonthday or extra.bymonth
            ):
                self.found.release(extra.span)
                recs.remove(extra)

    def _release_parts(self) -> None:
        for part in self.found.parts:
            if part.word in PART_WINDOWS and part.word not in ("tonight",):
                self.found.release(part.span)

    def _duration_end(self, start: datetime) -> datetime | None:
        for d in self.found.durations:
            if d.days is None:
                return start + d.delta
        return None

    def _create_days(self, dates: list[DateRef]) -> tuple[date | None, date | None]:
        f = self.found
        if f.date_ranges:
            a, b = sorted(f.date_ranges, key=lambda p: p[0].span)[0]
            first = self._days(a)
            if first is None:
                return None, None
            if (
                b.kind == "d"
                and a.kind in ("md", "ymd", "monthday", "ymd_rel")
                or b.kind == "md"
                and a.kind == "md"
                and b.month == a.month
            ):
                last_day = _same_month_day(first.first, b.day or 1)
            else:
                last = resolve_days(b, first.first, "future")
                last_day = last.last if last else None
            if last_day is not None and last_day < first.first:
                last_day = None
            return first.first, last_day
        day_counts = [d.days for d in f.durations if d.days]
        for ref in dates:
            days = self._days(ref)
            if days is None:
                continue
            if day_counts and days.grain == "day":
                return days.first, days.first + timedelta(days=day_counts[0] - 1)
            if days.grain == "weekend":
                return days.first, days.last
            if days.grain != "day":
                continue  # "다음 주에 회의": which day is still to be asked
            return days.first, None
        return None, None

    def _recurring(
        self,
        recs: list[Recurrence],
        dates: list[DateRef],
        timed: tuple[ClockTime, ClockTime | None] | None,
        part_time: ClockTime | None,
    ) -> tuple[EventPoint | None, EventPoint | None, bool, str | None]:
        rec = recs[0]
        anchor = self.today
        until: date | None = None
        if self.found.date_ranges:
            a, b = self.found.date_ranges[0]
            da, db = self._days(a), self._days(b)
            if da:
                anchor = max(anchor, da.first)
            if db:
                until = db.last
        else:
            for ref in dates:
                days = self._days(ref)
                if days is None:
                    continue
                if _followed_by(self.found.text, ref.span, r"까지|until"):
                    until = days.last
                else:
                    anchor = max(anchor, days.first)
                    if rec.freq == "WEEKLY" and not rec.byday and days.grain == "day":
                        rec.byday = [
                            ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[days.first.weekday()]
                        ]
                    if (
                        rec.freq == "MONTHLY"
                        and not rec.byday
                        and not rec.bymonthday
                        and days.grain == "day"
                    ):
                        rec.bymonthday = days.first.day
                    if rec.freq == "YEARLY" and not rec.bymonth and days.grain == "day":
                        rec.bymonth, rec.bymonthday = days.first.month, days.first.day
        count = self.found.counts[0][0] if self.found.counts else None
        t = timed[0] if timed else part_time
        hm = clock(t) if t is not None else None
        first = first_occurrence(rec, anchor, hm, self.now, self.zone)
        if first is None:
            return None, None, False, None
        end: EventPoint | None = None
        if isinstance(first, datetime):
            if timed and timed[1] is not None and t is not None:
                end = range_end(first, first.date(), timed[1], self.zone, t)
            else:
                end = self._duration_end(first)
        return (
            first,
            end,
            not isinstance(first, datetime),
            rrule_value(rec, count, until, self.zone if isinstance(first, datetime) else None),
        )

    # -- query ----------------------------------------------------------------------------

    def _query(self) -> ParseResult:
        f = self.found
        title = self._title("query")
        if title and re.fullmatch(
            r"(?:일정|스케줄|약속\s*일정|schedule|events?|plans?)", title, _I
        ):
            title = None
        query_range = self._target_range(mode="nearest", allow_parts=True)
        lunar = [r for r in f.recurrences if r.lunar]
        if query_range is None and lunar:  # "음력 8월 15일에 뭐 있어?": its next solar day
            day = first_occurrence(lunar[0], self.today, None, self.now, self.zone)
            if isinstance(day, date):
                query_range = self._range_for(Days(day, day))
        if query_range is None and (f.open_ended or _NEXT_SEARCH.search(self.text)):
            query_range = (self.now, None)
        elif (
            query_range is not None
            and f.open_ended
            and query_range[0] < self.now < (query_range[1] or self.now)
        ):
            query_range = (self.now, query_range[1])
        return ParseResult(
            intent="query",
            title=_search_term(title),
            query_range=query_range,
            language=self._lang(),
            date_given=bool(f.dates),
            time_given=bool(f.times),
            confidence=0.85,
        )

    def _target_range(
        self,
        *,
        mode: str,
        allow_parts: bool,
        refs: list[DateRef] | None = None,
        times: list[ClockTime] | None = None,
    ) -> QueryRange | None:
        f = self.found
        refs = sorted(f.dates if refs is None else refs, key=lambda d: d.span)
        times = sorted(f.times if times is None else times, key=lambda t: t.span)
        resolved = [d for d in (resolve_days(r, self.today, mode) for r in refs) if d is not None]  # type: ignore[arg-type]
        window = self._part_window() if allow_parts else None
        if resolved:
            first = resolved[0]
            last = resolved[-1] if f.date_ranges else first
            if f.date_ranges and last.last < first.first:
                last = first
            start, end = self._range_for(Days(first.first, last.last, first.grain))
            if window and first.grain == "day" and len(resolved) == 1:
                return self._window(first.first, window)
            return start, end
        if times:
            day = time_without_date(times[0], self.now, self.zone).date()
            return self._range_for(Days(day, day))
        if window:
            return self._window(self.today, window)
        return None

    def _part_window(self) -> tuple[int, int] | None:
        for part in self.found.parts:
            if part.word in PART_WINDOWS:
                return PART_WINDOWS[part.word]
        return None

    def _window(self, day: date, window: tuple[int, int]) -> QueryRange:
        start = datetime.combine(day, time(0), self.zone) + timedelta(hours=window[0])
        end = datetime.combine(day, time(0), self.zone) + timedelta(hours=window[1])
        return start, end

    # -- update ---------------------------------------------------------------------------

    def _split_new(
        self,
    ) -> tuple[list[DateRef], list[ClockTime], list[DateRef], list[ClockTime], bool]:
        """(target dates, target times, new dates, new times, new value is the end)."""
        f = self.found
        text = f.text
        items: list[tuple[Span, object]] = [(d.span, d) for d in f.dates] + [
            (t.span, t) for t in f.times
        ]
        items.sort(key=lambda p: p[0])
        new_ids: set[int] = set()
        ends_new = False
        to_match = re.search(r"\b(?:to|until|till|make\s+it)\b\s+(?!my\b)", text, _I)
        for i, (span, _item) in enumerate(items):
            after = text[span[1] :]
            chain_end = _NEW_MARK_KO.match(after) or _NEW_MARK_END_KO.match(after)
            if chain_end:
                if _NEW_MARK_END_KO.match(after):
                    ends_new = True
                new_ids.add(i)
                j = i - 1
                while j >= 0 and not text[items[j][0][1] : items[j + 1][0][0]].strip(" \x00"):
                    new_ids.add(j)
                    j -= 1
        if not new_ids and to_match:
            for i, (span, _item) in enumerate(items):
                if span[0] >= to_match.start():
                    new_ids.add(i)
        if not new_ids and self.shift is None and items and not f.time_ranges:
            # "내일 회의 오후 5시 변경": the last time phrase is the new value
            last = len(items) - 1
            if isinstance(items[last][1], ClockTime) and len(items) > 1:
                new_ids.add(last)
        if _END_WORDS.search(text) and new_ids:
            ends_new = True
        target_dates = [
            it for i, (_s, it) in enumerate(items) if i not in new_ids and isinstance(it, DateRef)
        ]
        target_times = [
            it for i, (_s, it) in enumerate(items) if i not in new_ids and isinstance(it, ClockTime)
        ]
        new_dates = [
            it for i, (_s, it) in enumerate(items) if i in new_ids and isinstance(it, DateRef)
        ]
        new_times = [
            it for i, (_s, it) in enumerate(items) if i in new_ids and isinstance(it, ClockTime)
        ]
        return target_dates, target_times, new_dates, new_times, ends_new

    def _update(self) -> ParseResult:
        f = self.found
        self._release_parts()
        new_title = None
        m = _NEW_TITLE.search(self.text)
        if m:
            new_title = label_title(m["v"] or m["v2"] or m["v3"] or "")
            f.claim(m.span())
        location = self._location(update=True)
        for m in _END_WORDS.finditer(f.masked()):
            f.claim(m.span())
        target_dates, target_times, new_dates, new_times, ends_new = self._split_new()
        query_range = self._target_range(
            mode="nearest", allow_parts=False, refs=target_dates, times=target_times
        )
        target_start = None
        if target_times:
            base = query_range[0].date() if query_range else None
            target_start = (
                at(base, target_times[0], self.zone)
                if base
                else time_without_date(target_times[0], self.now, self.zone)
            )
        start: EventPoint | None = None
        end: EventPoint | None = None
        new_day: date | None = None
        if new_dates:
            days = resolve_days(new_dates[0], self.today, "future")
            new_day = days.first if days else None
        base_day = new_day or (query_range[0].date() if query_range else None)
        if new_times:
            t = new_times[0]
            value = (
                at(base_day, t, self.zone)
                if base_day
                else time_without_date(t, self.now, self.zone)
            )
            if ends_new:
                end = value
            else:
                start = value
                if len(new_times) > 1:
                    end = range_end(value, value.date(), new_times[1], self.zone, t)
        elif new_day is not None:
            start = new_day
        title = self._title("update")
        return ParseResult(
            intent="update",
            title=_search_term(title),
            start=start,
            end=end,
            location=location,
            query_range=query_range,
            language=self._lang(),
            shift=self.shift,
            new_title=new_title,
            target_start=target_start,
            whole_series=bool(f.recurrences),
            last_created=bool(_LAST_CREATED.search(self.text)),
            date_given=bool(new_dates),
            time_given=bool(new_times),
            confidence=0.85
            if title or start or end or location or self.shift or new_title
            else 0.5,
        )

    # -- delete ---------------------------------------------------------------------------

    def _delete(self) -> ParseResult:
        f = self.found
        self._release_parts()
        whole_series = bool(f.recurrences) or bool(
            re.search(r"반복|시리즈|\bseries\b|\brecurring\b|\ball\s+occurrences\b", self.text, _I)
        )
        query_range = (
            None if f.recurrences else self._target_range(mode="nearest", allow_parts=False)
        )
        target_start = None
        if f.times and query_range is not None:
            target_start = at(
                query_range[0].date(), sorted(f.times, key=lambda t: t.span)[0], self.zone
            )
        title = _search_term(self._title("delete"))
        last_created = bool(_LAST_CREATED.search(self.text))
        return ParseResult(
            intent="delete",
            title=title,
            query_range=query_range,
            language=self._lang(),
            target_start=target_start,
            whole_series=whole_series,
            last_created=last_created,
            everything=bool(_EVERYTHING.search(self.text)) and title is None and not last_created,
            date_given=bool(f.dates),
            time_given=bool(f.times),
            confidence=0.85 if title or query_range or last_created else 0.5,
        )


def _amount(text: str) -> timedelta | None:
    """The size of a shift: "1시간 반", "30분", "이틀", "two hours", "half an hour"."""
    t = text.lower().strip()
    if t == "일주일":
        return timedelta(days=7)
    if t in NATIVE_DAYS:
        return timedelta(days=NATIVE_DAYS[t])
    if t.startswith("half"):
        return timedelta(minutes=30)
    m = re.match(
        r"(\d{1,5}(?:\.\d{1,5})?|[가-힣]+|[a-z]+)\s*(시간|분|일|주|hours?|minutes?|mins?|days?|weeks?)(?:\s*(반)|\s*(\d{1,5})\s*분)?",
        t,
    )
    if not m:
        return None
    raw = m.group(1)
    n = (
        float(raw)
        if raw[0].isdigit()
        else float(NATIVE_COUNTS.get(raw) or ENGLISH_NUMBERS.get(raw, 0))
    )
    if n <= 0:
        return None
    unit = m.group(2)
    extra = timedelta(minutes=30 if m.group(3) else int(m.group(4) or 0))
    if unit.startswith(("시간", "hour")):
        return timedelta(hours=n) + extra
    if unit.startswith(("분", "min")):
        return timedelta(minutes=n)
    if unit.startswith(("일", "day")):
        return timedelta(days=n)
    return timedelta(weeks=n)


def _followed_by(text: str, span: Span, pattern: str) -> bool:
    return bool(re.match(rf"\s*(?:{pattern})", text[span[1] :], _I)) or bool(
        re.search(rf"(?:{pattern})\s*$", text[: span[0]], _I)
    )


def _same_month_day(first: date, day: int) -> date | None:
    try:
        last = first.replace(day=day)
    except ValueError:
        return None
    if last < first:  # "12월 30일부터 2일까지": the end is in the next month
        month = first.month % 12 + 1
        year = first.year + (1 if month == 1 else 0)
        try:
            last = date(year, month, day)
        except ValueError:
            return None
    return last


def _search_term(title: str | None) -> str | None:
    if not title:
        return None
    title = re.sub(r"(?<![A-Za-z])(?:'s)\b", "", title).strip()
    title = re.sub(r"^(?:my|the|a|an)\s+", "", title, flags=_I)
    title = re.sub(
        r"\s+(?:appointments?|events?|schedule|일정|약속\s*일정)$",
        lambda m: m.group(0) if "appointment" in m.group(0) else "",
        title,
        flags=_I,
    )
    return title.strip() or None
