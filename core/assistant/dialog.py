"""The chat dialog: a message → a proposal → a confirmation → a change (and its undo).

Used by the desktop chat pane and ``iljeong chat``. Nothing is written to the calendar
until the user confirms; every state the dialog needs is in the store, so a new
``Assistant`` on the same store (another process) continues where the last one stopped.

Rules (tested in tests/unit/test_assistant*.py):

* **Create.** A create message becomes a proposal: title, start, end (the settings'
  default duration when none is given), location, repeat rule, the default calendar,
  warnings. "네"/the Save button saves it (``Source.CHAT``, ``source_ref`` = the user turn
  that asked), "취소" drops it. While it is pending, a message that changes something
  without naming another event ("4시로", "장소는 강남역", "30분 늦춰줘", "제목은 팀 회식",
  "5시까지", "내일로", "종일") edits it; a message creating a different event replaces it.
* **A missing time asks one question.** No title: "무슨 일정인가요?". No date and no time:
  "언제로 할까요?"; a confirm before the answer asks again and saves nothing. A date
  without a time (one day, not repeating, "종일" not said): the proposal is an all-day event
  (the corpus rule) and asks "몇 시로 할까요? 종일 일정으로 저장하려면 '네'": a time
  ("3시", "오후 2시 반") makes it a timed event on that day, "종일" keeps it all-day, and a
  plain "네" saves it as it is. Date ranges and repeating all-day events ask nothing.
* **Duplicates.** An existing event with the same start and a similar title (one
  normalised title contains the other) is named in the proposal's warnings. The first
  confirm does not save: it says so again and asks for a second "네"; the second confirm
  (or a message the parser marks ``insist``, "그래도 추가해") saves. Overlapping timed
  events are listed as a warning and do not block saving.
* **Query** lists the occurrences (series expanded) in the range, filtered by title
  (case/space-insensitive contains). An open-ended range answers with the next match; no
  range and a title searches a year forward, then a year back.
* **Update/delete** find the target by title, day, clock time (``target_start``), "the one
  I just added" (``last_created``) or "everything" in a range; zero matches says so,
  several ask which one (numbered; "1", "두 번째", "the second", "마지막" pick). One
  occurrence of a series is changed alone (core.editing, Scope.THIS) unless
  ``whole_series``. The change happens only on confirmation.
* **Undo.** The chat has no history of its own: every change it saves is one labelled
  entry of the store's journal (core/store/history.py: kind, title, source chat/image,
  language) and "되돌려"/"undo"/the button call ``Store.undo``, newest first, whatever made
  the change (the chat, the event form, an import, a conflict resolution); the Edit menu
  undoes chat changes the same way.
* **Idempotent.** A created event takes the proposal's id and the pending proposal is
  cleared in the saving transaction, so confirming twice (even from two processes) never
  saves twice; a confirm with nothing pending says so and does nothing.
* **Bad input** (empty, huge, binary, emoji, RTL) gets a polite reply, never an exception;
  stored texts are cleaned (lone surrogates, control characters) and cut to 2 000 chars.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core import editing
from core.assistant import text as T
from core.assistant.edits import EditRefused, Fields, apply_edit
from core.assistant.types import Edit, Language, Proposal, QuestionKind, Reply, Target
from core.config import calendar_for_new_events
from core.errors import IljeongError, InvalidInput, NotFound
from core.holidays import holidays_between
from core.ids import new_id
from core.model import ChatTurn, Event, Occurrence, Source
from core.nlu.intent import language_of
from core.nlu.result import ParseResult
from core.nlu.understand import Understander
from core.settings import Settings
from core.store import Store
from core.timeutil import add_absolute, require_aware, start_of_day, utc_now
from core.vision.pipeline import ImageExtraction

log = logging.getLogger(__name__)

MAX_TEXT = 2000  # characters of a message kept (parsed and stored)
MAX_FIELD = 200  # characters of a title or location
MAX_CHOICES = 9
MAX_LISTED = 20  # occurrences written out in a query reply (all are in Reply.events)
SEARCH_DAYS = 366
_STATE_PREFIX = "assistant:"

_UNDO_WORDS = {
    "undo",
    "undothat",
    "undoit",
    "undolast",
    "undothelastchange",
    "되돌려",
    "되돌려줘",
    "되돌려줘요",
    "되돌려주세요",
    "되돌리기",
    "되돌려봐",
    "실행취소",
    "원래대로",
    "원래대로해줘",
    "원래대로돌려줘",
    "방금거되돌려",
    "방금거되돌려줘",
}
_REDO_WORDS = {
    "redo",
    "redoit",
    "redothat",
    "다시실행",
    "다시실행해줘",
    "재실행",
    "되돌린거취소",
    "되돌린거취소해줘",
    "되돌리기취소",
    "되돌린거다시해줘",
}
_ALL_DAY_WORDS = {
    "종일",
    "종일로",
    "종일로해줘",
    "종일로해",
    "종일이야",
    "종일일정",
    "종일일정으로",
    "하루종일",
    "하루종일로",
    "하루종일이야",
    "allday",
    "alldayevent",
    "makeitallday",
    "itsallday",
    "itsanalldayevent",
}
_GENERIC_TITLES = {"일정", "스케줄", "일정들", "schedule", "events", "event", "plans", "anything"}
_KO_ORDINALS = {
    "첫": 1,
    "한": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
}
_EN_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "last": -1,
}
_KO_CHOICE = re.compile(
    r"(첫|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)번째|(첫|둘|셋|넷)째|(마지막)"
)
_NUM_CHOICE = re.compile(r"(?:#|no|number|option)?(\d{1,2})(?:st|nd|rd|th)?(?:번째|번)?")
_EN_CHOICE = re.compile(
    r"(?:the)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)(?:one)?"
)
_CHOICE_TAIL = re.compile(r"(거|꺼|것|일정|걸로|으로|로|요|이요|예요|이에요|please)+$")


# -- text helpers --------------------------------------------------------------------------


def clean_text(text: object) -> str:
    """A message made safe to parse and store: valid UTF-8, no control characters
    (newlines and tabs stay), trimmed, at most MAX_TEXT characters."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates → "?"
    kept = [
        ch
        for ch in text[: MAX_TEXT * 2]
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn")
    ]
    return "".join(kept).strip()[:MAX_TEXT].strip()


def compact(text: str) -> str:
    """Lower case, NFKC, without spaces, punctuation or symbols (for word matching)."""
    normal = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in normal if unicodedata.category(ch)[0] not in "ZPSC")


def similar(a: str | None, b: str | None) -> bool:
    """Titles that name the same thing: one normalised title contains the other."""
    if not a or not b:
        return False
    x, y = compact(a), compact(b)
    return bool(x and y) and (x in y or y in x)


def _field(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(clean_text(value).split())[:MAX_FIELD].strip()
    return value or None


def _guess_language(text: str, fallback: Language) -> Language:
    """The message's language, or ``fallback`` when it has no letters to tell by."""
    if any("가" <= ch <= "힣" or "ㄱ" <= ch <= "ㅣ" or "a" <= ch.lower() <= "z" for ch in text):
        return language_of(text)
    return fallback


def choice_number(text: str) -> int | None:
    """1, 2 … for "1", "2번", "두 번째 거", "the second one"; -1 for "마지막"/"last"."""
    key = compact(text)
    key = _CHOICE_TAIL.sub("", key) or key
    if m := _NUM_CHOICE.fullmatch(key):
        return int(m.group(1))
    if m := _KO_CHOICE.fullmatch(key):
        if m.group(3):
            return -1
        word = m.group(1) or {"첫": "첫", "둘": "두", "셋": "세", "넷": "네"}[m.group(2)]
        return _KO_ORDINALS[word]
    if m := _EN_CHOICE.fullmatch(key):
        return _EN_ORDINALS[m.group(1)]
    return None


# -- persisted state -----------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    pending: Proposal | None = None
    #: More proposals waiting after ``pending`` (the other events found in an image).
    queue: list[Proposal] = field(default_factory=list)
    #: Ambiguous targets waiting for a number: kind, targets, edit, whole_series, language.
    choices: dict[str, Any] | None = None
    last_created: str | None = None
    language: Language = "ko"

    def to_json(self) -> dict[str, Any]:
        return {
            "pending": None if self.pending is None else self.pending.to_json(),
            "queue": [p.to_json() for p in self.queue],
            "choices": self.choices,
            "last_created": self.last_created,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, data: Any) -> _State:
        if not isinstance(data, dict):
            return cls()
        pending = None
        if data.get("pending"):
            try:
                pending = Proposal.from_json(data["pending"])
            except (KeyError, TypeError, ValueError):
                log.warning("dropping an unreadable pending proposal")
        queue: list[Proposal] = []
        for item in data.get("queue") or ():
            try:
                queue.append(Proposal.from_json(item))
            except (KeyError, TypeError, ValueError):
                log.warning("dropping an unreadable queued proposal")
        return cls(
            pending=pending,
            queue=queue,
            choices=data.get("choices") if isinstance(data.get("choices"), dict) else None,
            last_created=data.get("last_created"),
            language="en" if data.get("language") == "en" else "ko",
        )


@dataclass(frozen=True, slots=True)
class _Applied:
    saved: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()


# -- the dialog ----------------------------------------------------------------------------


class Assistant:
    """One conversation over one store. Cheap to create; holds no state of its own."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        understander: Understander | None = None,
        conversation_id: str = "default",
    ) -> None:
        self.store = store
        self.settings = settings
        self._owns_understander = understander is None
        self._understood: ParseResult | None = None
        self.understander = understander or Understander(settings)
        self.conversation_id = conversation_id
        self._key = _STATE_PREFIX + conversation_id
        self._moment: datetime | None = None  # the time of the message being answered

    # -- public API --------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        return self.settings.zone

    @property
    def may_be_slow(self) -> bool:
        """True when understanding may call an LLM (seconds): front ends should then call
        `understand` off their UI thread and pass the result to `handle`."""
        return self.settings.llm.enabled

    def understand(self, text: str, *, now: datetime | None = None) -> ParseResult:
        """Only the understanding step of `handle`: touches no store, safe on any thread."""
        moment = now or utc_now()
        return self._understand(clean_text(text), moment, "ko")

    def handle(
        self, text: str, *, now: datetime | None = None, understood: ParseResult | None = None
    ) -> Reply:
        """Answer one user message (proposes, asks, answers a query; never saves by itself
        unless the message is a confirmation or an undo). ``understood`` is the result of
        `understand` on the same text, when a front end ran it elsewhere."""
        self._understood = understood
        moment = self._now(now)
        message = clean_text(text)
        state = self._load()
        if not message:
            return Reply(
                T.msg(T.EMPTY, state.language),
                language=state.language,
                can_undo=self.store.can_undo(),
                error=True,
            )
        turn_id = new_id()
        reply, intent = self._respond(message, moment, turn_id, state)
        self.store.add_chat_turn(
            ChatTurn(
                role="user",
                text=message,
                conversation_id=self.conversation_id,
                id=turn_id,
                intent=intent,
            )
        )
        return self._record(reply)

    def confirm(
        self,
        *,
        now: datetime | None = None,
        insist: bool = False,
        proposal_id: str | None = None,
    ) -> Reply:
        """The Save button (== typing "네"). ``insist`` saves despite a duplicate warning;
        ``proposal_id`` picks one of several waiting proposals (default: the first)."""
        self._now(now)
        state = self._load()
        if not self._bring_forward(state, proposal_id):
            return self._record(self._gone(state))
        return self._record(self._confirm(state, insist=insist, lang=None))

    def cancel(self, *, now: datetime | None = None, proposal_id: str | None = None) -> Reply:
        """The Cancel button: drops the pending proposal (or question), or the waiting
        proposal ``proposal_id``."""
        self._now(now)
        state = self._load()
        if not self._bring_forward(state, proposal_id):
            return self._record(self._gone(state))
        return self._record(self._cancel(state, lang=None))

    def propose_found(self, extraction: ImageExtraction, *, now: datetime | None = None) -> Reply:
        """Offer the events read from an image: one create proposal each, the first as the
        current one and the rest waiting; each is saved or dropped on its own."""
        self._now(now)
        state = self._load()
        turn_id = new_id()
        self.store.add_chat_turn(
            ChatTurn(
                role="user",
                text=T.image_turn(extraction.file),
                conversation_id=self.conversation_id,
                id=turn_id,
                intent={
                    "intent": "image",
                    "sha256": extraction.sha256,
                    "events": len(extraction.events),
                },
            )
        )
        lang = (
            _guess_language(extraction.text, state.language)
            if extraction.text.strip()
            else state.language
        )
        found: list[Proposal] = []
        for parse in extraction.events:
            built = self._build_create(parse, compact(extraction.text), turn_id)
            if isinstance(built, Proposal):
                built = built.evolve(origin="image", image_sha256=extraction.sha256)
                found.append(self._finish(built))
        if not found:
            return self._record(
                self._reply(state, T.msg(T.NO_EVENT_IN_IMAGE, lang), lang, intent="image")
            )
        if state.pending is not None and state.pending.kind == "create":
            state.queue.insert(0, state.pending)  # an earlier proposal keeps waiting
        state.pending, state.queue = found[0], found[1:] + state.queue
        state.choices = None
        self._save(state)
        text = T.found_text(found, self.zone, self._today(), lang)
        return self._record(self._reply(state, text, lang, proposal=found[0], intent="image"))

    def pending_all(self) -> list[Proposal]:
        """Every proposal waiting for an answer, the current one first."""
        state = self._load()
        return ([state.pending] if state.pending is not None else []) + state.queue

    def undo(self, *, now: datetime | None = None) -> Reply:
        """Reverts the newest change (the store's history: made here or anywhere else)."""
        self._now(now)
        return self._record(self._undo(self._load(), lang=None))

    def pending(self) -> Proposal | None:
        return self._load().pending

    def can_undo(self) -> bool:
        return self.store.can_undo()

    def history(self, limit: int = 200) -> list[ChatTurn]:
        return self.store.chat_turns(self.conversation_id, limit)

    def use_settings(self, settings: Settings) -> None:
        """New settings (the settings dialog): zone, durations, calendar, LLM from now on."""
        self.settings = settings
        if self._owns_understander:
            self.understander.close()
            self.understander = Understander(settings)

    def close(self) -> None:
        """Release the understander's resources (an LLM client) if this assistant made it."""
        if self._owns_understander:
            self.understander.close()

    # -- plumbing ----------------------------------------------------------------------

    def _now(self, now: datetime | None) -> datetime:
        value = utc_now() if now is None else require_aware(now, "now")
        self._moment = value.astimezone(self.zone)
        return self._moment

    def _today(self) -> date:
        """For dates in replies (the year is written only when it is not this one)."""
        return (self._moment or utc_now()).astimezone(self.zone).date()

    def _load(self) -> _State:
        try:
            return _State.from_json(self.store.get_state(self._key))
        except ValueError:  # unreadable JSON: start afresh rather than fail every message
            log.warning("assistant state %s unreadable; starting afresh", self._key)
            return _State()

    def _save(self, state: _State) -> None:
        self.store.set_state(self._key, state.to_json())

    def _record(self, reply: Reply) -> Reply:
        turn = self.store.add_chat_turn(
            ChatTurn(
                role="assistant",
                text=reply.text,
                conversation_id=self.conversation_id,
                proposal=None if reply.proposal is None else reply.proposal.to_json(),
                intent=None if reply.intent is None else {"intent": reply.intent},
            )
        )
        return replace(reply, turn_id=turn.id)

    def _reply(self, state: _State, text: str, lang: Language, **more: Any) -> Reply:
        waiting = ([state.pending] if state.pending is not None else []) + state.queue
        return Reply(
            text=text,
            language=lang,
            can_undo=self.store.can_undo(),
            proposals=tuple(waiting),
            **more,
        )

    def _bring_forward(self, state: _State, proposal_id: str | None) -> bool:
        """Make ``proposal_id`` the current proposal; False if it is not waiting."""
        if proposal_id is None or (state.pending is not None and state.pending.id == proposal_id):
            return True
        for index, queued in enumerate(state.queue):
            if queued.id == proposal_id:
                del state.queue[index]
                if state.pending is not None:
                    state.queue.insert(0, state.pending)
                state.pending = queued
                self._save(state)
                return True
        return False

    def _gone(self, state: _State) -> Reply:
        lang = state.language
        return self._reply(state, T.msg(T.NOTHING_TO_CONFIRM, lang), lang, intent="confirm")

    @staticmethod
    def _advance(state: _State) -> None:
        """The current proposal is settled: the next waiting one (if any) takes its place."""
        state.pending = state.queue.pop(0) if state.queue else None

    def _understand(self, message: str, now: datetime, fallback: Language) -> ParseResult:
        understood, self._understood = self._understood, None
        if understood is not None:
            return understood
        try:
            return self.understander.understand(message, now, self.zone)
        except Exception:  # noqa: BLE001 - a parser bug must not break the chat
            log.exception("understanding failed; answering as 'other'")
            return ParseResult(intent="other", language=_guess_language(message, fallback))

    # -- one message -------------------------------------------------------------------

    def _respond(
        self, message: str, now: datetime, turn_id: str, state: _State
    ) -> tuple[Reply, dict[str, Any]]:
        key = compact(message)
        if key in _UNDO_WORDS:
            lang = _guess_language(message, state.language)
            return self._undo(state, lang=lang), {"intent": "undo"}
        if key in _REDO_WORDS:
            lang = _guess_language(message, state.language)
            return self._undo(state, lang=lang, redo=True), {"intent": "redo"}
        if state.choices is not None:
            number = choice_number(message)
            if number is not None:
                return self._choose(state, number, now), {"intent": "choice", "number": number}
        parse = self._understand(message, now, state.language)
        intent_json = parse.to_full_json()
        lang = parse.language
        stale_choices = state.choices is not None and parse.intent not in ("confirm", "cancel")
        if state.language != lang or stale_choices:
            state.language = lang
            if stale_choices:  # the user moved on instead of picking one
                state.choices = None
            self._save(state)
        pending = state.pending
        path = parse.path
        if parse.intent == "confirm":
            return self._confirm(state, insist=parse.insist, lang=lang, path=path), intent_json
        if parse.intent == "cancel":
            return self._cancel(state, lang=lang, path=path), intent_json
        if pending is not None and parse.insist and parse.intent == "create" and not parse.title:
            return self._confirm(state, insist=True, lang=lang, path=path), intent_json
        if pending is not None and self._is_edit(parse, pending, key):
            return self._edit_pending(state, parse, message, key, now), intent_json
        if parse.intent == "create":
            return self._propose_create(state, parse, key, turn_id), intent_json
        if parse.intent == "query":
            return self._query(state, parse, now), intent_json
        if parse.intent in ("update", "delete"):
            return self._find_targets(state, parse, now), intent_json
        return self._other(state, lang, path), intent_json

    def _other(self, state: _State, lang: Language, path: Any = "rules") -> Reply:
        p = state.pending
        if p is not None and p.question:
            text = T.proposal_text(p, self.zone, self._today())
            return self._reply(state, text, lang, proposal=p, intent="other", path=path)
        text = T.msg(T.HELP, lang)
        if p is not None and p.title:
            text += "\n" + T.msg(T.PENDING_HINT, lang, title=p.title)
        return self._reply(state, text, lang, proposal=p, intent="other", path=path)

    # -- proposals ---------------------------------------------------------------------

    def _is_edit(self, parse: ParseResult, p: Proposal, key: str) -> bool:
        """Does this message change the pending proposal (rather than ask for something else)?"""
        if p.kind == "delete":
            return False
        if key in _ALL_DAY_WORDS:
            return True
        if parse.intent == "update":
            if parse.last_created or parse.everything or parse.whole_series:
                return False
            names = [p.title, *(t.title for t in p.targets)]
            return parse.title is None or any(similar(parse.title, n) for n in names)
        if p.kind != "create":
            return False
        if p.question_kind == "title" and parse.intent in ("create", "other"):
            return True
        if parse.intent == "create" and parse.title is None:
            return parse.start is not None or parse.end is not None or parse.location is not None
        return False

    def _edit_pending(
        self, state: _State, parse: ParseResult, message: str, key: str, now: datetime
    ) -> Reply:
        p = state.pending
        assert p is not None
        lang: Language = parse.language
        explicit_all_day = p.explicit_all_day
        if key in _ALL_DAY_WORDS:
            edit = Edit(all_day=True)
            explicit_all_day = True
        elif p.question_kind == "title" and parse.intent in ("create", "other"):
            title = _field(parse.title) or _field(message)
            edit = Edit.of(parse, title=title) if parse.intent == "create" else Edit(title=title)
        else:
            edit = self._proposal_edit(parse)
        if edit.empty:
            text = T.msg(T.ASK_WHAT_CHANGE, lang)
            return self._reply(state, text, lang, proposal=p, intent=parse.intent)
        try:
            fields = apply_edit(_fields_of(p), edit, self.settings.default_duration)
        except EditRefused as exc:
            return self._reply(
                state, exc.text(lang), lang, proposal=p, intent=parse.intent, error=True
            )
        p = p.evolve(
            title=fields.title,
            start=fields.start,
            end=fields.end,
            all_day=fields.all_day,
            location=fields.location,
            explicit_all_day=explicit_all_day,
            language=lang,
        )
        return self._offer(state, p, intent=parse.intent, path=parse.path)

    def _proposal_edit(self, parse: ParseResult) -> Edit:
        """The changes of a message that edits the pending proposal.

        Without a pending proposal the parser reads a bare time ("3시", "3pm") as the clock
        time of a target event and a day ("내일 3시") as the target's day; with one, they
        are the new time and day.
        """
        edit = Edit.of(parse)
        if parse.intent != "update" or parse.title is not None:
            return edit
        rng = parse.query_range
        if edit.empty and parse.target_start is not None:
            return replace(edit, start=parse.target_start, time_given=True, date_given=False)
        if rng is None or rng[1] is None:
            return edit
        if edit.empty:
            return replace(edit, start=rng[0].astimezone(self.zone).date(), date_given=True)
        if isinstance(edit.start, datetime) and rng[0] <= edit.start < rng[1]:
            return replace(edit, date_given=True)
        return edit

    def _propose_create(self, state: _State, parse: ParseResult, key: str, turn_id: str) -> Reply:
        built = self._build_create(parse, key, turn_id)
        if isinstance(built, str):
            return self._failed(state, parse.language, built, parse.intent)
        state.choices = None
        return self._offer(state, built, intent=parse.intent, path=parse.path)

    def _build_create(self, parse: ParseResult, key: str, turn_id: str) -> Proposal | str:
        """The create proposal for ``parse``, or why it cannot be made."""
        lang: Language = parse.language
        zone = self.zone
        start: Any = parse.start
        end: Any = None
        all_day = False
        if isinstance(start, datetime):
            start = start.astimezone(zone)
            end = parse.end.astimezone(zone) if isinstance(parse.end, datetime) else None
            if end is None or end <= start:
                end = add_absolute(start, self.settings.default_duration)
        elif isinstance(start, date):
            all_day = True
            last = parse.end if type(parse.end) is date and parse.end >= start else start
            end = last + timedelta(days=1)
        cal = calendar_for_new_events(self.store, self.settings)
        rrule = parse.rrule
        p = Proposal(
            kind="create",
            id=new_id(),
            title=_field(parse.title),
            start=start,
            end=end,
            all_day=all_day,
            tz=self.settings.time_zone,
            calendar_id=cal.id,
            calendar_name=cal.name,
            location=_field(parse.location) or "",
            rrule=rrule,
            explicit_all_day="종일" in key or "allday" in key,
            language=lang,
            source_turn_id=turn_id,
        )
        if p.complete:
            try:
                _event_of(p)
            except InvalidInput as exc:
                if p.rrule is None:
                    return str(exc)
                log.info("dropping a repeat rule the model refuses: %s", exc)
                p = p.evolve(rrule=None)
        return p

    def _offer(self, state: _State, p: Proposal, *, intent: str, path: Any = "rules") -> Reply:
        """Finish (question, warnings), persist as pending, and present a proposal."""
        p = self._finish(p)
        state.pending = p
        self._save(state)
        text = T.proposal_text(p, self.zone, self._today())
        return self._reply(state, text, p.language, proposal=p, intent=intent, path=path)

    def _finish(self, p: Proposal) -> Proposal:
        """The question still open and fresh duplicate/overlap warnings."""
        lang = p.language
        kind: QuestionKind | None = None
        if p.kind == "create":
            if p.title is None:
                kind = "title"
            elif p.start is None:
                kind = "when"
            elif (
                p.all_day
                and not p.explicit_all_day
                and p.rrule is None
                and isinstance(p.start, date)
                and p.end == p.start + timedelta(days=1)
            ):
                kind = "time"
        question = None
        if kind is not None:
            pair = {"title": T.ASK_TITLE, "when": T.ASK_WHEN, "time": T.ASK_TIME}[kind]
            question = T.msg(pair, lang)
        warnings, duplicate = self._warnings(p)
        return p.evolve(
            question=question,
            question_kind=kind,
            warnings=warnings,
            duplicate_of=duplicate,
            duplicate_acknowledged=p.duplicate_acknowledged and duplicate == p.duplicate_of,
        )

    def _window(self, start: Any, end: Any) -> tuple[datetime, datetime]:
        if isinstance(start, datetime):
            hi = end if isinstance(end, datetime) and end > start else start
            return start, max(hi, start + timedelta(minutes=1))
        lo = start_of_day(start, self.zone)
        last = end if isinstance(end, date) and not isinstance(end, datetime) else start
        return lo, start_of_day(max(last, start + timedelta(days=1)), self.zone)

    def _warnings(self, p: Proposal) -> tuple[tuple[str, ...], str | None]:
        if p.kind == "delete" or p.start is None or p.title is None or p.end is None:
            return (), None
        lang = p.language
        lo, hi = self._window(p.start, p.end)
        skip = {t.event_id for t in p.targets} | {t.series_id for t in p.targets if t.series_id}
        found = [
            o
            for o in self.store.occurrences(lo, hi, view_zone=self.zone)
            if o.event.id not in skip and o.series_id not in skip and o.event.id != p.id
        ]
        today = self._today()
        warnings: list[str] = []
        duplicate: Occurrence | None = None
        if p.kind == "create":
            duplicate = next(
                (o for o in found if o.start == p.start and similar(o.event.title, p.title)), None
            )
            if duplicate is not None:
                when = T.occurrence_when(duplicate, lang, self.zone, today)
                title = T.quote(duplicate.event.title, lang)
                warnings.append(
                    T.pick(
                        lang,
                        f"이미 같은 일정이 있어요: {title} · {when}",
                        f"You already have {title} · {when}.",
                    )
                )
        if not p.all_day:
            assert isinstance(p.start, datetime) and isinstance(p.end, datetime)
            overlapping = [
                o.event.title
                for o in found
                if o is not duplicate
                and not o.all_day
                and isinstance(o.start, datetime)
                and isinstance(o.end, datetime)
                and o.start < p.end
                and o.end > p.start
            ]
            if overlapping:
                names = T.titles_list(overlapping, lang)
                warnings.append(
                    T.pick(
                        lang,
                        f"같은 시간에 다른 일정이 있어요: {names}",
                        f"Overlaps with {names}.",
                    )
                )
        return tuple(warnings), None if duplicate is None else duplicate.event.id

    # -- confirm / cancel --------------------------------------------------------------

    def _confirm(
        self, state: _State, *, insist: bool, lang: Language | None, path: Any = "rules"
    ) -> Reply:
        p = state.pending
        if p is None:
            lang = lang or state.language
            if state.choices is not None:
                n = len(state.choices.get("targets") or ())
                return self._reply(state, T.msg(T.CHOOSE_NUMBER, lang, n=n), lang, path=path)
            return self._reply(
                state, T.msg(T.NOTHING_TO_CONFIRM, lang), lang, intent="confirm", path=path
            )
        lang = p.language
        if not p.complete:
            pair = T.ASK_TITLE if p.title is None else T.NEED_WHEN
            return self._reply(
                state, T.msg(pair, lang), lang, proposal=p, intent="confirm", path=path
            )
        if p.kind == "create":
            p = self._finish(p)
            if p.duplicate_of is not None and not (insist or p.duplicate_acknowledged):
                p = p.evolve(duplicate_acknowledged=True)
                state.pending = p
                self._save(state)
                text = "\n".join(
                    [
                        *(f"⚠ {w}" for w in p.warnings if w.startswith(("이미", "You already"))),
                        T.pick(
                            lang,
                            "같은 일정이 이미 있어서 아직 추가하지 않았어요. "
                            "그래도 추가하려면 '네'라고 한 번 더 말해 주세요.",
                            "You already have this, so I haven't added it. "
                            "Say “yes” again to add it anyway.",
                        ),
                    ]
                )
                return self._reply(state, text, lang, proposal=p, intent="confirm", path=path)
        label = {
            "kind": p.kind,
            "title": _summary_title(p),
            "source": "image" if p.origin == "image" else "chat",
            "language": lang,
        }
        try:
            with self.store.transaction(label=label):
                current = self._load()
                if current.pending is None or current.pending.id != p.id:
                    return self._reply(
                        current, T.msg(T.NOTHING_TO_CONFIRM, lang), lang, intent="confirm"
                    )
                done = self._apply(p)
                self._advance(current)
                current.choices = None
                if done.saved:
                    current.last_created = done.saved[0]
                self._save(current)
        except _AlreadySaved:
            self._advance(state)
            self._save(state)
            text = T.pick(lang, "이미 저장했어요.", "That's already saved.")
            return self._reply(state, text, lang, intent="confirm", path=path)
        except IljeongError as exc:
            self._advance(state)
            self._save(state)
            return self._failed(
                state, lang, str(exc), "confirm", not_found=isinstance(exc, NotFound)
            )
        text = self._done_text(p, done)
        if current.pending is not None:  # the next event found in the same image
            text += "\n" + T.proposal_text(current.pending, self.zone, self._today())
        return self._reply(
            current,
            text,
            lang,
            proposal=current.pending,
            saved_event_ids=done.saved,
            updated_event_ids=done.updated,
            deleted_event_ids=done.deleted,
            intent="confirm",
            path=path,
        )

    def _done_text(self, p: Proposal, done: _Applied) -> str:
        lang, today = p.language, self._today()
        hint = T.pick(lang, " (되돌리려면 '되돌려')", " (say “undo” to revert)")
        if p.kind == "delete":
            if len(p.targets) == 1:
                t = p.targets[0]
                what = f"{T.quote(t.title, lang)} · {T.target_when(t, lang, self.zone, today)}"
                return T.pick(lang, f"삭제했어요: {what}", f"Deleted {what}.") + hint
            n = len(p.targets)
            return T.pick(lang, f"일정 {n}개를 삭제했어요.", f"Deleted {n} events.") + hint
        title = T.quote(p.title or "", lang)
        what = f"{title} · {T.when(p.start, p.end, p.all_day, lang, self.zone, today)}"
        if p.location:
            what += f" · {p.location}"
        if p.kind == "create":
            return T.pick(lang, f"추가했어요: {what}", f"Added {what}.") + hint
        return T.pick(lang, f"바꿨어요: {what}", f"Updated {what}.") + hint

    def _failed(
        self, state: _State, lang: Language, detail: str, intent: str, not_found: bool = False
    ) -> Reply:
        if not_found:
            text = T.pick(
                lang,
                "그 일정이 더 이상 없어요. 아무것도 바꾸지 않았어요.",
                "That event is gone; nothing was changed.",
            )
        else:
            text = T.pick(lang, f"그렇게 할 수 없었어요: {detail}", f"I couldn't do that: {detail}")
        return self._reply(state, text, lang, intent=intent, error=True)

    def _cancel(self, state: _State, *, lang: Language | None, path: Any = "rules") -> Reply:
        if state.pending is None and state.choices is None:
            lang = lang or state.language
            return self._reply(
                state, T.msg(T.NOTHING_TO_CANCEL, lang), lang, intent="cancel", path=path
            )
        lang = state.pending.language if state.pending is not None else lang or state.language
        self._advance(state)
        state.choices = None
        self._save(state)
        text = T.msg(T.CANCELLED, lang)
        if state.pending is not None:
            text += "\n" + T.proposal_text(state.pending, self.zone, self._today())
        return self._reply(state, text, lang, proposal=state.pending, intent="cancel", path=path)

    # -- applying and undoing ----------------------------------------------------------

    def _apply(self, p: Proposal) -> _Applied:
        """Make the change of a confirmed proposal (inside the caller's transaction)."""
        store = self.store
        if p.kind == "create":
            if self._exists(p.id):
                raise _AlreadySaved
            ev = _event_of(p)
            try:
                store.get_calendar(ev.calendar_id)
            except NotFound:
                ev = ev.evolve(calendar_id=store.default_calendar().id)
            saved = store.add_event(ev)
            return _Applied(saved=(saved.id,))
        scope = editing.Scope.ALL if p.whole_series else editing.Scope.THIS
        touched: list[str] = []
        for target in p.targets:
            occ = self._occurrence(target)
            if occ is None:
                raise NotFound(f"no event {target.title!r} at {target.start}")
            if p.kind == "delete":
                editing.delete_occurrence(store, occ, scope)
            else:
                changes: dict[str, Any] = {
                    "title": p.title or occ.event.title,
                    "start": p.start,
                    "end": p.end,
                    "all_day": p.all_day,
                    "location": p.location,
                }
                editing.edit_occurrence(store, occ, changes, scope)
            touched.append(occ.event.id)
        if p.kind == "delete":
            return _Applied(deleted=tuple(touched))
        return _Applied(updated=tuple(touched))

    def _exists(self, event_id: str) -> bool:
        try:
            self.store.get_event(event_id, include_deleted=True)
        except NotFound:
            return False
        return True

    def _occurrence(self, target: Target) -> Occurrence | None:
        """The occurrence a target names, as it is now (None when it is gone)."""
        ev = self.store.find_event(target.event_id)
        if ev is None or ev.cancelled:
            return None
        if target.series_id is None:
            return Occurrence(ev, ev.start, ev.end, ev.start)
        points = [p for p in (target.instance_start, target.start) if p is not None]
        lo, _ = self._window(min(points, key=_sort_point), None)
        _, hi = self._window(max(points, key=_sort_point), None)
        lo -= timedelta(days=1)
        hi += timedelta(days=1)
        for occ in self.store.occurrences(lo, hi, view_zone=self.zone):
            if occ.series_id == target.series_id and occ.instance_start == target.instance_start:
                return occ
        return None

    def _undo(self, state: _State, *, lang: Language | None, redo: bool = False) -> Reply:
        """Undo (or redo) the newest change in the store's one history, whatever made it."""
        intent = "redo" if redo else "undo"
        nothing = T.NOTHING_TO_REDO if redo else T.NOTHING_TO_UNDO
        label = self.store.redo_label() if redo else self.store.undo_label()
        if label is None:
            lang = lang or state.language
            return self._reply(state, T.msg(nothing, lang), lang, intent=intent)
        lang = lang or ("en" if label.language == "en" else "ko")
        try:
            result = self.store.redo() if redo else self.store.undo()
        except IljeongError as exc:  # changed since (another device), locked …: nothing changed
            log.warning("%s failed: %s", intent, exc)
            return self._failed(state, lang, str(exc), intent)
        if result is None:  # another process got there first
            return self._reply(state, T.msg(nothing, lang), lang, intent=intent)
        removed, restored = result.removed_ids, result.restored_ids
        if state.last_created is not None and state.last_created in removed:
            state.last_created = None
            self._save(state)
        # Undoing a delete (or redoing a create) brings events back: they count as saved.
        back = result.label.kind == ("create" if redo else "delete")
        return self._reply(
            state,
            T.redone_text(result.label, lang) if redo else T.undone_text(result.label, lang),
            lang,
            saved_event_ids=restored if back else (),
            updated_event_ids=restored if not back else (),
            deleted_event_ids=removed,
            intent=intent,
        )

    # -- queries -----------------------------------------------------------------------

    def _occurrences(self, lo: datetime, hi: datetime, title: str | None) -> list[Occurrence]:
        if hi <= lo:
            return []
        found = self.store.occurrences(lo, hi, view_zone=self.zone)
        found = [o for o in found if not o.event.cancelled]
        if title:
            found = [o for o in found if similar(title, o.event.title)]
        return found

    def _forward(self, lo: datetime, title: str | None) -> list[Occurrence]:
        """Matches from ``lo`` on, nearest first (a month, then a year)."""
        month = lo + timedelta(days=31)
        found = self._occurrences(lo, month, title)
        if not found:
            found = self._occurrences(month, lo + timedelta(days=SEARCH_DAYS), title)
        return [o for o in found if _end_after(o, lo)]

    def _backward(self, hi: datetime, title: str | None) -> list[Occurrence]:
        found = self._occurrences(hi - timedelta(days=SEARCH_DAYS), hi, title)
        return [o for o in found if not _end_after(o, hi)] or found

    def _query(self, state: _State, parse: ParseResult, now: datetime) -> Reply:
        lang: Language = parse.language
        zone, today = self.zone, self._today()
        title = _query_title(parse.title)
        rng = parse.query_range
        shown = T.quote(title, lang) if title else None

        def listed(occs: list[Occurrence], multi_day: bool) -> list[str]:
            lines = []
            for o in occs[:MAX_LISTED]:
                if multi_day or o.all_day:
                    when = T.occurrence_when(o, lang, zone, today)
                else:
                    assert isinstance(o.start, datetime) and isinstance(o.end, datetime)
                    when = T.when(o.start, o.end, False, lang, zone, today).split(
                        ", " if lang == "en" else ") ", 1
                    )[-1]
                line = f"• {when} {o.event.title}"
                if o.event.location:
                    line += f" @ {o.event.location}"
                lines.append(line)
            if len(occs) > MAX_LISTED:
                more = len(occs) - MAX_LISTED
                lines.append(T.pick(lang, f"… 외 {more}개", f"… and {more} more"))
            return lines

        def one(o: Occurrence, past: bool) -> Reply:
            when = T.occurrence_when(o, lang, zone, today)
            what = T.quote(o.event.title, lang)
            place = f" @ {o.event.location}" if o.event.location else ""
            if past:
                text = T.pick(
                    lang,
                    f"지난 일정이에요: {what} · {when}{place}",
                    f"Last time: {what} · {when}{place}",
                )
            else:
                text = T.pick(
                    lang, f"다음 일정: {what} · {when}{place}", f"Next: {what} · {when}{place}"
                )
            return self._reply(state, text, lang, events=(o,), intent="query", path=parse.path)

        if rng is not None and rng[1] is not None:
            lo, hi = rng[0], rng[1]
            occs = self._occurrences(lo, hi, title)
            phrase = T.range_phrase(lo, hi, lang, zone, today, topic=False)
            multi_day = (hi - lo) > timedelta(days=1) or lo.astimezone(zone).date() != (
                hi - timedelta(seconds=1)
            ).astimezone(zone).date()
            # A question about days (not about one event) also names their public holidays.
            holidays = None if shown else self._holidays(lo, hi, lang)
            if not occs:
                topic = T.range_phrase(lo, hi, lang, zone, today, topic=True)
                text = (
                    T.pick(lang, f"{topic} {shown} 일정이 없어요.", f"No {shown} {phrase}.")
                    if shown
                    else T.pick(lang, f"{topic} 일정이 없어요.", f"Nothing {phrase}.")
                )
                text = "\n".join([text, holidays]) if holidays else text
                return self._reply(state, text, lang, intent="query", path=parse.path)
            n = len(occs)
            head = T.pick(
                lang,
                f"{phrase} 일정이에요 ({n}개):",
                f"{n} event{'s' if n != 1 else ''} {phrase}:",
            )
            text = "\n".join([head, *listed(occs, multi_day), *([holidays] if holidays else [])])
            return self._reply(
                state, text, lang, events=tuple(occs[:200]), intent="query", path=parse.path
            )
        if rng is not None:  # open-ended: the next match
            found = self._forward(rng[0], title)
            if found:
                return one(found[0], past=False)
        elif title:
            found = self._forward(now, title)
            if found:
                return one(found[0], past=False)
            before = self._backward(now, title)
            if before:
                return one(before[-1], past=True)
        else:  # no range, no title: the coming week
            lo = start_of_day(now.date(), zone)
            rng2 = (lo, lo + timedelta(days=7))
            return self._query(state, parse.evolve(query_range=rng2), now)
        text = (
            T.pick(lang, f"{shown} 일정을 찾지 못했어요.", f"I couldn't find {shown}.")
            if shown
            else T.pick(lang, "앞으로 1년 동안 일정이 없어요.", "Nothing in the coming year.")
        )
        return self._reply(state, text, lang, intent="query", path=parse.path)

    def _holidays(self, lo: datetime, hi: datetime, lang: Language) -> str | None:
        """Korean public holidays from ``lo`` to ``hi`` (ranges up to ~a month), as a line."""
        if hi - lo > timedelta(days=32):
            return None
        first = lo.astimezone(self.zone).date()
        last = (hi - timedelta(seconds=1)).astimezone(self.zone).date()
        days = holidays_between(first, last, language=lang)
        return T.holiday_line(days, lang, self._today())

    # -- update / delete ---------------------------------------------------------------

    def _find_targets(self, state: _State, parse: ParseResult, now: datetime) -> Reply:
        lang: Language = parse.language
        kind = parse.intent
        title = _query_title(parse.title)
        edit = Edit.of(parse)
        if kind == "update" and edit.empty:
            text = T.msg(T.ASK_WHAT_CHANGE, lang)
            return self._reply(state, text, lang, intent=kind, path=parse.path)
        whole = parse.whole_series
        if parse.last_created:
            ev = self.store.find_event(state.last_created) if state.last_created else None
            occs = [] if ev is None else [Occurrence(ev, ev.start, ev.end, ev.start)]
            whole = whole or (ev is not None and ev.is_recurring)
        else:
            occs = self._search(parse, title, now)
        if not occs:
            return self._not_found(state, parse, title, lang)
        targets = [Target.of(o) for o in occs]
        if parse.everything and kind == "delete":
            return self._propose_change(state, "delete", targets, edit, whole, lang, parse.path)
        if len(targets) > 1:
            shown = targets[:MAX_CHOICES]
            state.choices = {
                "kind": kind,
                "targets": [t.to_json() for t in shown],
                "edit": edit.to_json(),
                "tz": self.settings.time_zone,
                "whole_series": whole,
                "language": lang,
            }
            state.pending = None
            self._save(state)
            today = self._today()
            lines = [
                T.pick(
                    lang, "어느 일정인가요? 번호로 골라 주세요.", "Which one? Reply with a number."
                )
            ]
            for i, t in enumerate(shown, 1):
                line = f"{i}. {T.quote(t.title, lang)} · {T.target_when(t, lang, self.zone, today)}"
                lines.append(line + (f" · {t.location}" if t.location else ""))
            return self._reply(
                state, "\n".join(lines), lang, choices=tuple(shown), intent=kind, path=parse.path
            )
        return self._propose_change(state, kind, targets, edit, whole, lang, parse.path)

    def _search(self, parse: ParseResult, title: str | None, now: datetime) -> list[Occurrence]:
        rng = parse.query_range
        target = parse.target_start
        if rng is not None:
            lo, hi = rng[0], rng[1] or rng[0] + timedelta(days=SEARCH_DAYS)
            occs = self._occurrences(lo, hi, title)
        elif target is not None:
            lo = start_of_day(target.astimezone(self.zone).date(), self.zone)
            occs = self._occurrences(lo, lo + timedelta(days=1), title)
        elif title:
            occs = self._forward(start_of_day(now.date(), self.zone), title)
            if not occs:
                occs = list(reversed(self._backward(start_of_day(now.date(), self.zone), title)))
        else:
            return []  # nothing names the event: never guess
        if target is not None:
            exact = [o for o in occs if o.start == target]
            during = [
                o
                for o in occs
                if isinstance(o.start, datetime)
                and isinstance(o.end, datetime)
                and o.start <= target < o.end
            ]
            occs = exact or during or occs
        if rng is None or parse.whole_series:
            firsts: dict[str, Occurrence] = {}
            for o in occs:  # one occurrence per series: the nearest
                firsts.setdefault(o.series_id, o)
            occs = list(firsts.values())
        return occs

    def _not_found(
        self, state: _State, parse: ParseResult, title: str | None, lang: Language
    ) -> Reply:
        shown = T.quote(title, lang) if title else None
        rng = parse.query_range
        if rng is not None and rng[1] is not None:
            topic = T.range_phrase(rng[0], rng[1], lang, self.zone, self._today(), topic=True)
            phrase = T.range_phrase(rng[0], rng[1], lang, self.zone, self._today(), topic=False)
            text = (
                T.pick(
                    lang, f"{topic} {shown} 일정이 없어요.", f"I couldn't find {shown} {phrase}."
                )
                if shown
                else T.pick(lang, f"{topic} 일정이 없어요.", f"There's nothing {phrase}.")
            )
        elif shown:
            text = T.pick(lang, f"{shown} 일정을 찾지 못했어요.", f"I couldn't find {shown}.")
        elif parse.last_created:
            text = T.pick(
                lang,
                "방금 추가한 일정이 없어요.",
                "I haven't added anything you could mean.",
            )
        else:
            text = T.pick(
                lang,
                "어떤 일정인지 알려 주세요. 예: '내일 회의 취소해줘'",
                "Which event? e.g. “cancel tomorrow's meeting”.",
            )
        return self._reply(state, text, lang, intent=parse.intent, path=parse.path)

    def _propose_change(
        self,
        state: _State,
        kind: str,
        targets: list[Target],
        edit: Edit,
        whole: bool,
        lang: Language,
        path: Any = "rules",
    ) -> Reply:
        cal = self.store.default_calendar()
        if kind == "delete":
            p = Proposal(
                kind="delete",
                id=new_id(),
                title=targets[0].title if len(targets) == 1 else None,
                start=None,
                end=None,
                all_day=False,
                tz=self.settings.time_zone,
                calendar_id=cal.id,
                calendar_name=cal.name,
                targets=tuple(targets),
                whole_series=whole and any(t.recurring for t in targets),
                language=lang,
            )
            state.choices = None
            return self._offer(state, p, intent="delete", path=path)
        t = targets[0]
        try:
            fields = apply_edit(
                Fields(t.title, t.start, t.end, t.all_day, t.location, t.tz),
                edit,
                self.settings.default_duration,
            )
        except EditRefused as exc:
            return self._reply(state, exc.text(lang), lang, intent=kind, error=True, path=path)
        p = Proposal(
            kind="update",
            id=new_id(),
            title=fields.title,
            start=fields.start,
            end=fields.end,
            all_day=fields.all_day,
            tz=t.tz,
            calendar_id=cal.id,
            calendar_name=cal.name,
            location=fields.location,
            targets=(t,),
            whole_series=whole and t.recurring,
            language=lang,
        )
        state.choices = None
        return self._offer(state, p, intent="update", path=path)

    def _choose(self, state: _State, number: int, now: datetime) -> Reply:
        choices = state.choices or {}
        lang: Language = "en" if choices.get("language") == "en" else "ko"
        try:
            targets = [Target.from_json(t) for t in choices.get("targets") or []]
            edit = Edit.from_json(choices.get("edit") or {}, str(choices.get("tz") or "UTC"))
        except (KeyError, TypeError, ValueError):
            state.choices = None
            self._save(state)
            return self._reply(state, T.msg(T.NOTHING_TO_CONFIRM, lang), lang, intent="choice")
        index = len(targets) if number == -1 else number
        if not 1 <= index <= len(targets):
            return self._reply(
                state,
                T.msg(T.CHOOSE_NUMBER, lang, n=len(targets)),
                lang,
                choices=tuple(targets),
                intent="choice",
            )
        kind = "delete" if choices.get("kind") == "delete" else "update"
        whole = bool(choices.get("whole_series"))
        return self._propose_change(state, kind, [targets[index - 1]], edit, whole, lang)


# -- module helpers ------------------------------------------------------------------------


class _AlreadySaved(Exception):
    pass


def _fields_of(p: Proposal) -> Fields:
    return Fields(p.title, p.start, p.end, p.all_day, p.location, p.tz)


def _event_of(p: Proposal) -> Event:
    assert p.title is not None and p.start is not None and p.end is not None
    return Event(
        id=p.id,
        title=p.title,
        start=p.start,
        end=p.end,
        all_day=p.all_day,
        tz=p.tz,
        calendar_id=p.calendar_id,
        location=p.location,
        rrule=p.rrule,
        source=Source.IMAGE if p.origin == "image" else Source.CHAT,
        source_ref=p.image_sha256 if p.origin == "image" else p.source_turn_id,
    )


def _summary_title(p: Proposal) -> str:
    if p.kind == "delete" and len(p.targets) != 1:
        return ", ".join(t.title for t in p.targets[:3])
    return p.title or (p.targets[0].title if p.targets else "")


def _query_title(title: str | None) -> str | None:
    title = _field(title)
    if title is None or compact(title) in _GENERIC_TITLES:
        return None
    return title


def _sort_point(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime(value.year, value.month, value.day).timestamp()  # noqa: DTZ001


def _end_after(occ: Occurrence, moment: datetime) -> bool:
    end = occ.end
    if isinstance(end, datetime):
        return end > moment
    return end > moment.date()
