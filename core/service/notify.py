"""Pokes for server-sent events: one LISTEN connection per process, fanned out in memory.

A push ends with ``pg_notify('iljeong_sync', '<user_id>:<version>:<device_id>')`` inside its transaction,
so PostgreSQL delivers it only if the push commits. :class:`Notifier` holds one dedicated
psycopg connection that LISTENs (reconnecting with backoff when it drops) and hands each
notification to the asyncio queues of that user's open SSE streams. Pokes carry no data:
a device that hears one pulls. Queues are bounded; a slow client loses pokes, never memory
(one pending poke means "pull" as well as ten do).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

import psycopg
from sqlalchemy.engine import make_url

from core.service.protocol import NOTIFY_CHANNEL

log = logging.getLogger("iljeong.service.notify")


def libpq_url(sqlalchemy_url: str) -> str:
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class Notifier:
    def __init__(self, database_url: str) -> None:
        self._conninfo = libpq_url(database_url)
        self._subscribers: dict[int, set[asyncio.Queue[int]]] = defaultdict(set)
        self._devices: dict[asyncio.Queue[int], str] = {}
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()

    def subscribe(self, user_id: int, device_id: str = "") -> asyncio.Queue[int]:
        """A queue of versions for one SSE stream; changes pushed by ``device_id`` itself
        are not announced to it (it has them already)."""
        queue: asyncio.Queue[int] = asyncio.Queue(maxsize=8)
        self._subscribers[user_id].add(queue)
        self._devices[queue] = device_id
        return queue

    def unsubscribe(self, user_id: int, queue: asyncio.Queue[int]) -> None:
        queues = self._subscribers.get(user_id)
        if queues is not None:
            queues.discard(queue)
            self._devices.pop(queue, None)
            if not queues:
                del self._subscribers[user_id]

    @property
    def client_count(self) -> int:
        return sum(len(q) for q in self._subscribers.values())

    def deliver(self, payload: str) -> None:
        """``"<user_id>:<version>[:<device_id>]"`` → the user's other streams."""
        user_text, _, rest = payload.partition(":")
        version_text, _, origin = rest.partition(":")
        try:
            user_id, version = int(user_text), int(version_text or 0)
        except ValueError:
            return
        for queue in list(self._subscribers.get(user_id, ())):
            if origin and self._devices.get(queue) == origin:
                continue
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(version)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="iljeong-listen")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        delay = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self._conninfo, autocommit=True
                ) as conn:
                    await conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self.listening.set()
                    delay = 0.5
                    async for note in conn.notifies():
                        self.deliver(note.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.listening.clear()
                log.warning("listener connection lost; retrying", extra={"error": repr(exc)})
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
