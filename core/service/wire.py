"""The sync protocol's wire types, shared by the service and the client (core/sync).

Only pydantic and the standard library here, so the desktop client can import it without
the server's dependencies.

Push (``POST /v1/push``, body :class:`PushRequest`, answer :class:`PushResponse`): an
ordered batch of :class:`Mutation`. Each carries the device's next mutation id, the entity
(kind + id), ``op`` ("upsert" or "delete"), the entity's full portable ``data``
(core.store.codec ``*_to_dict`` without ``deleted``), the names of the fields the device
``changed`` (None = all of ``data``), and what it had seen: ``field_versions`` (per field, the
service version at which the device last saw that field) falling back to ``base_version``.
``google_updated`` marks an event change that copies Google's own state (see Mutation).

Pull (``GET /v1/pull?cursor=N&limit=M``, answer :class:`PullPage`): rows changed after the
cursor, in version order, tombstones included, with each row's per-field versions.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION = 1
SCHEMA_HEADER = "X-Iljeong-Schema"

Kind = Literal["event", "calendar", "chat_turn", "conflict"]
KINDS: tuple[str, ...] = ("event", "calendar", "chat_turn", "conflict")

#: Fields that never conflict (bookkeeping, preferences, a conflict's own record): a change
#: to them applies in arrival order. ``id`` and ``created_at`` never change after the first
#: write; ``updated_at`` is carried along by any mutation that applies something.
PASSIVE_FIELDS: dict[str, frozenset[str]] = {
    "event": frozenset(
        {"id", "created_at", "updated_at", "source", "source_ref", "google_event_id"}
    ),
    # Calendars settle by arrival order: a rename or recolour is not worth a question.
    "calendar": frozenset(
        {
            "id",
            "created_at",
            "updated_at",
            "name",
            "color",
            "google_calendar_id",
            "selected",
            "is_default",
            "time_zone",
        }
    ),
    "chat_turn": frozenset(),
    "conflict": frozenset(
        {
            "id",
            "entity",
            "entity_id",
            "target",
            "fields",
            "local",
            "remote",
            "base",
            "created_at",
            "resolved_at",
            "resolution",
        }
    ),
}

#: Fields that change together: when one of them conflicts, the mutation's changes to the
#: others conflict too (an event's start from one device and end from another could make
#: an event that ends before it starts).
FIELD_GROUPS: dict[str, tuple[frozenset[str], ...]] = {
    "event": (
        frozenset({"all_day", "tz", "start_ts", "end_ts", "start_date", "end_date"}),
        frozenset({"rrule", "exdates", "rdates"}),
    ),
}

#: The pseudo-field that versions a row's deletion in ``field_versions``.
DELETED = "deleted"


class Mutation(BaseModel):
    mutation_id: int | None = Field(
        default=None,
        ge=1,
        description="Per-device, strictly increasing by one; None: the next one (no retry safety)",
    )
    kind: Kind
    id: str = Field(min_length=1, max_length=200)
    op: Literal["upsert", "delete"] = "upsert"
    data: dict[str, Any] = Field(default_factory=dict)
    changed: list[str] | None = None
    base_version: int | None = Field(default=None, ge=0)
    field_versions: dict[str, int] | None = None
    #: An event whose changed fields are exactly Google's copy (the device's Google base):
    #: that copy's ``updated`` in ms. Two Google copies of a field are ordered by it, never
    #: by arrival and never as a conflict. None: a change of the device's own (old clients).
    google_updated: int | None = Field(default=None, ge=0)
    #: An event change of the device's own made on a Google copy (the device's Google base,
    #: not equal to the change): ``{"u": that copy's updated (ms), "v": {field: its value}}``.
    #: The service keeps it per written field as the Google version the value was made on,
    #: so a later copy of that version (or of an older one) is known to be stale.
    google_based_on: dict[str, Any] | None = None


Status = Literal["applied", "conflict", "rejected"]


class MutationResult(BaseModel):
    mutation_id: int
    status: Status
    #: The row's version after the mutation (None: nothing stored, e.g. a delete of a row
    #: the service never had).
    version: int | None = None
    #: For each sent field whose service value now equals the sent value (applied, or equal
    #: already): its version. Conflicting fields are absent.
    field_versions: dict[str, int] = Field(default_factory=dict)
    conflict_id: str | None = None
    error: str | None = None
    replayed: bool = False


class PushRequest(BaseModel):
    device_id: str
    mutations: list[Mutation] = Field(max_length=500)


class PushResponse(BaseModel):
    results: list[MutationResult]
    last_mutation_id: int
    version: int


class Change(BaseModel):
    kind: Kind
    id: str
    version: int
    deleted: bool
    data: dict[str, Any]
    field_versions: dict[str, int]


class PullPage(BaseModel):
    changes: list[Change]
    cursor: int
    has_more: bool
    last_mutation_id: int
