"""Initial service schema: users, devices, tokens, entities, mutation receipts, Google lease.

Every user table has row-level security keyed on the transaction setting app.user_id; the
application role iljeong_app (no login, no superuser, owns nothing) is what user
transactions run as (core/service/db.py), so the policies bind it.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APP_ROLE = "iljeong_app"
USER_ID = "NULLIF(current_setting('app.user_id', true), '')::bigint"

USER_TABLES = (
    "devices",
    "device_tokens",
    "refresh_tokens",
    "entities",
    "mutations",
    "google_lease",
)


def upgrade() -> None:
    op.execute(
        f"""
        DO $$
        BEGIN
            CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$;
        """
    )
    # set_config('role', …) needs membership unless the migrating role is a superuser.
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                EXECUTE format('GRANT {APP_ROLE} TO %I', current_user);
            END IF;
        END $$;
        """
    )
    op.execute(
        """
        CREATE TABLE service_meta (
            key text PRIMARY KEY,
            value text NOT NULL
        );
        CREATE TABLE users (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            google_sub text UNIQUE,
            email text NOT NULL,
            version bigint NOT NULL DEFAULT 0,
            purged_through bigint NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX users_email ON users (lower(email));
        CREATE TABLE devices (
            id text PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            name text NOT NULL DEFAULT '',
            installation_id text,
            last_mutation_id bigint NOT NULL DEFAULT 0,
            last_seen_at timestamptz,
            revoked_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX devices_user ON devices (user_id);
        CREATE TABLE device_tokens (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
            token_hash bytea NOT NULL UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now(),
            revoked_at timestamptz
        );
        CREATE TABLE refresh_tokens (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
            family text NOT NULL,
            parent_id bigint REFERENCES refresh_tokens (id) ON DELETE SET NULL,
            token_hash bytea NOT NULL UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now(),
            expires_at timestamptz NOT NULL,
            used_at timestamptz,
            revoked_at timestamptz
        );
        CREATE INDEX refresh_tokens_device ON refresh_tokens (device_id);
        CREATE TABLE entities (
            user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            kind text NOT NULL CHECK (kind IN ('event', 'calendar', 'chat_turn', 'conflict')),
            id text NOT NULL,
            data jsonb NOT NULL,
            field_versions jsonb NOT NULL,
            version bigint NOT NULL,
            deleted boolean NOT NULL DEFAULT false,
            updated_at timestamptz NOT NULL DEFAULT now(),
            updated_by text,
            PRIMARY KEY (user_id, kind, id)
        );
        CREATE UNIQUE INDEX entities_user_version ON entities (user_id, version);
        CREATE INDEX entities_tombstones ON entities (user_id, updated_at) WHERE deleted;
        CREATE TABLE mutations (
            device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
            mutation_id bigint NOT NULL,
            user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            status text NOT NULL,
            result jsonb NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (device_id, mutation_id)
        );
        CREATE TABLE google_lease (
            user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
            device_id text,
            expires_at timestamptz,
            state jsonb NOT NULL DEFAULT '{}'::jsonb,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        """
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, UPDATE ON users TO {APP_ROLE}")
    op.execute("ALTER TABLE users ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY users_own ON users USING (id = {USER_ID}) WITH CHECK (id = {USER_ID})")
    for table in USER_TABLES:
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP_ROLE}")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_own ON {table} "
            f"USING (user_id = {USER_ID}) WITH CHECK (user_id = {USER_ID})"
        )
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")


def downgrade() -> None:
    for table in ("google_lease", "mutations", "entities", "refresh_tokens", "device_tokens"):
        op.execute(f"DROP TABLE {table}")
    op.execute("DROP TABLE devices")
    op.execute("DROP TABLE users")
    op.execute("DROP TABLE service_meta")
