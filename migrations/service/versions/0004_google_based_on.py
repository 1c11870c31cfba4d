"""Google based-on: per event field, the Google version a non-copy value was made on.

When a write that is no Google copy (a device's own edit) replaces a field whose stored
value was a Google copy (``entities.google_marks``), the service keeps that copy in
``entities.google_based_on`` (``{field: {"u": ms, "v": value}}``): the Google version the
new value was made on. A later Google copy of that field that is no newer than it, or
that still has its value (Google did not change the field since), is a stale copy (a
device importing Google's state without the service's edit made on top of it): superseded,
never a conflict (core/service/protocol.py).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE entities ADD COLUMN google_based_on jsonb")


def downgrade() -> None:
    op.execute("ALTER TABLE entities DROP COLUMN google_based_on")
