"""The central sync service (FastAPI + PostgreSQL). Not built yet: see core/service/cli.py."""
