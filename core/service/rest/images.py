"""/api/v1/image/…: read events out of a screenshot.

The image is the request body itself (``Content-Type: image/png``, ``image/jpeg``, … or
``application/octet-stream``; at most 25 MB), so no multipart parser is needed.

* ``POST /image/process`` queues the image and answers ``202`` with the job at once.
* ``GET /image/processing-status/{job_id}`` tells how the job is doing and, when done,
  what was found (text and events).
* ``POST /image/extract-event`` does both: it waits up to ``wait`` seconds (default 30)
  and answers ``200`` with the events, or ``202`` with the job when reading takes longer.

Nothing is saved to the calendar: the found events are proposals; the client creates the
ones the user confirms with ``POST /api/v1/calendar/events``.
"""

from __future__ import annotations

import asyncio
import os
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from core.paths import data_dir as default_data_dir
from core.service.auth import Caller
from core.service.ratelimit import limited_caller
from core.service.rest.errors import AUTH_ERRORS, BAD_INPUT, NOT_FOUND, doc, not_found
from core.service.rest.jobs import FINISHED, ImageJobs, JobRecord, QueueFull, vision_reader
from core.service.rest.models import ExtractEventOut, ImageJobOut
from core.timeutil import utc_now

MAX_IMAGE_BYTES = 25 * 1024 * 1024
SERVER_DATA_ENV = "ILJEONG_SERVER_DATA_DIR"

router = APIRouter(prefix="/image", tags=["image"])

_IMAGE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The image file's bytes (PNG, JPEG, WebP, BMP or GIF; ≤ 25 MB)",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in (
                "image/png",
                "image/jpeg",
                "image/webp",
                "image/bmp",
                "image/gif",
                "application/octet-stream",
            )
        },
    }
}
_IMAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    **AUTH_ERRORS,
    **BAD_INPUT,
    413: doc("The image is larger than 25 MB"),
}


def server_data_dir() -> Path:
    """ILJEONG_SERVER_DATA_DIR, else <the iljeong data dir>/server."""
    chosen = os.environ.get(SERVER_DATA_ENV)
    return Path(chosen).expanduser() if chosen else default_data_dir() / "server"


def jobs_for(request: Request) -> ImageJobs:
    """The app's job pool (``app.state.image_jobs``), made on first use."""
    state: Any = request.app.state
    jobs = getattr(state, "image_jobs", None)
    if jobs is None:
        folder = server_data_dir()
        jobs = state.image_jobs = ImageJobs(folder / "image-jobs", vision_reader(folder))
    assert isinstance(jobs, ImageJobs)
    return jobs


async def _image_bytes(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_IMAGE_BYTES:
        raise HTTPException(status_code=413, detail="the image is larger than 25 MB")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_IMAGE_BYTES:
            raise HTTPException(status_code=413, detail="the image is larger than 25 MB")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise HTTPException(status_code=422, detail="send the image's bytes as the request body")
    return data


def _job_out(record: JobRecord) -> ImageJobOut:
    return ImageJobOut(
        job_id=record.job_id,
        status=record.status,
        created_at=record.created_at,
        finished_at=record.finished_at,
        error=record.error,
        error_kind=record.error_kind,
        result=record.result,
    )


async def _submit(request: Request, who: Caller, name: str, now: datetime | None) -> JobRecord:
    data = await _image_bytes(request)
    try:
        return jobs_for(request).submit(
            str(who.user_id), data, name=name or "image", now=now or utc_now()
        )
    except QueueFull as exc:
        raise HTTPException(status_code=429, detail=str(exc), headers={"Retry-After": "5"}) from exc


Name = Annotated[str, Query(max_length=200, description="The file's name (for messages)")]
Now = Annotated[
    datetime | None,
    Query(description="The client's current time with offset (relative dates resolve to it)"),
]


def _aware(now: datetime | None) -> datetime | None:
    if now is not None and now.tzinfo is None:
        raise HTTPException(status_code=422, detail="now must carry a UTC offset")
    return now


@router.post(
    "/process",
    status_code=202,
    response_model=ImageJobOut,
    responses=_IMAGE_ERRORS,
    openapi_extra=_IMAGE_BODY,
    summary="Queue an image to be read",
)
async def process_image(
    request: Request,
    who: Annotated[Caller, Depends(limited_caller)],
    name: Name = "image",
    now: Now = None,
) -> ImageJobOut:
    record = await _submit(request, who, name, _aware(now))
    return _job_out(record)


@router.get(
    "/processing-status/{job_id}",
    response_model=ImageJobOut,
    responses={**AUTH_ERRORS, **NOT_FOUND},
    summary="How an image job is doing, and what it found",
)
def processing_status(
    job_id: str, who: Annotated[Caller, Depends(limited_caller)], request: Request
) -> ImageJobOut:
    record = jobs_for(request).get(str(who.user_id), job_id)
    if record is None:
        raise not_found("no such image job")
    return _job_out(record)


@router.post(
    "/extract-event",
    response_model=ExtractEventOut,
    responses={
        **_IMAGE_ERRORS,
        202: {"model": ImageJobOut, "description": "Still reading: poll processing-status"},
        503: doc("The server's OCR backend is not available (its configuration)"),
    },
    openapi_extra=_IMAGE_BODY,
    summary="Read an image and return the events in it",
)
async def extract_event(
    request: Request,
    who: Annotated[Caller, Depends(limited_caller)],
    name: Name = "image",
    now: Now = None,
    wait: Annotated[float, Query(ge=0, le=120, description="Seconds to wait")] = 30.0,
) -> Any:
    jobs = jobs_for(request)
    record = await _submit(request, who, name, _aware(now))
    deadline = asyncio.get_running_loop().time() + wait
    delay = 0.01
    while True:
        current = jobs.get(str(who.user_id), record.job_id)
        if current is None:  # pruned under us: cannot happen within a wait, but be safe
            raise not_found("the image job disappeared")
        if current.status in FINISHED or asyncio.get_running_loop().time() >= deadline:
            break
        await asyncio.sleep(delay)
        delay = min(delay * 1.5, 0.2)
    if current.status == "done" and current.result is not None:
        result = current.result
        return ExtractEventOut(
            job_id=current.job_id,
            text=str(result.get("text") or ""),
            events=list(result.get("events") or []),
            ms=float(result.get("ms") or 0.0),
            cached=bool(result.get("cached")),
        )
    if current.status in ("failed", "cancelled"):
        if current.error_kind == "unavailable":  # the server's OCR setup, not the image
            raise HTTPException(
                status_code=503, detail=current.error or "image reading is not available"
            )
        raise HTTPException(status_code=422, detail=current.error or "the image could not be read")
    return JSONResponse(status_code=202, content=_job_out(current).model_dump(mode="json"))
