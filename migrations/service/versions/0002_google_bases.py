"""Google bases handed over with the lease: the last copy Google acknowledged per event.

The lease holder uploads the bases (``sync_base`` rows of target "google": Google id, etag,
the event as Google last had it) that changed since its last hand-over; each row gets the
next value of the lease's ``bases_seq``, so the next holder reads only what changed since
it last adopted. A dropped base is kept as a row with ``deleted`` (the next holder drops
its own copy). Row-level security as on every user table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APP_ROLE = "iljeong_app"
USER_ID = "NULLIF(current_setting('app.user_id', true), '')::bigint"


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE google_lease ADD COLUMN bases_seq bigint NOT NULL DEFAULT 0;
        CREATE TABLE google_bases (
            user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            entity_id text NOT NULL,
            seq bigint NOT NULL,
            remote_id text,
            version text,
            data jsonb,
            synced_at timestamptz NOT NULL,
            deleted boolean NOT NULL DEFAULT false,
            PRIMARY KEY (user_id, entity_id)
        );
        CREATE INDEX google_bases_seq ON google_bases (user_id, seq);
        """
    )
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON google_bases TO {APP_ROLE}")
    op.execute("ALTER TABLE google_bases ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY google_bases_own ON google_bases "
        f"USING (user_id = {USER_ID}) WITH CHECK (user_id = {USER_ID})"
    )


def downgrade() -> None:
    op.execute("DROP TABLE google_bases")
    op.execute("ALTER TABLE google_lease DROP COLUMN bases_seq")
