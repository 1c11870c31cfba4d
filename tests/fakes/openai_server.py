"""A small OpenAI-compatible HTTP server on 127.0.0.1 for tests of the LLM path.

It implements POST /v1/chat/completions and GET /v1/models, records every request
(path, headers, JSON body), answers with a scripted JSON object as the assistant message
content, and can inject faults:

- ``delay``: sleep ``delay_seconds`` before answering (longer than the client's timeout)
- ``http500``: a 500 error with an OpenAI-style error body
- ``garbage``: content that is not JSON
- ``schema``: a JSON object that violates the schema (unknown intent, missing fields)

``required_key``, when set, makes chat requests without ``Authorization: Bearer <key>``
fail with 401 as OpenAI does. ``last_image_urls()`` gives the image parts (data URLs) of
the last chat request, for vision requests.

The real ``openai`` client talks to it over HTTP; nothing is mocked inside the client.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any, Literal

from tests.fakes.local_http import LocalServer, send_json

Fault = Literal["delay", "http500", "garbage", "schema"]
#: A JSON object (sent as the message content), a function of the request body giving one,
#: or a string sent verbatim as the content.
Reply = dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | str

DEFAULT_REPLY: dict[str, Any] = {
    "intent": "other",
    "title": None,
    "start": None,
    "end": None,
    "all_day": False,
    "location": None,
    "rrule": None,
    "query_range": None,
}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


@dataclass
class FakeOpenAIServer:
    reply: Reply = field(default_factory=lambda: dict(DEFAULT_REPLY))
    fault: Fault | None = None
    delay_seconds: float = 3.0
    model_ids: tuple[str, ...] = ("fake-model",)
    required_key: str | None = None
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._served: LocalServer | None = None

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> FakeOpenAIServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                server._record(self, None)
                if self.path.rstrip("/") == "/v1/models":
                    data = [
                        {"id": m, "object": "model", "created": 0, "owned_by": "fake"}
                        for m in server.model_ids
                    ]
                    self._send(200, {"object": "list", "data": data})
                else:
                    self._send(404, _error("not found", "invalid_request_error"))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = None
                server._record(self, body)
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, _error("not found", "invalid_request_error"))
                    return
                if not isinstance(body, dict) or "messages" not in body or "model" not in body:
                    self._send(
                        400, _error("messages and model are required", "invalid_request_error")
                    )
                    return
                if server.required_key is not None and (
                    self.headers.get("Authorization") != f"Bearer {server.required_key}"
                ):
                    message = "Incorrect API key provided."
                    self._send(401, _error(message, "invalid_request_error", "invalid_api_key"))
                    return
                fault = server.fault
                if fault == "delay":
                    server._stopping.wait(server.delay_seconds)
                if fault == "http500":
                    self._send(500, _error("the fake server failed on purpose", "server_error"))
                    return
                if fault == "garbage":
                    content = "Sure! The meeting is tomorrow at 3 {not json"
                elif fault == "schema":
                    content = json.dumps({"intent": "schedule", "when": "tomorrow"})
                else:
                    reply = server.reply
                    if isinstance(reply, str):
                        content = reply
                    else:
                        answer = reply(body) if callable(reply) else reply
                        content = json.dumps(answer, ensure_ascii=False)
                self._send(200, _completion(body.get("model", "fake-model"), content))

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                send_json(self, status, payload, "application/json")

        self._served = LocalServer(Handler, "fake-openai")
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
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def chat_calls(self) -> int:
        with self._lock:
            return sum(
                1
                for r in self.requests
                if r.method == "POST" and r.path.endswith("/chat/completions")
            )

    def last_chat(self) -> Request:
        with self._lock:
            chats = [r for r in self.requests if r.method == "POST"]
        assert chats, "no chat completion was requested"
        return chats[-1]

    def last_image_urls(self) -> list[str]:
        """The ``image_url`` parts of the last chat request's messages, in order."""
        body = self.last_chat().body or {}
        urls: list[str] = []
        for message in body.get("messages", []):
            content = message.get("content")
            if not isinstance(content, list):
                continue
            for part in content:
                if isinstance(part, dict) and part.get("type") == "image_url":
                    urls.append(str(part["image_url"]["url"]))
        return urls

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
        self.fault = None
        self.reply = dict(DEFAULT_REPLY)

    def _record(self, handler: BaseHTTPRequestHandler, body: dict[str, Any] | None) -> None:
        request = Request(
            method=handler.command,
            path=handler.path,
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=body,
        )
        with self._lock:
            self.requests.append(request)


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-fake-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _error(message: str, kind: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}
