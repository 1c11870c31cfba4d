"""Client side of the central sync service (no Qt).

client.py       SyncClient: HTTP (httpx), sessions from a device token, SSE pokes
engine.py       SyncEngine.sync_once(): push the outbox, pull pages, rebase, resync
entities.py     portable read/write of events, calendars, chat turns, conflicts
credentials.py  server URL in sync_state, device token in the OS keyring
scheduler.py    SyncScheduler: APScheduler interval + SSE-triggered rounds for the app
commands.py     `iljeong sync` and `iljeong conflicts` (register(subparsers))
"""
