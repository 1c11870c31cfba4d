"""The values the chat dialog hands to its front ends (desktop pane, CLI) and persists.

Times follow the ``Event`` rules: timed values are aware datetimes in the proposal's zone,
all-day values are dates with an **exclusive** end. ``to_json`` writes times in the corpus
format (``YYYY-MM-DD`` or ISO 8601 with offset and seconds); ``from_json`` reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from core.model import EventTime, Occurrence
from core.nlu.result import ParseResult
from core.timeutil import format_event_time, get_zone

ProposalKind = Literal["create", "update", "delete"]
QuestionKind = Literal["title", "when", "time"]
Language = Literal["ko", "en"]


def encode_point(value: EventTime | None) -> str | None:
    return None if value is None else format_event_time(value)


def decode_point(text: str | None, tz: str) -> EventTime | None:
    if text is None:
        return None
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text).astimezone(get_zone(tz))


def _lang(value: object) -> Language:
    return "en" if value == "en" else "ko"


@dataclass(frozen=True, slots=True)
class Target:
    """One existing occurrence an update or delete acts on (as it was when proposed)."""

    event_id: str  # the stored event: a series for its regular instances, else itself
    title: str
    start: EventTime
    end: EventTime
    all_day: bool
    tz: str
    location: str = ""
    series_id: str | None = None  # set when the occurrence belongs to a repeating series
    instance_start: EventTime | None = None  # the series' own start of this instance

    @property
    def recurring(self) -> bool:
        return self.series_id is not None

    @classmethod
    def of(cls, occ: Occurrence) -> Target:
        ev = occ.event
        return cls(
            event_id=ev.id,
            title=ev.title,
            start=occ.start,
            end=occ.end,
            all_day=ev.all_day,
            tz=ev.tz,
            location=ev.location,
            series_id=occ.series_id if occ.is_recurring else None,
            instance_start=occ.instance_start if occ.is_recurring else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "title": self.title,
            "start": encode_point(self.start),
            "end": encode_point(self.end),
            "all_day": self.all_day,
            "tz": self.tz,
            "location": self.location or None,
            "series_id": self.series_id,
            "instance_start": encode_point(self.instance_start),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Target:
        tz = str(data["tz"])
        start = decode_point(data["start"], tz)
        end = decode_point(data["end"], tz)
        assert start is not None and end is not None
        return cls(
            event_id=str(data["event_id"]),
            title=str(data["title"]),
            start=start,
            end=end,
            all_day=bool(data["all_day"]),
            tz=tz,
            location=data.get("location") or "",
            series_id=data.get("series_id"),
            instance_start=decode_point(data.get("instance_start"), tz),
        )


@dataclass(frozen=True, slots=True)
class Edit:
    """The changes one message asks for (from a ParseResult), kept as the parser gave them.

    ``start``/``end`` are the parser's values (an all-day ``end`` is the inclusive last
    day); ``date_given``/``time_given`` say which parts the text named, so "4시로" keeps
    the day and "내일로" keeps the clock time.
    """

    start: EventTime | None = None
    end: EventTime | None = None
    all_day: bool = False
    location: str | None = None
    title: str | None = None
    shift: timedelta | None = None
    date_given: bool = False
    time_given: bool = False

    @classmethod
    def of(cls, parse: ParseResult, *, title: str | None = None) -> Edit:
        return cls(
            start=parse.start,
            end=parse.end,
            all_day=parse.all_day,
            location=parse.location,
            title=title if title is not None else parse.new_title,
            shift=parse.shift,
            date_given=parse.date_given,
            time_given=parse.time_given,
        )

    @property
    def empty(self) -> bool:
        return (
            self.start is None
            and self.end is None
            and not self.all_day
            and not self.location
            and not self.title
            and not self.shift
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "start": encode_point(self.start),
            "end": encode_point(self.end),
            "all_day": self.all_day,
            "location": self.location,
            "title": self.title,
            "shift_seconds": None if self.shift is None else int(self.shift.total_seconds()),
            "date_given": self.date_given,
            "time_given": self.time_given,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], tz: str) -> Edit:
        seconds = data.get("shift_seconds")
        return cls(
            start=decode_point(data.get("start"), tz),
            end=decode_point(data.get("end"), tz),
            all_day=bool(data.get("all_day")),
            location=data.get("location"),
            title=data.get("title"),
            shift=None if seconds is None else timedelta(seconds=int(seconds)),
            date_given=bool(data.get("date_given")),
            time_given=bool(data.get("time_given")),
        )


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the assistant offers to do; nothing happens until it is confirmed.

    create: the new event's fields (``start`` None while the date is unknown, ``title``
    None while the name is unknown; ``question`` then asks for it). update: the new values
    for the one target; delete: the targets. ``id`` becomes the id of a created event, so
    a proposal can never be saved twice.
    """

    kind: ProposalKind
    id: str
    title: str | None
    start: EventTime | None
    end: EventTime | None
    all_day: bool
    tz: str
    calendar_id: str
    calendar_name: str
    location: str = ""
    rrule: str | None = None
    targets: tuple[Target, ...] = ()
    whole_series: bool = False
    warnings: tuple[str, ...] = ()
    question: str | None = None
    question_kind: QuestionKind | None = None
    #: An existing event that looks the same (create); saving needs insisting.
    duplicate_of: str | None = None
    #: The user has been told about the duplicate once; the next confirm saves.
    duplicate_acknowledged: bool = False
    #: The user asked for an all-day event ("종일"), so no time question.
    explicit_all_day: bool = False
    language: Language = "ko"
    #: The user turn that asked for it (the created event's ``source_ref``).
    source_turn_id: str | None = None
    #: Where the event came from: "chat", or "image" with the image's content hash.
    origin: str = "chat"
    image_sha256: str | None = None

    @property
    def target_ids(self) -> tuple[str, ...]:
        return tuple(t.event_id for t in self.targets)

    @property
    def complete(self) -> bool:
        """Has everything a save needs (a title and a start)."""
        return self.kind != "create" or (self.title is not None and self.start is not None)

    def evolve(self, **changes: Any) -> Proposal:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "start": encode_point(self.start),
            "end": encode_point(self.end),
            "all_day": self.all_day,
            "tz": self.tz,
            "calendar_id": self.calendar_id,
            "calendar_name": self.calendar_name,
            "location": self.location or None,
            "rrule": self.rrule,
            "targets": [t.to_json() for t in self.targets],
            "target_ids": list(self.target_ids),
            "whole_series": self.whole_series,
            "warnings": list(self.warnings),
            "question": self.question,
            "question_kind": self.question_kind,
            "duplicate_of": self.duplicate_of,
            "duplicate_acknowledged": self.duplicate_acknowledged,
            "explicit_all_day": self.explicit_all_day,
            "language": self.language,
            "source_turn_id": self.source_turn_id,
            "origin": self.origin,
            "image_sha256": self.image_sha256,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Proposal:
        tz = str(data["tz"])
        kind = data["kind"]
        if kind not in ("create", "update", "delete"):
            raise ValueError(f"unknown proposal kind {kind!r}")
        question_kind = data.get("question_kind")
        if question_kind not in ("title", "when", "time", None):
            question_kind = None
        return cls(
            kind=kind,
            id=str(data["id"]),
            title=data.get("title"),
            start=decode_point(data.get("start"), tz),
            end=decode_point(data.get("end"), tz),
            all_day=bool(data.get("all_day")),
            tz=tz,
            calendar_id=str(data["calendar_id"]),
            calendar_name=str(data.get("calendar_name") or ""),
            location=data.get("location") or "",
            rrule=data.get("rrule"),
            targets=tuple(Target.from_json(t) for t in data.get("targets") or ()),
            whole_series=bool(data.get("whole_series")),
            warnings=tuple(str(w) for w in data.get("warnings") or ()),
            question=data.get("question"),
            question_kind=question_kind,
            duplicate_of=data.get("duplicate_of"),
            duplicate_acknowledged=bool(data.get("duplicate_acknowledged")),
            explicit_all_day=bool(data.get("explicit_all_day")),
            language=_lang(data.get("language")),
            source_turn_id=data.get("source_turn_id"),
            origin="image" if data.get("origin") == "image" else "chat",
            image_sha256=data.get("image_sha256"),
        )


def occurrence_json(occ: Occurrence) -> dict[str, Any]:
    """One listed occurrence (query answers): all-day ends exclusive, as in ``events list``."""
    ev = occ.event
    return {
        "id": ev.id,
        "title": ev.title,
        "start": format_event_time(occ.start),
        "end": format_event_time(occ.end),
        "all_day": ev.all_day,
        "location": ev.location or None,
        "rrule": ev.rrule,
        "calendar": ev.calendar_id,
        "tz": ev.tz,
        "recurring_event_id": occ.series_id if occ.is_recurring else None,
        "instance_start": format_event_time(occ.instance_start) if occ.is_recurring else None,
    }


@dataclass(frozen=True, slots=True)
class Reply:
    """The assistant's answer to one message or button."""

    text: str
    language: Language = "ko"
    proposal: Proposal | None = None
    #: Every proposal waiting for an answer, the current one (``proposal``) first: an
    #: image may hold several events, each confirmed or cancelled on its own.
    proposals: tuple[Proposal, ...] = ()
    saved_event_ids: tuple[str, ...] = ()
    updated_event_ids: tuple[str, ...] = ()
    deleted_event_ids: tuple[str, ...] = ()
    #: Occurrences a query found (series expanded), in display order.
    events: tuple[Occurrence, ...] = ()
    #: Ambiguous targets: the user answers with their number (1-based).
    choices: tuple[Target, ...] = ()
    intent: str | None = None
    path: Literal["rules", "llm"] = "rules"
    can_undo: bool = False
    #: Set when the reply reports a failure (bad input, a refused change).
    error: bool = False
    #: The stored assistant turn of this reply.
    turn_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "language": self.language,
            "intent": self.intent,
            "proposal": None if self.proposal is None else self.proposal.to_json(),
            "proposals": [p.to_json() for p in self.proposals],
            "saved_event_ids": list(self.saved_event_ids),
            "updated_event_ids": list(self.updated_event_ids),
            "deleted_event_ids": list(self.deleted_event_ids),
            "events": [occurrence_json(o) for o in self.events],
            "choices": [{"number": i, **t.to_json()} for i, t in enumerate(self.choices, 1)],
            "path": self.path,
            "can_undo": self.can_undo,
            "error": self.error,
        }
