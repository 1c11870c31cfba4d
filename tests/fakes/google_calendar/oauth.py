"""Google's OAuth 2.0 endpoints for an "installed" (desktop) client, played locally.

- GET /o/oauth2/auth: consents at once (no page) and 302-redirects to the loopback
  redirect_uri with ``code``, ``state``, ``scope`` (granted), ``authuser``, ``prompt``.
- POST /token: ``authorization_code`` (checks client secret, redirect_uri, PKCE verifier)
  and ``refresh_token`` grants; errors as ``{"error": ..., "error_description": ...}``.
- POST /revoke: revokes the grant a token belongs to.
- GET /oauth2/v1/certs (PEM) and /oauth2/v3/certs (JWKS): the keys that sign id_tokens
  (RS256, a key made for the test run), so google-auth can verify them.

As Google does, the short scope names ``email``/``profile`` come back expanded to their
URLs (``https://www.googleapis.com/auth/userinfo.email``), and a refresh token is only
returned the first time an account consents to a client (or with prompt=consent).
"""

from __future__ import annotations

import base64
import hashlib
import random
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://accounts.google.com"
CALENDAR = "https://www.googleapis.com/auth/calendar"
USERINFO_EMAIL = "https://www.googleapis.com/auth/userinfo.email"
USERINFO_PROFILE = "https://www.googleapis.com/auth/userinfo.profile"
IDENTITY_SCOPES = frozenset({"openid", USERINFO_EMAIL, USERINFO_PROFILE})
_ALIASES = {"email": USERINFO_EMAIL, "profile": USERINFO_PROFILE}
ACCESS_TOKEN_SECONDS = 3599


def normalize_scope(scope: str) -> str:
    return _ALIASES.get(scope, scope)


def calendar_scopes() -> frozenset[str]:
    from .discovery import all_scopes

    return all_scopes()


def known_scopes() -> frozenset[str]:
    return IDENTITY_SCOPES | calendar_scopes()


class OAuthError(Exception):
    """An error of the token endpoint: sent as {"error", "error_description"}."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.status = status
        self.error = error
        self.description = description

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


@dataclass
class Grant:
    """What one account consented to for one client: the refresh token lives here."""

    email: str
    client_id: str
    scopes: frozenset[str]
    refresh_token: str | None = None
    revoked: bool = False


@dataclass
class AccessToken:
    grant: Grant
    scopes: frozenset[str]
    expires_at: datetime
    expired: bool = False

    def valid(self, now: datetime) -> bool:
        return not self.expired and not self.grant.revoked and now < self.expires_at


@dataclass
class PendingCode:
    grant_email: str
    client_id: str
    redirect_uri: str
    scopes: frozenset[str]
    challenge: str | None
    challenge_method: str
    offline: bool
    force_consent: bool
    expires_at: datetime
    nonce: str | None = None


@dataclass
class Client:
    client_id: str
    client_secret: str


@dataclass
class SigningKey:
    kid: str
    private_pem: bytes
    cert_pem: str
    jwk: dict[str, str]


_KEY_LOCK = threading.Lock()
_KEY: SigningKey | None = None


def signing_key() -> SigningKey:
    """One RSA key per test process (generating one takes ~50 ms)."""
    global _KEY
    with _KEY_LOCK:
        if _KEY is None:
            _KEY = _make_key()
        return _KEY


def _make_key() -> SigningKey:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-google-oauth")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(private, hashes.SHA256())
    )
    numbers = private.public_key().public_numbers()

    def b64int(value: int) -> str:
        raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    kid = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()[:40]
    return SigningKey(
        kid=kid,
        private_pem=private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        cert_pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        jwk={
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": kid,
            "n": b64int(numbers.n),
            "e": b64int(numbers.e),
        },
    )


def _is_loopback_redirect(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


class OAuthServer:
    """The authorization server's state. Callers hold the fake's lock."""

    def __init__(self, seed: int, clock: Any) -> None:
        self.rng = random.Random(f"oauth-{seed}")
        self.clock = clock
        self.clients: dict[str, Client] = {}
        self.grants: dict[tuple[str, str], Grant] = {}
        self.refresh_tokens: dict[str, Grant] = {}
        self.access_tokens: dict[str, AccessToken] = {}
        self.codes: dict[str, PendingCode] = {}
        self.subs: dict[str, str] = {}
        #: None: the consent screen grants every requested scope; a set: only those
        #: (sign-in scopes openid/email/profile are always granted, as on Google's screen).
        self.grant_scopes: set[str] | None = None
        #: True: the user presses "Cancel" (redirect with error=access_denied).
        self.deny_consent = False
        #: The account that consents (None: login_hint if it names one, else the first).
        self.consent_email: str | None = None
        self.id_token_signing = "RS256"

    def _token(self, prefix: str, length: int = 40) -> str:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        return prefix + "".join(self.rng.choice(alphabet) for _ in range(length))

    def add_client(self) -> Client:
        number = "".join(self.rng.choice("0123456789") for _ in range(12))
        tail = "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))
        client = Client(
            client_id=f"{number}-{tail}.apps.googleusercontent.com",
            client_secret=self._token("GOCSPX-", 28),
        )
        self.clients[client.client_id] = client
        return client

    def sub_for(self, email: str) -> str:
        if email not in self.subs:
            self.subs[email] = "1" + "".join(self.rng.choice("0123456789") for _ in range(20))
        return self.subs[email]

    # -- consent ----------------------------------------------------------------------------
    def authorize(self, params: dict[str, str], accounts: list[str]) -> tuple[int, str, str]:
        """(status, Location or "", error text). 302 on success or a redirected error."""
        client_id = params.get("client_id", "")
        if client_id not in self.clients:
            return 401, "", "Error 401: invalid_client. The OAuth client was not found."
        redirect_uri = params.get("redirect_uri", "")
        if not _is_loopback_redirect(redirect_uri):
            return 400, "", "Error 400: redirect_uri_mismatch"
        state = params.get("state")

        def back(**values: str) -> tuple[int, str, str]:
            if state is not None:
                values = {"state": state, **values}
            sep = "&" if "?" in redirect_uri else "?"
            return 302, redirect_uri + sep + urlencode(values), ""

        if params.get("response_type") != "code":
            return back(error="unsupported_response_type")
        requested = {normalize_scope(s) for s in params.get("scope", "").split() if s}
        if not requested:
            return 400, "", "Error 400: invalid_request. Missing required parameter: scope"
        unknown = requested - known_scopes()
        if unknown:
            return (
                400,
                "",
                f"Error 400: invalid_scope. Some requested scopes were invalid: {sorted(unknown)}",
            )
        method = params.get("code_challenge_method", "plain")
        challenge = params.get("code_challenge")
        if challenge is not None and method not in ("S256", "plain"):
            return 400, "", "Error 400: invalid_request. Invalid code_challenge_method"
        if self.deny_consent:
            return back(error="access_denied")
        if not accounts:
            return 400, "", "The fake has no account to sign in with (add_account first)."
        hint = params.get("login_hint")
        email = self.consent_email or (hint if hint in accounts else accounts[0])
        granted = frozenset(
            s
            for s in requested
            if self.grant_scopes is None
            or s in IDENTITY_SCOPES
            or s in {normalize_scope(x) for x in self.grant_scopes}
        )
        if params.get("include_granted_scopes") == "true":
            old = self.grants.get((email, client_id))
            if old is not None and not old.revoked:
                granted |= old.scopes
        code = "4/" + self._token("0A", 60)
        self.codes[code] = PendingCode(
            grant_email=email,
            client_id=client_id,
            redirect_uri=redirect_uri,
            scopes=granted,
            challenge=challenge,
            challenge_method=method,
            offline=params.get("access_type") == "offline",
            force_consent="consent" in params.get("prompt", "").split(),
            expires_at=self.clock() + timedelta(minutes=10),
            nonce=params.get("nonce"),
        )
        return back(
            code=code,
            scope=" ".join(sorted(granted)),
            authuser="0",
            prompt="consent",
            iss=ISSUER,
        )

    # -- the token endpoint -------------------------------------------------------------------
    def _client(self, form: dict[str, str], basic: tuple[str, str] | None) -> Client:
        client_id = form.get("client_id") or (basic[0] if basic else "")
        secret = form.get("client_secret") or (basic[1] if basic else None)
        client = self.clients.get(client_id)
        if client is None:
            raise OAuthError(401, "invalid_client", "The OAuth client was not found.")
        if secret is None:
            raise OAuthError(400, "invalid_request", "client_secret is missing.")
        if secret != client.client_secret:
            raise OAuthError(401, "invalid_client", "Unauthorized")
        return client

    def token(self, form: dict[str, str], basic: tuple[str, str] | None) -> dict[str, Any]:
        grant_type = form.get("grant_type")
        client = self._client(form, basic)
        if grant_type == "authorization_code":
            return self._exchange_code(client, form)
        if grant_type == "refresh_token":
            return self._refresh(client, form)
        raise OAuthError(400, "unsupported_grant_type", f"Invalid grant_type: {grant_type}")

    def _exchange_code(self, client: Client, form: dict[str, str]) -> dict[str, Any]:
        code = form.get("code", "")
        pending = self.codes.pop(code, None)
        if pending is None:
            raise OAuthError(
                400,
                "invalid_grant",
                "Malformed auth code." if not code.startswith("4/") else "Bad Request",
            )
        if pending.client_id != client.client_id or pending.expires_at < self.clock():
            raise OAuthError(400, "invalid_grant", "Bad Request")
        if form.get("redirect_uri") != pending.redirect_uri:
            raise OAuthError(400, "redirect_uri_mismatch", "Bad Request")
        if pending.challenge is not None:
            verifier = form.get("code_verifier")
            if not verifier:
                raise OAuthError(400, "invalid_grant", "Missing code verifier.")
            if pending.challenge_method == "S256":
                digest = hashlib.sha256(verifier.encode()).digest()
                computed = base64.urlsafe_b64encode(digest).decode().rstrip("=")
            else:
                computed = verifier
            if computed != pending.challenge:
                raise OAuthError(400, "invalid_grant", "Invalid code verifier.")
        key = (pending.grant_email, client.client_id)
        grant = self.grants.get(key)
        fresh = grant is None or grant.revoked
        if fresh:
            grant = Grant(
                email=pending.grant_email, client_id=client.client_id, scopes=pending.scopes
            )
            self.grants[key] = grant
        assert grant is not None
        grant.scopes = pending.scopes if fresh else grant.scopes | pending.scopes
        if pending.offline and (fresh or pending.force_consent or grant.refresh_token is None):
            if grant.refresh_token:
                self.refresh_tokens.pop(grant.refresh_token, None)
            grant.refresh_token = "1//" + self._token("0g", 100)
            self.refresh_tokens[grant.refresh_token] = grant
            new_refresh: str | None = grant.refresh_token
        else:
            new_refresh = None
        return self._answer(grant, pending.scopes, new_refresh, nonce=pending.nonce)

    def _refresh(self, client: Client, form: dict[str, str]) -> dict[str, Any]:
        grant = self.refresh_tokens.get(form.get("refresh_token", ""))
        if grant is None or grant.revoked or grant.client_id != client.client_id:
            raise OAuthError(400, "invalid_grant", "Token has been expired or revoked.")
        scopes = grant.scopes
        if form.get("scope"):
            asked = {normalize_scope(s) for s in form["scope"].split()}
            scopes = frozenset(asked & grant.scopes)
        return self._answer(grant, scopes, None)

    def _answer(
        self,
        grant: Grant,
        scopes: frozenset[str],
        refresh_token: str | None,
        nonce: str | None = None,
    ) -> dict[str, Any]:
        access = "ya29." + self._token("a0", 120)
        now = self.clock()
        self.access_tokens[access] = AccessToken(
            grant=grant, scopes=scopes, expires_at=now + timedelta(seconds=ACCESS_TOKEN_SECONDS)
        )
        out: dict[str, Any] = {
            "access_token": access,
            "expires_in": ACCESS_TOKEN_SECONDS,
            "scope": " ".join(sorted(scopes)),
            "token_type": "Bearer",
        }
        if refresh_token:
            out["refresh_token"] = refresh_token
        if "openid" in scopes:
            out["id_token"] = self.id_token(grant, scopes, access, nonce)
        return out

    def id_token(
        self, grant: Grant, scopes: frozenset[str], access: str, nonce: str | None = None
    ) -> str:
        from google.auth import crypt
        from google.auth import jwt as google_jwt

        now = self.clock()
        digest = hashlib.sha256(access.encode()).digest()[:16]
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "azp": grant.client_id,
            "aud": grant.client_id,
            "sub": self.sub_for(grant.email),
            "at_hash": base64.urlsafe_b64encode(digest).decode().rstrip("="),
            "iat": int(now.timestamp()),
            "exp": int(now.timestamp()) + 3600,
        }
        if USERINFO_EMAIL in scopes:
            claims["email"] = grant.email
            claims["email_verified"] = True
        if nonce:
            claims["nonce"] = nonce
        if self.id_token_signing == "HS256":
            import jwt as pyjwt

            secret = self.clients[grant.client_id].client_secret
            return str(pyjwt.encode(claims, secret, algorithm="HS256"))
        key = signing_key()
        signer = crypt.RSASigner.from_string(key.private_pem, key_id=key.kid)  # type: ignore[no-untyped-call]
        token = google_jwt.encode(signer, claims)  # type: ignore[no-untyped-call]
        return token.decode("ascii") if isinstance(token, bytes) else str(token)

    # -- token checks and backdoors ---------------------------------------------------------
    def check_access(self, token: str) -> AccessToken | None:
        found = self.access_tokens.get(token)
        if found is None or not found.valid(self.clock()):
            return None
        return found

    def issue(self, client: Client, email: str, scopes: frozenset[str]) -> dict[str, Any]:
        key = (email, client.client_id)
        grant = self.grants.get(key)
        if grant is None or grant.revoked:
            grant = Grant(email=email, client_id=client.client_id, scopes=scopes)
            self.grants[key] = grant
        grant.scopes = scopes
        if grant.refresh_token is None:
            grant.refresh_token = "1//" + self._token("0g", 100)
            self.refresh_tokens[grant.refresh_token] = grant
        answer = self._answer(grant, scopes, grant.refresh_token)
        return answer

    def revoke_email(self, email: str) -> None:
        for (grant_email, _), grant in list(self.grants.items()):
            if grant_email == email:
                self._revoke(grant)

    def revoke_token(self, token: str) -> bool:
        grant = self.refresh_tokens.get(token)
        if grant is None:
            access = self.access_tokens.get(token)
            grant = access.grant if access is not None else None
        if grant is None or grant.revoked:
            return False
        self._revoke(grant)
        return True

    def _revoke(self, grant: Grant) -> None:
        grant.revoked = True
        if grant.refresh_token:
            self.refresh_tokens.pop(grant.refresh_token, None)
        del self.grants[(grant.email, grant.client_id)]

    def expire_all(self) -> None:
        for token in self.access_tokens.values():
            token.expired = True

    def certs_pem(self) -> dict[str, str]:
        key = signing_key()
        return {key.kid: key.cert_pem}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [signing_key().jwk]}
