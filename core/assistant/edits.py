"""Applying one message's changes ("4시로", "내일로", "30분 늦춰줘", "5시까지", "장소는 강남역",
"제목은 팀 회식", "종일로") to a pending proposal or to an existing event's fields."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from core import editing
from core.assistant.types import Edit, Language
from core.model import EventTime
from core.timeutil import absolute_duration, add_absolute, get_zone

_DAY = timedelta(days=1)


class EditRefused(Exception):
    """A change that cannot be made; carries the reason in both languages."""

    def __init__(self, ko: str, en: str) -> None:
        super().__init__(en)
        self.ko, self.en = ko, en

    def text(self, lang: Language) -> str:
        return self.en if lang == "en" else self.ko


NEED_START = EditRefused(
    "먼저 날짜와 시간을 알려 주세요. (예: 내일 오후 3시)",
    "Tell me the date and time first (e.g. tomorrow at 3pm).",
)


@dataclass(frozen=True, slots=True)
class Fields:
    """The editable fields of an event or proposal (all-day ``end`` exclusive)."""

    title: str | None
    start: EventTime | None
    end: EventTime | None
    all_day: bool
    location: str
    tz: str


def _local_date(value: EventTime, tz: str) -> date:
    return value.astimezone(get_zone(tz)).date() if isinstance(value, datetime) else value


def _at(day: date, clock: datetime, tz: str) -> datetime:
    zone = get_zone(tz)
    local = clock.astimezone(zone)
    return datetime(day.year, day.month, day.day, local.hour, local.minute, tzinfo=zone)


def _length(f: Fields, default: timedelta) -> timedelta:
    if (
        not f.all_day
        and isinstance(f.start, datetime)
        and isinstance(f.end, datetime)
        and f.end > f.start
    ):
        return absolute_duration(f.start, f.end)
    return default


def _days(f: Fields) -> timedelta:
    if f.all_day and isinstance(f.start, date) and isinstance(f.end, date) and f.end > f.start:
        return timedelta(days=(f.end - f.start).days)
    return _DAY


def _shifted(f: Fields, delta: timedelta) -> Fields:
    if f.start is None or f.end is None:
        raise NEED_START
    if f.all_day:
        if delta % _DAY:
            raise EditRefused(
                "종일 일정은 날짜 단위로만 옮길 수 있어요. 시간을 정하려면 '3시로'처럼 말해 주세요.",
                "An all-day event moves by whole days; say e.g. “at 3pm” to give it a time.",
            )
        return replace(f, start=f.start + delta, end=f.end + delta)
    return replace(
        f, start=editing.shift(f.start, delta, f.tz), end=editing.shift(f.end, delta, f.tz)
    )


def _new_start(f: Fields, e: Edit, default: timedelta) -> Fields:
    value = e.start
    assert value is not None
    if isinstance(value, datetime):
        start = value.astimezone(get_zone(f.tz))
        if e.time_given and not e.date_given and f.start is not None:
            start = _at(_local_date(f.start, f.tz), start, f.tz)  # "4시로": keep the day
        return replace(f, start=start, end=add_absolute(start, _length(f, default)), all_day=False)
    # a date
    if e.all_day or f.start is None:
        return replace(f, start=value, end=value + _days(f), all_day=True)
    if f.all_day:
        return replace(f, start=value, end=value + _days(f))
    # "내일로": the new day, the same clock time and length
    assert isinstance(f.start, datetime)
    start = _at(value, f.start, f.tz)
    return replace(f, start=start, end=add_absolute(start, _length(f, default)))


def _new_end(f: Fields, e: Edit) -> Fields:
    value = e.end
    assert value is not None
    if f.start is None:
        raise NEED_START
    if isinstance(value, datetime):
        if f.all_day or not isinstance(f.start, datetime):
            raise EditRefused(
                "종일 일정이라 끝나는 시간만 정할 수 없어요. 시작 시간도 알려 주세요.",
                "This is an all-day event; tell me the start time too.",
            )
        end = value.astimezone(get_zone(f.tz))
        if not e.date_given:  # "5시까지": on the start's day (or the next, for midnight)
            end = _at(_local_date(f.start, f.tz), end, f.tz)
            if end <= f.start:
                end = _at(_local_date(f.start, f.tz) + _DAY, end, f.tz)
        return replace(f, end=end)
    # a date: the inclusive last day of an all-day span
    first = _local_date(f.start, f.tz)
    return replace(f, start=first, end=value + _DAY, all_day=True)


def apply_edit(f: Fields, e: Edit, default_duration: timedelta) -> Fields:
    """``f`` with the changes of ``e``; raises EditRefused for a change that makes no sense."""
    if e.shift:
        f = _shifted(f, e.shift)
    if e.start is not None:
        f = _new_start(f, e, default_duration)
    if e.end is not None:
        f = _new_end(f, e)
    elif e.all_day and e.start is None:
        if f.start is None:
            raise NEED_START
        if not f.all_day:  # "종일로 바꿔줘"
            day = _local_date(f.start, f.tz)
            f = replace(f, start=day, end=day + _DAY, all_day=True)
    if e.location:
        f = replace(f, location=e.location)
    if e.title:
        f = replace(f, title=e.title)
    if f.start is not None and f.end is not None:
        bad = (
            f.end <= f.start if f.all_day else absolute_duration(f.start, f.end) <= timedelta(0)  # type: ignore[arg-type]
        )
        if bad:
            raise EditRefused(
                "끝나는 시간이 시작 시간보다 빨라요. 다시 알려 주세요.",
                "That would end before it starts; please try again.",
            )
    return f
