"""Row-level security is the second wall: even a query that forgets its user filter
sees only the scoped user's rows, and nothing without a scope."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from core.service import auth
from core.service.db import APP_ROLE, Database
from tests.fakes.service_server import RunningService, running_service

USER_TABLES = ("devices", "device_tokens", "refresh_tokens", "entities", "mutations")


@pytest.fixture(scope="module")
def service() -> Iterator[RunningService]:
    with running_service() as svc:
        yield svc


@pytest.fixture(scope="module")
def two_users(service: RunningService) -> tuple[int, int]:
    db = service.db
    users = []
    for email in ("rls-a@example.com", "rls-b@example.com"):
        user = auth.user_for_email(db, email)
        device = auth.ensure_device(db, user, None, "d")
        auth.create_device_token(db, user, device)
        auth.issue_session(db, user, device)
        with db.user_tx(user) as conn:
            conn.execute(
                text(
                    "INSERT INTO entities (user_id, kind, id, data, field_versions, version) "
                    "VALUES (:u, 'event', 'e-' || :u, '{}', '{}', 1)"
                ),
                {"u": user},
            )
            conn.execute(
                text(
                    "INSERT INTO mutations (device_id, mutation_id, user_id, status, result) "
                    "VALUES (:d, 1, :u, 'applied', '{}')"
                ),
                {"d": device, "u": user},
            )
        users.append(user)
    return users[0], users[1]


def test_the_app_role_is_neither_superuser_nor_owner(service: RunningService) -> None:
    with service.db.user_tx(1) as conn:
        assert conn.execute(text("SELECT current_user")).scalar_one() == APP_ROLE
        role = conn.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        assert tuple(role) == (False, False)
        owners = conn.execute(
            text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
        assert APP_ROLE not in list(owners)


def test_a_query_without_user_filter_sees_only_the_scoped_user(
    service: RunningService, two_users: tuple[int, int]
) -> None:
    a, b = two_users
    with service.db.user_tx(a) as conn:
        assert conn.execute(text("SELECT id FROM users")).scalars().all() == [a]
        for table in USER_TABLES:
            owners = conn.execute(text(f"SELECT DISTINCT user_id FROM {table}")).scalars().all()
            assert owners == [a], table
        # Asking for b by name changes nothing.
        asked = conn.execute(text("SELECT count(*) FROM entities WHERE user_id = :b"), {"b": b})
        assert asked.scalar_one() == 0
        changed = conn.execute(
            text("UPDATE entities SET deleted = true WHERE user_id = :b"), {"b": b}
        )
        assert changed.rowcount == 0


def test_no_scope_no_rows(service: RunningService, two_users: tuple[int, int]) -> None:
    with service.db.app_role_tx() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 0
        for table in USER_TABLES:
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
    with service.db.admin_tx() as conn:  # the owner (maintenance) sees everything
        assert conn.execute(text("SELECT count(*) FROM entities")).scalar_one() >= 2


def test_writing_another_users_row_is_refused(
    service: RunningService, two_users: tuple[int, int]
) -> None:
    a, b = two_users
    with pytest.raises(ProgrammingError, match="row-level security"), service.db.user_tx(a) as conn:
        conn.execute(
            text(
                "INSERT INTO entities (user_id, kind, id, data, field_versions, version) "
                "VALUES (:b, 'event', 'planted', '{}', '{}', 99)"
            ),
            {"b": b},
        )
    with pytest.raises(ProgrammingError, match="permission denied"), service.db.user_tx(a) as conn:
        conn.execute(text("SELECT value FROM service_meta"))  # the signing secret


def test_scope_does_not_leak_through_the_pool(
    service: RunningService, two_users: tuple[int, int]
) -> None:
    a, _ = two_users
    db = Database(service.database_url, pool_size=1, max_overflow=0)
    try:
        with db.user_tx(a) as conn:
            conn.execute(text("SELECT 1"))
        with db.engine.connect() as conn:  # the same pooled connection, next transaction
            user = conn.execute(text("SELECT current_setting('app.user_id', true)")).scalar()
            role = conn.execute(text("SELECT current_user")).scalar_one()
        assert user in (None, "") and role != APP_ROLE
    finally:
        db.dispose()
