"""Routes and scopes taken from the discovery document bundled in google-api-python-client.

The same document the client is built from gives the fake its method table: HTTP method +
path template per method id (``events.list`` …) and the scopes each method accepts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import unquote

from googleapiclient import discovery_cache


@dataclass(frozen=True)
class Route:
    method_id: str  # "events.list"
    http_method: str
    pattern: re.Pattern[str]
    params: tuple[str, ...]
    scopes: frozenset[str]
    rpc_name: str  # "calendar.v3.Events.List" (used in error details)


@cache
def document() -> dict[str, Any]:
    raw = discovery_cache.get_static_doc("calendar", "v3")
    if raw is None:  # pragma: no cover - the wheel always ships it
        raise RuntimeError("the calendar v3 discovery document is not bundled")
    doc: dict[str, Any] = json.loads(raw)
    return doc


@cache
def routes() -> tuple[Route, ...]:
    out: list[Route] = []
    for resource, spec in document()["resources"].items():
        for name, method in spec.get("methods", {}).items():
            params = tuple(re.findall(r"{(\w+)}", method["path"]))
            regex = re.sub(
                r"{\w+}",
                "([^/]+)",
                re.escape(method["path"]).replace(r"\{", "{").replace(r"\}", "}"),
            )
            rpc = f"calendar.v3.{resource[0].upper()}{resource[1:]}.{name[0].upper()}{name[1:]}"
            out.append(
                Route(
                    method_id=f"{resource}.{name}",
                    http_method=method["httpMethod"],
                    pattern=re.compile(f"^{regex}$"),
                    params=params,
                    scopes=frozenset(method.get("scopes", ())),
                    rpc_name=rpc,
                )
            )
    # Literal segments first ("events/import" before "events/{eventId}").
    out.sort(key=lambda r: r.pattern.pattern.count("([^/]+)"))
    return tuple(out)


def match(http_method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """``path`` is relative to /calendar/v3/ and still percent-encoded."""
    for route in routes():
        if route.http_method != http_method:
            continue
        found = route.pattern.match(path)
        if found:
            return route, {k: unquote(v) for k, v in zip(route.params, found.groups(), strict=True)}
    return None


def operation(http_method: str, path: str) -> str:
    found = match(http_method, path)
    return found[0].method_id if found else "unknown"


@cache
def all_scopes() -> frozenset[str]:
    return frozenset(document()["auth"]["oauth2"]["scopes"])
