"""``iljeong google …``: login, logout, status and sync from the command line.

    iljeong [--data-dir DIR] google login [--client-secrets FILE] [--no-browser] [--timeout S]
    iljeong google logout
    iljeong google status [--json]
    iljeong google sync [--calendar ID] [--json]

``login --no-browser`` prints the authorization URL as the first line of stdout (flushed),
waits for the browser's redirect on 127.0.0.1 and exits 0 once the token is in the keyring.
Errors follow core.cli: one ``iljeong: error: ...`` line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from core.google import connection
from core.google.config import LOGIN_TIMEOUT as DEFAULT_TIMEOUT
from core.settings import Settings
from core.store import Store


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``google`` command to core.cli's subparsers.

    ``common`` is the parent parser with the shared options (--data-dir).
    """
    google = subparsers.add_parser(
        "google", parents=[common], help="connect and sync a Google Calendar account"
    )
    actions = google.add_subparsers(
        dest="google_action",
        metavar="{login,logout,status,sync}",
        parser_class=type(google),
    )
    actions.required = True

    login = actions.add_parser(
        "login", parents=[common], help="sign in with Google in the browser (loopback)"
    )
    login.add_argument(
        "--client-secrets",
        metavar="FILE",
        help='the OAuth client JSON ("Desktop app") from Google Cloud Console '
        "(remembered; default: the one used last time)",
    )
    login.add_argument(
        "--no-browser",
        action="store_true",
        help="print the sign-in URL (first line of stdout) instead of opening a browser",
    )
    login.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for the browser (default {DEFAULT_TIMEOUT:.0f})",
    )
    login.set_defaults(handler=_cmd_login)

    logout = actions.add_parser(
        "logout", parents=[common], help="forget the Google sign-in (local events stay)"
    )
    logout.set_defaults(handler=_cmd_logout)

    status = actions.add_parser(
        "status", parents=[common], help="account, calendars, last sync, conflicts, errors"
    )
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(handler=_cmd_status)

    sync = actions.add_parser("sync", parents=[common], help="one full two-way sync now")
    sync.add_argument("--calendar", metavar="ID", help="only this calendar (Google id or local id)")
    sync.add_argument("--json", action="store_true", help="print the figures as JSON")
    sync.set_defaults(handler=_cmd_sync)


def _cmd_login(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    def show(url: str) -> None:
        if args.no_browser:
            print(url, flush=True)
        else:
            print(f"Opening the browser to sign in. If it does not open, visit:\n{url}", flush=True)

    account = connection.login(
        store,
        args.client_secrets,
        open_browser=not args.no_browser,
        on_url=show,
        timeout=args.timeout,
    )
    print(f"connected to Google as {account.email}", flush=True)
    return 0


def _cmd_logout(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    email = connection.logout(store)
    if email:
        print(f"signed out of {email}; the token was removed from the keyring")
    else:
        print("no Google account was connected")
    return 0


def _cmd_status(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    status = connection.read_status(store)
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
        return 0
    account = status.account
    if account.email is None:
        print("Google: not connected (iljeong google login --client-secrets FILE)")
    else:
        state = {"connected": "connected", "reconnect_needed": "RECONNECT NEEDED"}.get(
            account.status, account.status
        )
        print(f"Google: {account.email} ({state})")
        if account.problem:
            print(f"  {account.problem}")
    for cal in status.calendars:
        marks = []
        if cal["primary"]:
            marks.append("primary")
        marks.append("synced" if cal["selected"] else "not selected")
        print(f"  calendar {cal['id']}: {cal['name']} ({', '.join(marks)})")
    last = status.last_sync
    if last is None:
        print("Last sync: never")
    else:
        when = _local_time(last.get("finished") or last.get("at"), settings)
        outcome = "ok" if last.get("ok") else f"failed: {last.get('error')}"
        print(f"Last sync: {when} ({outcome})")
        report = last.get("report") or {}
        for item in report.get("failed", []) or []:
            print(f"  not sent: {item}")
        for item in report.get("skipped", []) or []:
            print(f"  not imported: {item}")
    print(f"Pending changes: {status.pending}")
    print(f"Conflicts: {status.conflicts}")
    return 0


def _local_time(text: str | None, settings: Settings) -> str:
    if not text:
        return "unknown"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return moment.astimezone(settings.zone).isoformat(timespec="seconds")


def _cmd_sync(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    report = connection.sync(store, only=args.calendar, refresh_calendars=True)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(
            f"synced {len(report.calendars)} calendar(s): {report.pulled} change(s) from Google, "
            f"{report.pushed} sent, {report.conflicts} conflict(s), "
            f"{report.requests} request(s)"
        )
        for item in report.skipped:
            print(f"iljeong: warning: not imported: {item}", file=sys.stderr)
    if report.failed:
        for item in report.failed:
            print(f"iljeong: error: not sent (kept for the next sync): {item}", file=sys.stderr)
        return 1
    return 0
