"""What the assistant says, in Korean (해요체) and English, and how it writes dates.

Dates read like "11월 30일 (월) 오후 2:00–3:00" / "Mon, Nov 30, 2:00–3:00 PM"; the year
is added only when it is not the current one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo

from core import lunar
from core.assistant.types import Language, Proposal, Target
from core.model import EventTime, Occurrence
from core.store.history import HistoryLabel

_KO_WEEKDAYS = "월화수목금토일"
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Does the Korean reading of a final digit end in a consonant (영 일 삼 육 칠 팔)?
_DIGIT_FINAL = {"0": 21, "1": 8, "3": 16, "6": 1, "7": 8, "8": 8}


# -- Korean particles ----------------------------------------------------------------------


def _final(word: str) -> int | None:
    """The final consonant index of the last readable character: 0 none, 8 ㄹ, None unknown."""
    for ch in reversed(word):
        if "가" <= ch <= "힣":
            return (ord(ch) - 0xAC00) % 28
        if ch.isdigit():
            return _DIGIT_FINAL.get(ch, 0)
        if ch.isalpha():
            return None
    return None


def josa(word: str, pair: str) -> str:
    """The particle of ``pair`` ("을/를", "이/가", "은/는", "과/와", "으로/로") fitting ``word``."""
    with_final, without = pair.split("/")
    final = _final(word)
    if final is None:
        return f"{with_final}({without})" if pair != "으로/로" else "(으)로"
    if pair == "으로/로":
        return without if final in (0, 8) else with_final
    return with_final if final else without


def quote(title: str, lang: Language, particle: str | None = None) -> str:
    """'팀 미팅'을 / “team meeting”."""
    if lang == "en":
        return f"“{title}”"
    return f"'{title}'" + (josa(title, particle) if particle else "")


# -- dates and times -----------------------------------------------------------------------


def _day(d: date, lang: Language, today: date) -> str:
    if lang == "en":
        text = f"{_EN_WEEKDAYS[d.weekday()]}, {_EN_MONTHS[d.month - 1]} {d.day}"
        return text if d.year == today.year else f"{text}, {d.year}"
    text = f"{d.month}월 {d.day}일 ({_KO_WEEKDAYS[d.weekday()]})"
    return text if d.year == today.year else f"{d.year}년 {text}"


def _clock(t: time, lang: Language, *, meridiem: bool = True) -> str:
    hour = t.hour % 12 or 12
    digits = f"{hour}:{t.minute:02d}"
    if not meridiem:
        return digits
    if lang == "en":
        return f"{digits} {'AM' if t.hour < 12 else 'PM'}"
    return f"{'오전' if t.hour < 12 else '오후'} {digits}"


def _clock_span(a: time, b: time, lang: Language, *, midnight_end: bool = False) -> str:
    if midnight_end:
        return f"{_clock(a, lang)}–{'자정' if lang == 'ko' else 'midnight'}"
    same = (a.hour < 12) == (b.hour < 12)
    if lang == "en":
        first = _clock(a, lang, meridiem=not same)
        return f"{first}–{_clock(b, lang)}"
    return f"{_clock(a, lang)}–{_clock(b, lang, meridiem=not same)}"


def when(
    start: EventTime | None,
    end: EventTime | None,
    all_day: bool,
    lang: Language,
    zone: tzinfo,
    today: date,
) -> str:
    """ "11월 30일 (월) 오후 2:00–3:00", "12월 24일 (목) – 12월 26일 (토) 종일" ..."""
    if start is None:
        return "날짜 미정" if lang == "ko" else "date not set"
    if all_day or not isinstance(start, datetime):
        first = start if not isinstance(start, datetime) else start.date()
        last = first
        if end is not None:
            end_day = end if not isinstance(end, datetime) else end.date()
            last = max(first, end_day - timedelta(days=1))
        label = "종일" if lang == "ko" else "(all day)"
        if last == first:
            return f"{_day(first, lang, today)} {label}"
        return f"{_day(first, lang, today)} – {_day(last, lang, today)} {label}"
    s = start.astimezone(zone)
    if not isinstance(end, datetime):
        return (
            f"{_day(s.date(), lang, today)}{',' if lang == 'en' else ''} {_clock(s.time(), lang)}"
        )
    e = end.astimezone(zone)
    sep = ", " if lang == "en" else " "
    if e.date() == s.date():
        return f"{_day(s.date(), lang, today)}{sep}{_clock_span(s.time(), e.time(), lang)}"
    if e.date() == s.date() + timedelta(days=1) and e.time() == time(0):
        span = _clock_span(s.time(), e.time(), lang, midnight_end=True)
        return f"{_day(s.date(), lang, today)}{sep}{span}"
    return (
        f"{_day(s.date(), lang, today)}{sep}{_clock(s.time(), lang)} – "
        f"{_day(e.date(), lang, today)}{sep}{_clock(e.time(), lang)}"
    )


def occurrence_when(occ: Occurrence, lang: Language, zone: tzinfo, today: date) -> str:
    return when(occ.start, occ.end, occ.all_day, lang, zone, today)


def target_when(t: Target, lang: Language, zone: tzinfo, today: date) -> str:
    return when(t.start, t.end, t.all_day, lang, zone, today)


def _is_midnight(value: datetime) -> bool:
    return value.time() == time(0)


def range_phrase(
    start: datetime, end: datetime | None, lang: Language, zone: tzinfo, today: date, topic: bool
) -> str:
    """The span a query asked about: "11월 23일 (월)" / "on Mon, Nov 23" (ko with 에는/는 when
    ``topic``)."""
    s = start.astimezone(zone)
    if end is None:
        if lang == "en":
            return f"after {_day(s.date(), lang, today)}, {_clock(s.time(), lang)}"
        return f"{_day(s.date(), lang, today)} {_clock(s.time(), lang)} 이후" + (
            "에는" if topic else ""
        )
    e = end.astimezone(zone)
    if _is_midnight(s) and _is_midnight(e):
        last = e.date() - timedelta(days=1)
        if last <= s.date():
            day = _day(s.date(), lang, today)
            return f"on {day}" if lang == "en" else day + ("에는" if topic else "")
        a, b = _day(s.date(), lang, today), _day(last, lang, today)
        return f"from {a} to {b}" if lang == "en" else f"{a}부터 {b}까지" + ("는" if topic else "")
    text = when(s, e, False, lang, zone, today)
    return f"on {text}" if lang == "en" else text + ("에는" if topic else "")


def repeat_phrase(
    rrule: str | None,
    lang: Language,
    first: EventTime | None = None,
    today: date | None = None,
) -> str | None:
    if not rrule:
        return None
    if lunar.is_lunar(rrule):
        return _lunar_phrase(rrule, lang, first, today)
    parts = dict(p.split("=", 1) for p in rrule.split(";") if "=" in p)
    freq = parts.get("FREQ", "")
    interval = parts.get("INTERVAL", "1")
    ko = {"DAILY": "매일", "WEEKLY": "매주", "MONTHLY": "매달", "YEARLY": "매년"}
    en = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
    if freq not in ko:
        return "반복" if lang == "ko" else "repeats"
    if lang == "ko":
        unit = {"DAILY": "일", "WEEKLY": "주", "MONTHLY": "개월", "YEARLY": "년"}[freq]
        head = ko[freq] if interval == "1" else f"{interval}{unit}마다"
        return f"{head} 반복"
    return f"every {en[freq]}" if interval == "1" else f"every {interval} {en[freq]}s"



def _lunar_phrase(
    rrule: str, lang: Language, first: EventTime | None, today: date | None
) -> str:
    """"매년 음력 8월 15일 (올해 양력 9월 25일)" / "every year on lunar 8/15 (this year Sep 25)"."""
    text = lunar.describe(rrule, lang)
    if first is None:
        return text
    day = first.date() if isinstance(first, datetime) else first
    this_year = today.year if today is not None else day.year
    if lang == "ko":
        year = {this_year: "올해", this_year + 1: "내년"}.get(day.year, f"{day.year}년")
        return f"{text} ({year} 양력 {day.month}월 {day.day}일)"
    month_day = f"{_EN_MONTHS[day.month - 1]} {day.day}"
    if day.year == this_year:
        return f"{text} (this year {month_day})"
    if day.year == this_year + 1:
        return f"{text} (next year {month_day})"
    return f"{text} ({month_day}, {day.year})"


# -- messages ------------------------------------------------------------------------------


def holiday_line(days: dict[date, list[str]], lang: Language, today: date) -> str | None:
    """Public holidays in a queried range: "공휴일: 12월 25일 (금) 기독탄신일"."""
    if not days:
        return None
    parts = [f"{_day(d, lang, today)} {', '.join(names)}" for d, names in sorted(days.items())]
    return pick(lang, "공휴일: ", "Holidays: " if len(days) > 1 else "Holiday: ") + "; ".join(
        parts
    )


def pick(lang: Language, ko: str, en: str) -> str:
    return en if lang == "en" else ko


def undone_text(label: HistoryLabel, lang: Language) -> str:
    """The chat's answer to an undo, from the store history entry's label."""
    title = quote(label.title, lang)
    if label.kind == "import":
        what = title if label.title else pick(lang, f"일정 {label.count}개", f"{label.count} events")
        return pick(lang, f"되돌렸어요: {what} 가져오기를 취소했어요.", f"Undone: the import of {what}.")
    if label.count > 1 and label.kind in ("create", "delete"):
        title = pick(lang, f"일정 {label.count}개", f"{label.count} events")
    if label.kind == "create":
        return pick(lang, f"되돌렸어요: {title} 추가를 취소했어요.", f"Undone: removed {title}.")
    if label.kind == "delete":
        return pick(lang, f"되돌렸어요: {title} 일정을 다시 살렸어요.", f"Undone: {title} is back.")
    if label.kind == "calendar":
        return pick(lang, f"되돌렸어요: 캘린더 {title} 변경을 취소했어요.", f"Undone: calendar {title}.")
    return pick(
        lang, f"되돌렸어요: {title} 일정을 원래대로 돌렸어요.", f"Undone: {title} is back as it was."
    )


def redone_text(label: HistoryLabel, lang: Language) -> str:
    """The chat's answer to a redo: the change is made again."""
    title = quote(label.title, lang)
    if label.count > 1 and label.kind in ("create", "delete", "import"):
        title = pick(lang, f"일정 {label.count}개", f"{label.count} events")
    if label.kind in ("create", "import"):
        return pick(lang, f"다시 했어요: {title} 추가", f"Redone: added {title}.")
    if label.kind == "delete":
        return pick(lang, f"다시 했어요: {title} 삭제", f"Redone: deleted {title}.")
    return pick(lang, f"다시 했어요: {title} 변경", f"Redone: changed {title}.")


HELP = (
    "저는 일정을 추가하고, 찾고, 바꾸고, 지울 수 있어요. 예: '내일 오후 3시 팀 미팅', "
    "'이번 주 일정 보여줘', '회의 4시로 옮겨줘', '되돌려'.",
    "I can add, find, change and delete events. Try “team meeting tomorrow at 3pm”, "
    "“what's on this week?”, “move the meeting to 4pm” or “undo”.",
)
EMPTY = (
    "메시지가 비어 있어요. 예: '내일 오후 3시 팀 미팅'",
    "Your message is empty. Try “team meeting tomorrow at 3pm”.",
)
NOTHING_TO_CONFIRM = ("지금 확인할 제안이 없어요.", "There's nothing to confirm right now.")
NOTHING_TO_CANCEL = ("취소할 제안이 없어요.", "There's nothing to cancel.")
CANCELLED = (
    "알겠어요, 취소했어요. 아무것도 바꾸지 않았어요.",
    "OK, cancelled. Nothing was changed.",
)
NOTHING_TO_UNDO = ("되돌릴 작업이 없어요.", "There's nothing to undo.")
NOTHING_TO_REDO = ("다시 할 작업이 없어요.", "There's nothing to redo.")
ASK_WHEN = ("언제로 할까요? (예: 내일 오후 3시)", "When should it be? (e.g. tomorrow at 3pm)")
ASK_TIME = (
    "몇 시로 할까요? 종일 일정으로 저장하려면 '네'라고 해 주세요.",
    "What time? Say “yes” to save it as an all-day event.",
)
ASK_TITLE = ("무슨 일정인가요? 제목을 알려 주세요.", "What is it? Tell me a title.")
NEED_WHEN = (
    "먼저 날짜와 시간을 알려 주세요. (예: 내일 오후 3시)",
    "Tell me the date and time first (e.g. tomorrow at 3pm).",
)
ASK_WHAT_CHANGE = (
    "무엇을 바꿀까요? 예: '4시로', '장소는 강남역', '30분 늦춰줘'",
    "What should I change? e.g. “to 4pm”, “at Gangnam Station”, “30 minutes later”.",
)
CHOOSE_NUMBER = ("번호로 골라 주세요 (1–{n}).", "Please answer with a number (1–{n}).")
PENDING_HINT = (
    "('{title}' 제안이 기다리고 있어요: '네' 또는 '취소')",
    "(“{title}” is waiting: say “yes” or “cancel”.)",
)


NO_EVENT_IN_IMAGE = (
    "이미지에서 일정을 찾지 못했어요. 아무것도 추가하지 않았어요.",
    "I found no event in that image; nothing was added.",
)


def image_turn(name: str) -> str:
    """The chat line standing for an image the user gave."""
    return f"🖼 {name}"


def found_text(found: Sequence[Proposal], zone: tzinfo, today: date, lang: Language) -> str:
    """The reply to an image: how many events, then the first proposal."""
    first = proposal_text(found[0], zone, today)
    if len(found) == 1:
        return first
    n = len(found)
    head = pick(
        lang,
        f"이미지에서 일정 {n}개를 찾았어요. 하나씩 저장하거나 취소할 수 있어요.",
        f"I found {n} events in the image; save or cancel each one.",
    )
    return head + "\n" + first


def msg(pair: tuple[str, str], lang: Language, **values: object) -> str:
    return pick(lang, *pair).format(**values)


def card_lines(p: Proposal, zone: tzinfo, today: date) -> list[str]:
    """A few lines describing a proposal (the CLI prints them indented; the pane draws a card)."""
    lang = p.language
    lines: list[str] = []
    if p.kind == "delete":
        for t in p.targets:
            lines.append(f"{quote(t.title, lang)} · {target_when(t, lang, zone, today)}")
        if p.whole_series:
            lines.append(pick(lang, "반복 일정 전체", "the whole repeating series"))
        elif any(t.recurring for t in p.targets):
            lines.append(
                pick(lang, "반복 일정 중 이번 한 번만", "only this one of a repeating event")
            )
        return lines
    title = p.title if p.title is not None else pick(lang, "(제목 없음)", "(no title)")
    if p.kind == "update" and p.targets:
        t = p.targets[0]
        lines.append(
            pick(lang, "지금: ", "Now: ")
            + f"{quote(t.title, lang)} · {target_when(t, lang, zone, today)}"
            + (f" · {t.location}" if t.location else "")
        )
        head = pick(lang, "변경: ", "New: ")
    else:
        head = ""
    lines.append(
        head + f"{quote(title, lang)} · {when(p.start, p.end, p.all_day, lang, zone, today)}"
    )
    if p.location:
        lines.append(pick(lang, f"장소: {p.location}", f"Where: {p.location}"))
    repeat = repeat_phrase(p.rrule, lang, p.start, today)
    if repeat:
        lines.append(pick(lang, f"반복: {repeat}", f"Repeats: {repeat}"))
    if p.kind == "update" and p.targets and p.targets[0].recurring:
        lines.append(
            pick(lang, "반복 일정 전체", "the whole repeating series")
            if p.whole_series
            else pick(lang, "반복 일정 중 이번 한 번만", "only this one of a repeating event")
        )
    if p.kind == "create" and p.calendar_name:
        lines.append(pick(lang, f"캘린더: {p.calendar_name}", f"Calendar: {p.calendar_name}"))
    return lines


def _headline(p: Proposal, zone: tzinfo, today: date) -> str:
    """One sentence naming what and when; questions still open replace the plain ask."""
    lang = p.language
    if p.kind == "delete":
        if len(p.targets) == 1:
            t = p.targets[0]
            span = target_when(t, lang, zone, today)
            if p.whole_series:
                return pick(
                    lang,
                    f"{quote(t.title, lang)} 반복 일정 전체를 삭제할까요?",
                    f"Delete the whole repeating series {quote(t.title, lang)}?",
                )
            return pick(
                lang,
                f"{quote(t.title, lang)} 일정을 삭제할까요? ({span})",
                f"Delete {quote(t.title, lang)} ({span})?",
            )
        n = len(p.targets)
        names = titles_list([t.title for t in p.targets], lang)
        return pick(lang, f"일정 {n}개를 삭제할까요? {names}", f"Delete {n} events: {names}?")
    span = when(p.start, p.end, p.all_day, lang, zone, today)
    if p.kind == "update":
        old = p.targets[0] if p.targets else None
        name = quote(old.title if old else p.title or "", lang)
        before = target_when(old, lang, zone, today) if old else ""
        text = pick(
            lang, f"{name} 일정을 바꿀까요? {before} → {span}", f"Change {name}? {before} → {span}"
        )
        if old is not None and p.title and p.title != old.title:
            text += pick(lang, f" (제목: {p.title})", f" (title: {p.title})")
        if old is not None and p.location and p.location != old.location:
            text += pick(lang, f" (장소: {p.location})", f" (at {p.location})")
        return text
    place = pick(lang, f" (장소: {p.location})", f" (at {p.location})") if p.location else ""
    if p.title is None:
        if p.start is None:
            return p.question or ""
        return pick(
            lang,
            f"{span}에 무슨 일정인가요? 제목을 알려 주세요.",
            f"What is it on {span}? Tell me a title.",
        )
    title = p.title
    if p.question_kind == "when":
        return pick(
            lang,
            f"{quote(title, lang, '은/는')} 언제로 할까요? (예: 내일 오후 3시)",
            f"When should {quote(title, lang)} be? (e.g. tomorrow at 3pm)",
        )
    if p.question_kind == "time":
        return f"{quote(title, lang)} · {span}{place}\n{p.question}"
    if p.all_day:
        day = span.removesuffix(" 종일").removesuffix(" (all day)")
        return pick(
            lang,
            f"{quote(title, lang, '을/를')} {day} 종일 일정으로 추가할까요?{place}",
            f"Add {quote(title, lang)} as an all-day event on {day}?{place}",
        )
    return pick(
        lang,
        f"{quote(title, lang, '을/를')} {span}에 추가할까요?{place}",
        f"Add {quote(title, lang)} on {span}?{place}",
    )


def proposal_text(p: Proposal, zone: tzinfo, today: date) -> str:
    """The reply offering a proposal: one sentence with what and when (and the open
    question), then the warnings. The card (``card_lines``) carries the details."""
    return "\n".join([_headline(p, zone, today), *(f"⚠ {w}" for w in p.warnings)])


def titles_list(titles: Sequence[str], lang: Language, limit: int = 3) -> str:
    shown = [quote(t, lang) for t in titles[:limit]]
    more = len(titles) - len(shown)
    text = ", ".join(shown)
    if more > 0:
        text += pick(lang, f" 외 {more}개", f" and {more} more")
    return text
