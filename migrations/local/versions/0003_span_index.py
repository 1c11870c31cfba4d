"""Span class for range queries: short events are found by an exact range on range_start.

Almost every event spans less than three days (all-day dates are widened by 26 h), so a visible range [lo, hi) only needs
``range_start`` in [lo - 3 days, hi); series and long events (``long_span``) are few and
read separately. Without this the query scanned every earlier event.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SHORT_SPAN_SECONDS = 3 * 86400
SPAN_INDEX_COLUMNS = [
    "deleted",
    "long_span",
    "range_start",
    "range_end",
    "recurring_event_id",
    "id",
    "revision",
]


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("long_span", sa.Boolean, nullable=False, server_default="0"))
    op.execute(
        "UPDATE events SET long_span = CASE WHEN range_end IS NULL OR rrule IS NOT NULL "
        f"OR rdates IS NOT NULL OR range_end - range_start > {SHORT_SPAN_SECONDS} THEN 1 ELSE 0 END"
    )
    op.drop_index("ix_events_range", "events")
    # Covering: the candidate query reads only the index.
    op.create_index("ix_events_span", "events", SPAN_INDEX_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_events_span", "events")
    op.create_index("ix_events_range", "events", ["deleted", "range_start", "range_end"])
    with op.batch_alter_table("events") as batch:
        batch.drop_column("long_span")
