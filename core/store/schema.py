"""SQLAlchemy Core tables of the local store (the Alembic migrations create them).

Times: timed events keep UTC epoch seconds plus their IANA zone; all-day events keep ISO
dates with an exclusive end. ``range_start``/``range_end`` (epoch seconds, NULL = open
ended) bound every instance of an event, widened by ±14 h for floating all-day dates, so
an indexed query finds every candidate for a visible range. Events shorter than
``SHORT_SPAN`` (nearly all) are found by an exact range on ``range_start``; series and long
events carry ``long_span`` and are read apart.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

SHORT_SPAN_SECONDS = 3 * 86400

metadata = MetaData()

calendars = Table(
    "calendars",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", Text, nullable=False),
    Column("color", String(16), nullable=False),
    Column("google_calendar_id", Text),
    Column("selected", Boolean, nullable=False, default=True),
    Column("is_default", Boolean, nullable=False, default=False),
    Column("time_zone", Text),
    Column("created_at", Integer, nullable=False),
    Column("updated_at", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("calendar_id", String(36), ForeignKey("calendars.id"), nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("location", Text, nullable=False, default=""),
    Column("all_day", Boolean, nullable=False),
    Column("tz", Text, nullable=False),
    Column("start_ts", Integer),
    Column("end_ts", Integer),
    Column("start_date", String(10)),
    Column("end_date", String(10)),
    Column("rrule", Text),
    Column("exdates", Text),  # JSON list of ISO values
    Column("rdates", Text),
    Column("recurring_event_id", String(36)),
    Column("original_start", Text),
    Column("cancelled", Boolean, nullable=False, default=False),
    Column("reminders", Text),  # JSON list of minutes, NULL = calendar default
    Column("attendees", Text),
    Column("source", String(16), nullable=False),
    Column("source_ref", Text),
    Column("google_event_id", Text),
    Column("google_etag", Text),
    Column("last_synced_at", Integer),
    Column("created_at", Integer, nullable=False),
    Column("updated_at", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("revision", Integer, nullable=False, default=1),
    Column("range_start", Integer, nullable=False),
    Column("range_end", Integer),
    Column("long_span", Boolean, nullable=False, default=False),
    Index(
        "ix_events_span",
        "deleted",
        "long_span",
        "range_start",
        "range_end",
        "recurring_event_id",
        "id",
        "revision",
    ),
    Index("ix_events_series", "recurring_event_id"),
    Index("ix_events_google", "calendar_id", "google_event_id"),
)

chat_turns = Table(
    "chat_turns",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("conversation_id", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("intent", Text),
    Column("proposal", Text),
    Column("created_at", Integer, nullable=False),
    Index("ix_chat_turns_conversation", "conversation_id", "created_at"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("target", String(16), nullable=False),
    Column("entity", String(16), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("op", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("revision", Integer, nullable=False, default=0),
    Column("created_at", Integer, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Index("ix_outbox_target", "target", "seq"),
    # One pending row per entity and target: later changes coalesce into it.
    Index("ux_outbox_entity", "target", "entity", "entity_id", unique=True),
)

sync_base = Table(
    "sync_base",
    metadata,
    Column("target", String(16), primary_key=True),
    Column("entity", String(16), primary_key=True),
    Column("entity_id", String(64), primary_key=True),
    Column("remote_id", Text),
    Column("version", Text),
    Column("data", Text, nullable=False),
    Column("synced_at", Integer, nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("entity", String(16), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("target", String(16), nullable=False),
    Column("fields", Text, nullable=False),
    Column("local", Text, nullable=False),
    Column("remote", Text, nullable=False),
    Column("base", Text),
    Column("created_at", Integer, nullable=False),
    Column("resolved_at", Integer),
    Column("resolution", String(16)),
    Index("ix_conflicts_open", "resolved_at", "created_at"),
)

#: Undo/redo journal (core/store/history.py): one row per user change; "done" rows are the
#: undo stack, "undone" rows the redo stack.
history = Table(
    "history",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Integer, nullable=False),
    Column("state", String(8), nullable=False, default="done"),
    Column("label", Text, nullable=False),
    Column("items", Text, nullable=False),
    Index("ix_history_state", "state", "seq"),
)

sync_state = Table(
    "sync_state",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
