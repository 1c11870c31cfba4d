"""Test-side helpers: the real google-api-python-client pointed at a FakeGoogle.

The bundled discovery document is loaded and its rootUrl replaced by the fake's address,
so resource calls *and* batch requests go to the fake (gcal_sync.md §0.2).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Iterable
from typing import Any

import google.oauth2.credentials
import google_auth_httplib2
import httplib2
from googleapiclient import discovery_cache
from googleapiclient.discovery import Resource, build_from_document

from .server import FakeGoogle


def discovery_document(root_url: str) -> dict[str, Any]:
    raw = discovery_cache.get_static_doc("calendar", "v3")
    assert raw is not None, "google-api-python-client ships calendar.v3.json"
    doc: dict[str, Any] = json.loads(raw)
    doc["rootUrl"] = root_url
    return doc


def credentials(
    fake: FakeGoogle,
    email: str = "user@example.com",
    scopes: Iterable[str] | None = None,
    *,
    token: str | None = None,
) -> google.oauth2.credentials.Credentials:
    """Credentials for ``email`` (tokens issued by the fake; ``token`` overrides the
    access token, e.g. "stale" to force a 401 → refresh)."""
    info = fake.issue_tokens(email, scopes)
    return google.oauth2.credentials.Credentials(  # type: ignore[no-untyped-call]
        token=token if token is not None else info["access_token"],
        refresh_token=info["refresh_token"],
        token_uri=fake.token_uri,
        client_id=info["client_id"],
        client_secret=info["client_secret"],
        scopes=info["scopes"],
    )


def calendar_service(
    fake: FakeGoogle,
    creds: google.oauth2.credentials.Credentials | None = None,
    *,
    email: str = "user@example.com",
    scopes: Iterable[str] | None = None,
    timeout: float = 10.0,
) -> Resource:
    """A Calendar v3 service over google_auth_httplib2.AuthorizedHttp against the fake."""
    creds = creds or credentials(fake, email, scopes)
    http = google_auth_httplib2.AuthorizedHttp(creds, http=httplib2.Http(timeout=timeout))
    return build_from_document(discovery_document(fake.api_endpoint), http=http)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def consent(authorization_url: str, timeout: float = 10.0) -> str:
    """Open the authorization URL like a browser would; return the redirect Location
    (the loopback URL with code and state) without following it."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(authorization_url, timeout=timeout) as response:
            raise AssertionError(f"expected a redirect, got {response.status}")
    except urllib.error.HTTPError as error:
        if error.code != 302:
            raise
        location = error.headers["Location"]
        assert location, "the redirect has no Location"
        return str(location)


def follow_authorization(authorization_url: str, timeout: float = 10.0) -> str:
    """Consent and follow the redirect to the app's loopback server, as a browser does.
    Returns the page the loopback server answered with."""
    location = consent(authorization_url, timeout)
    with urllib.request.urlopen(location, timeout=timeout) as response:
        return str(response.read().decode("utf-8", "replace"))


class FakeBrowser(webbrowser.BaseBrowser):
    """A "browser" for InstalledAppFlow.run_local_server(browser=...): it consents at the
    fake and follows the redirect to the app's loopback server, on a background thread
    (run_local_server only starts listening after it has opened the browser)."""

    def __init__(self, name: str = "iljeong-fake-browser") -> None:
        super().__init__(name)
        self.opened: list[str] = []
        self.pages: list[str] = []
        self.errors: list[BaseException] = []
        self._threads: list[threading.Thread] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)

        def visit() -> None:
            try:
                self.pages.append(follow_authorization(url))
            except BaseException as exc:  # surfaced through .errors
                self.errors.append(exc)

        thread = threading.Thread(target=visit, name="fake-browser", daemon=True)
        thread.start()
        self._threads.append(thread)
        return True

    def join(self, timeout: float = 10.0) -> None:
        for thread in self._threads:
            thread.join(timeout)


def register_fake_browser(name: str = "iljeong-fake-browser") -> FakeBrowser:
    """Register a FakeBrowser with webbrowser; pass ``browser=name`` to run_local_server."""
    browser = FakeBrowser(name)
    webbrowser.register(name, None, browser)
    return browser
