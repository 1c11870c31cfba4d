"""The queue that reads images off the UI thread, one (at most two) at a time.

Each image becomes an ``ImageJob`` with its own ``CancelToken``. A worker thread of the
queue's ``QThreadPool`` calls ``core.vision.pipeline.ImageReader.read`` (validation, OCR,
understanding: all core); the result or the error comes back to the UI thread as a
signal. Thumbnails are made on the pool too, so a large file never stalls the window.
Cancelling a waiting job drops it; cancelling a running one sets its token, and the core
stops (and kills the OCR process).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from itertools import count
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QImage, QImageReader

from core.errors import IljeongError
from core.vision.cancel import Cancelled, CancelToken
from core.vision.pipeline import ImageExtraction, ImageReader
from desktop.image_sources import ImageSource

log = logging.getLogger(__name__)

THUMB_SIZE = QSize(180, 140)
THUMB_MAX_FILE = 64 * 1024 * 1024  # larger files get no thumbnail (the core refuses them)

ReaderFactory = Callable[[], ImageReader]


class JobState(Enum):
    WAITING = "waiting"
    READING = "reading"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


_ids = count(1)


@dataclass(eq=False)
class ImageJob:
    """One image on its way through the reader."""

    source: ImageSource
    now: datetime
    token: CancelToken = field(default_factory=CancelToken)
    state: JobState = JobState.WAITING
    id: int = field(default_factory=lambda: next(_ids))

    @property
    def active(self) -> bool:
        return self.state in (JobState.WAITING, JobState.READING)


class ImageJobQueue(QObject):
    """Runs ``ImageReader.read`` for queued images on worker threads.

    Signals arrive on the UI thread: ``started(job)``, ``thumbnail_ready(job, QImage)``,
    ``finished(job, ImageExtraction)``, ``failed(job, exception)`` and ``cancelled(job)``.
    Exactly one of the last three follows every ``add``.
    """

    started = Signal(object)
    thumbnail_ready = Signal(object, object)
    finished = Signal(object, object)
    failed = Signal(object, object)
    cancelled = Signal(object)
    #: worker → UI thread: (job, extraction or None, exception or None)
    _read_done = Signal(object, object, object)
    _thumb_done = Signal(object, object)

    def __init__(
        self, make_reader: ReaderFactory, *, parallel: int = 1, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._make_reader = make_reader
        self._reader: ImageReader | None = None
        self._reader_lock = threading.Lock()
        self.parallel = max(1, min(parallel, 2))
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(self.parallel + 1)  # one more for thumbnails
        self.waiting: deque[ImageJob] = deque()
        self.running: list[ImageJob] = []
        self._read_done.connect(self._on_read_done)
        self._thumb_done.connect(self._on_thumb_done)

    # -- public ------------------------------------------------------------------------------

    def add(self, source: ImageSource, now: datetime) -> ImageJob:
        job = ImageJob(source, now)
        self.waiting.append(job)
        self.pool.start(lambda: self._make_thumbnail(job))
        self._pump()
        return job

    def cancel(self, job: ImageJob) -> None:
        if job in self.waiting:
            self.waiting.remove(job)
            job.state = JobState.CANCELLED
            job.token.cancel()
            self.cancelled.emit(job)
        elif job.state is JobState.READING:
            job.token.cancel()  # the worker reports Cancelled when the core stops

    def cancel_all(self) -> None:
        for job in [*self.waiting, *self.running]:
            self.cancel(job)

    def shutdown(self, wait_ms: int = 5000) -> bool:
        """Cancel everything and wait for the workers; True when they all stopped."""
        self.cancel_all()
        return bool(self.pool.waitForDone(wait_ms))

    @property
    def idle(self) -> bool:
        return not self.waiting and not self.running

    # -- workers -----------------------------------------------------------------------------

    def _pump(self) -> None:
        while self.waiting and len(self.running) < self.parallel:
            job = self.waiting.popleft()
            job.state = JobState.READING
            self.running.append(job)
            self.started.emit(job)
            self.pool.start(lambda job=job: self._read(job))

    def reset_reader(self) -> None:
        """Make the next read build a new reader (the OCR settings changed)."""
        with self._reader_lock:
            self._reader = None

    def _reader_instance(self) -> ImageReader:
        with self._reader_lock:
            if self._reader is None:
                self._reader = self._make_reader()
            return self._reader

    def _read(self, job: ImageJob) -> None:
        """Worker thread: never touches a widget; hands the outcome back by signal."""
        try:
            job.token.check()
            result = self._reader_instance().read(
                job.source.data, now=job.now, cancel=job.token, name=job.source.name
            )
        except Exception as exc:  # noqa: BLE001 - every outcome must reach the UI thread
            self._read_done.emit(job, None, exc)
        else:
            self._read_done.emit(job, result, None)

    def _make_thumbnail(self, job: ImageJob) -> None:
        try:
            image = thumbnail(job.source)
        except Exception:  # noqa: BLE001 - a missing thumbnail is not an error
            log.debug("no thumbnail", exc_info=True)
            image = QImage()
        self._thumb_done.emit(job, image)

    # -- back on the UI thread ---------------------------------------------------------------

    def _on_thumb_done(self, job: ImageJob, image: QImage) -> None:
        if not image.isNull():
            self.thumbnail_ready.emit(job, image)

    def _on_read_done(
        self, job: ImageJob, result: ImageExtraction | None, error: BaseException | None
    ) -> None:
        if job in self.running:
            self.running.remove(job)
        if isinstance(error, Cancelled) or (error is None and job.token.cancelled):
            job.state = JobState.CANCELLED
            self.cancelled.emit(job)
        elif error is not None:
            job.state = JobState.FAILED
            if not isinstance(error, IljeongError):  # a bug, not bad input: keep the trace
                log.error("image reading failed", exc_info=(type(error), error, None))
            self.failed.emit(job, error)
        else:
            job.state = JobState.DONE
            self.finished.emit(job, result)
        self._pump()


def thumbnail(source: ImageSource, size: QSize = THUMB_SIZE) -> QImage:
    """A small QImage of ``source`` (null when Qt cannot decode it); runs on a worker."""
    if isinstance(source.data, Path):
        path = source.data
        if not path.is_file() or path.stat().st_size > THUMB_MAX_FILE:
            return QImage()
        reader = QImageReader(str(path))
        return _scaled(reader, size)
    array = QByteArray(source.data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    image = _scaled(reader, size)
    buffer.close()
    return image


def _scaled(reader: QImageReader, box: QSize) -> QImage:
    reader.setAutoTransform(True)  # EXIF orientation, as the core applies it
    full = reader.size()
    if full.isValid() and (full.width() > box.width() or full.height() > box.height()):
        reader.setScaledSize(full.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return image
    if image.width() > box.width() or image.height() > box.height():
        image = image.scaled(
            box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return image
