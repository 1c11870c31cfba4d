"""The one result type every understanding path produces (rules, LLM, OCR text).

The first eight fields are exactly the corpus fields of ../shared/corpus/CONVENTIONS.md;
the rest carry what the dialog needs beyond them (relative shifts, the target's clock
time, "the whole series", "the one I just added", which language and path answered).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from core.timeutil import format_event_time

Intent = Literal["create", "query", "update", "delete", "confirm", "cancel", "other"]
INTENTS: tuple[Intent, ...] = ("create", "query", "update", "delete", "confirm", "cancel", "other")
Language = Literal["ko", "en"]
Path = Literal["rules", "llm"]

EventPoint = date | datetime
QueryRange = tuple[datetime, datetime | None]


@dataclass(frozen=True, slots=True)
class ParseResult:
    intent: Intent
    title: str | None = None
    #: Timed: aware datetime. All-day: a date. For update, the *new* values; a bare date
    #: with ``all_day`` False means "move to this date, keep the time".
    start: EventPoint | None = None
    #: All-day ends are the last day, inclusive (corpus convention), or None for one day.
    end: EventPoint | None = None
    all_day: bool = False
    location: str | None = None
    rrule: str | None = None
    #: [start, end) for query/update/delete; end None = open-ended.
    query_range: QueryRange | None = None

    # -- beyond the corpus fields -------------------------------------------------------
    language: Language = "ko"
    #: Relative move of an existing event or pending proposal: "30분 늦춰줘" = +30 min.
    shift: timedelta | None = None
    #: "제목은 팀 회식" / "rename to ..." on an update.
    new_title: str | None = None
    #: Update/delete: the clock time that identifies the target ("3시 미팅" → today 15:00).
    target_start: datetime | None = None
    #: Delete/update the whole recurring series ("매주 수요일 수영 일정 다 없애줘").
    whole_series: bool = False
    #: "방금 등록한 거", "the one I just added".
    last_created: bool = False
    #: "일정 전부", "everything on ...": every event in query_range is targeted.
    everything: bool = False
    #: "그래도 추가해", "add it anyway": save despite a duplicate.
    insist: bool = False
    #: Create: the text named a date / a clock time (a missing time asks one question).
    date_given: bool = False
    time_given: bool = False
    #: 0..1; below ~0.6 the engine is unsure and an LLM (if configured) may be asked.
    confidence: float = 1.0
    path: Path = "rules"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def evolve(self, **changes: Any) -> ParseResult:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """The corpus fields in the corpus formats."""
        return {
            "intent": self.intent,
            "title": self.title,
            "start": None if self.start is None else format_event_time(self.start),
            "end": None if self.end is None else format_event_time(self.end),
            "all_day": self.all_day,
            "location": self.location,
            "rrule": self.rrule,
            "query_range": None
            if self.query_range is None
            else [
                format_event_time(self.query_range[0]),
                None if self.query_range[1] is None else format_event_time(self.query_range[1]),
            ],
        }

    def to_full_json(self) -> dict[str, Any]:
        """The corpus fields plus the dialog extras (for `--json` replies and logs)."""
        out = self.to_json()
        out.update(
            language=self.language,
            shift_minutes=None if self.shift is None else int(self.shift.total_seconds() // 60),
            new_title=self.new_title,
            target_start=None
            if self.target_start is None
            else format_event_time(self.target_start),
            whole_series=self.whole_series,
            last_created=self.last_created,
            everything=self.everything,
            insist=self.insist,
            date_given=self.date_given,
            time_given=self.time_given,
            confidence=round(self.confidence, 3),
            path=self.path,
        )
        return out


def nothing(intent: Intent, language: Language = "ko", confidence: float = 1.0) -> ParseResult:
    """A result with every extraction field empty (confirm, cancel, other)."""
    return ParseResult(intent=intent, language=language, confidence=confidence)
