"""Image jobs of the REST API: an in-process worker pool with job records on disk.

``POST /api/v1/image/process`` queues a job and answers at once; a worker thread reads the
image with ``core.vision.pipeline.ImageReader`` (OCR + understanding, content-hash cached)
and writes the outcome into the job's record; ``GET …/processing-status/{job_id}`` reads it.

Records are JSON files under ``<server data dir>/image-jobs/<user id>/<job id>.json``,
written atomically (temp file + rename), so every uvicorn worker process on the host sees
every job, whichever process runs it. A record says which process runs it: a job left
"queued"/"running" by a process that is gone reads as failed ("interrupted"), never as
running for ever. A job id is only found in its owner's folder, so another user's id is a
404 like an unknown one. Finished records are dropped after ``KEEP_SECONDS``.

The pool is bounded: at most ``max_queued`` jobs wait per process; beyond that a submit is
refused with ``QueueFull`` (the API answers 429 with Retry-After), never an unbounded queue.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from core.errors import IljeongError, InvalidInput
from core.ids import new_id
from core.timeutil import utc_now
from core.vision.backends import OcrUnavailable
from core.vision.cancel import Cancelled

log = logging.getLogger(__name__)

KEEP_SECONDS = 24 * 3600
MAX_RECORDS_PER_USER = 200
JobStatus = Literal["queued", "running", "done", "failed", "cancelled"]
#: Why a job failed: the image (rejected), the OCR backend (unavailable: the server's
#: configuration), the user (cancelled), or a bug (internal).
ErrorKind = Literal["rejected", "unavailable", "cancelled", "internal"]
FINISHED: tuple[JobStatus, ...] = ("done", "failed", "cancelled")

#: (image bytes, file name, now) → the extraction as JSON (``ImageExtraction.to_json()``
#: plus ``cached`` and ``backend``). Raises an IljeongError with a readable message.
Reader = Callable[[bytes, str, datetime], dict[str, Any]]


class QueueFull(IljeongError):
    """Too many images are waiting; retry in a few seconds."""


@dataclass(frozen=True, slots=True)
class JobRecord:
    job_id: str
    user_id: str
    status: JobStatus
    created_at: datetime
    name: str
    pid: int
    finished_at: datetime | None = None
    error: str | None = None
    error_kind: ErrorKind | None = None
    result: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "user_id": self.user_id,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "name": self.name,
            "pid": self.pid,
            "finished_at": None if self.finished_at is None else self.finished_at.isoformat(),
            "error": self.error,
            "error_kind": self.error_kind,
            "result": self.result,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobRecord:
        finished = data.get("finished_at")
        return cls(
            job_id=str(data["job_id"]),
            user_id=str(data["user_id"]),
            status=data["status"],
            created_at=datetime.fromisoformat(data["created_at"]),
            name=str(data.get("name") or ""),
            pid=int(data.get("pid") or 0),
            finished_at=None if finished is None else datetime.fromisoformat(finished),
            error=data.get("error"),
            error_kind=data.get("error_kind"),
            result=data.get("result"),
        )


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ImageJobs:
    """Submit, run and look up image jobs. Thread-safe."""

    def __init__(
        self,
        root: Path,
        reader: Reader,
        *,
        workers: int = 2,
        max_queued: int = 16,
    ) -> None:
        self.root = root
        self._reader = reader
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="image-job")
        self._max_queued = max_queued
        self._lock = threading.Lock()
        self._in_flight = 0
        self._closed = False

    # -- records ---------------------------------------------------------------------------

    def _folder(self, user_id: str) -> Path:
        safe = "".join(ch for ch in str(user_id) if ch.isalnum() or ch in "-_")
        return self.root / (safe or "_")

    def _path(self, user_id: str, job_id: str) -> Path | None:
        if not job_id or len(job_id) > 64 or not all(ch.isalnum() or ch == "-" for ch in job_id):
            return None
        return self._folder(user_id) / f"{job_id}.json"

    def _write(self, record: JobRecord) -> None:
        path = self._path(record.user_id, record.job_id)
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        temp.write_text(json.dumps(record.to_json(), ensure_ascii=False), encoding="utf-8")
        os.replace(temp, path)

    def get(self, user_id: str, job_id: str) -> JobRecord | None:
        """The caller's job, or None (unknown id, or another user's)."""
        path = self._path(user_id, job_id)
        if path is None:
            return None
        try:
            record = JobRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if record.user_id != str(user_id):
            return None
        if record.status not in FINISHED and not _alive(record.pid):
            return JobRecord(
                **{
                    **_fields(record),
                    "status": "failed",
                    "error": "the server restarted before this image was read; send it again",
                    "error_kind": "internal",
                    "finished_at": record.finished_at or utc_now(),
                }
            )
        return record

    def _prune(self, user_id: str) -> None:
        folder = self._folder(user_id)
        try:
            files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        except OSError:
            return
        cutoff = time.time() - KEEP_SECONDS
        excess = len(files) - MAX_RECORDS_PER_USER
        for n, path in enumerate(files):
            with contextlib.suppress(OSError):
                if n < excess or path.stat().st_mtime < cutoff:
                    path.unlink()

    # -- running ---------------------------------------------------------------------------

    def submit(self, user_id: str, data: bytes, *, name: str, now: datetime) -> JobRecord:
        """Queue one image; returns its record ("queued"). Raises QueueFull."""
        with self._lock:
            if self._closed:
                raise QueueFull("the server is shutting down; send the image again shortly")
            if self._in_flight >= self._max_queued:
                raise QueueFull("too many images are being read; retry in a few seconds")
            self._in_flight += 1
        try:
            self._prune(str(user_id))
            record = JobRecord(
                job_id=new_id(),
                user_id=str(user_id),
                status="queued",
                created_at=utc_now(),
                name=name,
                pid=os.getpid(),
            )
            self._write(record)
            future = self._pool.submit(self._run, record, data, now)
        except BaseException:
            with self._lock:
                self._in_flight -= 1
            raise
        future.add_done_callback(self._finished)
        return record

    def _finished(self, _future: Future[None]) -> None:
        with self._lock:
            self._in_flight -= 1

    def _run(self, record: JobRecord, data: bytes, now: datetime) -> None:
        running = JobRecord(**{**_fields(record), "status": "running"})
        self._write(running)
        try:
            result = self._reader(data, record.name, now)
        except IljeongError as exc:
            kind: ErrorKind = "rejected"
            if isinstance(exc, Cancelled):
                kind = "cancelled"
            elif isinstance(exc, OcrUnavailable):
                kind = "unavailable"
            done = JobRecord(
                **{
                    **_fields(record),
                    "status": "cancelled" if kind == "cancelled" else "failed",
                    "error": str(exc),
                    "error_kind": kind,
                    "finished_at": utc_now(),
                }
            )
        except Exception:  # noqa: BLE001 - a reader bug fails the job, not the worker
            log.exception("image job %s failed", record.job_id)
            done = JobRecord(
                **{
                    **_fields(record),
                    "status": "failed",
                    "error": "the image could not be read (internal error)",
                    "error_kind": "internal",
                    "finished_at": utc_now(),
                }
            )
        else:
            done = JobRecord(
                **{**_fields(record), "status": "done", "result": result, "finished_at": utc_now()}
            )
        self._write(done)

    def wait(self, user_id: str, job_id: str, timeout: float) -> JobRecord | None:
        """Poll the job's record until it is finished or ``timeout`` seconds pass."""
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            record = self.get(user_id, job_id)
            if record is None or record.status in FINISHED or time.monotonic() >= deadline:
                return record
            time.sleep(delay)
            delay = min(delay * 1.5, 0.2)

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)


def _fields(record: JobRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in JobRecord.__slots__}


def vision_reader(data_dir: Path) -> Reader:
    """The real reader: ``core.vision.pipeline.ImageReader`` with the server's settings. A
    backend that cannot be set up (unknown name, missing credentials) fails each job with
    its reason instead of failing the request."""
    from core.settings import Settings
    from core.vision.pipeline import ImageReader

    try:
        reader = ImageReader(Settings.from_env(), data_dir=data_dir)
    except OcrUnavailable as exc:
        reason = str(exc)

        def unavailable(data: bytes, name: str, now: datetime) -> dict[str, Any]:
            raise OcrUnavailable(reason)

        return unavailable

    def read(data: bytes, name: str, now: datetime) -> dict[str, Any]:
        extraction = reader.read(data, now=now, name=name)
        out = extraction.to_json()
        out["cached"] = extraction.cached
        out["backend"] = extraction.backend
        return out

    return read


def require_image_bytes(data: bytes, limit: int) -> None:
    if not data:
        raise InvalidInput("send the image's bytes as the request body")
    if len(data) > limit:
        raise InvalidInput(f"the image is larger than {limit // (1024 * 1024)} MB")
