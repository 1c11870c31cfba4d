"""Prometheus metrics and the JSON access log, as one pure ASGI middleware.

Each app has its own registry (tests start several apps in one process). Exposed at
/metrics: request latency by method, route template and status; mutations by status;
conflicts; pull lag (versions between a device's cursor and the user's version); open
SSE streams. The access log line (logger ``iljeong.service.access``, INFO) carries method,
route, status, milliseconds and the caller's user and device ids — never tokens.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("iljeong.service.access")

_LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.latency = Histogram(
            "iljeong_request_seconds",
            "HTTP request latency",
            ["method", "route", "status"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.mutations = Counter(
            "iljeong_mutations", "Mutations pushed, by result", ["status"], registry=self.registry
        )
        self.conflicts = Counter(
            "iljeong_conflicts", "Conflicts recorded by pushes", registry=self.registry
        )
        self.pull_lag = Histogram(
            "iljeong_pull_lag_versions",
            "Versions between a pulling device's cursor and its user's version",
            buckets=(0, 1, 5, 20, 100, 1000, 10000),
            registry=self.registry,
        )
        self.streams = Gauge(
            "iljeong_sse_streams", "Open server-sent event streams", registry=self.registry
        )


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route: Any = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.latency.labels(scope["method"], template, str(status)).observe(elapsed)
            if log.isEnabledFor(logging.INFO):
                state = scope.get("state") or {}
                who = state.get("caller")
                log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "route": template,
                        "status": status,
                        "ms": round(elapsed * 1000, 2),
                        "user": getattr(who, "user_id", None),
                        "device": getattr(who, "device_id", None),
                    },
                )
