"""/api/v1/chat/…: the chat assistant over REST.

* ``POST /chat/process-intent`` {text, now?, time_zone?}: only the understanding of one
  message (core.nlu: the offline engine, or the configured LLM when it is unsure), nothing
  stored.
* ``POST /chat/message`` {text, conversation_id?, now?, time_zone?}: the same dialog as the
  desktop chat pane (core.assistant): a create becomes a proposal, "네" saves it, "4시로"
  edits it, questions are answered from the calendar, "되돌려" undoes. It runs on the
  user's server-side replica (assistant_replica.py), so its changes and both chat turns
  reach every device through sync.
* ``GET /chat/history?conversation_id=&limit=``: the stored turns (synced ``chat_turn``
  entities, from every device), oldest first.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text

from core.errors import InvalidInput
from core.model import ChatTurn
from core.nlu.result import ParseResult
from core.nlu.understand import Understander
from core.service.auth import Caller
from core.service.db import Database
from core.service.ratelimit import limited_caller
from core.service.rest.assistant_replica import AssistantReplicas, settings_for
from core.service.rest.errors import AUTH_ERRORS, BAD_INPUT, bad_input, doc
from core.service.rest.images import server_data_dir
from core.service.rest.models import (
    IDENTIFIER,
    ChatHistoryOut,
    ChatMessageIn,
    ChatReplyOut,
    ChatTurnOut,
    IntentIn,
    IntentOut,
)
from core.settings import Settings
from core.store.codec import chat_turn_from_dict
from core.sync.errors import SyncError
from core.timeutil import get_zone, local_zone_name, utc_now

router = APIRouter(prefix="/chat", tags=["chat"])

MAX_HISTORY = 500


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def understander_for(request: Request) -> Understander:
    """One Understander per app (it holds the LLM client, if one is configured)."""
    state: Any = request.app.state
    found = getattr(state, "understander", None)
    if found is None:
        found = state.understander = Understander(Settings.from_env())
    assert isinstance(found, Understander)
    return found


def replicas_for(request: Request) -> AssistantReplicas:
    """The app's per-user assistant replicas (made on first use)."""
    state: Any = request.app.state
    found = getattr(state, "assistant_replicas", None)
    if found is None:
        with _MAKE_LOCK:
            found = getattr(state, "assistant_replicas", None)
            if found is None:
                found = state.assistant_replicas = AssistantReplicas(
                    server_data_dir() / "assistant", state.db, understander_for(request)
                )
    assert isinstance(found, AssistantReplicas)
    return found


_MAKE_LOCK = threading.Lock()


def moment(now: datetime | None, time_zone: str | None) -> tuple[datetime, Any]:
    try:
        zone = get_zone(time_zone or local_zone_name())
    except InvalidInput as exc:
        raise bad_input(str(exc)) from exc
    when = now or utc_now()
    if when.tzinfo is None:
        raise bad_input("now must carry a UTC offset")
    try:
        return when.astimezone(zone), zone
    except (OverflowError, ValueError) as exc:
        raise bad_input(f"now is out of range: {exc}") from exc


def intent_out(parse: ParseResult) -> IntentOut:
    full = parse.to_full_json()
    corpus = parse.to_json()
    details = {k: v for k, v in full.items() if k not in corpus}
    for key in ("language", "confidence", "path"):
        details.pop(key, None)
    return IntentOut(
        intent=parse.intent,
        title=corpus["title"],
        start=corpus["start"],
        end=corpus["end"],
        all_day=corpus["all_day"],
        location=corpus["location"],
        rrule=corpus["rrule"],
        query_range=corpus["query_range"],
        language=parse.language,
        confidence=float(full["confidence"]),
        path=parse.path,
        details=details,
    )


@router.post(
    "/process-intent",
    response_model=IntentOut,
    responses={**AUTH_ERRORS, **BAD_INPUT},
    summary="Understand one message (nothing is stored)",
)
async def process_intent(
    body: IntentIn, request: Request, who: Annotated[Caller, Depends(limited_caller)]
) -> IntentOut:
    when, zone = moment(body.now, body.time_zone)
    understander = understander_for(request)
    parse = await run_in_threadpool(understander.understand, body.text, when, zone)
    return intent_out(parse)


@router.post(
    "/message",
    response_model=ChatReplyOut,
    responses={
        **AUTH_ERRORS,
        **BAD_INPUT,
        503: doc("The assistant's copy of the calendar could not be brought up to date"),
    },
    summary="Send a message to the assistant (proposals are saved only when confirmed)",
)
async def message(
    body: ChatMessageIn, request: Request, who: Annotated[Caller, Depends(limited_caller)]
) -> ChatReplyOut:
    when, zone = moment(body.now, body.time_zone)
    settings = settings_for(understander_for(request).settings, zone.key)
    try:
        reply, turns = await run_in_threadpool(
            replicas_for(request).handle,
            who,
            body.text,
            conversation_id=body.conversation_id,
            now=when,
            settings=settings,
        )
    except SyncError as exc:
        raise HTTPException(
            status_code=503, detail=f"the assistant is not available right now: {exc}"
        ) from exc
    out = reply.to_json()
    return ChatReplyOut(
        reply=out["text"],
        language=out["language"],
        intent=out["intent"],
        proposal=out["proposal"],
        saved_event_ids=out["saved_event_ids"],
        updated_event_ids=out["updated_event_ids"],
        deleted_event_ids=out["deleted_event_ids"],
        events=out["events"],
        choices=out["choices"],
        error=out["error"],
        turns=[turn_out(t) for t in turns],
    )


def turn_out(turn: ChatTurn) -> ChatTurnOut:
    return ChatTurnOut(
        id=turn.id,
        conversation_id=turn.conversation_id,
        role="assistant" if turn.role == "assistant" else "user",
        text=turn.text,
        intent=turn.intent,
        proposal=turn.proposal,
        created_at=turn.created_at,
    )


@router.get(
    "/history",
    response_model=ChatHistoryOut,
    responses={**AUTH_ERRORS, **BAD_INPUT},
    summary="The conversation's turns, oldest first",
)
def history(
    request: Request,
    who: Annotated[Caller, Depends(limited_caller)],
    conversation_id: Annotated[
        str, Query(min_length=1, max_length=64, pattern=IDENTIFIER)
    ] = "default",
    limit: Annotated[int, Query(ge=1, le=MAX_HISTORY)] = 200,
) -> ChatHistoryOut:
    with _db(request).user_tx(who.user_id, snapshot=True) as conn:
        rows = conn.execute(
            text(
                "SELECT id, data FROM entities WHERE user_id = :u AND kind = 'chat_turn' "
                "AND NOT deleted AND data->>'conversation_id' = :c "
                "ORDER BY CASE WHEN jsonb_typeof(data->'created_at') = 'number' "
                "THEN (data->>'created_at')::numeric ELSE 0 END DESC, id DESC LIMIT :n"
            ),
            {"u": who.user_id, "c": conversation_id, "n": limit},
        ).all()
    turns: list[ChatTurnOut] = []
    for row in reversed(rows):
        try:
            turns.append(turn_out(chat_turn_from_dict({**row.data, "id": row.id})))
        except InvalidInput:
            continue
    return ChatHistoryOut(turns=turns)
