"""Initial local store: calendars, events, chat turns.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendars",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("color", sa.String(16), nullable=False),
        sa.Column("google_calendar_id", sa.Text),
        sa.Column("selected", sa.Boolean, nullable=False),
        sa.Column("is_default", sa.Boolean, nullable=False),
        sa.Column("time_zone", sa.Text),
        sa.Column("created_at", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("calendar_id", sa.String(36), sa.ForeignKey("calendars.id"), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("all_day", sa.Boolean, nullable=False),
        sa.Column("tz", sa.Text, nullable=False),
        sa.Column("start_ts", sa.Integer),
        sa.Column("end_ts", sa.Integer),
        sa.Column("start_date", sa.String(10)),
        sa.Column("end_date", sa.String(10)),
        sa.Column("rrule", sa.Text),
        sa.Column("exdates", sa.Text),
        sa.Column("rdates", sa.Text),
        sa.Column("recurring_event_id", sa.String(36)),
        sa.Column("original_start", sa.Text),
        sa.Column("cancelled", sa.Boolean, nullable=False),
        sa.Column("reminders", sa.Text),
        sa.Column("attendees", sa.Text),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("source_ref", sa.Text),
        sa.Column("google_event_id", sa.Text),
        sa.Column("google_etag", sa.Text),
        sa.Column("last_synced_at", sa.Integer),
        sa.Column("created_at", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("range_start", sa.Integer, nullable=False),
        sa.Column("range_end", sa.Integer),
    )
    op.create_index("ix_events_range", "events", ["deleted", "range_start", "range_end"])
    op.create_index("ix_events_series", "events", ["recurring_event_id"])
    op.create_table(
        "chat_turns",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("conversation_id", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("intent", sa.Text),
        sa.Column("proposal", sa.Text),
        sa.Column("created_at", sa.Integer, nullable=False),
    )
    op.create_index("ix_chat_turns_conversation", "chat_turns", ["conversation_id", "created_at"])


def downgrade() -> None:
    op.drop_table("chat_turns")
    op.drop_table("events")
    op.drop_table("calendars")
