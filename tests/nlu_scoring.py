"""Scoring of NL corpus cases (../shared/corpus/CONVENTIONS.md, "Suggested scoring").

Shared by tests/unit/test_nlu_corpus.py and tests/bench/bench_nlu.py.

- intent: exact.
- create: start exact (aware datetimes, or dates for all-day cases), end exact (null counts
  as a value), all_day, rrule by occurrence expansion (the first 5 occurrences from the
  expected start, plus the same number of occurrences when either rule is finite, so a
  COUNT is checked too), title and location after normalisation (NFKC, lower case,
  whitespace/punctuation/symbols removed), strict (equal) and lenient (one contains the
  other, both non-empty).
- query: query_range exact; title (the search term) as above.
- update/delete: the new start/end/location where the label is non-null; title as above.
- confirm/cancel/other: intent only.

A case is *fully right* when the intent and every scored field match, title and location
counted leniently (pasted invitations may reasonably yield a longer title).
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Any

from dateutil.rrule import rrulestr

REPO = Path(__file__).resolve().parents[1]
EVENT_INTENTS = ("create", "update", "delete")
NON_EVENT_INTENTS = ("confirm", "cancel", "other")
LENIENT_FIELDS = ("title", "location")
RRULE_FIRST = 5
RRULE_CAP = 1000


def corpus_dir() -> Path | None:
    """../shared/corpus beside the repo, else $ILJEONG_CORPUS_DIR; None when neither exists."""
    candidates = [REPO.parent / "shared" / "corpus"]
    env = os.environ.get("ILJEONG_CORPUS_DIR")
    if env:
        candidates.append(Path(env))
    for folder in candidates:
        if (folder / "nl_dev.jsonl").exists():
            return folder
    return None


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parse_now(raw: str) -> datetime:
    value = datetime.fromisoformat(raw)
    assert value.tzinfo is not None
    return value


# -- field comparisons ---------------------------------------------------------------------
def normalise(text: str | None) -> str:
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "ZPSC")


def text_strict(expected: str | None, got: str | None) -> bool:
    return normalise(expected) == normalise(got)


def text_lenient(expected: str | None, got: str | None) -> bool:
    a, b = normalise(expected), normalise(got)
    if a == b:
        return True
    return bool(a) and bool(b) and (a in b or b in a)


def read_point(raw: str) -> date | datetime:
    return date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw)


def point_equal(expected: str | None, got: Any) -> bool:
    """Exact: a date label needs a date, a datetime label an equal aware datetime."""
    if expected is None or got is None:
        return expected is None and got is None
    want = read_point(expected)
    if isinstance(want, datetime):
        return isinstance(got, datetime) and got.tzinfo is not None and got == want
    return isinstance(got, date) and not isinstance(got, datetime) and got == want


def _occurrences(rule: str, dtstart: datetime) -> tuple[list[datetime], int]:
    text = rule[6:] if rule.upper().startswith("RRULE:") else rule
    parsed = rrulestr(text, dtstart=dtstart)
    first = list(islice(parsed, RRULE_FIRST))
    total = sum(1 for _ in islice(parsed, RRULE_CAP))
    return first, total


def rrule_equal(expected: str | None, got: str | None, start: str | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if start is None:
        return sorted(expected.split(";")) == sorted(got.split(";"))
    anchor = read_point(start)
    dtstart = anchor if isinstance(anchor, datetime) else datetime.combine(anchor, time(0))
    try:
        want = _occurrences(expected, dtstart)
        have = _occurrences(got, dtstart)
    except (ValueError, TypeError):
        return False
    return want == have


def range_equal(expected: list[str | None] | None, got: Any) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    start, end = got
    return point_equal(expected[0], start) and point_equal(expected[1], end)


def show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


# -- one case ------------------------------------------------------------------------------
@dataclass
class Check:
    field: str
    expected: Any
    got: Any
    ok: bool
    lenient_ok: bool | None = None  # title/location only

    @property
    def counts_ok(self) -> bool:
        return self.lenient_ok if self.lenient_ok is not None else self.ok


@dataclass
class CaseScore:
    id: str
    lang: str
    text: str
    expected_intent: str
    got_intent: str | None
    error: str | None = None
    checks: list[Check] = field(default_factory=list)
    path: str | None = None

    @property
    def intent_ok(self) -> bool:
        return self.expected_intent == self.got_intent

    @property
    def fully_right(self) -> bool:
        return self.error is None and self.intent_ok and all(c.counts_ok for c in self.checks)

    @property
    def turned_into_event(self) -> bool:
        return self.expected_intent in NON_EVENT_INTENTS and self.got_intent == "create"

    def failures(self) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        if self.error is not None:
            return [("error", "-", self.error)]
        if not self.intent_ok:
            out.append(("intent", self.expected_intent, str(self.got_intent)))
        for c in self.checks:
            if not c.counts_ok:
                out.append((c.field, show(c.expected), show(c.got)))
        return out


def score_case(case: dict[str, Any], result: Any) -> CaseScore:
    """``result`` is a ParseResult, or the exception the parser raised."""
    score = CaseScore(case["id"], case["lang"], case["text"], case["intent"], None)
    if isinstance(result, BaseException):
        score.error = f"{type(result).__name__}: {result}"[:200]
        return score
    score.got_intent = result.intent
    score.path = getattr(result, "path", None)
    intent = case["intent"]
    checks = score.checks

    def text_check(name: str) -> None:
        want, have = case[name], getattr(result, name)
        checks.append(Check(name, want, have, text_strict(want, have), text_lenient(want, have)))

    if intent == "create":
        checks.append(
            Check("start", case["start"], result.start, point_equal(case["start"], result.start))
        )
        checks.append(Check("end", case["end"], result.end, point_equal(case["end"], result.end)))
        checks.append(
            Check("all_day", case["all_day"], result.all_day, case["all_day"] == result.all_day)
        )
        text_check("title")
        text_check("location")
        checks.append(
            Check(
                "rrule",
                case["rrule"],
                result.rrule,
                rrule_equal(case["rrule"], result.rrule, case["start"]),
            )
        )
    elif intent == "query":
        checks.append(
            Check(
                "query_range",
                case["query_range"],
                result.query_range,
                range_equal(case["query_range"], result.query_range),
            )
        )
        text_check("title")
    elif intent in ("update", "delete"):
        text_check("title")
        for name in ("start", "end"):
            if case[name] is not None:
                checks.append(
                    Check(
                        name,
                        case[name],
                        getattr(result, name),
                        point_equal(case[name], getattr(result, name)),
                    )
                )
        if case["location"] is not None:
            text_check("location")
    return score


# -- summaries -----------------------------------------------------------------------------
@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    def __str__(self) -> str:
        if not self.total:
            return "     -"
        return f"{self.right:3d}/{self.total:<3d} {100.0 * self.right / self.total:5.1f}%"


def summarise(scores: Iterable[CaseScore]) -> dict[str, Tally]:
    """Row name → tally, in display order."""
    rows: dict[str, Tally] = {}

    def row(name: str) -> Tally:
        return rows.setdefault(name, Tally())

    scores = list(scores)
    row("intent (all)")
    for s in scores:
        row("intent (all)").add(s.intent_ok)
    for intent in ("create", "query", "update", "delete", "confirm", "cancel", "other"):
        for s in scores:
            if s.expected_intent == intent:
                row(f"intent: {intent}").add(s.intent_ok)
    for lang in ("ko", "en", "mixed"):
        for s in scores:
            if s.lang == lang:
                row(f"intent: lang {lang}").add(s.intent_ok)
    for s in scores:
        prefix = {"create": "create", "query": "query", "update": "update", "delete": "delete"}.get(
            s.expected_intent
        )
        if prefix is None:
            continue
        if s.error is not None:
            names = {
                "create": ("start", "end", "all_day", "title", "location", "rrule"),
                "query": ("query_range", "title"),
            }
            for name in names.get(prefix, ("title",)):
                row(f"{prefix}: {name}").add(False)
                if name in LENIENT_FIELDS:
                    row(f"{prefix}: {name} (lenient)").add(False)
            continue
        for c in s.checks:
            row(f"{prefix}: {c.field}").add(c.ok)
            if c.lenient_ok is not None:
                row(f"{prefix}: {c.field} (lenient)").add(c.lenient_ok)
    for s in scores:
        row("fully right").add(s.fully_right)
    return rows


def wrongly_turned_into_events(scores: Iterable[CaseScore]) -> tuple[int, int]:
    non_event = [s for s in scores if s.expected_intent in NON_EVENT_INTENTS]
    return sum(1 for s in non_event if s.turned_into_event), len(non_event)
