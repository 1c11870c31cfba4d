"""FakeGoogle: the Calendar API v3 emulator and Google's OAuth endpoints on 127.0.0.1.

One ThreadingHTTPServer serves everything; one lock guards all state, so concurrent
clients see each request applied atomically. Randomness (ids, tokens, faults) comes from
generators seeded by ``seed``, so a single-threaded test replays identically.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import json
import random
import socket
import threading
import traceback
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import batch, discovery, errors, fields
from .errors import ApiError
from .oauth import CALENDAR, USERINFO_EMAIL, OAuthError, OAuthServer
from .state import Account, Calendar, Query, World
from .times import zone

API_PREFIX = "/calendar/v3/"
BATCH_PATH = "/batch/calendar/v3"
JSON_TYPE = "application/json; charset=UTF-8"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_TOKEN_SCOPES = ("openid", USERINFO_EMAIL, CALENDAR)


@dataclass(frozen=True)
class Faults:
    """Injected trouble, drawn from the fake's seeded generator.

    - ``error_rate``: share of calls answered with an error from ``statuses`` instead of
      being applied (403 comes as rateLimitExceeded or userRateLimitExceeded, 429 as
      rateLimitExceeded, 5xx as backendError; a reason name such as "quotaExceeded" gives
      that error). In a batch each part draws on its own.
    - ``drop_rate``: share of requests whose connection is closed with no answer; for a
      write, half of the drops happen after the write was applied ("lost response").
    - ``delay_seconds``: every matching request waits this long before it is answered.
    - ``short_page_rate``: share of events.list pages cut short (0..maxResults-1 items,
      possibly none) while more remain; nextPageToken still says more exist.
    - ``only``: which operations the faults hit. None: every Calendar API call (method ids
      such as ``events.list``, and ``batch`` for drops/delays of a whole batch), never the
      OAuth endpoints. Otherwise fnmatch patterns (``"events.*"``, ``"oauth.token"``,
      ``"batch"``) or a predicate on the operation name.
    """

    error_rate: float = 0.0
    statuses: tuple[int | str, ...] = (500, 503, 429, 403)
    drop_rate: float = 0.0
    delay_seconds: float = 0.0
    short_page_rate: float = 0.0
    only: str | Collection[str] | Callable[[str], bool] | None = None

    def applies(self, operation: str) -> bool:
        if self.only is None:
            return not operation.startswith("oauth.") and operation != "unknown"
        if callable(self.only):
            return bool(self.only(operation))
        patterns = [self.only] if isinstance(self.only, str) else list(self.only)
        return any(fnmatch.fnmatchcase(operation, p) for p in patterns)

    def names(self, operation: str) -> bool:
        """True when ``only`` selects this operation explicitly (not by the default)."""
        return self.only is not None and self.applies(operation)


@dataclass
class Request:
    """One HTTP request the fake received (a batch is one, with its parts)."""

    method: str
    path: str
    query: dict[str, str]
    batch_parts: int = 0
    operation: str = ""
    status: int | None = None  # None: the connection was dropped
    parts: list[Request] = field(default_factory=list)
    #: request headers, lower-case names (the Authorization value is left out)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def is_write(self) -> bool:
        if self.batch_parts:
            return any(p.is_write for p in self.parts)
        return self.method in WRITE_METHODS and not self.operation.startswith("oauth.")


@dataclass
class _Plan:
    delay: float = 0.0
    drop_before: bool = False
    drop_after: bool = False
    error: ApiError | None = None


@dataclass
class _Pending:
    """A 200 JSON answer not yet encoded."""

    obj: Any
    selection: fields.Tree | None
    etag: str | None

    def encode(self) -> batch.Answer:
        return _json(200, fields.apply(self.obj, self.selection), etag=self.etag)


class _Dropped(Exception):
    """Close the connection without an answer."""


class FakeGoogle:
    """Google Calendar API v3 + OAuth on 127.0.0.1 for the real google-api-python-client."""

    def __init__(
        self,
        seed: int = 0,
        *,
        clock: Callable[[], datetime] | None = None,
        time_zone: str = "Asia/Seoul",
    ) -> None:
        self.seed = seed
        self.time_zone = time_zone
        self._clock = clock or (lambda: datetime.now(UTC))
        self.lock = threading.RLock()
        self.world = World(seed, self._clock)
        self.oauth = OAuthServer(seed, self._clock)
        self._client = self.oauth.add_client()
        self._fault_rng = random.Random(f"faults-{seed}")
        self._boundary_rng = random.Random(f"boundary-{seed}")
        self.faults = Faults()
        #: Google documents 1000 calls per batch; the project's brief asks for 50.
        self.max_batch_parts = 50
        self._requests: list[Request] = []
        self.internal_errors: list[str] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> FakeGoogle:
        if self._httpd is not None:
            return self
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="fake-google", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeGoogle:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses ----------------------------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._httpd is not None, "start() the fake first"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def api_endpoint(self) -> str:
        """The discovery document's rootUrl replacement (ILJEONG_GOOGLE_API_ENDPOINT)."""
        return self.base_url

    @property
    def auth_uri(self) -> str:
        return self.base_url + "o/oauth2/auth"

    @property
    def token_uri(self) -> str:
        return self.base_url + "token"

    @property
    def revoke_uri(self) -> str:
        return self.base_url + "revoke"

    @property
    def certs_url(self) -> str:
        """id_token signing certificates, in the format of googleapis.com/oauth2/v1/certs."""
        return self.base_url + "oauth2/v1/certs"

    @property
    def jwks_url(self) -> str:
        return self.base_url + "oauth2/v3/certs"

    @property
    def client_id(self) -> str:
        return self._client.client_id

    @property
    def client_secret(self) -> str:
        return self._client.client_secret

    def client_config(self) -> dict[str, Any]:
        return {
            "installed": {
                "client_id": self.client_id,
                "project_id": "iljeong-fake",
                "auth_uri": self.auth_uri,
                "token_uri": self.token_uri,
                "auth_provider_x509_cert_url": self.certs_url,
                "client_secret": self.client_secret,
                "redirect_uris": ["http://localhost"],
            }
        }

    def write_client_secrets(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(self.client_config(), indent=2), encoding="utf-8")
        return target

    # -- consent knobs ------------------------------------------------------------------------
    @property
    def grant_scopes(self) -> set[str] | None:
        return self.oauth.grant_scopes

    @grant_scopes.setter
    def grant_scopes(self, value: set[str] | None) -> None:
        with self.lock:
            self.oauth.grant_scopes = None if value is None else set(value)

    @property
    def deny_consent(self) -> bool:
        return self.oauth.deny_consent

    @deny_consent.setter
    def deny_consent(self, value: bool) -> None:
        self.oauth.deny_consent = value

    @property
    def consent_email(self) -> str | None:
        return self.oauth.consent_email

    @consent_email.setter
    def consent_email(self, value: str | None) -> None:
        self.oauth.consent_email = value

    # -- accounts, tokens ---------------------------------------------------------------------
    def add_account(
        self,
        email: str = "user@example.com",
        calendars: Iterable[str] = ("primary",),
        *,
        time_zone: str | None = None,
    ) -> Account:
        """An account; "primary" (its id is the e-mail) is always there, other names add
        secondary calendars (``<name>@group.calendar.google.com``, or the name if it has @)."""
        with self.lock:
            tz = time_zone or self.time_zone
            account = self.world.add_account(email, self.oauth.sub_for(email), tz)
            for name in calendars:
                if name != "primary":
                    self.world.add_calendar(account, name, time_zone=tz)
            return account

    def add_calendar(
        self, email: str, name: str, *, time_zone: str | None = None, hidden: bool = False
    ) -> str:
        with self.lock:
            account = self.world.accounts[email]
            cal = self.world.add_calendar(
                account, name, time_zone=time_zone or self.time_zone, hidden=hidden
            )
            return cal.id

    def remove_calendar(self, calendar_id: str) -> None:
        """The calendar leaves the owner's list (calendarList sync shows deleted: true)."""
        with self.lock:
            self.world.remove_calendar(self.world.resolve(calendar_id))

    def account(self, email: str) -> Account:
        return self.world.accounts[email]

    def issue_tokens(self, email: str, scopes: Iterable[str] | None = None) -> dict[str, Any]:
        """Tokens as if ``email`` had consented (for tests that skip the browser).

        The dict has google-auth's authorized-user keys (token, refresh_token, token_uri,
        client_id, client_secret, scopes, expiry) plus access_token and id_token.
        """
        from .oauth import normalize_scope

        wanted = frozenset(normalize_scope(s) for s in (scopes or DEFAULT_TOKEN_SCOPES))
        with self.lock:
            if email not in self.world.accounts:
                raise KeyError(f"no account {email!r}: add_account first")
            answer = self.oauth.issue(self._client, email, wanted)
            expires = self._clock() + timedelta(seconds=int(answer["expires_in"]))
        return {
            "token": answer["access_token"],
            "access_token": answer["access_token"],
            "refresh_token": answer["refresh_token"],
            "id_token": answer.get("id_token"),
            "token_uri": self.token_uri,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "scopes": sorted(wanted),
            "expiry": expires.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z",
            "account": email,
            "universe_domain": "googleapis.com",
        }

    def revoke(self, email: str) -> None:
        """The user removed the app's access: refresh gives invalid_grant, calls get 401."""
        with self.lock:
            self.oauth.revoke_email(email)

    def expire_access_tokens(self) -> None:
        with self.lock:
            self.oauth.expire_all()

    # -- Google-side edits (the user in Google's web UI) ----------------------------------
    def _cal(self, calendar_id: str) -> Calendar:
        return self.world.resolve(calendar_id)

    def insert_event(self, calendar_id: str, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            cal = self._cal(calendar_id)
            return self.world.render(self.world.insert_event(cal, body), cal.tz)

    def patch_event(self, calendar_id: str, event_id: str, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            cal = self._cal(calendar_id)
            return self.world.render(self.world.patch_event(cal, event_id, body), cal.tz)

    def update_event(self, calendar_id: str, event_id: str, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            cal = self._cal(calendar_id)
            return self.world.render(self.world.update_event(cal, event_id, body), cal.tz)

    def delete_event(self, calendar_id: str, event_id: str) -> None:
        with self.lock:
            self.world.delete_event(self._cal(calendar_id), event_id)

    def get_event(self, calendar_id: str, event_id: str) -> dict[str, Any]:
        with self.lock:
            cal = self._cal(calendar_id)
            return self.world.get_event(cal, event_id, cal.tz)

    def events(self, calendar_id: str, include_cancelled: bool = False) -> list[dict[str, Any]]:
        """Stored events (series, exceptions, single events) in order of last change."""
        with self.lock:
            cal = self._cal(calendar_id)
            found = sorted(cal.events.values(), key=lambda e: e.serial)
            return [
                self.world.render(e, cal.tz) for e in found if include_cancelled or not e.cancelled
            ]

    def invalidate_sync_tokens(self, calendar_id: str | None = None) -> None:
        """Every sync token issued so far (one calendar, or all and calendarList) → 410."""
        with self.lock:
            if calendar_id is None:
                for cal in self.world.calendars.values():
                    cal.generation += 1
                for account in self.world.accounts.values():
                    account.list_generation += 1
            else:
                self._cal(calendar_id).generation += 1

    def purge_tombstones(
        self, calendar_id: str | None = None, older_than: timedelta | None = None
    ) -> int:
        """Drop cancelled events (all, or those cancelled longer ago than ``older_than``).

        Their ids stay taken (409). Sync tokens older than the newest purged tombstone then
        get 410, and updatedMin before the purge gets 410 updatedMinTooLongAgo.
        """
        with self.lock:
            cals = (
                [self._cal(calendar_id)]
                if calendar_id is not None
                else list(self.world.calendars.values())
            )
            return sum(self.world.purge_tombstones(c, older_than) for c in cals)

    # -- the request log ----------------------------------------------------------------------
    @property
    def requests(self) -> list[Request]:
        with self.lock:
            return list(self._requests)

    def reset_requests(self) -> None:
        with self.lock:
            self._requests.clear()

    def _record(self, request: Request) -> None:
        with self.lock:
            self._requests.append(request)

    # -- faults ---------------------------------------------------------------------------------
    def _plan(self, operation: str, write: bool, *, errors_allowed: bool = True) -> _Plan:
        faults = self.faults
        plan = _Plan()
        if not faults.applies(operation):
            return plan
        with self.lock:
            rng = self._fault_rng
            plan.delay = faults.delay_seconds
            if faults.drop_rate and rng.random() < faults.drop_rate:
                if write and rng.random() < 0.5:
                    plan.drop_after = True
                else:
                    plan.drop_before = True
                return plan
            wants_error = errors_allowed and faults.error_rate and faults.statuses
            if wants_error and rng.random() < faults.error_rate:
                status = rng.choice(faults.statuses)
                plan.error = errors.injected(status, rng.randrange(2))
        return plan

    def _short_page(self, max_results: int) -> int:
        faults = self.faults
        if not faults.short_page_rate or not faults.applies("events.list"):
            return max_results
        with self.lock:
            if self._fault_rng.random() < faults.short_page_rate:
                return self._fault_rng.randrange(max_results)
        return max_results

    # -- the Calendar API ---------------------------------------------------------------------
    def call_api(
        self,
        method: str,
        target: str,
        headers: dict[str, str],
        body: bytes,
        *,
        batch_writes: set[tuple[str, str]] | None = None,
    ) -> batch.Answer:
        """One API call (direct or a batch part). ``headers`` have lower-case names."""
        try:
            return self._call_api(method, target, headers, body, batch_writes)
        except ApiError as error:
            return _error_answer(error)

    def _call_api(
        self,
        method: str,
        target: str,
        headers: dict[str, str],
        body: bytes,
        batch_writes: set[tuple[str, str]] | None,
    ) -> batch.Answer:
        parts = urlsplit(target)
        if not parts.path.startswith(API_PREFIX):
            raise errors.not_found()
        found = discovery.match(method, parts.path[len(API_PREFIX) :])
        if found is None:
            raise errors.not_found()
        route, params = found
        q = Query(parse_qs(parts.query, keep_blank_values=True))
        payload: Any = None
        if body.strip():
            try:
                payload = json.loads(body)
            except ValueError:
                raise errors.bad_request("Parse Error", reason="parseError") from None
        with self.lock:
            account, scopes = self._authenticate(headers)
            if not scopes & route.scopes:
                raise errors.insufficient_scopes(route.rpc_name)
            if batch_writes is not None and method in WRITE_METHODS and "eventId" in params:
                key = (params.get("calendarId", ""), params["eventId"])
                if self.world.batch_conflicts and key in batch_writes:
                    raise errors.batch_conflict()
                batch_writes.add(key)
            answer = self._dispatch(route.method_id, params, q, headers, payload, account)
        # JSON is encoded outside the lock: rendered objects are fresh dicts over stored
        # values that are never mutated.
        return answer.encode() if isinstance(answer, _Pending) else answer

    def _authenticate(self, headers: dict[str, str]) -> tuple[Account, frozenset[str]]:
        auth = headers.get("authorization", "")
        if not auth:
            raise errors.login_required()
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise errors.invalid_credentials()
        access = self.oauth.check_access(token.strip())
        if access is None:
            raise errors.invalid_credentials()
        account = self.world.accounts.get(access.grant.email)
        if account is None:
            raise errors.invalid_credentials()
        return account, access.scopes

    def _dispatch(
        self,
        method_id: str,
        params: dict[str, str],
        q: Query,
        headers: dict[str, str],
        payload: Any,
        account: Account,
    ) -> batch.Answer | _Pending:
        world = self.world
        selection = fields.parse(q.get("fields") or "") if q.get("fields") else None

        def reply(obj: Any, etag: str | None = None) -> _Pending:
            return _Pending(obj, selection, etag)

        if method_id == "calendarList.list":
            return reply(world.calendar_list(account, q))
        cal = world.resolve(params.get("calendarId", "primary"), account)
        tz = cal.tz
        if q.get("timeZone"):
            tz = zone(str(q.get("timeZone")))
        if method_id == "calendarList.get":
            return reply(world.calendar_entry(cal))
        if method_id == "calendars.get":
            return reply(world.calendar_resource(cal))
        if method_id == "events.list":
            return reply(world.list_events(cal, q, self._short_page))
        event_id = params.get("eventId", "")
        if_match = headers.get("if-match")
        if method_id == "events.get":
            event = world.get_event(cal, event_id, tz)
            if headers.get("if-none-match") == event["etag"]:
                return batch.Answer(304, {"ETag": event["etag"]}, b"")
            return reply(event, etag=event["etag"])
        if method_id == "events.instances":
            return reply(world.instances(cal, event_id, q, tz))
        if method_id == "events.insert":
            stored = world.insert_event(cal, payload)
            return reply(world.render(stored, tz), etag=stored.etag)
        if method_id == "events.patch":
            stored = world.patch_event(cal, event_id, payload, if_match)
            return reply(world.render(stored, tz), etag=stored.etag)
        if method_id == "events.update":
            stored = world.update_event(cal, event_id, payload, if_match)
            return reply(world.render(stored, tz), etag=stored.etag)
        if method_id == "events.move":
            destination = q.get("destination")
            if not destination:
                raise errors.required("Required parameter: destination")
            target = world.resolve(destination, account)
            moved = world.move_event(cal, event_id, target)
            return reply(world.render(moved, target.tz), etag=moved.etag)
        if method_id == "events.delete":
            world.delete_event(cal, event_id, if_match)
            return batch.Answer(204, {}, b"")
        raise ApiError(501, "notImplemented", f"{method_id} is not implemented by the fake")

    # -- batch ------------------------------------------------------------------------------------
    def call_batch(
        self, headers: dict[str, str], body: bytes, record: Request
    ) -> tuple[batch.Answer, bool]:
        """(answer, whether any part wrote)."""
        try:
            parts = batch.parse(headers.get("content-type", ""), body)
        except batch.BatchParseError as exc:
            return _error_answer(errors.bad_request(str(exc))), False
        record.batch_parts = len(parts)
        for part in parts:
            split = urlsplit(part.target)
            record.parts.append(
                Request(
                    method=part.method,
                    path=split.path,
                    query=_flat_query(split.query),
                    operation=_operation(part.method, split.path),
                    headers=_loggable(part.headers),
                )
            )
        if not parts:
            return _error_answer(errors.bad_request("The batch request has no parts.")), False
        if len(parts) > self.max_batch_parts:
            return _error_answer(
                errors.bad_request(
                    f"Too many calls in a batch request: {len(parts)}, at most "
                    f"{self.max_batch_parts} are allowed.",
                    reason="batchSizeTooLarge",
                )
            ), False
        shared = {
            k: v
            for k, v in headers.items()
            if k not in ("content-type", "content-length", "host", "content-transfer-encoding")
        }
        written: set[tuple[str, str]] = set()
        answers: list[tuple[str | None, batch.Answer]] = []
        wrote = False
        for part, sub in zip(parts, record.parts, strict=True):
            plan = self._plan(sub.operation, sub.is_write, errors_allowed=True)
            if plan.error is not None:
                answer = _error_answer(plan.error)
            else:
                answer = self.call_api(
                    part.method,
                    part.target,
                    {**shared, **part.headers},
                    part.body,
                    batch_writes=written,
                )
                wrote = wrote or (sub.is_write and answer.status < 300)
            sub.status = answer.status
            answers.append((part.content_id, answer))
        with self.lock:
            boundary = "batch_" + "".join(
                self._boundary_rng.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(24)
            )
        content = batch.render(boundary, answers)
        return batch.Answer(
            200, {"Content-Type": f"multipart/mixed; boundary={boundary}"}, content
        ), wrote

    # -- OAuth ------------------------------------------------------------------------------------
    def call_authorize(self, query: str) -> batch.Answer:
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        with self.lock:
            status, location, text = self.oauth.authorize(params, list(self.world.accounts))
        if status == 302:
            return batch.Answer(302, {"Location": location, "Content-Type": "text/html"}, b"")
        page = f"<html><body><h1>{text}</h1></body></html>".encode()
        return batch.Answer(status, {"Content-Type": "text/html; charset=utf-8"}, page)

    def call_token(self, headers: dict[str, str], body: bytes) -> batch.Answer:
        form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        basic: tuple[str, str] | None = None
        auth = headers.get("authorization", "")
        if auth.lower().startswith("basic "):
            try:
                user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
                basic = (user, password)
            except (ValueError, binascii.Error):
                basic = None
        try:
            with self.lock:
                answer = self.oauth.token(form, basic)
        except OAuthError as error:
            return _json(error.status, error.body())
        return _json(200, answer, cache=False)

    def call_revoke(self, query: str, body: bytes) -> batch.Answer:
        params = parse_qs(query) | parse_qs(body.decode("utf-8", "replace"))
        token = (params.get("token") or [""])[-1]
        with self.lock:
            ok = self.oauth.revoke_token(token)
        if ok:
            return _json(200, {})
        return _json(
            400, {"error": "invalid_token", "error_description": "Token expired or revoked"}
        )

    def call_userinfo(self, headers: dict[str, str]) -> batch.Answer:
        try:
            with self.lock:
                account, scopes = self._authenticate(headers)
        except ApiError as error:
            return _error_answer(error)
        info: dict[str, Any] = {"sub": account.sub}
        if USERINFO_EMAIL in scopes:
            info["email"] = account.email
            info["email_verified"] = True
        return _json(200, info)


def _json(status: int, obj: Any, *, etag: str | None = None, cache: bool = True) -> batch.Answer:
    headers = {"Content-Type": JSON_TYPE}
    if etag:
        headers["ETag"] = etag
    if not cache:
        headers["Cache-Control"] = "no-cache, no-store, max-age=0, must-revalidate"
        headers["Pragma"] = "no-cache"
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return batch.Answer(status, headers, data)


def _error_answer(error: ApiError) -> batch.Answer:
    answer = _json(error.code, error.body())
    answer.headers.update(error.headers)
    return answer


def _loggable(headers: dict[str, str]) -> dict[str, str]:
    return {k: ("<redacted>" if k == "authorization" else v) for k, v in headers.items()}


def _flat_query(query: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}


def _operation(method: str, path: str) -> str:
    if path.startswith(API_PREFIX):
        return discovery.operation(method, path[len(API_PREFIX) :])
    if path.rstrip("/") == BATCH_PATH:
        return "batch"
    return {
        "/o/oauth2/auth": "oauth.authorize",
        "/o/oauth2/v2/auth": "oauth.authorize",
        "/token": "oauth.token",
        "/revoke": "oauth.revoke",
        "/o/oauth2/revoke": "oauth.revoke",
        "/oauth2/v1/certs": "oauth.certs",
        "/oauth2/v3/certs": "oauth.certs",
        "/oauth2/v3/userinfo": "oauth.userinfo",
    }.get(path.rstrip("/") or "/", "unknown")


def _handler_for(fake: FakeGoogle) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # headers and body go out in two writes: without this, Nagle's algorithm and
            # the client's delayed ACK add ~40 ms to every keep-alive request
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            self._handle()

        def do_POST(self) -> None:  # noqa: N802
            self._handle()

        def do_PUT(self) -> None:  # noqa: N802
            self._handle()

        def do_PATCH(self) -> None:  # noqa: N802
            self._handle()

        def do_DELETE(self) -> None:  # noqa: N802
            self._handle()

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            split = urlsplit(self.path)
            path = split.path
            operation = _operation(self.command, path)
            record = Request(
                method=self.command,
                path=path,
                query=_flat_query(split.query),
                operation=operation,
            )
            fake._record(record)
            headers = {k.lower(): v for k, v in self.headers.items()}
            record.headers = _loggable(headers)
            try:
                answer = self._answer(record, operation, split.query, headers, body)
            except _Dropped:
                self.close_connection = True
                return
            except Exception:  # a bug in the fake: make it visible, answer 500
                text = traceback.format_exc()
                with fake.lock:
                    fake.internal_errors.append(text)
                answer = _error_answer(
                    ApiError(500, "backendError", "fake internal error: " + text.splitlines()[-1])
                )
            record.status = answer.status
            self._send(answer)

        def _answer(
            self,
            record: Request,
            operation: str,
            query: str,
            headers: dict[str, str],
            body: bytes,
        ) -> batch.Answer:
            is_batch = operation == "batch"
            write = self.command in WRITE_METHODS
            plan = fake._plan(
                operation,
                write,
                errors_allowed=not is_batch or fake.faults.names("batch"),
            )
            if plan.delay:
                fake._stopping.wait(plan.delay)
            if plan.drop_before:
                raise _Dropped
            if plan.error is not None:
                return _error_answer(plan.error)
            if is_batch and self.command == "POST":
                answer, _wrote = fake.call_batch(headers, body, record)
                if plan.drop_after:
                    raise _Dropped
                return answer
            if operation == "oauth.authorize" and self.command == "GET":
                answer = fake.call_authorize(query)
            elif operation == "oauth.token" and self.command == "POST":
                answer = fake.call_token(headers, body)
            elif operation == "oauth.revoke" and self.command == "POST":
                answer = fake.call_revoke(query, body)
            elif operation == "oauth.certs":
                with fake.lock:
                    certs = (
                        fake.oauth.certs_pem()
                        if self.path.startswith("/oauth2/v1/")
                        else fake.oauth.jwks()
                    )
                answer = _json(200, certs)
                answer.headers["Cache-Control"] = "public, max-age=3600"
            elif operation == "oauth.userinfo":
                answer = fake.call_userinfo(headers)
            else:
                answer = fake.call_api(self.command, self.path, headers, body)
            if plan.drop_after:
                raise _Dropped
            return answer

        def _send(self, answer: batch.Answer) -> None:
            try:
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if answer.status != 304:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if answer.status not in (204, 304):
                    self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    return Handler
