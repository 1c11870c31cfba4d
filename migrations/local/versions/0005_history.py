"""Undo/redo journal: one row per user change (outermost transaction of a user origin),
holding the before- and after-images of every entity it touched.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.Integer, nullable=False),
        # "done" entries are the undo stack (newest last); "undone" ones the redo stack.
        sa.Column("state", sa.String(8), nullable=False, server_default="done"),
        sa.Column("label", sa.Text, nullable=False),  # JSON {kind, title, source, count}
        sa.Column("items", sa.Text, nullable=False),  # JSON list of entity images
    )
    op.create_index("ix_history_state", "history", ["state", "seq"])


def downgrade() -> None:
    op.drop_index("ix_history_state", "history")
    op.drop_table("history")
