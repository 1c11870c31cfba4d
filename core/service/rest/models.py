"""Request and response bodies of the REST API (/api/v1), as pydantic models.

They are the OpenAPI document: every field has a type, bounds and a description, so a
client generated from /openapi.json (or schemathesis) knows exactly what is accepted.
Times in requests must carry an offset (``AwareDatetime``): a naive time is a 422, never a
guess. Events leave the API in one readable shape (``EventOut``) whatever the sync wire
format is.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

#: No NUL characters anywhere: PostgreSQL text and jsonb cannot hold them (a 422, not a 500).
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
ShortText = Annotated[str, StringConstraints(max_length=500, pattern=NO_NUL)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=NO_NUL)]
IDENTIFIER = r"^[A-Za-z0-9_.:-]+$"
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=IDENTIFIER)]
ZoneName = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NO_NUL)]
Rule = Annotated[str, StringConstraints(max_length=500, pattern=NO_NUL)]
EventPoint = AwareDatetime | date


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(BaseModel):
    """Every 4xx answer: a sentence fit to show the user."""

    detail: str | list[dict[str, Any]] = Field(
        description="What was wrong (a list of field errors for a 422 from validation)"
    )


# -- auth ------------------------------------------------------------------------------------


class GoogleLoginRequest(_Strict):
    id_token: Annotated[str, StringConstraints(min_length=1, max_length=8192)] = Field(
        description="The Google ID token from the desktop sign-in (scope openid email)"
    )
    device_id: Identifier | None = Field(
        default=None,
        description="This installation's device id from an earlier sign-in (default: a new "
        "device is registered)",
    )
    device_name: ShortText | None = Field(
        default=None, description="A name for this device, shown in the device list"
    )


class RefreshRequest(_Strict):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=512)] = Field(
        description="The refresh token of the last session answer; it is rotated on use"
    )


class UserOut(BaseModel):
    id: str = Field(description="The user's id on this service")
    email: str | None = None
    device_id: str = Field(description="The device the presented token belongs to")


class SessionOut(BaseModel):
    access_token: str = Field(description="A short-lived bearer token (JWT)")
    refresh_token: str = Field(description="Exchange it at /api/v1/auth/google/refresh")
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires")
    user: UserOut | None = None


class LogoutOut(BaseModel):
    logged_out: bool = True


# -- calendar --------------------------------------------------------------------------------


class Attendee(_Strict):
    email: Annotated[str, StringConstraints(min_length=3, max_length=320, pattern=NO_NUL)]
    name: ShortText | None = None
    response: Literal["needsAction", "declined", "tentative", "accepted"] = "needsAction"


class AttendeeOut(BaseModel):
    email: str
    name: str | None = None
    response: str


class EventIn(_Strict):
    """A new event. Timed: ``start``/``end`` with offsets and an IANA ``time_zone``.
    All-day: ``all_day`` true and dates, ``end`` exclusive (the day after the last)."""

    id: Identifier | None = Field(
        default=None,
        description="Optional client-chosen id (UUID): a retried create with the same id "
        "and fields is answered with the stored event instead of a second one",
    )
    title: Title
    start: EventPoint
    end: EventPoint | None = Field(
        default=None, description="Default: one hour after a timed start, the next day all-day"
    )
    all_day: bool = False
    time_zone: ZoneName | None = Field(
        default=None,
        description="IANA zone of a timed event (its repeats follow it); default: the "
        "server's zone",
    )
    description: Text = ""
    location: ShortText = ""
    rrule: Rule | None = Field(
        default=None, description="RFC 5545 RRULE without the 'RRULE:' prefix"
    )
    reminders: (
        Annotated[list[Annotated[int, Field(ge=0, le=40320)]], Field(max_length=5)] | None
    ) = None
    attendees: Annotated[list[Attendee], Field(max_length=100)] = Field(default_factory=list)
    calendar_id: Identifier | None = Field(
        default=None, description="Default: the user's default calendar"
    )


class EventPatch(_Strict):
    """The fields to change; fields left out keep their values."""

    title: Title | None = None
    start: EventPoint | None = None
    end: EventPoint | None = None
    all_day: bool | None = None
    time_zone: ZoneName | None = None
    description: Text | None = None
    location: ShortText | None = None
    rrule: Rule | None = None
    clear_rrule: bool = Field(default=False, description="Stop repeating (rrule = none)")
    reminders: (
        Annotated[list[Annotated[int, Field(ge=0, le=40320)]], Field(max_length=5)] | None
    ) = None
    attendees: Annotated[list[Attendee], Field(max_length=100)] | None = None
    calendar_id: Identifier | None = None
    base_version: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="The event's version this edit was made on; a field someone else "
        "changed since then is kept and the edit becomes a conflict record. Default: the "
        "current version (the edit wins)",
    )


class EventOut(BaseModel):
    id: str
    calendar_id: str
    title: str
    start: datetime | date
    end: datetime | date
    all_day: bool
    time_zone: str
    description: str
    location: str
    rrule: str | None
    exdates: list[datetime | date]
    recurring_event_id: str | None
    original_start: datetime | date | None
    cancelled: bool
    reminders: list[int] | None
    attendees: list[AttendeeOut]
    source: str
    version: int = Field(description="Server version of the last change (for base_version)")
    created_at: datetime
    updated_at: datetime


class OccurrenceOut(BaseModel):
    event_id: str = Field(description="The event (or changed instance) this instance shows")
    series_id: str | None = Field(description="The repeating series, if it is one")
    title: str
    start: datetime | date
    end: datetime | date
    all_day: bool
    location: str


class EventListOut(BaseModel):
    events: list[EventOut] = Field(description="Events with an instance in the range")
    occurrences: list[OccurrenceOut] = Field(
        description="Every instance in the range (repeating events expanded), in order"
    )


class MutationOut(BaseModel):
    """What happened to a write: applied, or kept as a conflict for the user to settle."""

    status: Literal["applied", "duplicate", "conflict"]
    event: EventOut | None = None
    conflict_id: str | None = None


class CalendarSyncRequest(_Strict):
    cursor: Annotated[int, Field(ge=0)] = Field(
        default=0, description="The cursor of the last answer (0: from the beginning)"
    )
    limit: Annotated[int, Field(ge=1, le=1000)] = 500


class ChangeOut(BaseModel):
    entity: str
    id: str
    version: int
    deleted: bool
    fields: dict[str, Any]


class CalendarSyncOut(BaseModel):
    changes: list[ChangeOut]
    cursor: int = Field(description="Pass it back to get the changes after these")
    has_more: bool


# -- chat ------------------------------------------------------------------------------------


class ChatMessageIn(_Strict):
    text: Annotated[str, StringConstraints(max_length=10_000)]
    conversation_id: Identifier = "default"
    now: AwareDatetime | None = Field(
        default=None, description="The client's current time (default: the server's)"
    )
    time_zone: ZoneName | None = Field(default=None, description="The user's IANA zone")


class IntentIn(_Strict):
    text: Annotated[str, StringConstraints(max_length=10_000)]
    now: AwareDatetime | None = None
    time_zone: ZoneName | None = None


class IntentOut(BaseModel):
    """The understanding of one message (the corpus fields plus the dialog extras)."""

    intent: Literal["create", "query", "update", "delete", "confirm", "cancel", "other"]
    title: str | None
    start: str | None
    end: str | None
    all_day: bool
    location: str | None
    rrule: str | None
    query_range: list[str | None] | None
    language: Literal["ko", "en"]
    confidence: float
    path: Literal["rules", "llm"]
    details: dict[str, Any] = Field(description="Shift, new title, target time …")


class ChatTurnOut(BaseModel):
    id: str
    conversation_id: str
    role: Literal["user", "assistant"]
    text: str
    intent: dict[str, Any] | None
    proposal: dict[str, Any] | None
    created_at: datetime


class ChatReplyOut(BaseModel):
    reply: str = Field(description="The assistant's answer to show")
    language: Literal["ko", "en"]
    intent: str | None
    proposal: dict[str, Any] | None = Field(
        description="What the assistant offers to do; confirm with a message such as '네'"
    )
    saved_event_ids: list[str]
    updated_event_ids: list[str]
    deleted_event_ids: list[str]
    events: list[dict[str, Any]] = Field(description="Occurrences a question found")
    choices: list[dict[str, Any]]
    error: bool
    turns: list[ChatTurnOut] = Field(description="The stored user and assistant turns")


class ChatHistoryOut(BaseModel):
    turns: list[ChatTurnOut]


# -- images ----------------------------------------------------------------------------------

JobState = Literal["queued", "running", "done", "failed", "cancelled"]


class ImageJobOut(BaseModel):
    job_id: str
    status: JobState
    created_at: datetime
    finished_at: datetime | None = None
    error: str | None = None
    error_kind: Literal["rejected", "unavailable", "cancelled", "internal"] | None = Field(
        default=None,
        description="Why it failed: the image, the server's OCR setup, a cancel, or a bug",
    )
    result: dict[str, Any] | None = Field(
        default=None,
        description='When done: {"file","text","events":[{"title","start","end",'
        '"all_day","location"}],"ms"}',
    )


class ExtractEventOut(BaseModel):
    job_id: str
    text: str
    events: list[dict[str, Any]]
    ms: float
    cached: bool
