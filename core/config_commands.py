"""``iljeong config``: read and change the persistent settings (core/config.py) headless.

    iljeong config list [--json]        every setting, its value and where it comes from
    iljeong config get KEY [--json]     the value in force (secrets: "(set)" / "(not set)")
    iljeong config set KEY VALUE        validate and store (VALUE "-" reads one line of stdin,
                                        so an API key stays out of the shell history)
    iljeong config unset KEY            back to the default (secrets: removed from the keyring)
    iljeong config path                 the settings file

Lists (``calendars.hidden``) are comma-separated; an empty VALUE clears them. Calendars
(``default_calendar``, ``calendars.hidden``) are given by id or name and stored by id, so
they are checked against the database. These commands run before the settings are loaded,
so a damaged settings file is reported by them too (it is never overwritten). Errors follow
core.cli: one ``iljeong: error: ...`` line on stderr, exit status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from core import config
from core.store import Store

#: Settings whose values are checked against the database.
_NEEDS_STORE = frozenset({"default_calendar", "calendars.hidden"})


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``config`` to core.cli's subparsers.

    ``common`` is the parent parser with the shared options (--data-dir).
    """
    names = ", ".join(config.KEYS)
    group = subparsers.add_parser(
        "config",
        parents=[common],
        help="show or change settings (stored under the user config dir)",
        description=f"Settings: {names}.",
    )
    actions = group.add_subparsers(
        dest="config_action", metavar="{list,get,set,unset,path}", parser_class=type(group)
    )
    actions.required = True

    listing = actions.add_parser("list", parents=[common], help="every setting and its value")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=None, config_handler=_cmd_list)

    get = actions.add_parser("get", parents=[common], help="the value of one setting")
    get.add_argument("key", metavar="KEY")
    get.add_argument("--json", action="store_true", help="print the value as JSON")
    get.set_defaults(handler=None, config_handler=_cmd_get)

    put = actions.add_parser("set", parents=[common], help="change one setting")
    put.add_argument("key", metavar="KEY")
    put.add_argument("value", metavar="VALUE", help='the new value ("-": read it from stdin)')
    put.set_defaults(handler=None, config_handler=_cmd_set)

    unset = actions.add_parser("unset", parents=[common], help="back to the default")
    unset.add_argument("key", metavar="KEY")
    unset.set_defaults(handler=None, config_handler=_cmd_unset)

    path = actions.add_parser("path", parents=[common], help="print the settings file's path")
    path.set_defaults(handler=None, config_handler=_cmd_path)


def _cmd_list(args: argparse.Namespace, data_dir: Path) -> int:
    found = config.entries()
    if args.json:
        print(json.dumps([_entry_json(e) for e in found], ensure_ascii=False, indent=2))
        return 0
    width = max(len(e.key.name) for e in found)
    for e in found:
        origin = f"env {e.key.env}" if e.source == "env" else e.source
        print(f"{e.key.name:<{width}}  {e.shown()}  [{origin}]")
    return 0


def _entry_json(e: config.Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"key": e.key.name, "source": e.source}
    if e.key.secret:
        out["set"] = bool(e.value)
    else:
        out["value"] = e.value
        out["default"] = e.key.default
    out["env"] = e.key.env
    if e.key.choices:
        out["choices"] = list(e.key.choices)
    out["description"] = e.key.description
    return out


def _cmd_get(args: argparse.Namespace, data_dir: Path) -> int:
    k = config.key(args.key)
    wanted = {k.name} if k.secret else set()
    entry = next(e for e in config.entries(read_secrets=wanted) if e.key is k)
    if args.json:
        value: Any = bool(entry.value) if k.secret else entry.value
        print(json.dumps(value, ensure_ascii=False))
    else:
        print(entry.shown())
    return 0


def _cmd_set(args: argparse.Namespace, data_dir: Path) -> int:
    k = config.key(args.key)
    text: str = args.value
    if text == "-":
        text = sys.stdin.readline().rstrip("\r\n")
    value = config.parse_text(k.name, text)
    if k.name in _NEEDS_STORE:
        with _open_store(data_dir) as store:
            config.update({k.name: value}, store=store)
    else:
        config.update({k.name: value})
    if k.secret:
        print(f"{k.name} stored in the system keyring")
    else:
        stored = config.stored_values()
        print(f"{k.name} = {config.display(k.name, stored.get(k.name))}")
    _warn_if_env_overrides(k)
    return 0


def _cmd_unset(args: argparse.Namespace, data_dir: Path) -> int:
    k = config.key(args.key)
    config.update({}, unset=[k.name])
    print(f"{k.name} is back to its default ({config.display(k.name, k.default)})")
    _warn_if_env_overrides(k)
    return 0


def _cmd_path(args: argparse.Namespace, data_dir: Path) -> int:
    print(config.settings_path())
    return 0


def _warn_if_env_overrides(k: config.Key) -> None:
    if k.env and os.environ.get(k.env, "").strip():
        print(
            f"iljeong: warning: the environment variable {k.env} overrides {k.name}",
            file=sys.stderr,
        )


def _open_store(data_dir: Path) -> Store:
    from core.cli import _db_timeout  # core.cli imports this module

    return Store.open(data_dir, busy_timeout=_db_timeout())
