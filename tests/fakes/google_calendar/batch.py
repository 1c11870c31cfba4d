"""multipart/mixed batch bodies: parsing the client's request, writing the response.

The client (googleapiclient BatchHttpRequest) writes parts with bare LF line endings; each
part is ``Content-Type: application/http`` with a ``Content-ID`` and a whole HTTP request
(path only) as its body. Each answer part must carry at least one header line inside the
inner response, or the client fails with IndexError (gcal_sync.md §0.3).
"""

from __future__ import annotations

import email.parser
import email.policy
from dataclasses import dataclass
from http import HTTPStatus


@dataclass
class Part:
    content_id: str | None
    method: str
    target: str  # path and query, as in the request line
    headers: dict[str, str]  # lower-case names
    body: bytes


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class BatchParseError(ValueError):
    pass


def parse(content_type: str, body: bytes) -> list[Part]:
    if not content_type.lower().startswith("multipart/mixed") or "boundary=" not in content_type:
        raise BatchParseError("the batch request must be multipart/mixed with a boundary")
    parser = email.parser.BytesParser(policy=email.policy.compat32)
    message = parser.parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    if not message.is_multipart():
        raise BatchParseError("the batch request has no parts")
    parts: list[Part] = []
    for sub in message.get_payload():
        if isinstance(sub, str):
            raise BatchParseError("a batch part has no headers")
        payload = sub.get_payload(decode=False)
        if not isinstance(payload, str):
            raise BatchParseError("nested multipart is not supported")
        parts.append(_parse_inner(sub.get("Content-ID"), payload))
    return parts


def _parse_inner(content_id: str | None, text: str) -> Part:
    text = text.lstrip("\r\n")
    crlf, lf = text.find("\r\n\r\n"), text.find("\n\n")
    if crlf >= 0 and (lf < 0 or crlf <= lf):
        head, raw_body = text[:crlf], text[crlf + 4 :]
    elif lf >= 0:
        head, raw_body = text[:lf], text[lf + 2 :]
    else:
        head, raw_body = text, ""
    lines = head.replace("\r\n", "\n").split("\n")
    request_line = lines[0].split(" ")
    if len(request_line) < 2:
        raise BatchParseError(f"bad request line in a batch part: {lines[0]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    body = raw_body.encode("utf-8", "surrogateescape")
    length = headers.get("content-length")
    exact = length is not None and length.isdigit()
    body = body[: int(length)] if exact and length else body.rstrip(b"\r\n")
    return Part(
        content_id=content_id,
        method=request_line[0].upper(),
        target=request_line[1],
        headers=headers,
        body=body,
    )


def response_id(content_id: str | None) -> str | None:
    if content_id is None:
        return None
    inner = content_id.strip()
    if inner.startswith("<") and inner.endswith(">"):
        inner = inner[1:-1]
    return f"<response-{inner}>"


def render(boundary: str, parts: list[tuple[str | None, Answer]]) -> bytes:
    chunks: list[bytes] = []
    for content_id, answer in parts:
        head = [f"--{boundary}", "Content-Type: application/http"]
        rid = response_id(content_id)
        if rid:
            head.append(f"Content-ID: {rid}")
        try:
            phrase = HTTPStatus(answer.status).phrase
        except ValueError:
            phrase = "Unknown"
        inner = [f"HTTP/1.1 {answer.status} {phrase}"]
        headers = dict(answer.headers)
        headers["Content-Length"] = str(len(answer.body))
        inner += [f"{k}: {v}" for k, v in headers.items()]
        text = "\r\n".join(head) + "\r\n\r\n" + "\r\n".join(inner) + "\r\n\r\n"
        chunks.append(text.encode() + answer.body + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks)
