"""A fake of the Google Cloud Vision REST API on 127.0.0.1 for tests of the gcv backend.

It implements ``POST /v1/images:annotate`` (what ``ImageAnnotatorClient`` with
``transport="rest"`` sends), records every request (path, headers, JSON body) and answers
each image with a ``fullTextAnnotation``: the text plus a minimal page → block → paragraph
→ word → symbol tree (one block per line, with detected breaks and bounding boxes), and
``textAnnotations`` whose first entry holds the whole text, as the real service does.

The reply text is chosen per image: ``texts`` maps the SHA-256 of the decoded image bytes
to a text, else ``default_text`` is used. Faults:

- ``http403``: 403 PERMISSION_DENIED in Google's JSON error format
- ``http401``: 401 UNAUTHENTICATED
- ``http429``: 429 RESOURCE_EXHAUSTED (quota)
- ``http500``: 500 INTERNAL
- ``image_error``: 200 with a per-image ``error`` (INVALID_ARGUMENT "Bad image data.")
- ``delay``: sleep ``delay_seconds`` before answering (longer than the client's timeout)
- ``no_full_text``: ``fullTextAnnotation`` without its ``text`` field (pages only)

``before_answer``, when set, is called (in the server thread) once a request has been
recorded and before it is answered: tests use it to cancel a read deterministically while
the request is in flight. ``required_key``, when set, makes requests without that ``x-goog-api-key`` fail with 403
API_KEY_INVALID. The real google-cloud-vision client talks to it over HTTP.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any, Literal

from tests.fakes.local_http import LocalServer, send_json

Fault = Literal["http403", "http401", "http429", "http500", "image_error", "delay", "no_full_text"]

ANNOTATE_PATH = "/v1/images:annotate"
#: The integer value of Feature.Type.DOCUMENT_TEXT_DETECTION (the REST client sends ints).
DOCUMENT_TEXT_DETECTION = 11


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


@dataclass
class FakeVisionServer:
    default_text: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    fault: Fault | None = None
    delay_seconds: float = 3.0
    required_key: str | None = None
    before_answer: Callable[[], None] | None = None
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._served: LocalServer | None = None

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> FakeVisionServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                server._record(self, None)
                self._send(404, google_error(404, "NOT_FOUND", "Not found."))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = None
                server._record(self, body)
                if self.path.split("?", 1)[0] != ANNOTATE_PATH:
                    self._send(404, google_error(404, "NOT_FOUND", "Not found."))
                    return
                if not isinstance(body, dict) or not isinstance(body.get("requests"), list):
                    self._send(400, google_error(400, "INVALID_ARGUMENT", "requests is required."))
                    return
                if server.required_key is not None and (
                    self.headers.get("x-goog-api-key") != server.required_key
                ):
                    message = "API key not valid. Please pass a valid API key."
                    self._send(403, google_error(403, "PERMISSION_DENIED", message))
                    return
                if server.before_answer is not None:
                    server.before_answer()
                status, payload = server._answer(body["requests"])
                self._send(status, payload)

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                send_json(self, status, payload, "application/json; charset=UTF-8")

        self._served = LocalServer(Handler, "fake-vision")
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._served is not None:
            self._served.stop()

    # -- what tests look at --------------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._served is not None, "server not started"
        return self._served.port

    @property
    def endpoint(self) -> str:
        """What ILJEONG_GCV_ENDPOINT is set to for this server."""
        return f"127.0.0.1:{self.port}"

    @property
    def annotate_calls(self) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.method == "POST")

    def last_annotate(self) -> Request:
        with self._lock:
            posts = [r for r in self.requests if r.method == "POST"]
        assert posts, "no annotate request was made"
        return posts[-1]

    def last_images(self) -> list[bytes]:
        """The decoded image bytes of the last annotate request."""
        body = self.last_annotate().body or {}
        return [base64.b64decode(r["image"]["content"]) for r in body.get("requests", [])]

    def set_text_for(self, image: bytes, text: str) -> None:
        self.texts[hashlib.sha256(image).hexdigest()] = text

    # -- answers -------------------------------------------------------------------------
    def _answer(self, requests: list[Any]) -> tuple[int, dict[str, Any]]:
        fault = self.fault
        if fault == "delay":
            self._stopping.wait(self.delay_seconds)
        if fault == "http403":
            message = "Cloud Vision API has not been used in project 123 or it is disabled."
            return 403, google_error(403, "PERMISSION_DENIED", message)
        if fault == "http401":
            message = "Request had invalid authentication credentials."
            return 401, google_error(401, "UNAUTHENTICATED", message)
        if fault == "http429":
            message = "Quota exceeded for quota metric 'Requests' of service vision."
            return 429, google_error(429, "RESOURCE_EXHAUSTED", message)
        if fault == "http500":
            return 500, google_error(500, "INTERNAL", "Internal error encountered.")
        responses: list[dict[str, Any]] = []
        for request in requests:
            if fault == "image_error":
                responses.append(
                    {"error": {"code": 3, "message": "Bad image data.", "details": []}}
                )
                continue
            try:
                image = base64.b64decode(request["image"]["content"], validate=True)
            except (KeyError, TypeError, ValueError):
                return 400, google_error(400, "INVALID_ARGUMENT", "Invalid image content.")
            text = self.texts.get(hashlib.sha256(image).hexdigest(), self.default_text)
            responses.append(annotation(text, with_text=fault != "no_full_text"))
        return 200, {"responses": responses}

    def _record(self, handler: BaseHTTPRequestHandler, body: dict[str, Any] | None) -> None:
        request = Request(
            method=handler.command,
            path=handler.path,
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=body,
        )
        with self._lock:
            self.requests.append(request)


def google_error(code: int, status: str, message: str) -> dict[str, Any]:
    """Google's JSON error body (google.rpc.Status over HTTP)."""
    return {
        "error": {
            "code": code,
            "message": message,
            "status": status,
            "details": [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": status,
                    "domain": "googleapis.com",
                    "metadata": {"service": "vision.googleapis.com"},
                }
            ],
        }
    }


_LINE_HEIGHT = 40
_CHAR_WIDTH = 20


def _box(x: int, y: int, width: int, height: int) -> dict[str, Any]:
    return {
        "vertices": [
            {"x": x, "y": y},
            {"x": x + width, "y": y},
            {"x": x + width, "y": y + height},
            {"x": x, "y": y + height},
        ]
    }


def annotation(text: str, *, with_text: bool = True) -> dict[str, Any]:
    """One AnnotateImageResponse for ``text``: one block per non-empty line."""
    blocks: list[dict[str, Any]] = []
    words_out: list[dict[str, Any]] = []
    lines = [line for line in text.splitlines() if line.strip()]
    for row, line in enumerate(lines):
        y = 20 + row * _LINE_HEIGHT
        x = 20
        words: list[dict[str, Any]] = []
        tokens = line.split()
        for index, token in enumerate(tokens):
            last_word = index == len(tokens) - 1
            symbols = []
            for position, char in enumerate(token):
                symbol: dict[str, Any] = {
                    "text": char,
                    "boundingBox": _box(x + position * _CHAR_WIDTH, y, _CHAR_WIDTH, 30),
                    "confidence": 0.98,
                }
                if position == len(token) - 1:
                    kind = "LINE_BREAK" if last_word else "SPACE"
                    symbol["property"] = {"detectedBreak": {"type": kind}}
                symbols.append(symbol)
            width = len(token) * _CHAR_WIDTH
            words.append(
                {"boundingBox": _box(x, y, width, 30), "symbols": symbols, "confidence": 0.98}
            )
            words_out.append({"description": token, "boundingPoly": _box(x, y, width, 30)})
            x += width + _CHAR_WIDTH
        box = _box(20, y, max(x - 20, 1), 30)
        blocks.append(
            {
                "boundingBox": box,
                "paragraphs": [{"boundingBox": box, "words": words, "confidence": 0.98}],
                "blockType": "TEXT",
                "confidence": 0.98,
            }
        )
    page = {
        "property": {"detectedLanguages": [{"languageCode": "ko", "confidence": 0.9}]},
        "width": 1920,
        "height": max(1080, 40 + len(lines) * _LINE_HEIGHT),
        "blocks": blocks,
        "confidence": 0.98,
    }
    full: dict[str, Any] = {"pages": [page] if lines else []}
    if with_text:
        full["text"] = "\n".join(lines) + ("\n" if lines else "")
    if not lines:
        return {}  # the real service answers an image without text with an empty object
    whole = {"locale": "ko", "description": full.get("text", ""), "boundingPoly": page_box(page)}
    return {"fullTextAnnotation": full, "textAnnotations": [whole, *words_out]}


def page_box(page: dict[str, Any]) -> dict[str, Any]:
    return _box(0, 0, int(page["width"]), int(page["height"]))
