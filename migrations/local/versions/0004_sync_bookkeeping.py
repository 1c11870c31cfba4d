"""Coalescing outbox (one row per entity and target, with the revision queued), last
acknowledged copies per target (sync_base) and conflict records.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nothing filled the outbox before this revision, so it is rebuilt rather than altered.
    op.drop_index("ix_outbox_target", "outbox")
    op.drop_table("outbox")
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("op", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Integer, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("ix_outbox_target", "outbox", ["target", "seq"])
    op.create_index("ux_outbox_entity", "outbox", ["target", "entity", "entity_id"], unique=True)
    op.create_table(
        "sync_base",
        sa.Column("target", sa.String(16), primary_key=True),
        sa.Column("entity", sa.String(16), primary_key=True),
        sa.Column("entity_id", sa.String(64), primary_key=True),
        sa.Column("remote_id", sa.Text),
        sa.Column("version", sa.Text),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("synced_at", sa.Integer, nullable=False),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("local", sa.Text, nullable=False),
        sa.Column("remote", sa.Text, nullable=False),
        sa.Column("base", sa.Text),
        sa.Column("created_at", sa.Integer, nullable=False),
        sa.Column("resolved_at", sa.Integer),
        sa.Column("resolution", sa.String(16)),
    )
    op.create_index("ix_conflicts_open", "conflicts", ["resolved_at", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_conflicts_open", "conflicts")
    op.drop_table("conflicts")
    op.drop_table("sync_base")
    op.drop_index("ux_outbox_entity", "outbox")
    op.drop_index("ix_outbox_target", "outbox")
    op.drop_table("outbox")
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("op", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.Integer, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("ix_outbox_target", "outbox", ["target", "seq"])
