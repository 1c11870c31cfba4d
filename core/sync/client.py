"""HTTP client of the sync service (httpx, blocking; run it off the UI thread).

    client = SyncClient("http://127.0.0.1:8750", device_token, installation_id="…")
    client.login() -> DeviceSession          # device token → access JWT + refresh token
    client.push(PushRequest) -> PushResponse
    client.pull(cursor, limit) -> PullPage   # ResyncNeeded on 410
    client.me() -> dict
    client.lease_acquire(ttl) / lease_state(state) / lease_release() / lease()
    client.lease_bases(after) / lease_save_bases(bases)   Google bases handed over
    client.listen(on_poke, stop)             # SSE: calls on_poke(version) until stop is set

Every request carries ``X-Iljeong-Schema``. Sessions are refreshed before they expire and
after a 401; a failed refresh (expired, revoked, reuse detected) falls back to a new login
with the device token, which is the device's lasting credential. The refresh token lives
in memory only. Errors are core.sync.errors types with readable messages.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from core.service.wire import SCHEMA_HEADER, SCHEMA_VERSION, PullPage, PushRequest, PushResponse
from core.sync.errors import (
    LeaseHeld,
    MutationOrderError,
    RequestRefused,
    ResyncNeeded,
    SchemaMismatch,
    SyncAuthError,
    SyncError,
    SyncUnavailable,
)

REFRESH_MARGIN_SECONDS = 30.0


@dataclass(frozen=True)
class DeviceSession:
    device_id: str
    user_id: int
    email: str
    last_mutation_id: int


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return str(body["detail"])
    return json.dumps(body)[:200]


class SyncClient:
    def __init__(
        self,
        server: str,
        device_token: str,
        *,
        installation_id: str | None = None,
        device_name: str = "",
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.server = server.rstrip("/")
        self._device_token = device_token
        self._installation_id = installation_id
        self._device_name = device_name
        self._http = httpx.Client(
            base_url=self.server,
            timeout=timeout,
            transport=transport,
            headers={SCHEMA_HEADER: str(SCHEMA_VERSION)},
        )
        self._lock = threading.RLock()
        self._access: str | None = None
        self._refresh: str | None = None
        self._expires_at = 0.0
        self.session: DeviceSession | None = None
        self._stream: httpx.Response | None = None
        self._stream_socket: socket.socket | None = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport ---------------------------------------------------------------------------

    def _send(self, method: str, path: str, token: str | None, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            return self._http.request(method, path, headers=headers, **kwargs)
        except httpx.TimeoutException as exc:
            raise SyncUnavailable(f"the sync server {self.server} did not answer in time") from exc
        except httpx.TransportError as exc:
            raise SyncUnavailable(f"cannot reach the sync server {self.server}: {exc}") from exc

    def _check(self, response: httpx.Response) -> httpx.Response:
        status = response.status_code
        if status < 400:
            return response
        detail = _detail(response)
        if status == 401:
            raise SyncAuthError(f"the sync server refused the credentials: {detail}")
        if status == 426:
            raise SchemaMismatch(detail)
        if status == 410:
            raise ResyncNeeded(detail)
        if status == 409:
            if _holder(response) is not None:
                raise LeaseHeld(detail)
            try:
                expected = int(response.json().get("expected"))
            except (ValueError, TypeError, AttributeError):
                raise SyncError(f"the sync server refused the request: {detail}") from None
            raise MutationOrderError(detail, expected)
        if status >= 500 or status == 429:
            raise SyncUnavailable(f"the sync server failed ({status}): {detail}")
        if status in (400, 413, 422):
            raise RequestRefused(f"the sync server refused the request ({status}): {detail}")
        raise SyncError(f"the sync server refused the request ({status}): {detail}")

    # -- session -----------------------------------------------------------------------------

    def _take_session(self, body: dict[str, Any]) -> None:
        self._access = str(body["access_token"])
        self._refresh = str(body["refresh_token"])
        self._expires_at = time.monotonic() + float(body.get("expires_in", 60))

    def login(self) -> DeviceSession:
        """Trade the device token for a session (also tells the device its id)."""
        with self._lock:
            response = self._check(
                self._send(
                    "POST",
                    "/v1/auth/device",
                    None,
                    json={
                        "device_token": self._device_token,
                        "installation_id": self._installation_id,
                        "device_name": self._device_name,
                    },
                )
            )
            body = response.json()
            self._take_session(body)
            self.session = DeviceSession(
                device_id=str(body["device_id"]),
                user_id=int(body["user_id"]),
                email=str(body["email"]),
                last_mutation_id=int(body["last_mutation_id"]),
            )
            return self.session

    def _refresh_session(self) -> bool:
        """Rotate the refresh token; False when the service refuses it."""
        if self._refresh is None:
            return False
        response = self._send(
            "POST", "/v1/auth/refresh", None, json={"refresh_token": self._refresh}
        )
        if response.status_code == 401:
            self._access = self._refresh = None
            return False
        self._take_session(self._check(response).json())
        return True

    def _renew(self, stale: str | None) -> str:
        """A fresh access token unless another thread already replaced ``stale``. One
        thread at a time, so a refresh token is never presented twice (which the service
        would take for theft and answer by revoking the device's sessions)."""
        with self._lock:
            outdated = self._access is None or self._access == stale or self.session is None
            if outdated and (self.session is None or not self._refresh_session()):
                self.login()
            assert self._access is not None
            return self._access

    def _token(self) -> str:
        access = self._access
        if (
            access is None
            or self.session is None
            or time.monotonic() > self._expires_at - REFRESH_MARGIN_SECONDS
        ):
            return self._renew(access)
        return access

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """An authenticated request; one new session and retry after a 401."""
        token = self._token()
        response = self._send(method, path, token, **kwargs)
        if response.status_code == 401:
            response = self._send(method, path, self._renew(token), **kwargs)
        return self._check(response)

    # -- protocol ----------------------------------------------------------------------------

    def me(self) -> dict[str, Any]:
        body: dict[str, Any] = self.request("GET", "/v1/me").json()
        return body

    def push(self, body: PushRequest) -> PushResponse:
        response = self.request(
            "POST",
            "/v1/push",
            content=body.model_dump_json(),
            headers={"Content-Type": "application/json"},
        )
        return PushResponse.model_validate_json(response.content)

    def pull(self, cursor: int, limit: int = 500) -> PullPage:
        response = self.request("GET", "/v1/pull", params={"cursor": cursor, "limit": limit})
        return PullPage.model_validate_json(response.content)

    def lease(self) -> dict[str, Any]:
        body: dict[str, Any] = self.request("GET", "/v1/google/lease").json()
        return body

    def lease_acquire(self, ttl_seconds: int = 120) -> dict[str, Any]:
        body: dict[str, Any] = self.request(
            "POST", "/v1/google/lease", json={"ttl_seconds": ttl_seconds}
        ).json()
        return body

    def lease_state(self, state: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = self.request(
            "PUT", "/v1/google/lease/state", json={"state": state}
        ).json()
        return body

    def lease_bases(self, after: int, limit: int = 500) -> dict[str, Any]:
        """A page of the Google bases handed over after sequence ``after``
        (``{"bases": [...], "seq": N, "more": bool}``)."""
        body: dict[str, Any] = self.request(
            "GET", "/v1/google/lease/bases", params={"after": after, "limit": limit}
        ).json()
        return body

    def lease_save_bases(self, bases: list[dict[str, Any]]) -> tuple[int, int]:
        """Hand Google bases over (lease holder only); the sequences given to the first
        and the last of them."""
        body: dict[str, Any] = self.request(
            "PUT", "/v1/google/lease/bases", json={"bases": bases}
        ).json()
        return int(body["first"]), int(body["seq"])

    def lease_release(self) -> dict[str, Any]:
        body: dict[str, Any] = self.request("DELETE", "/v1/google/lease").json()
        return body

    def listen(self, on_poke: Callable[[int], None], stop: threading.Event) -> None:
        """Follow the server's SSE stream, calling ``on_poke(version)`` for each poke, until
        ``stop`` is set or the stream ends (the caller reconnects with a backoff)."""
        headers = {"Authorization": f"Bearer {self._token()}", "Accept": "text/event-stream"}
        timeout = httpx.Timeout(10.0, read=45.0)
        try:
            with self._http.stream("GET", "/v1/stream", headers=headers, timeout=timeout) as r:
                self._stream = r
                network = r.extensions.get("network_stream")
                self._stream_socket = network.get_extra_info("socket") if network else None
                if r.status_code >= 400:
                    r.read()
                    self._check(r)
                event = ""
                for line in r.iter_lines():
                    if stop.is_set():
                        return
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:") and event == "poke":
                        try:
                            version = int(json.loads(line[5:]).get("version", 0))
                        except (ValueError, AttributeError):
                            version = 0
                        on_poke(version)
                    elif not line:
                        event = ""
        except (httpx.TransportError, httpx.StreamError) as exc:
            if not stop.is_set():
                raise SyncUnavailable(f"the sync server's event stream ended: {exc}") from exc
        finally:
            self._stream = None
            self._stream_socket = None

    def stop_listening(self) -> None:
        """End the open event stream from any thread, so ``listen`` returns now (a shut
        down socket wakes the blocked read; closing the response alone would not)."""
        sock, stream = self._stream_socket, self._stream
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()


def _holder(response: httpx.Response) -> str | None:
    """The device holding the Google lease, when a 409 says so."""
    try:
        body = response.json()
    except ValueError:
        return None
    holder = body.get("holder") if isinstance(body, dict) else None
    return str(holder) if holder is not None else None
