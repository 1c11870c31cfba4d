"""The ``iljeong`` command line: manage events and .ics files without a window.

Contract (tested; other parts rely on the spellings)::

    iljeong [--data-dir DIR] [--version]                  start the desktop app
    iljeong events add --title T --start ISO [--end ISO] [--all-day] [--location L]
                       [--description D] [--rrule R] [--calendar ID] [--tz ZONE] [--json]
    iljeong events list [--from ISO] [--to ISO] [--calendar ID]... [--json]
    iljeong events delete ID
    iljeong import-ics FILE [--calendar ID] [--json]     (FILE "-" reads stdin)
    iljeong export-ics FILE [--from ISO] [--to ISO]      (FILE "-" writes stdout)
    iljeong chat [--now ISO] [--tz ZONE] MESSAGE... [--json]
    iljeong parse [--now ISO] [--tz ZONE] [TEXT...] [--jsonl]
    iljeong config list|get KEY|set KEY VALUE|unset KEY|path   (core/config_commands.py)

Settings come from the settings file (``iljeong config``), with environment variables
over it (``Settings.load``).

``chat`` says one message to the assistant (core/assistant) and prints its reply, with a
proposal as indented lines; the pending proposal is kept in the database, so a following
``iljeong chat 네`` (another process) saves it. ``--json``: one object (text, proposal,
saved/updated/deleted event ids, events, choices, path, can_undo).
``parse`` prints the understanding of TEXT as one JSON object in the corpus format
(../shared/corpus/CONVENTIONS.md) and never opens the database; ``--jsonl`` reads objects
with "text" and optional "now" from stdin and writes one result per line in order (a bad
line gives an object with an "error" key). ``--now`` defaults to the current time, ``--tz``
to the settings zone; a ``--now`` without an offset is read in that zone.

Time rules:

* The *settings zone* is ``ILJEONG_TZ``, else the OS zone, else Asia/Seoul.
* ``events add``: a time without an offset is read in ``--tz`` (else the settings zone); a
  time with an offset is that exact instant. The event's zone is ``--tz`` if given, else
  the settings zone (recurrence expands in it). No ``--end``: the default duration (1 h,
  ``ILJEONG_DEFAULT_DURATION`` minutes). ``--all-day`` takes dates; ``--end`` is exclusive
  (as in Google Calendar): a one-day event on 3 May is ``--start 2026-05-03`` alone or with
  ``--end 2026-05-04``.
* ``events list``: occurrences (series expanded) overlapping [from, to). Default from: today
  00:00 in the settings zone; default to: from + 30 days. A date alone means its 00:00, so
  ``--to`` is exclusive. Timed start/end are printed in the settings (viewer) zone with
  their offset (``2026-03-10T09:00:00+09:00``), the event's own zone is the ``tz`` key;
  all-day start/end are ``YYYY-MM-DD`` with the end exclusive.

Exit status: 0 success; 1 an error found while running (bad value, unknown id, locked or
damaged database, unreadable file); 2 a usage error (unknown option, missing argument) or
no desktop app available. Every error is one line ``iljeong: error: ...`` on stderr and
changes nothing. ``ILJEONG_DB_TIMEOUT`` (seconds, default 5) bounds the wait for a locked
database. This module never imports Qt.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from importlib import metadata
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any, NoReturn, TextIO
from zoneinfo import ZoneInfo

from core import config_commands, ics
from core.errors import IljeongError, InvalidInput
from core.google import commands as google_commands
from core.model import Calendar, Event, EventTime, Occurrence
from core.paths import data_dir as resolve_data_dir
from core.settings import OCR_BACKENDS, Settings
from core.store import Store
from core.sync import commands as sync_commands
from core.timeutil import (
    add_absolute,
    format_event_time,
    get_zone,
    parse_date,
    parse_datetime,
    start_of_day,
    utc_now,
)

if TYPE_CHECKING:
    from core.nlu.understand import Understander

PROG = "iljeong"
DEFAULT_LIST_DAYS = 30
DEFAULT_DB_TIMEOUT = 5.0

LaunchApp = Callable[[Path], int]


class UsageError(Exception):
    """A command line argparse rejected (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line instead of exiting with a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _version() -> str:
    try:
        return metadata.version("iljeong")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    # --data-dir is accepted before or after the subcommand; SUPPRESS keeps a later
    # default from overwriting an earlier value.
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where the database lives (default: ILJEONG_DATA_DIR, else the user data dir)",
    )

    parser = _Parser(
        prog=PROG,
        description="iljeong (일정): a local-first calendar assistant. "
        "Without a command, the desktop app starts.",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="where the database lives (default: ILJEONG_DATA_DIR, else the user data dir)",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    events = commands.add_parser("events", parents=[common], help="add, list or delete events")
    actions = events.add_subparsers(
        dest="action", metavar="{add,list,delete}", parser_class=_Parser
    )
    actions.required = True

    add = actions.add_parser("add", parents=[common], help="add an event")
    add.add_argument("--title", required=True)
    add.add_argument(
        "--start",
        required=True,
        metavar="ISO",
        help="2026-11-30T14:00 (in --tz or the settings zone), with an offset, or a date with --all-day",
    )
    add.add_argument(
        "--end",
        metavar="ISO",
        help="default: start + default duration; exclusive date with --all-day",
    )
    add.add_argument(
        "--all-day", action="store_true", help="--start/--end are dates (end exclusive)"
    )
    add.add_argument("--location", default="")
    add.add_argument("--description", default="")
    add.add_argument("--rrule", metavar="RULE", help="RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=MO")
    add.add_argument("--calendar", metavar="ID", help="calendar id (default: the default calendar)")
    add.add_argument(
        "--tz", metavar="ZONE", help="IANA zone of the event (default: the settings zone)"
    )
    add.add_argument("--json", action="store_true", help="print the event as JSON")
    add.set_defaults(handler=_cmd_add)

    listing = actions.add_parser("list", parents=[common], help="list occurrences in a range")
    listing.add_argument("--from", dest="range_from", metavar="ISO", help="default: today 00:00")
    listing.add_argument(
        "--to", dest="range_to", metavar="ISO", help="exclusive; default: from + 30 days"
    )
    listing.add_argument(
        "--calendar", action="append", metavar="ID", help="only this calendar (repeatable)"
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=_cmd_list)

    delete = actions.add_parser(
        "delete", parents=[common], help="delete an event (a series id deletes the series)"
    )
    delete.add_argument("id", metavar="ID")
    delete.set_defaults(handler=_cmd_delete)

    imp = commands.add_parser("import-ics", parents=[common], help="import an .ics file")
    imp.add_argument("file", metavar="FILE", help='the .ics file ("-" for stdin)')
    imp.add_argument("--calendar", metavar="ID", help="calendar id (default: the default calendar)")
    imp.add_argument("--json", action="store_true", help="print the counts as JSON")
    imp.set_defaults(handler=_cmd_import)

    exp = commands.add_parser("export-ics", parents=[common], help="export events to an .ics file")
    exp.add_argument("file", metavar="FILE", help='the .ics file to write ("-" for stdout)')
    exp.add_argument("--from", dest="range_from", metavar="ISO", help="default: everything")
    exp.add_argument("--to", dest="range_to", metavar="ISO", help="exclusive")
    exp.set_defaults(handler=_cmd_export)

    chat = commands.add_parser(
        "chat", parents=[common], help="say one thing to the assistant (Korean or English)"
    )
    chat.add_argument("message", nargs="+", metavar="MESSAGE", help="words joined by spaces")
    chat.add_argument("--now", metavar="ISO", help="the time of the message (default: now)")
    chat.add_argument("--tz", metavar="ZONE", help="IANA zone (default: the settings zone)")
    chat.add_argument("--json", action="store_true", help="print the reply as one JSON object")
    chat.set_defaults(handler=_cmd_chat)

    parse = commands.add_parser(
        "parse", parents=[common], help="print what the assistant understands (JSON)"
    )
    parse.add_argument("text", nargs="*", metavar="TEXT", help="words joined by spaces")
    parse.add_argument("--now", metavar="ISO", help="reference time (default: now)")
    parse.add_argument("--tz", metavar="ZONE", help="IANA zone (default: the settings zone)")
    parse.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"text": ..., "now": ...} lines from stdin, write one result per line',
    )
    parse.set_defaults(handler=None, plain_handler=_cmd_parse)

    extract = commands.add_parser(
        "extract-image",
        parents=[common],
        help="read events from screenshots (one JSON line per file; nothing is saved)",
    )
    extract.add_argument("files", nargs="+", metavar="FILE", type=Path)
    extract.add_argument("--now", metavar="ISO", help="reference time for dates without a year")
    extract.add_argument("--tz", metavar="ZONE", help="IANA zone (default: the settings zone)")
    extract.add_argument(
        "--ocr", choices=OCR_BACKENDS, help="OCR backend (default: settings, i.e. tesseract)"
    )
    extract.set_defaults(handler=None, plain_handler=_cmd_extract_image)
    for name, undo_help in (
        ("undo", "undo the last change (whatever made it: a command, the app, the chat)"),
        ("redo", "redo the change undone last"),
    ):
        step = commands.add_parser(name, parents=[common], help=undo_help)
        step.set_defaults(handler=_cmd_undo if name == "undo" else _cmd_redo)
    google_commands.register(commands, common)
    sync_commands.register(commands, common)
    config_commands.register(commands, common)
    return parser


# -- entry point ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None, launch_app: LaunchApp | None = None) -> int:
    """Run the CLI; returns the exit status (never raises for user errors)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else 0

    try:
        folder = resolve_data_dir(args.data_dir)
        if args.command is None:
            if launch_app is None:
                _error(
                    "the desktop app is not available here; use a command (see 'iljeong --help')"
                )
                return 2
            return launch_app(folder)
        configure: Callable[[argparse.Namespace, Path], int] | None = getattr(
            args, "config_handler", None
        )
        if configure is not None:  # `config` works even when the settings file does not
            return configure(args, folder)
        settings = Settings.load()
        get_zone(settings.time_zone)
        plain: Callable[[argparse.Namespace, Settings], int] | None = getattr(
            args, "plain_handler", None
        )
        if plain is not None:  # needs no database (parse)
            return plain(args, settings)
        handler: Callable[[argparse.Namespace, Store, Settings], int] = args.handler
        with Store.open(folder, busy_timeout=_db_timeout()) as store:
            return handler(args, store, settings)
    except IljeongError as exc:
        _error(str(exc))
        return 1
    except OSError as exc:
        _error(_os_message(exc))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def _error(message: str) -> None:
    text = " ".join(message.split())
    print(f"{PROG}: error: {text}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"{PROG}: warning: {' '.join(message.split())}", file=sys.stderr)


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def _db_timeout() -> float:
    raw = os.environ.get("ILJEONG_DB_TIMEOUT", "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_DB_TIMEOUT
    return value if value >= 0 else DEFAULT_DB_TIMEOUT


# -- events ---------------------------------------------------------------------------------


def _cmd_add(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    zone_name = args.tz if args.tz is not None else settings.time_zone
    zone = get_zone(zone_name)
    calendar_id = args.calendar or store.default_calendar().id
    common: dict[str, Any] = {
        "calendar_id": calendar_id,
        "tz": zone_name,
        "location": args.location.strip(),
        "description": args.description,
        "rrule": args.rrule,
    }
    if args.all_day:
        start_date = parse_date(args.start, what="--start date (with --all-day)")
        end_date = parse_date(args.end, what="--end date (with --all-day)") if args.end else None
        ev = Event.all_day_event(args.title, start_date, end_date, **common)
    else:
        start = parse_datetime(args.start, zone, what="--start")
        end = parse_datetime(args.end, zone, what="--end") if args.end else None
        if end is None:
            end = add_absolute(start, settings.default_duration)
        ev = Event.timed(args.title, start, end, **common)
    saved = store.add_event(ev)
    if args.json:
        cals = _calendar_names(store)
        occ = Occurrence(saved, saved.start, saved.end, saved.start)
        _print_json(occurrence_to_json(occ, settings.zone, cals))
    else:
        print(saved.id)
    return 0


def _cmd_list(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    zone = settings.zone
    start, end = _range(args.range_from, args.range_to, zone)
    if start is None:
        start = start_of_day(utc_now().astimezone(zone).date(), zone)
    if end is None:
        end = add_absolute(start, timedelta(days=DEFAULT_LIST_DAYS))
    if end <= start:
        raise InvalidInput(
            f"--to {format_event_time(end)} must be after --from {format_event_time(start)}"
        )
    calendar_ids = args.calendar
    if calendar_ids:
        for calendar_id in calendar_ids:
            store.get_calendar(calendar_id)
    occurrences = sorted(
        store.occurrences(start, end, calendar_ids=calendar_ids, view_zone=zone),
        key=lambda o: display_key(o, zone),
    )
    cals = _calendar_names(store)
    if args.json:
        _print_json([occurrence_to_json(o, zone, cals) for o in occurrences])
    else:
        _print_table(occurrences, zone, start, end, sys.stdout)
    return 0


def _cmd_delete(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    with store.transaction():
        ev = store.get_event(args.id)
        changed = len(store.instances_of(ev.id)) if ev.is_recurring else 0
        store.delete_event(ev.id)
    what = "series" if ev.is_recurring else "event"
    extra = f" and {changed} changed instance(s)" if changed else ""
    print(f"deleted {what} {ev.id}{extra}: {ev.title}")
    return 0


# -- undo / redo ----------------------------------------------------------------------------


def _cmd_undo(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    return _history_step(store, redo=False)


def _cmd_redo(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    return _history_step(store, redo=True)


def _history_step(store: Store, *, redo: bool) -> int:
    result = store.redo() if redo else store.undo()  # HistoryRefused: main prints it
    if result is None:
        _error("nothing to redo" if redo else "nothing to undo")
        return 1
    print(f"{'redone' if redo else 'undone'}: {result.label.describe()}")
    for ev in result.events:
        state = "removed" if ev.deleted or ev.cancelled else "restored"
        print(f"  {state} {ev.id}: {ev.title}")
    return 0


# -- ics ------------------------------------------------------------------------------------


def _cmd_import(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    source: str | bytes = sys.stdin.buffer.read() if args.file == "-" else args.file
    result = ics.import_ics(store, source, args.calendar, default_zone=settings.time_zone)
    if args.json:
        _print_json(
            {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": result.skipped,
                "warnings": result.warnings,
            }
        )
    else:
        name = "stdin" if args.file == "-" else args.file
        print(f"imported {name}: {result.summary()}")
        for warning in result.warnings:
            _warn(warning)
    return 0


def _cmd_export(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    start, end = _range(args.range_from, args.range_to, settings.zone)
    if start is not None and end is not None and end <= start:
        raise InvalidInput(
            f"--to {format_event_time(end)} must be after --from {format_event_time(start)}"
        )
    if args.file == "-":
        cal, count = ics.build_calendar(store, start, end)
        sys.stdout.buffer.write(cal.to_ical())
        sys.stdout.flush()
        print(f"exported {count} event(s)", file=sys.stderr)
    else:
        count = ics.export_ics(store, args.file, start, end)
        print(f"exported {count} event(s) to {args.file}")
    return 0


def _range(
    raw_from: str | None, raw_to: str | None, zone: tzinfo
) -> tuple[datetime | None, datetime | None]:
    start = parse_datetime(raw_from, zone, what="--from") if raw_from else None
    end = parse_datetime(raw_to, zone, what="--to") if raw_to else None
    return start, end


# -- chat and parse -------------------------------------------------------------------------


def _zoned(args: argparse.Namespace, settings: Settings) -> Settings:
    if args.tz is None:
        return settings
    get_zone(args.tz)
    return dataclasses.replace(settings, time_zone=args.tz)


def _moment(raw: str | None, zone: tzinfo) -> datetime:
    return utc_now().astimezone(zone) if raw is None else parse_datetime(raw, zone, what="--now")


def _cmd_chat(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    from core.assistant import Assistant
    from core.assistant.text import card_lines

    settings = _zoned(args, settings)
    now = _moment(args.now, settings.zone)
    assistant = Assistant(store, settings)
    try:
        reply = assistant.handle(" ".join(args.message), now=now)
    finally:
        assistant.close()
    if args.json:
        print(json.dumps(reply.to_json(), ensure_ascii=False))
        return 0
    print(reply.text)
    if reply.proposal is not None:
        today = now.astimezone(settings.zone).date()
        for line in card_lines(reply.proposal, settings.zone, today):
            print(f"    {line}")
    return 0


def _cmd_extract_image(args: argparse.Namespace, settings: Settings) -> int:
    """One JSON line per file; a file that cannot be read gets its "error" and exit 1."""
    from core.vision.pipeline import ImageReader

    settings = _zoned(args, settings)
    now = _moment(args.now, settings.zone)
    reader = ImageReader(settings, data_dir=resolve_data_dir(args.data_dir), backend=args.ocr)
    status = 0
    for path in args.files:
        began = perf_counter()
        try:
            line = reader.read(path, now=now).to_json()
        except IljeongError as exc:
            _error(str(exc))
            status = 1
            line = {
                "file": path.name,
                "events": [],
                "text": "",
                "ms": round((perf_counter() - began) * 1000, 1),
                "error": str(exc),
            }
        print(json.dumps(line, ensure_ascii=False), flush=True)
    return status


def _cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    from core.nlu.understand import Understander

    settings = _zoned(args, settings)
    zone = settings.zone
    understander = Understander(settings)
    try:
        return _parse_lines(args, understander, zone)
    finally:
        understander.close()


def _parse_lines(args: argparse.Namespace, understander: Understander, zone: ZoneInfo) -> int:
    if not args.jsonl:
        now = _moment(args.now, zone)
        result = understander.understand(" ".join(args.text), now, zone)
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    default_now = _moment(args.now, zone)
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise InvalidInput('each line must be a JSON object with a "text" string')
            raw_now = item.get("now")
            if raw_now is not None and not isinstance(raw_now, str):
                raise InvalidInput('"now" must be an ISO 8601 string')
            now = default_now if raw_now is None else parse_datetime(raw_now, zone, what="now")
            out: dict[str, Any] = understander.understand(item["text"], now, zone).to_json()
        except (ValueError, IljeongError) as exc:
            out = {"error": f"line {number}: {exc}"}
        except Exception as exc:  # noqa: BLE001 - one bad line must not stop the batch
            out = {"error": f"line {number}: {type(exc).__name__}: {exc}"}
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


# -- output ---------------------------------------------------------------------------------


def _calendar_names(store: Store) -> dict[str, Calendar]:
    return {c.id: c for c in store.calendars(include_deleted=True)}


def _in_zone(value: EventTime, zone: tzinfo) -> str:
    if isinstance(value, datetime):
        return format_event_time(value.astimezone(zone))
    return format_event_time(value)


def occurrence_to_json(
    occ: Occurrence, zone: tzinfo, calendars: dict[str, Calendar]
) -> dict[str, Any]:
    """The JSON object of one occurrence (see the module docstring for the time rules).

    ``id`` is what ``events delete`` takes: the series for a regular instance of a
    series, the changed instance for a changed one. ``recurring_event_id`` is the series'
    id for any instance of a series, null for a single event.
    """
    ev = occ.event
    recurring = occ.is_recurring
    cal = calendars.get(ev.calendar_id)
    return {
        "id": ev.id,
        "title": ev.title,
        "start": _in_zone(occ.start, zone),
        "end": _in_zone(occ.end, zone),
        "all_day": ev.all_day,
        "location": ev.location or None,
        "description": ev.description or None,
        "rrule": ev.rrule,
        "calendar": ev.calendar_id,
        "calendar_name": cal.name if cal else None,
        "tz": ev.tz,
        "recurring_event_id": occ.series_id if recurring else None,
        "instance_start": _in_zone(occ.instance_start, zone) if recurring else None,
        "reminders": list(ev.reminders) if ev.reminders is not None else None,
        "source": str(ev.source),
    }


def display_key(occ: Occurrence, zone: tzinfo) -> tuple[date, int, float, str]:
    """Day by day (in the viewer's zone), all-day events first on a day, then by start."""
    if isinstance(occ.start, datetime):
        local = occ.start.astimezone(zone)
        return (local.date(), 1, local.timestamp(), occ.event.title)
    day = occ.start
    return (day, 0, datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp(), occ.event.title)


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _day(d: date) -> str:
    return f"{d.isoformat()} {d.strftime('%a')}"


def _when(occ: Occurrence, zone: tzinfo) -> tuple[str, str]:
    if occ.all_day:
        start_d, end_d = occ.start, occ.end
        assert isinstance(start_d, date) and isinstance(end_d, date)
        last = end_d - timedelta(days=1)
        return _day(start_d), "all day" if last == start_d else f"all day → {last.isoformat()}"
    assert isinstance(occ.start, datetime) and isinstance(occ.end, datetime)
    start = occ.start.astimezone(zone)
    end = occ.end.astimezone(zone)
    days = (end.date() - start.date()).days
    if days == 1 and end.time() == time(0):
        return _day(start.date()), f"{start:%H:%M}–24:00"
    span = f"{start:%H:%M}–{end:%H:%M}"
    if days > 0:
        span += f" (+{days}d)"
    return _day(start.date()), span


def _print_table(
    occurrences: Sequence[Occurrence], zone: tzinfo, start: datetime, end: datetime, out: TextIO
) -> None:
    zone_label = getattr(zone, "key", str(zone))
    if not occurrences:
        print(
            f"No events from {format_event_time(start)} to {format_event_time(end)} ({zone_label}).",
            file=out,
        )
        return
    rows = [("DATE", "TIME", "TITLE", "LOCATION", "ID")]
    for occ in occurrences:
        day, span = _when(occ, zone)
        title = occ.event.title + (" ↻" if occ.is_recurring else "")
        rows.append((day, span, title, occ.event.location, occ.event.id))
    widths = [max(_width(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        cells = [_pad(row[i], widths[i]) for i in range(4)]
        print("  ".join([*cells, row[4]]).rstrip(), file=out)
    print(f"({len(occurrences)} occurrence(s), times in {zone_label})", file=out)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
