"""Google sign-in for the service: a Google ID token → a verified Google identity.

The desktop app signs in with Google (loopback OAuth, scope ``openid email``) and sends the
ID token; this module checks it with google-auth — RS256 signature against Google's
published certificates, ``exp``/``iat``, ``aud`` ∈ the configured client ids, ``iss`` one of
Google's two issuer spellings — and returns who it names. Accounts are keyed on ``sub``
(stable), never on the e-mail address (which can change hands).

``verify_oauth2_token`` hard-codes Google's certificate URL; we call the function it wraps,
``verify_token``, with a configurable URL (``ILJEONG_GOOGLE_CERTS_URL``, so tests verify
tokens signed by a local key over real HTTP) and repeat its issuer check. Certificates are
cached as long as their ``Cache-Control: max-age`` allows (google-auth would fetch them on
every call); a token whose key id is not in the cache refetches once, so Google's key
rotation is picked up at once.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jwt as pyjwt
from google.auth import exceptions as google_exceptions
from google.auth import transport
from google.auth.transport.requests import Request as RequestsTransport
from google.oauth2 import id_token

from core.errors import IljeongError

GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
CERTS_URL_ENV = "ILJEONG_GOOGLE_CERTS_URL"
GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")
MAX_TOKEN_LENGTH = 8192
DEFAULT_MAX_AGE = 300.0  # seconds, when the certificate response says nothing
MAX_MAX_AGE = 24 * 3600.0
_JWT_SHAPE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
_MAX_AGE = re.compile(r"max-age=(\d+)")


class GoogleLoginError(IljeongError):
    """The ID token was not accepted (malformed, forged, expired, other audience/issuer)."""


class GoogleLoginDisabled(IljeongError):
    """This server has no Google client ids configured, so it accepts no Google token."""


class GoogleLoginUnavailable(IljeongError):
    """Google's certificates could not be fetched; try again later."""


@dataclass(frozen=True, slots=True)
class GoogleIdentity:
    sub: str
    email: str | None
    email_verified: bool
    name: str | None
    audience: str


class _CachedResponse(transport.Response):
    def __init__(self, status: int, headers: Mapping[str, str], data: bytes) -> None:
        self._status = status
        self._headers = dict(headers)
        self._data = data

    @property
    def status(self) -> int:
        return self._status

    @property
    def headers(self) -> Mapping[str, str]:
        return self._headers

    @property
    def data(self) -> bytes:
        return self._data


class CachingCertsRequest(transport.Request):
    """A google-auth transport that keeps successful GET answers for their max-age."""

    def __init__(self, inner: transport.Request | None = None, *, timeout: float = 10.0) -> None:
        self._inner = inner or RequestsTransport()
        self._timeout = timeout
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, _CachedResponse]] = {}

    def forget(self, url: str) -> None:
        with self._lock:
            self._cache.pop(url, None)

    def __call__(
        self,
        url: str,
        method: str = "GET",
        body: Any = None,
        headers: Any = None,
        timeout: Any = None,
        **kwargs: Any,
    ) -> transport.Response:
        if method != "GET":
            answer: transport.Response = self._inner(
                url, method, body, headers, timeout or self._timeout, **kwargs
            )
            return answer
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(url)
            if hit is not None and hit[0] > now:
                return hit[1]
        response = self._inner(url, "GET", None, headers, timeout or self._timeout, **kwargs)
        kept = _CachedResponse(response.status, response.headers, response.data)
        if response.status == 200:
            with self._lock:
                self._cache[url] = (now + _max_age(kept.headers), kept)
        return kept


def _max_age(headers: Mapping[str, str]) -> float:
    for key, value in headers.items():
        if key.lower() == "cache-control":
            if "no-store" in value or "no-cache" in value:
                return 0.0
            match = _MAX_AGE.search(value)
            if match:
                return min(float(match.group(1)), MAX_MAX_AGE)
    return DEFAULT_MAX_AGE


class GoogleVerifier:
    """Checks Google ID tokens for our client ids. Thread-safe; blocking (HTTP for certs)."""

    def __init__(
        self,
        client_ids: Sequence[str],
        *,
        certs_url: str | None = None,
        request: transport.Request | None = None,
        clock_skew_seconds: int = 10,
    ) -> None:
        self.client_ids = tuple(c for c in client_ids if c)
        self.certs_url = certs_url or os.environ.get(CERTS_URL_ENV) or GOOGLE_CERTS_URL
        self._request = request or CachingCertsRequest()
        self._skew = clock_skew_seconds

    @property
    def enabled(self) -> bool:
        return bool(self.client_ids)

    def verify(self, token: str) -> GoogleIdentity:
        """The identity in ``token``; raises GoogleLoginError, GoogleLoginDisabled or
        GoogleLoginUnavailable (certificates unreachable)."""
        if not self.enabled:
            raise GoogleLoginDisabled("Google sign-in is not enabled on this server")
        if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
            raise GoogleLoginError("the Google ID token is malformed")
        token = token.strip()
        if not _JWT_SHAPE.match(token):
            raise GoogleLoginError("the Google ID token is malformed")
        try:
            claims = self._verified_claims(token)
        except _UnknownKey:
            if isinstance(self._request, CachingCertsRequest):
                self._request.forget(self.certs_url)  # Google may have rotated its keys
            try:
                claims = self._verified_claims(token)
            except _UnknownKey as exc:
                raise GoogleLoginError("the Google ID token is not signed by Google") from exc
        return _identity(claims)

    def _verified_claims(self, token: str) -> Mapping[str, Any]:
        try:
            claims = id_token.verify_token(
                token,
                self._request,
                audience=list(self.client_ids),
                certs_url=self.certs_url,
                clock_skew_in_seconds=self._skew,
            )
        except google_exceptions.TransportError as exc:
            raise GoogleLoginUnavailable(
                "Google's sign-in certificates cannot be fetched right now; try again later"
            ) from exc
        except google_exceptions.MalformedError as exc:
            if "Certificate for key id" in str(exc):
                raise _UnknownKey from exc
            raise GoogleLoginError(_reason(exc)) from exc
        except (google_exceptions.GoogleAuthError, pyjwt.PyJWTError, ValueError) as exc:
            raise GoogleLoginError(_reason(exc)) from exc
        except (TypeError, KeyError, AttributeError) as exc:  # odd claims inside a valid shape
            raise GoogleLoginError("the Google ID token is malformed") from exc
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise GoogleLoginError("the ID token was not issued by Google")
        return claims


class _UnknownKey(Exception):
    pass


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "expired" in text:
        return "the Google ID token has expired; sign in again"
    if "audience" in text:
        return "the Google ID token was issued for another application"
    if "too early" in text:
        return "the Google ID token is not valid yet (check the computer's clock)"
    if "signature" in text.lower():
        return "the Google ID token is not signed by Google"
    return "the Google ID token is malformed"


def _identity(claims: Mapping[str, Any]) -> GoogleIdentity:
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub or len(sub) > 255:
        raise GoogleLoginError("the Google ID token names no account")
    email = claims.get("email")
    name = claims.get("name")
    aud = claims.get("aud")
    return GoogleIdentity(
        sub=sub,
        email=email if isinstance(email, str) and email else None,
        email_verified=claims.get("email_verified") in (True, "true"),
        name=name if isinstance(name, str) and name else None,
        audience=aud if isinstance(aud, str) else "",
    )
