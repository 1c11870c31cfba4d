"""Google marks: per event field, the Google version (``updated``, ms) its value copies.

A device that pushes an event field exactly as Google last gave it (its Google base) says
so with the mutation's ``google_updated``; the service keeps that mark per field in
``entities.google_marks`` (``{field: ms}``, NULL or absent for a value no Google copy wrote).
Two copies of Google's own state are then ordered by Google's clock, never by arrival and
never as a conflict: an older copy arriving late (an old lease holder's import) is
superseded, a newer one applies (core/service/protocol.py).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE entities ADD COLUMN google_marks jsonb")


def downgrade() -> None:
    op.execute("ALTER TABLE entities DROP COLUMN google_marks")
