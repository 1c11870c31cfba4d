"""The app's side of ``iljeong capture``: a QLocalServer on the per-user capture socket.

A client sends one line, ``capture``; the server calls ``handle`` on the UI thread and
answers one line, ``ok <message>`` or ``error <message>``, then hangs up. Only the user's
own processes may connect (UserAccessOption, in a per-user runtime dir). A second app on
the same data dir finds the socket answering and leaves it to the first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop.capture import private_dir

log = logging.getLogger(__name__)

MAX_LINE = 256
#: () -> (ok, message) — runs on the UI thread
CaptureHandler = Callable[[], tuple[bool, str]]


class CaptureServer(QObject):
    def __init__(self, address: str, handle: CaptureHandler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address = address
        self.handle = handle
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; False (logged) when another app answers there or it fails."""
        if not private_dir(self.address, create=True):
            log.warning("capture socket folder is not private", extra={"address": self.address})
            return False
        if _answers(self.address):
            log.info(
                "capture socket in use by another iljeong app", extra={"address": self.address}
            )
            return False
        QLocalServer.removeServer(self.address)  # a stale socket file of a crashed app
        if not self.server.listen(self.address):
            log.warning(
                "capture socket not available",
                extra={"address": self.address, "error": self.server.errorString()},
            )
            return False
        log.info("listening for iljeong capture", extra={"address": self.address})
        return True

    @property
    def listening(self) -> bool:
        return bool(self.server.isListening())

    def close(self) -> None:
        if self.server.isListening():
            self.server.close()  # removes the socket file

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            client = self.server.nextPendingConnection()
            if client is None:
                return
            self._buffers[client] = b""
            client.readyRead.connect(lambda c=client: self._read(c))
            client.disconnected.connect(lambda c=client: self._forget(c))

    def _forget(self, client: QLocalSocket) -> None:
        self._buffers.pop(client, None)
        client.deleteLater()

    def _read(self, client: QLocalSocket) -> None:
        if client not in self._buffers:
            return
        data = self._buffers[client] + bytes(client.readAll().data())
        if b"\n" not in data and len(data) < MAX_LINE:
            self._buffers[client] = data
            return
        command = data.split(b"\n", 1)[0].strip().decode("utf-8", "replace")
        if command == "capture":
            try:
                ok, message = self.handle()
            except Exception as exc:  # noqa: BLE001 - the client must get an answer
                log.error("capture failed", exc_info=True)
                ok, message = False, f"the app failed to read the clipboard ({exc})"
        else:
            ok, message = False, f"unknown command {command[:40]!r}"
        self._buffers.pop(client, None)
        answer = f"{'ok' if ok else 'error'} {' '.join(message.split())}\n"
        client.write(answer.encode("utf-8"))
        client.flush()
        client.disconnectFromServer()


def _answers(address: str) -> bool:
    probe = QLocalSocket()
    probe.connectToServer(address)
    alive = bool(probe.waitForConnected(300))
    probe.abort()
    return alive
