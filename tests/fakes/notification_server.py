"""A fake freedesktop notification server on a private D-Bus session bus.

``NotificationServer`` starts its own ``dbus-daemon --session`` (Debian package
``dbus-daemon``) on a socket in a temporary folder, owns ``org.freedesktop.Notifications``
on it with dbus-fast and records every ``Notify`` call. Tests point
``DBUS_SESSION_BUS_ADDRESS`` at ``server.address`` so the real desktop-notifier client
talks to it, and ``invoke_action`` emits ``ActionInvoked`` as a click on a notification
would. Implements Notify, GetCapabilities, GetServerInformation, CloseNotification and
the ActionInvoked/NotificationClosed signals of the Desktop Notifications Specification.
With ``with_tray=True`` it also plays the desktop's tray (a StatusNotifierWatcher).
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from dbus_fast import BusType, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusBool, DBusInt32, DBusSignature, DBusStr, DBusUInt32
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property, dbus_signal

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
CAPABILITIES = ["actions", "body"]
WATCHER_NAME = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"

StrList = Annotated[list[str], DBusSignature("as")]
Hints = Annotated[dict[str, Variant], DBusSignature("a{sv}")]
ServerInfo = Annotated[list[str], DBusSignature("ssss")]
IdAndKey = Annotated[list[Any], DBusSignature("us")]
IdAndReason = Annotated[list[int], DBusSignature("uu")]


@dataclass(frozen=True, slots=True)
class Received:
    """One Notify call as the server saw it."""

    id: int
    app_name: str
    app_icon: str
    summary: str
    body: str
    actions: tuple[str, ...]
    hints: dict[str, Any] = field(default_factory=dict)
    expire_timeout: int = -1


class _Notifications(ServiceInterface):
    def __init__(self, owner: NotificationServer) -> None:
        super().__init__(BUS_NAME)
        self._owner = owner
        self._next_id = 0

    @dbus_method()
    def Notify(  # noqa: N802 - D-Bus names
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: StrList,
        hints: Hints,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        if replaces_id:
            nid = replaces_id
        else:
            self._next_id += 1
            nid = self._next_id
        plain_hints = {k: v.value for k, v in hints.items()}
        received = Received(
            nid, app_name, app_icon, summary, body, tuple(actions), plain_hints, expire_timeout
        )
        self._owner._record(received)
        return nid

    @dbus_method()
    def GetCapabilities(self) -> StrList:  # noqa: N802
        return list(CAPABILITIES)

    @dbus_method()
    def GetServerInformation(self) -> ServerInfo:  # noqa: N802
        return ["iljeong-fake-notifications", "iljeong", "1.0", "1.2"]

    @dbus_method()
    def CloseNotification(self, nid: DBusUInt32):  # type: ignore[no-untyped-def]  # noqa: N802
        self._owner._closed_by_client.append(nid)
        self.NotificationClosed(nid, 3)

    @dbus_signal()
    def ActionInvoked(self, nid: int, key: str) -> IdAndKey:  # noqa: N802
        return [nid, key]

    @dbus_signal()
    def NotificationClosed(self, nid: int, reason: int) -> IdAndReason:  # noqa: N802
        return [nid, reason]


class _StatusNotifierWatcher(ServiceInterface):
    """Enough of KDE's StatusNotifierWatcher for Qt to see a tray (a host is registered)
    and register its tray icon with it."""

    def __init__(self) -> None:
        super().__init__(WATCHER_NAME)
        self.items: list[str] = []

    @dbus_method()
    def RegisterStatusNotifierItem(self, service: DBusStr):  # type: ignore[no-untyped-def]  # noqa: N802
        self.items.append(service)
        self.StatusNotifierItemRegistered(service)

    @dbus_method()
    def RegisterStatusNotifierHost(self, service: DBusStr):  # type: ignore[no-untyped-def]  # noqa: N802
        pass

    @dbus_property(access=PropertyAccess.READ)
    def IsStatusNotifierHostRegistered(self) -> DBusBool:  # noqa: N802
        return True

    @dbus_property(access=PropertyAccess.READ)
    def ProtocolVersion(self) -> DBusInt32:  # noqa: N802
        return 0

    @dbus_property(access=PropertyAccess.READ)
    def RegisteredStatusNotifierItems(self) -> StrList:  # noqa: N802
        return list(self.items)

    @dbus_signal()
    def StatusNotifierItemRegistered(self, service: str) -> DBusStr:  # noqa: N802
        return service


class NotificationServer:
    """A private session bus with a recording notification server; use as a context.

    ``with_tray=True`` also serves a StatusNotifierWatcher, so Qt on that bus (under
    Xvfb) finds a tray; ``tray_items`` lists the icons registered with it.
    """

    def __init__(self, *, with_tray: bool = False) -> None:
        self._with_tray = with_tray
        self._watcher: _StatusNotifierWatcher | None = None
        daemon = shutil.which("dbus-daemon")
        if daemon is None:
            raise RuntimeError("dbus-daemon is not installed (Debian package dbus-daemon)")
        self._daemon_path = daemon
        self._folder = Path(tempfile.mkdtemp(prefix="iljeong-dbus-"))
        self.address = f"unix:path={self._folder / 'bus'}"
        self.received: list[Received] = []
        self._closed_by_client: list[int] = []
        self._cond = threading.Condition()
        self._daemon: subprocess.Popen[str] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._interface: _Notifications | None = None
        self._bus: MessageBus | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> NotificationServer:
        self._daemon = subprocess.Popen(
            [
                self._daemon_path,
                "--session",
                "--nofork",
                "--nopidfile",
                "--print-address",
                f"--address={self.address}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self._daemon.stdout is not None
        printed = self._daemon.stdout.readline().strip()
        if not printed:
            raise RuntimeError(f"dbus-daemon did not start: {self._daemon.stderr}")
        self.address = printed
        ready = threading.Event()
        errors: list[BaseException] = []
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            try:
                self._loop.run_until_complete(self._serve())
            except BaseException as exc:  # reported to start()
                errors.append(exc)
                ready.set()
                return
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="fake-notifications", daemon=True)
        self._thread.start()
        if not ready.wait(10) or errors:
            self.stop()
            raise RuntimeError(f"the fake notification server did not start: {errors}")
        return self

    async def _serve(self) -> None:
        self._bus = await MessageBus(bus_address=self.address, bus_type=BusType.SESSION).connect()
        self._interface = _Notifications(self)
        self._bus.export(OBJECT_PATH, self._interface)
        await self._bus.request_name(BUS_NAME)
        if self._with_tray:
            self._watcher = _StatusNotifierWatcher()
            self._bus.export(WATCHER_PATH, self._watcher)
            await self._bus.request_name(WATCHER_NAME)

    def stop(self) -> None:
        loop = self._loop
        if loop is not None and loop.is_running():
            if self._bus is not None:
                bus = self._bus
                loop.call_soon_threadsafe(bus.disconnect)
            loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        if loop is not None and not loop.is_running():
            loop.close()
        if self._daemon is not None:
            self._daemon.terminate()
            try:
                self._daemon.wait(5)
            except subprocess.TimeoutExpired:
                self._daemon.kill()
                self._daemon.wait()
            for stream in (self._daemon.stdout, self._daemon.stderr):
                if stream is not None:
                    stream.close()
            self._daemon = None
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> NotificationServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what tests use -----------------------------------------------------------------------

    def _record(self, received: Received) -> None:
        with self._cond:
            self.received.append(received)
            self._cond.notify_all()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        """Block until ``count`` notifications arrived (or the timeout); return them all."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            return list(self.received)

    def invoke_action(self, nid: int, key: str = "default") -> None:
        """Emit ActionInvoked (and then NotificationClosed) as a click on ``nid`` would."""
        assert self._loop is not None and self._interface is not None
        interface = self._interface

        def emit() -> None:
            interface.ActionInvoked(nid, key)
            interface.NotificationClosed(nid, 2)

        self._loop.call_soon_threadsafe(emit)

    @property
    def tray_items(self) -> list[str]:
        return [] if self._watcher is None else list(self._watcher.items)

    @property
    def closed_by_client(self) -> list[int]:
        return list(self._closed_by_client)
