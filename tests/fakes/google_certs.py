"""Google's ID-token signing certificates, played on 127.0.0.1 with a key made for the test.

``FakeGoogleCerts`` generates an RSA key and a self-signed X.509 certificate for it, serves
``{"<kid>": "<certificate PEM>"}`` at ``/oauth2/v1/certs`` (the format of
https://www.googleapis.com/oauth2/v1/certs, with a ``Cache-Control: max-age`` header) and
mints ID tokens signed with that key, shaped like Google's. Point the service at it with
``ILJEONG_GOOGLE_CERTS_URL=<server.certs_url>``; google-auth then verifies the tokens over
real HTTP exactly as it would verify Google's.

``rotate()`` replaces the key (new kid) while keeping the old certificate listed, as Google
does; ``fetches`` counts certificate downloads so tests can see caching.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt
from google.auth import jwt as google_jwt

GOOGLE_ISSUER = "https://accounts.google.com"


_POOL: list[rsa.RSAPrivateKey] = []  # RSA keys are slow to make: every fake reuses these
_POOL_LOCK = threading.Lock()


def _pooled_key(index: int) -> rsa.RSAPrivateKey:
    with _POOL_LOCK:
        while len(_POOL) <= index:
            _POOL.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
        return _POOL[index]


class _Key:
    def __init__(self, kid: str, index: int) -> None:
        self.kid = kid
        self.private = _pooled_key(index)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-google-certs")])
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.private.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .sign(self.private, hashes.SHA256())
        )
        self.cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
        pem = self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self.signer = crypt.RSASigner.from_string(pem, key_id=kid)


class FakeGoogleCerts:
    """The certificate endpoint plus a token minter. Use as a context manager."""

    def __init__(self, *, max_age: int = 3600) -> None:
        self.max_age = max_age
        self.fetches = 0
        self.available = True  # False: the endpoint answers 503 (Google unreachable)
        self._serial = 0
        self._keys: list[_Key] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.rotate()

    # -- keys and tokens ---------------------------------------------------------------

    @property
    def kid(self) -> str:
        return self._keys[-1].kid

    def rotate(self) -> str:
        """A new signing key; the previous certificate stays listed. Returns the new kid."""
        with self._lock:
            self._serial += 1
            # key n of every fake is the same pooled key; the stranger's is pool slot 0
            self._keys = [*self._keys[-1:], _Key(f"fake-kid-{self._serial}", self._serial)]
            return self._keys[-1].kid

    def mint(
        self,
        *,
        sub: str,
        aud: str,
        email: str | None = None,
        iss: str = GOOGLE_ISSUER,
        issued_at: datetime | None = None,
        lifetime: timedelta = timedelta(hours=1),
        email_verified: bool = True,
        extra: dict[str, Any] | None = None,
        signer: crypt.Signer | None = None,
    ) -> str:
        """An ID token as Google would sign it for this key (or ``signer``)."""
        iat = issued_at or datetime.now(UTC)
        claims: dict[str, Any] = {
            "iss": iss,
            "aud": aud,
            "azp": aud,
            "sub": sub,
            "iat": int(iat.timestamp()),
            "exp": int((iat + lifetime).timestamp()),
        }
        if email is not None:
            claims["email"] = email
            claims["email_verified"] = email_verified
        claims.update(extra or {})
        token = google_jwt.encode(signer or self._keys[-1].signer, claims)
        return token.decode("ascii") if isinstance(token, bytes) else token

    def stranger_signer(self) -> crypt.Signer:
        """A signer using the current kid with a key the endpoint does not list (a forgery)."""
        return _Key(self.kid, 0).signer

    # -- the HTTP endpoint -------------------------------------------------------------

    @property
    def certs_url(self) -> str:
        assert self._httpd is not None, "start() first"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/oauth2/v1/certs"

    def _certs(self) -> dict[str, str]:
        with self._lock:
            return {k.kid: k.cert_pem for k in self._keys}

    def start(self) -> FakeGoogleCerts:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                if self.path.split("?")[0] != "/oauth2/v1/certs":
                    self._send(404, {"error": "not found"})
                    return
                with fake._lock:
                    fake.fetches += 1
                if not fake.available:
                    self._send(503, {"error": "unavailable"})
                    return
                self._send(200, fake._certs(), max_age=fake.max_age)

            def _send(self, status: int, body: object, max_age: int | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                if max_age is not None:
                    self.send_header("Cache-Control", f"public, max-age={max_age}")
                    self.send_header("Date", time.strftime("%a, %d %b %Y %H:%M:%S GMT"))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeGoogleCerts:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
