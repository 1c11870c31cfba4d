"""Persistent user settings: ``<user config dir>/settings.json`` plus the keyring for secrets.

One registry (``KEYS``) names every setting with its type, default, allowed values, the
environment variable that overrides it and a one-line description; the CLI
(``iljeong config``), the settings dialog and ``Settings.load`` all go through it.

Decisions:

* The file is one flat JSON object of ``"key": value`` pairs plus ``"format": 1``. Only
  values that differ from nothing-set are stored (``unset`` removes a key, so the default
  applies again, and a later default change reaches the user).
* Where: ``ILJEONG_CONFIG_DIR``, else ``platformdirs.user_config_dir("iljeong")``.
* Writes are atomic: a temp file in the same folder, fsync, ``os.replace``; the folder is
  0700 and the file 0600. Every change is validated as a whole before anything is written
  (values, and combinations such as ``llm.provider=compatible`` without ``llm.base_url``);
  a refused change writes nothing.
* A file that is not JSON, not an object, from a newer format, or holding an unknown key
  or a bad value is an error naming the file and the fix; it is never overwritten: a
  write re-reads the file first and refuses in the same way.
* Secrets (the OpenAI API key, the Cloud Vision API key) never enter the file: they live
  in the OS keyring (service ``iljeong``, users ``openai`` / ``gcv``) and show as "(set)".
  They are read only when a provider that needs them is on.
* Precedence: environment variable > file > default. Environment values are validated
  like file values (an error names the variable).
* ``calendars.hidden`` is a per-device view preference (local calendar ids whose events
  the views leave out). It is not ``Calendar.selected``: that flag chooses which Google
  calendars sync, and hiding a calendar on one screen must not stop its sync.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import keyring
import platformdirs
from keyring.errors import KeyringError, PasswordDeleteError

from core.errors import IljeongError, InvalidInput
from core.model import Calendar
from core.settings import (
    DEFAULT_LLM_MODEL,
    DEFAULT_LLM_TIMEOUT,
    OCR_BACKENDS,
    LLMSettings,
    OcrSettings,
    Settings,
)
from core.timeutil import get_zone, local_zone_name

if TYPE_CHECKING:
    from core.store import Store

log = logging.getLogger(__name__)

APP_NAME = "iljeong"
CONFIG_DIR_ENV = "ILJEONG_CONFIG_DIR"
FILE_NAME = "settings.json"
FORMAT = 1
FORMAT_KEY = "format"
KEYRING_SERVICE = "iljeong"

Kind = Literal["str", "int", "float", "bool", "choice", "list", "secret"]
Source = Literal["default", "file", "env", "keyring"]


class ConfigError(IljeongError):
    """A setting or a settings file that cannot be accepted (the message says why)."""


class SettingsFileError(ConfigError):
    """The settings file is damaged or not ours; it is left untouched."""


# -- value checks --------------------------------------------------------------------------

_MODIFIERS = frozenset(
    [
        "alt",
        "alt_l",
        "alt_r",
        "alt_gr",
        "cmd",
        "cmd_l",
        "cmd_r",
        "ctrl",
        "ctrl_l",
        "ctrl_r",
        "shift",
        "shift_l",
        "shift_r",
    ]
)

_PYNPUT_KEYS = _MODIFIERS | frozenset(
    [
        "backspace",
        "caps_lock",
        "delete",
        "down",
        "end",
        "enter",
        "esc",
        "home",
        "left",
        "page_down",
        "page_up",
        "right",
        "space",
        "tab",
        "up",
        "insert",
        "menu",
        "num_lock",
        "pause",
        "print_screen",
        "scroll_lock",
        "media_play_pause",
        "media_volume_mute",
        "media_volume_down",
        "media_volume_up",
        "media_previous",
        "media_next",
    ]
    + [f"f{n}" for n in range(1, 21)]
)
HOTKEY_OFF = "off"


def check_hotkey(value: str) -> str:
    """pynput's spelling (``<ctrl>+<alt>+i``) or "off"; returned normalised (lower case)."""
    text = value.strip().lower()
    if text in ("off", "none", "no", "0", ""):
        return HOTKEY_OFF
    parts = text.split("+")
    seen: set[str] = set()
    plain = 0
    for part in parts:
        if len(part) == 1 and part.isprintable() and not part.isspace():
            plain += 1
        elif part.startswith("<") and part.endswith(">"):
            name = part[1:-1]
            if not (name in _PYNPUT_KEYS or (name.isdigit() and 0 < int(name) < 65536)):
                raise InvalidInput(f"unknown key {part!r} (use e.g. <ctrl>+<alt>+i)")
            if name not in _MODIFIERS:
                plain += 1
        else:
            raise InvalidInput(
                f"{part!r} is not a key: write special keys in angle brackets, "
                "e.g. <ctrl>+<shift>+v, or 'off'"
            )
        if part in seen:
            raise InvalidInput(f"{part!r} appears twice")
        seen.add(part)
    if plain != 1:
        raise InvalidInput("a hotkey is modifiers plus exactly one other key, e.g. <ctrl>+<alt>+i")
    return text


def check_url(value: str) -> str:
    text = value.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"{value!r} is not an http(s) URL (e.g. http://127.0.0.1:11434/v1)")
    return text


def check_zone(value: str) -> str:
    get_zone(value)  # raises InvalidInput with a readable message
    return value


def check_model(value: str) -> str:
    text = value.strip()
    if not text or len(text) > 200:
        raise InvalidInput("a model name is 1 to 200 characters")
    return text


def check_file(value: str) -> str:
    path = Path(value).expanduser()
    if not path.is_file():
        raise InvalidInput(f"{value}: no such file")
    return str(path.resolve())


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    kind: Kind
    default: Any
    description: str
    env: str | None = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    check: Callable[[str], str] | None = None
    #: Secrets: the keyring user under service "iljeong"; never written to the file.
    keyring_user: str | None = None
    #: None is allowed (means "not set": the default behaviour).
    nullable: bool = False

    @property
    def secret(self) -> bool:
        return self.kind == "secret"


_KEY_LIST = (
    Key("time_zone", "str", None, "IANA time zone of new events and views (unset: the OS zone)",
        env="ILJEONG_TZ", check=check_zone, nullable=True),
    Key("default_duration", "int", 60, "minutes an event lasts when no end is given",
        env="ILJEONG_DEFAULT_DURATION", minimum=5, maximum=24 * 60),
    Key("language", "choice", "system", "UI language: system, ko or en",
        env="ILJEONG_LANGUAGE", choices=("system", "ko", "en")),
    Key("theme", "choice", "system", "colours: system, light or dark",
        env="ILJEONG_THEME", choices=("system", "light", "dark")),
    Key("hotkey", "str", "<ctrl>+<alt>+i",
        "system-wide clipboard-capture hotkey in pynput spelling, or off",
        env="ILJEONG_HOTKEY", check=check_hotkey),
    Key("default_calendar", "str", None,
        "calendar (id or name) new events go to (unset: the store's default calendar)",
        env="ILJEONG_DEFAULT_CALENDAR", nullable=True),
    Key("calendars.hidden", "list", [], "calendars (ids or names) whose events are not shown",
        env="ILJEONG_HIDDEN_CALENDARS"),
    Key("llm.provider", "choice", "off",
        "language model for hard messages: off, openai or compatible (own server)",
        env="ILJEONG_LLM", choices=("off", "openai", "compatible")),
    Key("llm.base_url", "str", None, "URL of the OpenAI-compatible server (provider compatible)",
        env="ILJEONG_LLM_BASE_URL", check=check_url, nullable=True),
    Key("llm.model", "str", DEFAULT_LLM_MODEL, "model name asked for",
        env="ILJEONG_LLM_MODEL", check=check_model),
    Key("llm.timeout", "float", DEFAULT_LLM_TIMEOUT, "seconds to wait for the model",
        env="ILJEONG_LLM_TIMEOUT", minimum=0.5, maximum=300),
    Key("llm.api_key", "secret", None, "API key for the model server (kept in the keyring)",
        env="OPENAI_API_KEY", keyring_user="openai", nullable=True),
    Key("ocr.backend", "choice", "tesseract",
        "how images are read: tesseract (local), gcv (Google Cloud Vision), openai (vision)",
        env="ILJEONG_OCR", choices=OCR_BACKENDS),
    Key("ocr.gcv_credentials", "str", None, "service-account JSON file for Cloud Vision",
        env="GOOGLE_APPLICATION_CREDENTIALS", check=check_file, nullable=True),
    Key("ocr.gcv_api_key", "secret", None, "Cloud Vision API key (kept in the keyring)",
        env="ILJEONG_GCV_API_KEY", keyring_user="gcv", nullable=True),
    Key("notifications", "bool", True, "desktop notifications for reminders",
        env="ILJEONG_NOTIFICATIONS"),
    Key("default_reminder", "int", 10, "minutes before an event without reminders of its own",
        env="ILJEONG_DEFAULT_REMINDER", minimum=0, maximum=4 * 7 * 24 * 60),
    Key("start_minimized", "bool", False, "start in the tray / minimized",
        env="ILJEONG_START_MINIMIZED"),
    Key("start_at_login", "bool", False, "start when the user logs in",
        env="ILJEONG_START_AT_LOGIN"),
    Key("sync.server", "str", None, "URL of the iljeong sync service (unset: not used)",
        env="ILJEONG_SYNC_SERVER", check=check_url, nullable=True),
)  # fmt: skip
KEYS: dict[str, Key] = {k.name: k for k in _KEY_LIST}

_TRUE = frozenset({"1", "true", "yes", "on", "y", "네", "예", "켜기"})
_FALSE = frozenset({"0", "false", "no", "off", "n", "아니오", "끄기"})
_LLM_OFF = frozenset({"off", "none", "0", "false", "no"})


def key(name: str) -> Key:
    try:
        return KEYS[name]
    except KeyError:
        close = [k for k in KEYS if name.split(".")[-1] in k]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ConfigError(
            f"unknown setting {name!r}{hint}; 'iljeong config list' shows them all"
        ) from None


def parse_text(name: str, text: str) -> Any:
    """A value typed on the command line (or in an env var) → the typed value."""
    k = key(name)
    raw = text.strip()
    try:
        if k.nullable and raw == "":
            return None
        if k.kind == "bool":
            low = raw.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise InvalidInput(f"{text!r} is not yes/no (use true or false)")
        if k.kind == "int":
            try:
                return int(raw)
            except ValueError:
                raise InvalidInput(f"{text!r} is not a whole number") from None
        if k.kind == "float":
            try:
                return float(raw)
            except ValueError:
                raise InvalidInput(f"{text!r} is not a number") from None
        if k.kind == "list":
            return [part.strip() for part in raw.split(",") if part.strip()]
        if k.kind == "choice":
            return raw.lower()
        return raw if k.kind != "secret" else text.strip()
    except InvalidInput as exc:
        raise ConfigError(f"{name}: {exc}") from None


def validate(name: str, value: Any, store: Store | None = None) -> Any:
    """The canonical value of ``name`` or a ConfigError; ``store`` resolves calendars."""
    k = key(name)
    try:
        return _validate(k, value, store)
    except InvalidInput as exc:
        raise ConfigError(f"{name}: {exc}") from None


def _validate(k: Key, value: Any, store: Store | None) -> Any:
    if value is None:
        if k.nullable:
            return None
        raise InvalidInput("a value is required (use 'unset' for the default)")
    if k.kind == "bool":
        if not isinstance(value, bool):
            raise InvalidInput(f"{value!r} is not true or false")
        return value
    if k.kind in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidInput(f"{value!r} is not a number")
        if k.kind == "int" and not (isinstance(value, int) or float(value).is_integer()):
            raise InvalidInput(f"{value!r} is not a whole number")
        number: int | float = int(value) if k.kind == "int" else float(value)
        if k.minimum is not None and number < k.minimum:
            raise InvalidInput(f"{number} is below the minimum {k.minimum:g}")
        if k.maximum is not None and number > k.maximum:
            raise InvalidInput(f"{number} is above the maximum {k.maximum:g}")
        return number
    if k.kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(f"{value!r} is not a list of names")
        items = [v.strip() for v in value if v.strip()]
        if store is not None and k.name == "calendars.hidden":
            items = [_calendar_or_refuse(store, v).id for v in items]
        return list(dict.fromkeys(items))
    if not isinstance(value, str):
        raise InvalidInput(f"{value!r} is not text")
    if k.kind == "choice":
        low = value.strip().lower()
        if low not in k.choices:
            raise InvalidInput(f"{value!r} is not one of {', '.join(k.choices)}")
        return low
    if k.kind == "secret":
        text = value.strip()
        if not text or any(c.isspace() for c in text):
            raise InvalidInput("a key is one word without spaces")
        return text
    text = value.strip()
    if not text:
        if k.nullable:
            return None
        raise InvalidInput("a value is required")
    if k.check is not None:
        text = k.check(text)
    if store is not None and k.name == "default_calendar":
        text = _calendar_or_refuse(store, text).id
    return text


def _calendar_or_refuse(store: Store, value: str) -> Calendar:
    cal = resolve_calendar(store, value)
    if cal is None:
        names = ", ".join(f"{c.name} ({c.id})" for c in store.calendars())
        raise InvalidInput(f"no calendar {value!r}; calendars: {names}")
    return cal


def resolve_calendar(store: Store, value: str | None) -> Calendar | None:
    """The live calendar with id ``value``, else the one so named (case-insensitive)."""
    if not value:
        return None
    cals = store.calendars()
    for cal in cals:
        if cal.id == value:
            return cal
    named = [c for c in cals if c.name.casefold() == value.strip().casefold()]
    return named[0] if len(named) == 1 else None


def calendar_for_new_events(store: Store, settings: Settings) -> Calendar:
    """settings.default_calendar when it names a live calendar, else the store's default."""
    return resolve_calendar(store, settings.default_calendar) or store.default_calendar()


def check_combination(values: Mapping[str, Any]) -> None:
    """Settings that are fine alone but not together."""
    if values.get("llm.provider") == "compatible" and not values.get("llm.base_url"):
        raise ConfigError(
            "llm.provider 'compatible' needs llm.base_url "
            "(e.g. iljeong config set llm.base_url http://127.0.0.1:11434/v1)"
        )


# -- the file ------------------------------------------------------------------------------


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """ILJEONG_CONFIG_DIR from ``env``, else from the process, else the platform's dir."""
    source = os.environ if env is None else env
    chosen = (source.get(CONFIG_DIR_ENV) or os.environ.get(CONFIG_DIR_ENV, "")).strip()
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def settings_path(folder: str | os.PathLike[str] | None = None) -> Path:
    return (Path(folder) if folder is not None else config_dir()) / FILE_NAME


def read_file(path: Path) -> dict[str, Any]:
    """The stored values (validated), {} when there is no file. Never writes."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise _damaged(path, "it is not UTF-8 text") from None
    except OSError as exc:
        raise SettingsFileError(f"cannot read the settings file {path}: {exc.strerror}") from exc
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _damaged(path, f"it is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise _damaged(path, "it does not hold a JSON object")
    version = data.pop(FORMAT_KEY, FORMAT)
    if not isinstance(version, int) or isinstance(version, bool):
        raise _damaged(path, f"its {FORMAT_KEY!r} is not a number")
    if version > FORMAT:
        raise SettingsFileError(
            f"the settings file {path} was written by a newer iljeong (format {version}); "
            "update iljeong or move it away"
        )
    values: dict[str, Any] = {}
    for name, value in data.items():
        k = KEYS.get(name)
        if k is None or k.secret:
            why = "secrets belong in the keyring" if k is not None else "unknown setting"
            raise _damaged(path, f"{why} {name!r}")
        try:
            values[name] = _validate(k, value, None)
        except InvalidInput as exc:
            raise _damaged(path, f"{name}: {exc}") from None
    return values


def _damaged(path: Path, why: str) -> SettingsFileError:
    return SettingsFileError(
        f"the settings file {path} cannot be used: {why}. Fix it or move it away "
        "(it was left as it is)"
    )


def write_file(path: Path, values: Mapping[str, Any]) -> None:
    """Atomically replace ``path`` with ``values`` (temp file in the same folder + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = {FORMAT_KEY: FORMAT, **{k: values[k] for k in KEYS if k in values}}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# -- secrets -------------------------------------------------------------------------------


def get_secret(user: str) -> str | None:
    try:
        return keyring.get_password(KEYRING_SERVICE, user)
    except Exception as exc:  # noqa: BLE001 - backends raise D-Bus errors and more
        log.debug("keyring unavailable", extra={"error": type(exc).__name__})
        return None


def _set_secret(user: str, value: str | None) -> None:
    try:
        if value is None:
            with contextlib.suppress(PasswordDeleteError):
                keyring.delete_password(KEYRING_SERVICE, user)
        else:
            keyring.set_password(KEYRING_SERVICE, user, value)
    except KeyringError as exc:
        raise ConfigError(
            f"the system keyring cannot store the key ({exc}); set it in the environment "
            "instead, or set up a keyring"
        ) from exc


# -- changing ------------------------------------------------------------------------------


def update(
    changes: Mapping[str, Any],
    unset: Iterable[str] = (),
    *,
    folder: str | os.PathLike[str] | None = None,
    store: Store | None = None,
) -> dict[str, Any]:
    """Set ``changes`` and remove ``unset`` in one step; returns the stored values.

    Everything is validated first (each value, then the combination); on any error a
    ConfigError is raised and neither the file nor the keyring changed.
    """
    path = settings_path(folder)
    stored = read_file(path)  # a damaged file refuses the change too
    unset = list(unset)
    checked = {name: validate(name, value, store) for name, value in changes.items()}
    for name in unset:
        key(name)
    merged = {k: v for k, v in stored.items() if k not in unset}
    secrets: dict[str, str | None] = {}
    for name, value in checked.items():
        if KEYS[name].secret:
            secrets[name] = value
        elif value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    for name in unset:
        if KEYS[name].secret:
            secrets[name] = None
    check_combination({**_defaults(), **merged})
    for name, secret in secrets.items():
        user = KEYS[name].keyring_user
        assert user is not None
        _set_secret(user, secret)
    if merged != stored or not path.exists():
        write_file(path, merged)
    return merged


def _defaults() -> dict[str, Any]:
    return {k.name: k.default for k in _KEY_LIST if not k.secret}


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One setting as it applies now and where its value comes from."""

    key: Key
    value: Any
    source: Source
    stored: Any = None  # the file's value (or the default), whatever the env says

    def shown(self) -> str:
        return display(self.key.name, self.value)


def display(name: str, value: Any) -> str:
    k = key(name)
    if k.secret:
        return "(set)" if value else "(not set)"
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(value) if value else "(none)"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def entries(
    env: Mapping[str, str] | None = None,
    folder: str | os.PathLike[str] | None = None,
    *,
    read_secrets: Collection[str] | None = None,
) -> list[Entry]:
    """Every setting, in registry order. ``read_secrets``: the secret keys to look up in
    the keyring (None: all of them)."""
    source = os.environ if env is None else env
    stored = read_file(settings_path(folder if folder is not None else config_dir(source)))
    result: list[Entry] = []
    for k in _KEY_LIST:
        base = stored.get(k.name, k.default)
        raw_env = source.get(k.env, "").strip() if k.env else ""
        if raw_env:
            where = f"the environment variable {k.env}"
            try:
                value = _env_value(k, raw_env)
            except ConfigError as exc:
                raise ConfigError(f"{where}: {exc}") from None
            result.append(Entry(k, value, "env", base))
        elif k.secret:
            wanted = read_secrets is None or k.name in read_secrets
            assert k.keyring_user is not None
            secret = get_secret(k.keyring_user) if wanted else None
            result.append(Entry(k, secret, "keyring" if secret else "default", None))
        else:
            result.append(Entry(k, base, "file" if k.name in stored else "default", base))
    return result


def _env_value(k: Key, raw: str) -> Any:
    if k.name == "llm.provider":
        low = raw.lower()
        return "off" if low in _LLM_OFF else validate(k.name, low)
    if k.name == "hotkey":
        return validate(k.name, raw)
    return validate(k.name, parse_text(k.name, raw))


def load_settings(
    env: Mapping[str, str] | None = None, folder: str | os.PathLike[str] | None = None
) -> Settings:
    """Settings from the file, then the environment (see the module docstring)."""
    source = os.environ if env is None else env
    pre = {e.key.name: e for e in entries(source, folder, read_secrets=())}
    values = {name: e.value for name, e in pre.items()}
    # Earlier releases turned the LLM on when only a URL or model was in the environment.
    if "ILJEONG_LLM" not in source or not source["ILJEONG_LLM"].strip():
        if pre["llm.base_url"].source == "env":
            values["llm.provider"] = "compatible"
        elif pre["llm.model"].source == "env" and values["llm.provider"] == "off":
            values["llm.provider"] = "openai"
    try:
        check_combination(values)
    except ConfigError as exc:
        raise ConfigError(f"{exc} (settings file {settings_path(folder)})") from None
    provider = values["llm.provider"]
    backend = values["ocr.backend"]
    needs = set()
    if provider != "off" or backend == "openai":
        needs.add("llm.api_key")
    if backend == "gcv":
        needs.add("ocr.gcv_api_key")
    for name in needs:
        entry = pre[name]
        if entry.source != "env":
            user = entry.key.keyring_user
            assert user is not None
            values[name] = get_secret(user)
    env_base = pre["llm.base_url"].source == "env"
    llm = LLMSettings(
        enabled=provider != "off",
        base_url=values["llm.base_url"] if provider == "compatible" or env_base else None,
        model=values["llm.model"],
        api_key=values["llm.api_key"],
        timeout_seconds=float(values["llm.timeout"]),
    )
    ocr = replace(
        OcrSettings.from_env(source),
        backend=backend,
        gcv_credentials=values["ocr.gcv_credentials"],
        gcv_api_key=values["ocr.gcv_api_key"],
    )
    hotkey = values["hotkey"]
    return Settings(
        time_zone=values["time_zone"] or local_zone_name(),
        default_duration_minutes=int(values["default_duration"]),
        llm=llm,
        ocr=ocr,
        language=values["language"],
        theme=values["theme"],
        hotkey="" if hotkey == HOTKEY_OFF else hotkey,
        default_calendar=values["default_calendar"],
        hidden_calendars=tuple(values["calendars.hidden"]),
        notifications=bool(values["notifications"]),
        default_reminder_minutes=int(values["default_reminder"]),
        start_minimized=bool(values["start_minimized"]),
        start_at_login=bool(values["start_at_login"]),
        sync_server=values["sync.server"],
    )


def stored_values(folder: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Defaults overlaid with the file (no environment, no secrets): what a form edits."""
    return {**_defaults(), **read_file(settings_path(folder))}
