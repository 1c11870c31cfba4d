"""Cooperative cancellation for image reading (a worker thread checks the token between
steps; the tesseract backend also kills its subprocess when the token fires)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from core.errors import IljeongError


class Cancelled(IljeongError):
    """The user cancelled reading an image; nothing was created."""

    def __init__(self, message: str = "image reading was cancelled; nothing was created") -> None:
        super().__init__(message)


class CancelToken:
    """Set once from any thread; observers are called at most once."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Run ``callback`` when cancelled (now, if already); returns a detach function."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return lambda: self._detach(callback)
        callback()
        return lambda: None

    def _detach(self, callback: Callable[[], None]) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._callbacks.remove(callback)
