"""The central sync service (FastAPI + PostgreSQL), run by ``iljeong-server``.

config.py        ServiceConfig, URL normalisation, config from the environment
db.py            Database: user_tx (role iljeong_app + app.user_id, RLS) / admin_tx
migrate.py       Alembic in migrations/service; the stored JWT secret
auth.py          device tokens, JWTs, rotating refresh tokens, the `caller` dependency
wire.py          protocol types shared with the client (no server imports)
protocol.py      push / pull / purge on PostgreSQL (the logic the routes call)
lease.py         the Google sync lease
notify.py        LISTEN/NOTIFY → server-sent event pokes
routes.py        /v1 HTTP routes; schema_check.py (426), metrics.py (/metrics, JSON logs)
app.py           create_app(config); cli.py (`iljeong-server`)
rest/, ratelimit.py, google_login.py   the /api/v1 REST API, rate limit, Google sign-in
"""
