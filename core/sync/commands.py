"""`iljeong sync` and `iljeong conflicts` (registered into core/cli.py's subcommands).

iljeong [--data-dir DIR] sync [--server URL] [--token T] [--json]
    One round with the sync service: push the outbox, pull, apply. The server URL is
    remembered in the store, the device token in the OS keyring, so later rounds need
    no options. Prints what moved; exit 1 with one error line when the round failed
    (nothing is lost: the outbox stays).
iljeong conflicts [--all] [--json]
    Conflicts to resolve: id, the event, the fields, both values. For a conflict found
    by the service, "local" is the edit that lost (made on some device) and "remote"
    the value the service kept (what every device shows now).
iljeong conflicts resolve ID --keep local|remote
    Settle one; the choice syncs to the other devices with the next round.

The HTTP client is imported only when ``sync`` runs, so other commands start fast.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from typing import Any

from core.errors import InvalidInput, NotFound
from core.model import Conflict
from core.settings import Settings
from core.store import Store


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``sync`` and ``conflicts`` to the ``iljeong`` command line.

    ``common`` is the parent parser with the shared options (--data-dir).
    """

    sync = subparsers.add_parser(
        "sync", parents=[common], help="one sync round with the iljeong sync service"
    )
    sync.add_argument("--server", metavar="URL", help="the sync service (remembered)")
    sync.add_argument("--token", metavar="T", help="this device's token (kept in the keyring)")
    sync.add_argument("--json", action="store_true", help="print the report as JSON")
    sync.set_defaults(handler=_cmd_sync)

    conflicts = subparsers.add_parser(
        "conflicts", parents=[common], help="list or resolve sync conflicts"
    )
    conflicts.add_argument("--all", action="store_true", help="include resolved ones")
    conflicts.add_argument("--json", action="store_true")
    conflicts.set_defaults(handler=_cmd_conflicts, conflict_action=None)
    actions = conflicts.add_subparsers(
        dest="conflict_action", metavar="{resolve}", parser_class=type(conflicts)
    )
    resolve = actions.add_parser("resolve", parents=[common], help="settle one conflict")
    resolve.add_argument("conflict_id", metavar="ID")
    resolve.add_argument("--keep", choices=("local", "remote"), required=True)
    resolve.set_defaults(handler=_cmd_resolve)


def _cmd_sync(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    from core.sync import credentials
    from core.sync.client import SyncClient
    from core.sync.engine import SyncEngine, installation_id
    from core.sync.errors import SyncAuthError

    server = (args.server or credentials.remembered_server(store) or "").rstrip("/")
    if not server:
        raise InvalidInput("no sync server yet: run `iljeong sync --server URL --token T` once")
    if not server.startswith(("http://", "https://")):
        raise InvalidInput(f"the server must be an http:// or https:// URL, not {server!r}")
    token = args.token or credentials.load_token(server)
    if not token:
        raise InvalidInput(f"no device token for {server}: pass --token T (see create-token)")
    credentials.remember_server(store, server)
    client = SyncClient(
        server, token, installation_id=installation_id(store), device_name=platform.node()
    )
    try:
        report = SyncEngine(store, client).sync_once()
    except SyncAuthError:
        raise  # a refused token is not remembered
    except Exception:
        if args.token:  # the token may be fine (e.g. the server is down): keep it
            credentials.save_token(server, token)
        raise
    finally:
        client.close()
    if args.token:
        credentials.save_token(server, token)
    open_conflicts = len(store.conflicts())
    if args.json:
        print(json.dumps(report.as_dict() | {"server": server, "open_conflicts": open_conflicts}))
        return 0
    line = (
        f"synced with {server}: pushed {report.pushed} (applied {report.applied}, "
        f"conflicts {report.conflicts}, rejected {report.rejected}), pulled {report.pulled}"
    )
    if report.resynced:
        line += "; resynced from a snapshot"
    print(line)
    for item in report.rejections:
        print(f"  rejected {item['kind']} {item['id']}: {item['error']}")
    if open_conflicts:
        print(f"{open_conflicts} conflict(s) to resolve: iljeong conflicts")
    return 0


def _describe(store: Store, conflict: Conflict) -> str:
    if conflict.entity == "event":
        try:
            return f"event {store.get_event(conflict.entity_id, include_deleted=True).title!r}"
        except NotFound:
            pass
    return f"{conflict.entity} {conflict.entity_id}"


def _cmd_conflicts(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    from core.sync.entities import conflict_to_dict

    found = store.conflicts(include_resolved=args.all)
    if args.json:
        for conflict in found:
            print(json.dumps(conflict_to_dict(conflict), ensure_ascii=False))
        return 0
    if not found:
        print("no conflicts")
        return 0
    for conflict in found:
        state = f" (resolved: kept {conflict.resolution})" if conflict.resolved else ""
        print(f"{conflict.id}  {_describe(store, conflict)}{state}")
        for name in conflict.fields:
            print(
                f"    {name}: local {_show(conflict.local.get(name))} | "
                f"remote {_show(conflict.remote.get(name))}"
            )
    return 0


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _cmd_resolve(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    event = store.resolve_conflict(args.conflict_id, args.keep)
    print(f"kept {args.keep} for {event.title!r}; run `iljeong sync` to share it")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `iljeong sync` / `iljeong conflicts`")
